"""Spanish pages link to Spanish pages: a link in a Spanish page's main content (most of them
written in content/es/ as Markdown) never opens the English page when that page exists in
Spanish too."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.conftest import NOT_IN_SITEMAP, sitemap_paths


class MainLinks(HTMLParser):
    """The href of every link inside <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "main" and self.depth:
            self.depth -= 1


def main_links(page: str) -> list[str]:
    parser = MainLinks()
    parser.feed(page)
    assert parser.depth == 0, "a <main> was not closed"
    return parser.links


def spanish_pages(client) -> list[str]:
    paths = [*sitemap_paths(client), *NOT_IN_SITEMAP]
    return [p for p in paths if p == "/es/" or p.startswith("/es/")]


def english_page(href: str) -> str | None:
    """The path of a link to an English reader page on this site, or None (other hosts,
    anchors, Spanish pages, files, the admin)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path
    if path.startswith(("/es/", "/static/", "/media/", "/admin/")) or path == "/es":
        return None
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def test_spanish_pages_link_to_spanish_pages(client, content):
    pages = spanish_pages(client)
    # Every article, the checklist, the glossary and the printables: not a handful.
    assert len(pages) >= 15 and "/es/what-is-crs/" in pages and "/es/check/" in pages
    twins: dict[str, bool] = {}
    wrong = []
    checked = 0
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in main_links(response.content.decode()):
            path = english_page(href)
            if path is None:
                continue
            checked += 1
            if path not in twins:
                twins[path] = client.get("/es" + path).status_code == 200
            if twins[path]:
                wrong.append(f"{page}: {href} (use /es{path})")
    assert checked or not wrong
    assert not wrong, "Spanish pages link to English pages that exist in Spanish:\n" + "\n".join(wrong)


def test_the_check_finds_an_english_link(client, content):
    """The parser and the twin check work: an English page's own links are found as English."""
    links = [english_page(h) for h in main_links(client.get("/what-is-crs/").content.decode())]
    assert "/when-to-get-help/" in links and "/check/" in links
    assert english_page("/es/check/") is None and english_page("https://example.org/check/") is None
    assert english_page("#top") is None and english_page("/static/css/site.css") is None


def test_editors_may_link_to_spanish_pages_but_not_to_missing_ones():
    from crsinfo.text.markdown import check_markdown

    slugs = {"symptoms"}
    assert check_markdown("[lista](/es/check/) y [síntomas](/es/symptoms/)", slugs) == []
    assert check_markdown("[list](/check/) and [symptoms](/symptoms/#fever)", slugs) == []
    assert check_markdown("[nada](/es/no-such-page/)", slugs) == [
        "The link “/es/no-such-page/” leads to no page on this site."
    ]
    assert check_markdown("[nada](/es/nothing/here/)", slugs) == [
        "The link “/es/nothing/here/” leads to no page on this site."
    ]
