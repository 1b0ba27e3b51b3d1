"""Translations stay honest in the admin: a browser's CRLF line endings are not a change, the
first English edit of a multi-line item marks the Spanish out of date, and an item with no
Spanish says so where it is edited."""

from django.contrib.messages import get_messages
from django.urls import reverse

from crsinfo import i18n
from crsinfo.models import Article, GlossaryTerm
from tests.conftest import article_form_data


def as_browser_sends(data: dict) -> dict:
    """A browser sends a textarea's line breaks as CRLF."""
    return {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}


def test_line_endings_do_not_change_the_digest():
    assert i18n.digest_texts(["a\nb", [["c\nd"]]]) == i18n.digest_texts(["a\r\nb", [["c\rd"]]])
    assert i18n.digest_texts(["a\nb"]) != i18n.digest_texts(["a b"])


def test_a_save_with_crlf_changes_nothing_and_stores_lf(editor_only, content):
    article = Article.objects.get(slug="causes")
    assert any("\n" in s.body_es for s in article.sections.all())  # multi-line Spanish
    digest = article.translated_from
    data = as_browser_sends(article_form_data(editor_only, article))
    response = editor_only.post(reverse("admin:crsinfo_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.translated_from == digest
    assert not i18n.is_out_of_date(article)
    assert all("\r" not in s.body_en + s.body_es for s in article.sections.all())
    # History does not say the Spanish changed either.
    from reversion.models import Version

    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert "[es]" not in comment, comment


def test_the_first_english_edit_of_a_multi_line_page_marks_the_spanish_out_of_date(editor_only, content):
    article = Article.objects.get(slug="causes")
    assert not i18n.is_out_of_date(article)
    first = article.sections.first()
    data = as_browser_sends(article_form_data(editor_only, article, section_bodies={0: first.body_en + "\n\nMore."}))
    url = reverse("admin:crsinfo_article_change", args=[article.pk])
    assert editor_only.post(url, data).status_code == 302
    article.refresh_from_db()
    assert i18n.is_out_of_date(article)
    assert "Out of date" in editor_only.get(url).content.decode()


def test_an_item_with_no_spanish_is_flagged_where_it_is_edited(editor_only, content):
    response = editor_only.post(
        reverse("admin:crsinfo_glossaryterm_add"),
        {"term_en": "Hypotension", "slug": "hypotension", "category": "general"}
        | {"definition_en": "Low blood\r\npressure."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "No Spanish yet for “Hypotension”" in said
    term = GlossaryTerm.objects.get(slug="hypotension")
    assert term.definition_en == "Low blood\npressure."
    page = editor_only.get(reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])).content.decode()
    assert "No Spanish yet: Spanish readers see this item in English." in page
    listing = editor_only.get(reverse("admin:crsinfo_glossaryterm_changelist")).content.decode()
    assert "No Spanish yet" in listing
