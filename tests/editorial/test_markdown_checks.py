"""Markdown mistakes get a clear message on the field before anything is saved."""

import pytest
from django.urls import reverse

from crsinfo.models import Article
from crsinfo.text.markdown import check_markdown
from tests.conftest import article_form_data

KNOWN = {"symptoms", "causes"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Take <b>two</b> tablets", "Remove the HTML"),
        ("<div>block</div>", "Remove the HTML"),
        ("![a picture](/static/x.png)", "Pictures cannot be added"),
        ("### A\n\n##### B", "A heading jumps from level 3 to level 5: use #### instead."),
        ("[](/symptoms/)", "has no words"),
        ("[words]()", "A link has no address"),
        ("[words](/no-such-page/)", "leads to no page on this site"),
        ("[words](/no/such/deep/path/)", "leads to no page on this site"),
        ("[words](ftp://example.org/)", "is not a web address"),
        # The parser refuses to make these links at all: without a message they showed as raw text.
        ("[words](javascript:alert(1))", "The link “javascript:alert(1” is not a web address"),
        ("[words](JavaScript:void)", "is not a web address"),
        ("[words](data:text/html,hi)", "is not a web address"),
    ],
)
def test_each_mistake_gets_a_message(db, text, message):
    problems = check_markdown(text, KNOWN)
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "Plain text with **bold** and a list:\n\n- one\n- two",
        "[Symptoms](/symptoms/), [the checklist](/check/), [print](/print/handout/), [NHS](https://www.nhs.uk/)",
        "## A\n\n### B\n\n#### C",
        "[Contents](#top) and [mail](mailto:a@example.org) and [call](tel:911)",
    ],
)
def test_good_markdown_passes(db, text):
    assert check_markdown(text, KNOWN) == []


def test_every_shipped_page_passes(content):
    slugs = set(Article.objects.values_list("slug", flat=True))
    for article in Article.objects.prefetch_related("sections"):
        assert check_markdown(article.intro, slugs) == [], article.slug
        for section in article.sections.all():
            assert check_markdown(section.body, slugs) == [], (article.slug, section.heading)


def test_the_admin_shows_the_message_on_the_field_and_saves_nothing(editor_client, content):
    article = Article.objects.get(slug="causes")
    url = reverse("admin:crsinfo_article_change", args=[article.pk])
    data = article_form_data(
        editor_client, article, {0: "![x](/x.png)"}, intro="Read [the page](/no-such-page/) and <b>this</b>."
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The link “/no-such-page/” leads to no page on this site." in html
    assert "Remove the HTML" in html
    assert "Pictures cannot be added in the text" in html
    article.refresh_from_db()
    assert "no-such-page" not in article.intro
