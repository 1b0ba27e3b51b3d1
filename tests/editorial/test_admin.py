"""Admin smoke tests: an editor can list, search, add and change every model."""

import pytest
from django.contrib import admin
from django.urls import reverse

from crsinfo.models import Article, SiteSettings
from tests.conftest import article_form_data, publish_draft

MODELS = [model for model in admin.site._registry if model._meta.app_label == "crsinfo"]


def test_every_content_model_is_in_admin():
    names = {model.__name__ for model in MODELS}
    assert names == {
        "Article",
        "Reference",
        "SymptomGroup",
        "Symptom",
        "RiskGroup",
        "PreventionStep",
        "SiteSettings",
        "Clinic",
        "GlossaryTerm",
        "SearchSynonym",
        "Product",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_add_and_change(editor_client, content, clinic, model):
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    assert editor_client.get(reverse(f"{base}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"{base}_changelist"), {"q": "fever"}).status_code == 200
    obj = model.objects.first()
    assert editor_client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200
    add = editor_client.get(reverse(f"{base}_add"))
    # There is only one row of site settings: adding a second is refused.
    assert add.status_code == (403 if model is SiteSettings else 200)


def test_admin_index_and_login_page(editor_client):
    from django.test import Client

    assert Client().get(reverse("admin:login")).status_code == 200
    assert editor_client.get(reverse("admin:index")).status_code == 200


def test_anonymous_user_is_sent_to_login(client, content):
    response = client.get(reverse("admin:crsinfo_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_editor_change_shows_on_the_site_once_published(editor_client, client, content):
    article = Article.objects.get(slug="causes")
    url = reverse("admin:crsinfo_article_change", args=[article.pk])
    data = article_form_data(editor_client, article, title="What causes cytokine release syndrome? (edited)")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert "(edited)" not in client.get("/causes/").content.decode()
    publish_draft()
    assert "(edited)" in client.get("/causes/").content.decode()


def test_bad_emergency_number_in_admin_is_a_clear_message(editor_client, content):
    url = reverse("admin:crsinfo_sitesettings_change", args=[1])
    settings = SiteSettings.objects.get(pk=1)
    response = editor_client.post(
        url,
        {
            "site_name": settings.site_name,
            "tagline": settings.tagline,
            "emergency_number": "nine one one",
            "care_team_wording": settings.care_team_wording,
            "immunotherapy_window_days": 28,
            "audience": settings.audience,
            "disclaimer": settings.disclaimer,
        },
    )
    assert response.status_code == 200
    assert "Use digits only" in response.content.decode()
    assert SiteSettings.objects.get(pk=1).emergency_number == "911"


def test_emergency_number_change_shows_on_pages(client, content):
    SiteSettings.objects.filter(pk=1).update(emergency_number="999")
    publish_draft()
    html = client.get("/when-to-get-help/").content.decode()
    assert "Call 999 now if you have:" in html
    assert 'href="tel:999"' in html
    assert "911" not in html
