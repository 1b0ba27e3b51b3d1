"""Two groups for the editorial workflow.

Editors: add, change, delete and view content (site settings: view only); they save drafts.
Clinical reviewers: the same, plus publish articles, sign off reviews and change site settings.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups can have them.
    app_config = apps.get_app_config("crsinfo")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(content_type__app_label="crsinfo")
    editing = content.filter(codename__regex=r"^(add|change|delete|view)_").exclude(
        codename__in=["add_sitesettings", "change_sitesettings", "delete_sitesettings"]
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(editing)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set(
        editing | content.filter(codename__in=["publish_article", "sign_off_review", "change_sitesettings"])
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("crsinfo", "0005_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
