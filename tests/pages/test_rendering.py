"""Editors' Markdown becomes safe HTML."""

from html.parser import HTMLParser

import pytest

from crsinfo.text.markdown import render_markdown


def parse(html: str) -> list[tuple[str, list]]:
    tags = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, attrs))

    Collector().feed(html)
    return tags


def test_markdown_basics():
    html = render_markdown("Hello **you**.\n\n- one\n- two\n\n[Symptoms](/symptoms/)")
    assert "<strong>you</strong>" in html
    assert "<ul>" in html
    assert "<li>one</li>" in html
    assert '<a href="/symptoms/"' in html


def test_headings_start_at_h3_so_a_page_keeps_one_h1():
    html = render_markdown("# Big\n\n## Medium\n\n### Small")
    assert "<h1" not in html
    assert "<h2" not in html
    assert html.count("<h3>") == 3


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<div onclick="alert(1)">x</div>',
        "<iframe src=//evil.example></iframe>",
        "<style>body{display:none}</style>",
        "![](https://tracker.example/pixel.gif)",
    ],
)
def test_hostile_markdown_is_neutralised(hostile):
    tags = parse(render_markdown(hostile))
    for tag, attributes in tags:
        assert tag in {"p", "a", "em", "strong"}, tag
        for name, value in attributes:
            assert not name.startswith("on"), name
            assert name in {"href", "rel"}, name
            if name == "href":
                assert value.startswith(("http:", "https:", "/")), value


def test_external_links_get_safe_rel():
    html = render_markdown("[CDC](https://www.cdc.gov/)")
    assert 'rel="noopener noreferrer"' in html
