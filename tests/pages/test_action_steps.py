"""The action visual (issue 20 item 4; PEMAT-P item 26, CDC CCI item 4): on each scored page, in
English and Spanish, the steps "notice a sign, check your temperature, then call" with decorative
icons whose meaning is all in the words; and an icon by urgency on every care card."""

import re

import pytest

from crsinfo.models import SiteSettings
from tests.conftest import publish_draft

SCORED = ["/", "/what-is-crs/", "/symptoms/", "/when-to-get-help/", "/print/handout/"]
WORDS = {
    "en": ("Notice a sign.", "Check your temperature.", "Call 911 now", "100.4 °F (38.0 °C)"),
    "es": ("Note una señal.", "Tómese la temperatura.", "Llame al 911 ahora", "100.4 °F (38.0 °C)"),
}


def steps(html: str) -> str:
    match = re.search(r'<div class="action-steps">.*?</ol>\s*</div>', html, re.S)
    assert match, "no action steps on the page"
    return match.group(0)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("path", SCORED)
def test_each_scored_page_shows_the_action_steps(client, content, path, language):
    url = f"/es{path}" if language == "es" else path
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    shown = steps(response.content.decode())
    for words in WORDS[language]:
        assert words in shown, (url, words)
    # Three steps, the last with the two calls, the emergency first.
    assert shown.count('class="action-steps__step') == 3
    assert shown.index("action-steps__choice--emergency") < shown.index("action-steps__choice--urgent")
    # Icons: inline, decorative, hidden from screen readers; nothing loaded from anywhere.
    icons = re.findall(r"<svg\b[^>]*>", shown)
    assert len(icons) == 4
    assert all('aria-hidden="true"' in icon and 'focusable="false"' in icon for icon in icons)
    assert not re.search(r"<img\b|<use\b|href=\"http", shown)


def test_the_steps_follow_the_site_settings(client, content):
    """The emergency number and the temperature unit are the site's, not written into the picture."""
    settings = SiteSettings.objects.get()
    settings.emergency_number = "112"
    settings.temperature_unit = "C"
    settings.save()
    publish_draft()
    shown = steps(client.get("/when-to-get-help/").content.decode())
    assert "Call 112 now" in shown and "911" not in shown
    assert "38.0 °C (100.4 °F)" in shown


@pytest.mark.parametrize("path", ["/", "/when-to-get-help/", "/print/handout/", "/es/when-to-get-help/"])
def test_every_care_card_label_has_its_urgency_icon(client, content, path):
    html = client.get(path).content.decode()
    labels = re.findall(r'<p class="care-card__label" aria-hidden="true">(.*?)</p>', html, re.S)
    assert labels
    for label in labels:
        assert label.lstrip().startswith("<svg"), label
    # The emergency card's icon differs from the urgent card's: an ambulance, a phone. (The handout
    # has two urgent boxes, with the same label and icon.)
    icon_of = {
        re.sub(r"<svg.*</svg>", "", label, flags=re.S).strip(): re.search(r"<path d=\"([^\"]+)\"", label).group(1)
        for label in labels
    }
    assert len(set(icon_of.values())) == len(icon_of) == len(set(icon_of))


def test_the_signs_the_action_steps_name_are_emergencies_in_the_content(content):
    """The diagram names five signs for "call the emergency number" in its own words
    (templates/components/action_steps.html); each is an emergency in the symptoms list, so the
    diagram and the checklist give one answer. If an urgency changes, change the diagram too."""
    from crsinfo.models import Symptom

    named = ["difficulty-breathing", "chest-pain", "confusion", "fainting", "seizures"]
    urgencies = dict(Symptom.objects.filter(slug__in=named).values_list("slug", "urgency"))
    assert urgencies == dict.fromkeys(named, "emergency")
