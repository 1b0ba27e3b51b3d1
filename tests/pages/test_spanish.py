"""The site in Spanish (/es/...): same pages, same decisions, only the words change; a page is
never half-translated; translations reach readers only through a reviewer's publication."""

import html as html_lib
import json
import re

import pytest
import textstat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from crsinfo import i18n as tr
from crsinfo.models import Article, Release
from tests.checklist.test_checklist import RULES
from tests.conftest import ROOT, publish_draft, sitemap_paths
from tests.editorial.test_editorial import change_url, form_data

HX = {"HX-Request": "true"}
CONTENT = ROOT / "content"


@pytest.fixture
def content_copy(tmp_path):
    import shutil

    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def visible_text(page: str) -> str:
    """What a reader reads: the body's text, plus the words screen readers announce."""
    body = re.search(r"<body.*</body>", page, re.S).group(0)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    # Passages marked as English on purpose: sources' own titles, the wallet card's note for
    # emergency staff.
    body = re.sub(r'<(p|li)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", body, flags=re.S)
    attributes = " ".join(re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', body))
    text = re.sub(r"<[^>]+>", " ", body) + " " + attributes
    return re.sub(r"\s+", " ", html_lib.unescape(text))


def catalogue() -> dict[str, str]:
    """Our interface strings: English msgid -> Spanish msgstr (locale/es/LC_MESSAGES/django.po)."""
    messages = trans_real.translation("es")._catalog
    return {k: v for k, v in messages.items() if isinstance(k, str) and k and v and k != v}


def telling(strings, minimum_words=2):
    """Strings long enough to say something in one language only (not "CRS" or "°C")."""
    out = set()
    for text in strings:
        plain = re.sub(r"%\(\w+\)s|\{\{.*?\}\}|<[^>]+>", " ", text)
        for part in re.split(r"\s{2,}|[.:?!]\s", plain):
            part = " ".join(part.split()).strip(" ,;:.")
            if len(part.split()) >= minimum_words and len(part) >= 12:
                out.add(part)
    return out


def spanish_paths(client) -> list[str]:
    return [p for p in sitemap_paths(client) if p.startswith("/es/")]


def english_paths(client) -> list[str]:
    return [p for p in sitemap_paths(client) if not p.startswith("/es/")]


# --- every page, in Spanish -----------------------------------------------------------


def test_every_page_has_a_spanish_address_and_the_sitemap_lists_both(client, content, clinic):
    english, spanish = english_paths(client), spanish_paths(client)
    assert "/es/" in spanish and "/es/check/" in spanish and "/es/symptoms/" in spanish
    # Every English page but the style guide (for the people who build the site) is in Spanish.
    assert {f"/es{p}" for p in english if p != "/styleguide/"} == set(spanish)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert 'hreflang="es" href="http://testserver/es/symptoms/"' in sitemap
    assert 'hreflang="x-default" href="http://testserver/symptoms/"' in sitemap


def test_spanish_pages_are_spanish_with_lang_hreflang_and_a_link_to_the_english(client, content, clinic):
    for path in spanish_paths(client):
        response = client.get(path)
        page = response.content.decode()
        assert response.status_code == 200, path
        assert page.startswith('<!doctype html>\n<html lang="es">') or '<html lang="es">' in page[:200], path
        assert response["Content-Language"] == "es"
        assert page.count("<h1") == 1, path
        english = path.removeprefix("/es")
        assert f'<link rel="alternate" hreflang="en" href="http://testserver{english}">' in page, path
        assert f'<link rel="alternate" hreflang="es" href="http://testserver{path}">' in page, path
        assert f'<a href="{english}" hreflang="en" lang="en"' in page, path
        assert not response.cookies, path
        if (match := re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)) is not None:
            assert json.loads(match.group(1))["inLanguage"] == "es", path


def test_english_pages_link_to_their_spanish_page(client, content):
    page = client.get("/symptoms/").content.decode()
    assert '<html lang="en">' in page
    assert '<a href="/es/symptoms/" hreflang="es" lang="es"' in page
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/symptoms/">' in page


def test_the_language_is_the_address_never_a_cookie_or_the_browser(client, content):
    for language in ("es", "es-MX,es;q=0.9", "en"):
        response = client.get("/", headers={"accept-language": language})
        assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
        assert "Accept-Language" not in response.get("Vary", "")
    response = client.get("/es/", headers={"accept-language": "en"})
    assert '<html lang="es">' in response.content.decode()
    client.cookies["django_language"] = "es"
    assert '<html lang="en">' in client.get("/glossary/").content.decode()
    # The admin is in English, whatever the browser asks for.
    assert translation.get_language() == "en"


def test_the_wallet_cards_note_for_emergency_staff_stays_in_english(client, content):
    page = client.get("/es/print/wallet-card/").content.decode()
    assert '<p class="wallet__pro" lang="en"><strong>For health professionals:</strong>' in page


def test_no_english_interface_string_on_any_spanish_page(client, content, clinic):
    english = telling(catalogue())
    assert len(english) > 100, "the catalogue is missing or small"
    problems = []
    for path in [*spanish_paths(client), "/es/search/", "/es/search/?q=fiebre", "/es/no-such-page/"]:
        text = visible_text(client.get(path).content.decode())
        problems += [f"{path}: {s!r}" for s in english if s in text]
    assert not problems, "\n".join(problems)


def test_no_spanish_interface_string_on_any_english_page(client, content, clinic):
    spanish = telling(catalogue().values())
    problems = []
    for path in [*english_paths(client), "/search/", "/search/?q=fever", "/no-such-page/"]:
        text = visible_text(client.get(path).content.decode())
        problems += [f"{path}: {s!r}" for s in spanish if s in text]
    assert not problems, "\n".join(problems)


def test_no_english_content_on_a_spanish_page(client, content):
    """The content too: a Spanish page shows no English title, heading or symptom name."""
    english = {a.title_en for a in Article.objects.all()} | {
        s.heading_en for a in Article.objects.all() for s in a.sections.all()
    }
    english = {t for t in english if len(t.split()) >= 2}
    for path in ["/es/", "/es/symptoms/", "/es/when-to-get-help/", "/es/check/", "/es/print/handout/"]:
        text = visible_text(client.get(path).content.decode())
        assert not [t for t in english if t in text], path


def test_every_interface_string_is_translated():
    with open(CONTENT.parent / "locale" / "es" / "LC_MESSAGES" / "django.po", encoding="utf-8") as po:
        text = po.read()
    assert "#, fuzzy" not in text
    empty = re.findall(r'msgid "(.+)"\nmsgstr ""\n\n', text)
    assert not empty, empty


def test_spanish_reads_easily():
    """Fernández-Huerta 70 or more ("bastante fácil"), for the interface and every article."""
    textstat.set_lang("es")
    try:
        interface = " ".join(f"{s.rstrip('.')}." for s in catalogue().values())
        assert textstat.fernandez_huerta(interface) >= 70
        for path in sorted((CONTENT / "es" / "articles").glob("*.yaml")):
            import yaml

            page = yaml.safe_load(path.read_text())
            text = " ".join([page["intro"], *(s["body"] for s in page["sections"])])
            assert textstat.fernandez_huerta(text) >= 70, path.name
    finally:
        textstat.set_lang("en")


# --- the checklist: the same decision, in Spanish -----------------------------------------


def card_levels(page: str) -> list[str]:
    return re.findall(r'class="care-card care-card--([a-z-]+)"', page)


@pytest.mark.parametrize(("data", "label", "reason"), RULES)
def test_the_spanish_checklist_plays_the_same_decision_table(client, content, data, label, reason):
    english = client.post(reverse("checklist"), data, headers=HX).content.decode()
    with translation.override("es"):
        url = reverse("checklist")
        spanish_label = translation.gettext(label)
    assert url == "/es/check/"
    response = client.post(url, data, headers=HX)
    spanish = response.content.decode()
    assert response.status_code == 200
    assert card_levels(spanish) == card_levels(english) and card_levels(spanish)
    assert f'<span class="visually-hidden">{spanish_label}: </span>' in spanish
    assert spanish_label != label
    if re.search(r"[A-Za-z]{3,}", reason):  # words, not a temperature such as "100.4 °F (38.0 °C)"
        assert reason not in spanish


def test_spanish_checklist_errors_are_in_spanish(client, content):
    response = client.post("/es/check/", {"temperature": "hot", "unit": "C"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in page and "error-summary" in page
    with translation.override("es"):
        assert not [s for s in telling(catalogue()) if s in visible_text(page)]
    too_big = client.post("/es/check/", {"x": "y" * 20_000})
    assert too_big.status_code == 400 and '<html lang="es">' in too_big.content.decode()


# --- never half-Spanish -----------------------------------------------------------------


def untranslate(slug: str) -> None:
    article = Article.objects.get(slug=slug)
    article.title_es = ""
    article.save()
    publish_draft()


def test_an_untranslated_page_is_the_english_page_with_a_spanish_notice(client, content):
    untranslate("causes")
    response = client.get("/es/causes/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page and response["Content-Language"] == "en"
    assert '<div class="translation-notice" lang="es"' in page
    assert "Esta página todavía no está en español" in page
    assert Article.objects.get(slug="causes").title_en in page
    # Not offered as Spanish: not in the sitemap, no hreflang="es", not in the Spanish menu.
    assert "/es/causes/" not in client.get("/sitemap.xml").content.decode()
    assert 'hreflang="es"' not in client.get("/causes/").content.decode().split("</head>")[0]
    assert "/es/causes/" not in client.get("/es/").content.decode()
    assert '<meta name="robots" content="noindex">' in page


def test_an_untranslated_shared_item_is_english_only_for_that_item(client, content):
    """A symptom without Spanish is shown in English on the Spanish pages, with a short notice
    in Spanish naming it; the rest of each Spanish page stays Spanish (and the English site is
    unchanged)."""
    from crsinfo.models import Symptom

    fever = Symptom.objects.get(slug="fever")
    chills = Symptom.objects.get(slug="chills")
    Symptom.objects.filter(slug="fever").update(name_es="", description_es="", medical_term_es="")
    publish_draft()
    for path in ["/es/", "/es/check/", "/es/symptoms/"]:
        response = client.get(path)
        page = response.content.decode()
        assert '<html lang="es">' in page and response["Content-Language"] == "es", path
        assert "Esta página todavía no está en español" not in page, path
        notice = page.split('class="translation-notice translation-notice--items"', 1)[1].split("</div>", 1)[0]
        assert "Todavía no está en español, por eso se muestra en inglés:" in notice, path
        assert f'<span lang="en">{fever.name_en}</span>' in notice, path
    checklist = client.get("/es/check/").content.decode()
    assert fever.name_en in checklist and chills.name_es in checklist  # English for that item only
    assert "/es/causes/" in client.get("/sitemap.xml").content.decode()
    # Half-translated: the whole item in English, never a mix within it.
    shaking = Symptom.objects.get(slug="chills")
    Symptom.objects.filter(slug="chills").update(description_es="")
    publish_draft()
    page = client.get("/es/symptoms/").content.decode()
    assert shaking.name_en in page and shaking.name_es not in page
    assert shaking.description_en in page
    english = client.get("/check/").content.decode()
    assert "translation-notice" not in english and fever.name_en in english


# --- translations go through review ---------------------------------------------------


def test_a_translation_reaches_readers_only_when_a_reviewer_publishes_it(editor_only, reviewer, client, content):
    article = Article.objects.get(slug="what-is-crs")
    url = change_url(article)
    response = editor_only.post(url, form_data(editor_only, url, title_es="¿Qué es el SLC? (nuevo)"))
    assert response.status_code == 302
    assert "(nuevo)" not in client.get("/es/what-is-crs/").content.decode()
    review = reviewer.get(reverse("admin:review")).content.decode()
    assert "Spanish: title" in review and "(nuevo)" in review
    assert "13 of 13 pages in Spanish at /es/." in review
    publish_draft()
    assert "¿Qué es el SLC? (nuevo)" in client.get("/es/what-is-crs/").content.decode()
    assert json.loads(Release.objects.latest("pk").content)["articles"]


def test_a_translation_shows_as_out_of_date_when_the_english_changes(editor_only, content):
    article = Article.objects.get(slug="causes")
    assert not tr.is_out_of_date(article)
    url = change_url(article)
    assert editor_only.post(url, form_data(editor_only, url, summary="A new English summary.")).status_code == 302
    article.refresh_from_db()
    assert tr.is_out_of_date(article)
    assert "Out of date" in editor_only.get(url).content.decode()
    listing = editor_only.get(reverse("admin:crsinfo_article_changelist")).content.decode()
    assert "Out of date" in listing
    review = editor_only.get(reverse("admin:review")).content.decode()
    assert "Translations out of date" in review and "“Causes of cytokine release syndrome (CRS)”" in review
    # Ticking "the Spanish says the same" (or changing the Spanish) makes it current again.
    assert editor_only.post(url, form_data(editor_only, url, spanish_checked="on")).status_code == 302
    article.refresh_from_db()
    assert not tr.is_out_of_date(article)


def test_the_admin_shows_spanish_next_to_the_english(editor_only, content):
    page = editor_only.get(change_url(Article.objects.get(slug="causes"))).content.decode()
    for name in ("title", "nav_title", "summary", "intro"):
        assert f'name="{name}_en"' in page and f'name="{name}_es"' in page
    assert 'name="sections-0-body_es"' in page
    # The editorial guard's fingerprint is in every translated form, so a stale save is refused.
    assert 'name="edit_token"' in page
    settings_page = editor_only.get(reverse("admin:crsinfo_sitesettings_change", args=[1])).content.decode()
    assert 'name="edit_token"' in settings_page and 'name="care_team_wording_es"' in settings_page
    symptom_group = editor_only.get(reverse("admin:crsinfo_symptomgroup_changelist")).content.decode()
    assert "Up to date" in symptom_group


def test_content_files_round_trip_the_spanish(db, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_content", stdout=StringIO())
    assert Article.objects.get(slug="symptoms").title_es.startswith("Síntomas")
    call_command("export_content", "--path", str(tmp_path), stdout=StringIO())
    for path in (CONTENT / "es").rglob("*.yaml"):
        assert (tmp_path / "es" / path.relative_to(CONTENT / "es")).read_text() == path.read_text(), path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("articles/causes.yaml", "slug: causes\n", "slug: causes\nunknown: 1\n"), "unknown field"),
        (("symptoms.yaml", "- slug: fever\n", "- slug: no-such-symptom\n"), "no symptom “no-such-symptom”"),
        (("articles/causes.yaml", "sections:\n", "sections:\n- heading: Extra\n  body: Extra.\n"), "sections"),
        (("articles/causes.yaml", "title: ", "title: " + "x" * 130), "longer than 120"),
    ],
)
def test_bad_spanish_files_are_refused_with_a_clear_message(db, content_copy, change, message):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    name, old, new = change
    path = content_copy / "es" / name
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(CommandError) as error:
        call_command("load_content", "--path", str(content_copy), stdout=StringIO())
    assert message in str(error.value)
    assert not Article.objects.exists()  # nothing half-loaded
