"""Issue 20, the second rater's fixes (docs/quality-scores-second-rater.md), in the rendered HTML of
the scored pages, English and Spanish: no symptom list longer than 7 (fix 2), the badge key before
the first badge and test-only findings without badges (fix 6), a body map whose links land on the
page (fix 7), a tool to fill in (fix 8), the home page's main message in its box (fix 9) and the
handout's order (fix 12)."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.html import escape

from crsinfo.models import SiteSettings, Symptom
from crsinfo.templatetags.symptom_lists import by_body_part
from crsinfo.text.lists import near_equal_runs as split
from tests.conftest import publish_draft

LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])


def url(path: str, language: str) -> str:
    return f"/es{path}" if language == "es" else path


class Lists(HTMLParser):
    """Every <ul>/<ol> in <main> with the number of its own items and the classes around it."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.open_lists: list[dict] = []
        self.lists: list[dict] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "li" and self.open_lists and self.stack and self.stack[-1][0] in ("ul", "ol"):
            self.open_lists[-1]["items"] += 1
        if tag in self.VOID:
            return
        self.stack.append((tag, classes))
        if tag in ("ul", "ol"):
            self.open_lists.append({"items": 0, "within": " ".join(c for _, c in self.stack)})

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag in ("ul", "ol"):
                self.lists.append(self.open_lists.pop())
            if open_tag == tag:
                break


def symptom_lists(html: str) -> list[dict]:
    main = html[html.index("<main") : html.index("</main>")]
    parser = Lists()
    parser.feed(main)
    return [x for x in parser.lists if re.search(r"care-card|symptom-group|sublist", x["within"])]


SCORED = ["/", "/symptoms/", "/when-to-get-help/", "/print/handout/"]


@LANGUAGES
@pytest.mark.parametrize("path", SCORED)
def test_no_symptom_list_is_longer_than_7(client, content, path, language):
    html = client.get(url(path, language)).content.decode()
    lists = symptom_lists(html)
    assert lists, "the page has symptom lists"
    longest = max(x["items"] for x in lists)
    assert longest <= 7, f"{url(path, language)}: a list of {longest}"


def test_the_parser_sees_a_long_list():
    """The check above can fail: a care card with 12 items is seen as 12."""
    items = "".join(f"<li>{i}</li>" for i in range(12))
    html = f'<main><div class="care-card"><ul>{items}</ul></div></main>'
    assert symptom_lists(html)[0]["items"] == 12


@LANGUAGES
def test_no_symptom_is_lost_from_the_cards(client, content, language):
    """Every symptom of the urgent and emergency cards is still on When to get help, under a
    heading naming its part of the body."""
    html = client.get(url("/when-to-get-help/", language)).content.decode()
    with translation.override(language):
        for slug in Symptom.objects.filter(on_checklist=True, urgency__in=["emergency", "urgent"]).values_list(
            "slug", flat=True
        ):
            symptom = Symptom.objects.get(slug=slug)
            assert escape(symptom.label) in html, symptom.label
        headings = re.findall(r'<h3 class="sublist__heading">([^<]+)</h3>', html)
        brain = Symptom.objects.get(slug="confusion").group.name
        assert brain in headings
        continued = translation.gettext("%(group)s (continued)") % {"group": brain}
        assert continued in headings, "the 10 urgent brain signs are in two lists"


def test_long_runs_are_cut_into_near_equal_parts():
    assert [len(x) for x in split(list(range(10)))] == [5, 5]
    assert [len(x) for x in split(list(range(15)))] == [5, 5, 5]
    assert [len(x) for x in split(list(range(7)))] == [7]
    assert [len(x) for x in split(list(range(8)))] == [4, 4]
    assert [x for run in split(list(range(23))) for x in run] == list(range(23)), "nothing lost, order kept"


def test_sub_lists_follow_the_groups(content):
    symptoms = list(Symptom.objects.filter(urgency="urgent", on_checklist=True).order_by("group__order", "order"))
    parts = by_body_part(symptoms)
    assert all(len(p.items) <= 7 for p in parts)
    assert [s for p in parts for s in p.items] == symptoms
    assert all(len({s.group_id for s in p.items}) == 1 for p in parts)


@LANGUAGES
def test_the_symptoms_key_comes_before_the_first_badge(client, content, language):
    html = client.get(url("/symptoms/", language)).content.decode()
    key = html.index('class="symptom-key"')
    first_badge = html.index('class="tag tag--')
    first_list = html.index('class="symptom-list"')
    assert key < first_badge < first_list, "the key (with its two badges) comes before any list"
    key_html = html[key : html.index("</p>", key)]
    with translation.override(language):
        assert translation.pgettext("symptom tag", "Emergency") in key_html
        assert translation.pgettext("symptom tag", "Urgent") in key_html
    assert "911" in key_html
    # The old key at the foot of the page is gone: one key, at the top.
    assert html.count('class="symptom-key"') == 1


