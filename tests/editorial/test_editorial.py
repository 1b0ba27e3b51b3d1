"""The editorial workflow: drafts, permissions, history, stale edits, reviews, readability, stable links."""

import datetime

import reversion
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from crsinfo.editorial.forms import reading_grade
from crsinfo.models import Article, OldSlug, Symptom
from tests.conftest import publish_draft


def change_url(article):
    return reverse("admin:crsinfo_article_change", args=[article.pk])


def form_data(client, url, **changes):
    """What the admin form would post, as the browser shows it, with some fields changed."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    for form in [
        response.context["adminform"].form,
        *[f for fs in response.context["inline_admin_formsets"] for f in [fs.formset]],
    ]:
        if hasattr(form, "forms"):  # an inline formset
            data.update({f"{form.prefix}-{k}": v for k, v in form.management_form.initial.items()})
            for sub in form.forms:
                for name, _field in sub.fields.items():
                    value = sub[name].value()
                    if value is not None:
                        data[sub.add_prefix(name)] = value
            continue
        for name, _field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list):
                data[name] = value
            elif isinstance(value, datetime.date):
                data[name] = value.isoformat()
            elif value is True:
                data[name] = "on"
            elif value is False:
                continue
            else:
                data[name] = value
    # Translated fields are in the form in English and Spanish (title_en, title_es): a change to
    # "title" is a change to the English.
    data.update({f"{k}_en" if k not in data and f"{k}_en" in data else k: v for k, v in changes.items()})
    return {k: v for k, v in data.items() if v is not None}


def test_groups_are_created_with_the_right_permissions(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(Group.objects.get(name="Clinical reviewers").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "delete_article", "view_article", "view_release"} <= editors
    assert "publish_release" not in editors
    assert "change_sitesettings" in editors  # a draft like everything else
    assert {"publish_release", "change_sitesettings"} <= reviewers
    assert editors <= reviewers


# --- drafts and publishing ----------------------------------------------------------


def test_a_new_article_by_an_editor_waits_for_a_reviewer(editor_only, client, content):
    response = editor_only.post(
        reverse("admin:crsinfo_article_add"),
        {
            "title_en": "Living with CRS",
            "nav_title_en": "Living with CRS",
            "slug": "living-with-crs",
            "summary_en": "A new page.",
            "kind": "standard",
            "order": 9,
            "intro_en": "Hello.",
            "is_published": "on",
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get("/living-with-crs/").status_code == 404
    publish_draft()
    assert client.get("/living-with-crs/").status_code == 200


def test_an_unpublished_page_is_seen_only_in_a_staff_preview_with_a_banner(client, editor_only, content):
    Article.objects.filter(slug="causes").update(is_published=False)
    publish_draft()
    assert client.get("/causes/").status_code == 404
    assert editor_only.get("/causes/").status_code == 404  # staff see what readers see until they preview
    editor_only.post(reverse("admin:preview"), {"preview": "on"})
    response = editor_only.get("/causes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not published." in html and "Preview of the draft" in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "/causes/" not in client.get("/sitemap.xml").content.decode()


# --- reviews -------------------------------------------------------------------------


def test_review_filters_and_admin_index(reviewer, content):
    today = timezone.localdate()
    Article.objects.filter(slug="causes").update(
        last_reviewed=today - datetime.timedelta(days=400), next_review_due=today - datetime.timedelta(days=1)
    )
    Article.objects.filter(slug="treatment").update(next_review_due=today + datetime.timedelta(days=10))
    changelist = reverse("admin:crsinfo_article_changelist")
    overdue = reviewer.get(changelist, {"review": "overdue"}).context["cl"].result_list
    assert [a.slug for a in overdue] == ["causes"]
    soon = reviewer.get(changelist, {"review": "due-30"}).context["cl"].result_list
    assert [a.slug for a in soon] == ["treatment"]
    index = reviewer.get(reverse("admin:index")).content.decode()
    assert "Overdue for review (1)" in index
    assert "Causes of cytokine release syndrome" in index


# --- readability and safe text ---------------------------------------------------------


def test_reading_grade_in_the_list_and_on_the_form(reviewer, content):
    article = Article.objects.get(slug="what-is-crs")
    grade = reading_grade(article)
    assert 0 < grade <= 8
    assert f"{grade} ✓" in reviewer.get(reverse("admin:crsinfo_article_changelist")).content.decode()
    form = reviewer.get(change_url(article)).content.decode()
    assert "target 8 or lower" in form
    hard = Article.objects.get(slug="causes")
    hard.intro = (
        "Notwithstanding the multifactorial immunological pathophysiology, interleukin-mediated "
        "hyperinflammatory dysregulation necessitates individualised therapeutic intervention."
    )
    hard.save()
    hard.sections.all().delete()
    assert reading_grade(hard) > 8


def test_preview_shows_sanitised_html(reviewer, content):
    article = Article.objects.get(slug="causes")
    article.intro = 'Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">'
    article.save()
    html = reviewer.get(change_url(article)).content.decode()
    preview = html.split('class="markdown-preview"', 1)[1].split("</div>", 1)[0]
    assert "<script>" not in preview and "<img" not in preview and 'href="javascript:' not in preview


# --- no lost edits ---------------------------------------------------------------------


def test_second_save_of_a_stale_form_is_refused_and_the_first_survives(make_user, content):
    first, second = make_user("anna", "Editors"), make_user("ben", "Editors")
    Article.objects.filter(slug="causes").update(is_published=False)
    article = Article.objects.get(slug="causes")
    url = change_url(article)
    data_first = form_data(first, url, title="Anna's title")
    data_second = form_data(second, url, title="Ben's title")
    assert first.post(url, data_first).status_code == 302
    response = second.post(url, data_second)
    assert response.status_code == 200
    assert "Someone else changed this item after you opened it" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Anna's title"


def test_stale_guard_covers_inline_sections(make_user, content):
    _first, second = make_user("anna", "Editors"), make_user("ben", "Editors")
    Article.objects.filter(slug="causes").update(is_published=False)
    article = Article.objects.get(slug="causes")
    url = change_url(article)
    data_second = form_data(second, url, title="Ben's title")
    section = article.sections.first()
    section.body = "Changed by Anna."
    section.save()
    response = second.post(url, data_second)
    assert "Someone else changed this item" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title != "Ben's title"


# --- history ------------------------------------------------------------------------------


def test_every_admin_save_keeps_a_version_and_an_earlier_one_can_be_restored(reviewer, content, client):
    article = Article.objects.get(slug="causes")
    url = change_url(article)
    reviewer.post(url, form_data(reviewer, url, title="Causes v2"))
    versions = Version.objects.get_for_object(article)
    assert versions.count() >= 2  # the content load, then this save
    assert versions.first().revision.user.username == "rita"
    history = reviewer.get(reverse("admin:crsinfo_article_history", args=[article.pk]))
    assert history.status_code == 200
    original = versions.last()
    revert_url = reverse("admin:crsinfo_article_revision", args=[article.pk, original.pk])
    assert reviewer.get(revert_url).status_code == 200
    response = reviewer.post(revert_url, form_data(reviewer, revert_url))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Causes of cytokine release syndrome (CRS)"
    assert article.sections.count() > 0


def test_compare_view(reviewer, content):
    article = Article.objects.get(slug="causes")
    url = change_url(article)
    reviewer.post(url, form_data(reviewer, url, title="Causes v2"))
    versions = list(Version.objects.get_for_object(article))
    compare = reviewer.get(
        reverse("admin:crsinfo_article_compare", args=[article.pk]),
        {"version_id1": versions[-1].pk, "version_id2": versions[0].pk},
    )
    assert compare.status_code == 200
    assert "Causes v2" in compare.content.decode()


def test_a_deleted_item_can_be_recovered(reviewer, content):
    symptom = Symptom.objects.get(slug="cough")
    with reversion.create_revision():
        symptom.save()
    reviewer.post(reverse("admin:crsinfo_symptom_delete", args=[symptom.pk]), {"post": "yes"})
    assert not Symptom.objects.filter(slug="cough").exists()
    recover_list = reviewer.get(reverse("admin:crsinfo_symptom_recoverlist"))
    assert "A new cough" in recover_list.content.decode()
    version = Version.objects.get_deleted(Symptom).first()
    recover_url = reverse("admin:crsinfo_symptom_recover", args=[version.pk])
    response = reviewer.post(recover_url, form_data(reviewer, recover_url))
    assert response.status_code == 302
    assert Symptom.objects.filter(slug="cough").exists()


# --- stable links -----------------------------------------------------------------------


def test_a_changed_slug_keeps_every_old_address_with_a_301(client, content):
    article = Article.objects.get(slug="causes")
    article.slug = "what-causes-crs"
    article.save()
    article.slug = "crs-causes"
    article.save()
    assert client.get("/causes/").status_code == 200  # a draft change until published
    publish_draft()
    for old in ("/causes/", "/what-causes-crs/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/crs-causes/"
    assert client.get("/crs-causes/").status_code == 200
    article.slug = "causes"
    article.save()
    publish_draft()
    assert client.get("/causes/").status_code == 200
    assert client.get("/crs-causes/").status_code == 301


def test_a_slug_that_once_led_elsewhere_cannot_be_taken(reviewer, content):
    causes = Article.objects.get(slug="causes")
    causes.slug = "crs-causes"
    causes.save()
    treatment = Article.objects.get(slug="treatment")
    url = change_url(treatment)
    response = reviewer.post(url, form_data(reviewer, url, slug="causes"))
    assert response.status_code == 200
    assert "used to belong to another page" in response.content.decode()
    assert OldSlug.objects.get(slug="causes").article == causes


def test_a_retired_page_is_410_gone_with_a_link_home(client, content):
    Article.objects.filter(slug="covid-19").update(is_retired=True)
    publish_draft()
    response = client.get("/covid-19/")
    assert response.status_code == 410
    assert 'href="/"' in response.content.decode()
    assert "/covid-19/" not in client.get("/sitemap.xml").content.decode()


# --- brute force --------------------------------------------------------------------------


def test_admin_login_is_throttled_after_five_failures(db, django_user_model):
    django_user_model.objects.create_user("target", password="the-right-password-123", is_staff=True)
    client = Client()
    login = reverse("admin:login")
    for _ in range(5):
        response = client.post(login, {"username": "target", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(login, {"username": "target", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    other = Client(REMOTE_ADDR="10.9.9.9")
    response = other.post(login, {"username": "target", "password": "the-right-password-123"})
    assert response.status_code == 302, "another address is not locked out"


def test_restoring_an_old_version_keeps_the_address_it_replaces(client, content):
    article = Article.objects.get(slug="causes")
    with reversion.create_revision():
        article.slug = "crs-causes"
        article.save()
    Version.objects.get_for_object(article).last().revision.revert()  # the version loaded from files
    assert Article.objects.get(pk=article.pk).slug == "causes"
    publish_draft()
    response = client.get("/crs-causes/")
    assert response.status_code == 301
    assert response["Location"] == "/causes/"


def test_an_editor_can_change_and_delete_a_live_page_in_the_draft_only(editor_only, client, content):
    article = Article.objects.get(slug="causes")
    url = change_url(article)
    page = editor_only.get(url)
    assert 'name="_save"' in page.content.decode()
    assert editor_only.post(url, form_data(editor_only, url, title="Changed in the draft")).status_code == 302
    assert "Changed in the draft" not in client.get("/causes/").content.decode()
    delete = editor_only.post(reverse("admin:crsinfo_article_delete", args=[article.pk]), {"post": "yes"})
    assert delete.status_code == 302
    assert client.get("/causes/").status_code == 200  # readers keep it until a reviewer publishes
    publish_draft()
    assert client.get("/causes/").status_code == 404
