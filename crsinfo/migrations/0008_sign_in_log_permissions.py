"""Staff can read the sign-in log in admin: view permission on django-axes' records for both groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Clinical reviewers"]
CODENAMES = ["view_accesslog", "view_accessfailurelog", "view_accessattempt"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("crsinfo", "0007_checklist_signs_and_temperature_unit"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