def test_the_key_uses_the_sites_emergency_number(client, content):
    settings = SiteSettings.objects.get()
    settings.emergency_number = "112"
    settings.save()
    publish_draft()
    html = client.get("/symptoms/").content.decode()
    key = html[html.index('class="symptom-key"') :]
    key = key[: key.index("</p>")]
    assert "call 112 now" in key and "911" not in key


@LANGUAGES
def test_findings_only_tests_show_have_no_badge(client, content, language):
    html = client.get(url("/symptoms/", language)).content.decode()
    tested = list(Symptom.objects.filter(on_checklist=False))
    assert len(tested) >= 4
    with translation.override(language):
        heading = translation.gettext("Things your care team checks with tests")
        notes = re.findall(r'<div class="tested-note">(.*?)</div>', html, re.S)
        assert notes and all(heading in note for note in notes)
        for symptom in tested:
            name = symptom.name
            assert any(name in note for note in notes), name
            badged = re.findall(r"<li><span class=\"tag tag--[a-z]+\">[^<]+</span> <strong>([^<]+)</strong>", html)
            assert name not in badged, f"{name} has a badge"
        assert "tag" not in "".join(notes)


@LANGUAGES
def test_the_brain_section_is_split_by_urgency(client, content, language):
    html = client.get(url("/symptoms/", language)).content.decode()
    section = re.search(r'<section class="symptom-group" aria-labelledby="group-brain">(.*?)</section>', html, re.S)
    subheadings = re.findall(r'<h3 class="symptom-group__subheading">([^<]+)</h3>', section.group(1))
    assert len(subheadings) >= 3, subheadings  # emergency, urgent, urgent (continued)
    with translation.override(language):
        assert subheadings[0] == translation.gettext("Emergency: call %(number)s now") % {"number": "911"}


@LANGUAGES
def test_the_body_map_links_land_on_the_page(client, content, language):
    html = client.get(url("/symptoms/", language)).content.decode()
    body_map = html[html.index('<nav class="body-map"') : html.index("</nav>", html.index('<nav class="body-map"'))]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', body_map)
    assert len(links) == 7
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for anchor, _ in links:
        assert anchor in ids, anchor
    # The drawing is decorative: the words carry the meaning.
    svg = re.search(r"<svg\b[^>]*>", body_map).group(0)
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
    with translation.override(language):
        assert translation.pgettext("body map", "Lungs") in [label for _, label in links]
    assert html.index('class="body-map"') < html.index('class="symptom-group"')


@LANGUAGES
@pytest.mark.parametrize(
    ("path", "log"), [("/symptoms/", True), ("/when-to-get-help/", True), ("/what-is-crs/", False)]
)
def test_the_pages_carry_a_tool_to_fill_in(client, content, language, path, log):
    html = client.get(url(path, language)).content.decode()
    assert 'class="write-in-tool"' in html
    tool = html[html.index('class="write-in-tool"') : html.index("</section>", html.index('class="write-in-tool"'))]
    with translation.override(language):
        assert translation.gettext("My care team’s 24-hour number:") in tool
        assert translation.gettext("My treatment date:") in tool
        assert (translation.gettext("My temperature and symptom log") in tool) is log
    assert tool.count('class="write-in"') == 2
    if log:
        assert len(re.findall(r'<th scope="col">', tool)) == 3
        assert tool.count("<tr>") >= 5
    assert "<input" not in tool and "<form" not in tool, "paper: nothing typed in or kept"


@LANGUAGES
def test_the_home_page_main_message_is_in_its_box(client, content, language):
    html = client.get(url("/", language)).content.decode()
    with translation.override(language):
        tagline = SiteSettings.objects.get().tagline
    assert tagline
    lede = re.search(r'<p class="hero__lede">([^<]+)</p>', html)
    assert lede, "the main message is in its box (site.css: .hero__lede, bold and bordered)"
    assert lede.group(1) == escape(tagline)
    # It comes first, straight under the page's heading.
    assert html.index("</h1>") < lede.start() < html.index('class="action-figure"')


@LANGUAGES
@pytest.mark.parametrize("clinic_path", ["", "riverside/"])
def test_the_handout_puts_also_remember_after_the_boxes(client, content, clinic, language, clinic_path):
    html = client.get(url(f"/print/handout/{clinic_path}", language)).content.decode()
    remember = html.index('class="handout__remember"')
    cards = [m.start() for m in re.finditer(r'class="care-card care-card--', html)]
    assert len(cards) == 4, "emergency, urgent (conditions), urgent (symptoms), non-urgent"
    assert max(cards) < remember
    assert html.index('class="phones"') < min(cards)
    with translation.override(language):
        how = translation.gettext("Write your team’s numbers here, and keep this sheet by your phone.")
    assert (escape(how) in html) is (clinic_path == "")
