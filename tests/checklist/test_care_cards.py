"""One truth everywhere: the care cards on the home page, "When to get help", the handout and the
wallet card put each symptom where the checklist's answer for that symptom alone puts it, for a
reader treated more than 4 weeks ago who answers every other question calmly. For a reader in the
first 4 weeks (or during step-up doses of a bispecific) the checklist makes every symptom at least
urgent, and every urgent card, the non-urgent card and the wallet card say so in words (review M1).
Tested for every symptom in the database, and again after an editor changes the levels."""

import re

import pytest

from crsinfo.models import SiteSettings, Symptom, Urgency
from tests.conftest import publish_draft

CALM = {"worse": "no", "duration": "under-1-day", "medicine": "no", "treatment": "earlier"}
FIRST_WEEKS_LINE = "you have any new symptom, even a mild one, in the first 4 weeks after treatment"
FIRST_WEEKS_NOTE = "This box is for after the first 4 weeks. Before that, call your team now about any of these."
LABELS = {
    "Immediate action required": "immediate",
    "Urgent advice": "urgent",
    "Non-urgent advice": "non-urgent",
}


def checklist_level(client, symptom, treatment="earlier") -> str:
    data = {**CALM, "treatment": treatment, "symptoms": [symptom.slug]}
    html = client.post("/check/", data, headers={"HX-Request": "true"})
    found = re.search(r'<span class="visually-hidden">([^<]+): </span>', html.content.decode())
    assert found, symptom.slug
    return LABELS[found.group(1)]


def cards_on(html: str) -> dict[str, str]:
    """Each care card's level and its text, from a rendered page."""
    cards = {}
    for level, body in re.findall(r'<div class="care-card care-card--([a-z-]+)">(.*?)\n</div>', html, re.S):
        cards[level] = cards.get(level, "") + body
    return cards


def items(card_html: str) -> set[str]:
    import html as html_module

    return {html_module.unescape(item.strip()) for item in re.findall(r"<li>(.*?)</li>", card_html, re.S)}


def check_one_truth(client, clinic):
    symptoms = list(Symptom.objects.filter(on_checklist=True))
    expected = {symptom.slug: checklist_level(client, symptom) for symptom in symptoms}
    assert set(expected.values()) == {"immediate", "urgent", "non-urgent"}

    for path in ("/when-to-get-help/", "/print/handout/", f"/print/handout/{clinic.slug}/", "/styleguide/"):
        cards = cards_on(client.get(path).content.decode())
        assert set(cards) == {"immediate", "urgent", "non-urgent"}, path
        for symptom in symptoms:
            where = {level for level, body in cards.items() if symptom.label in items(body)}
            assert where == {expected[symptom.slug]}, (path, symptom.slug, where, expected[symptom.slug])
        # The first weeks: the urgent card says any new symptom; the non-urgent card says it is for later.
        assert FIRST_WEEKS_LINE in " ".join(cards["urgent"].split()), path
        assert FIRST_WEEKS_NOTE in " ".join(cards["non-urgent"].split()), path

    # In the first weeks, the checklist answers every symptom at least "urgent", as the cards say.
    for symptom in symptoms:
        recent = checklist_level(client, symptom, treatment="recent")
        assert recent == ("immediate" if expected[symptom.slug] == "immediate" else "urgent"), symptom.slug

    # The home page shows the immediate card in full, and fever on the urgent one.
    home = cards_on(client.get("/").content.decode())
    immediate = {s.label for s in symptoms if expected[s.slug] == "immediate"}
    assert {label for label in items(home["immediate"]) if label in {s.label for s in symptoms}} == immediate
    assert "temperature of" in home["urgent"]
    assert FIRST_WEEKS_LINE in " ".join(home["urgent"].split())

    # The wallet card lists exactly the immediate symptoms under the emergency number.
    wallet = client.get("/print/wallet-card/").content.decode()
    listed = set(re.findall(r"<li>(.*?)</li>", re.search(r'class="wallet__list">(.*?)</ul>', wallet, re.S).group(1)))
    assert listed == {s.name.lower() for s in symptoms if expected[s.slug] == "immediate"}
    assert "or higher, or for a new symptom in the first 4 weeks." in " ".join(wallet.split())
    return expected


def test_every_symptom_is_on_the_card_the_checklist_gives_it(client, content, clinic):
    expected = check_one_truth(client, clinic)
    assert expected["fever"] == "urgent"
    assert expected["confusion"] == "immediate"
    assert expected["headache"] == "non-urgent"


def test_an_editors_change_moves_the_symptom_everywhere_at_once(client, content, clinic):
    Symptom.objects.filter(slug="headache").update(urgency=Urgency.EMERGENCY)
    Symptom.objects.filter(slug="dizziness").update(urgency=Urgency.ROUTINE)
    publish_draft()
    # Fever is never below urgent, whatever the data says: on the checklist and on every card.
    Symptom.objects.filter(slug="fever").update(urgency=Urgency.ROUTINE)
    publish_draft()
    expected = check_one_truth(client, clinic)
    assert expected["headache"] == "immediate"
    assert expected["dizziness"] == "non-urgent"
    assert expected["fever"] == "urgent"


def test_signs_only_tests_can_find_are_on_the_symptoms_page_not_the_cards(client, content):
    hidden = list(Symptom.objects.filter(on_checklist=False))
    assert {"reduced-heart-function", "kidney-problems", "liver-problems"} <= {s.slug for s in hidden}
    symptoms_page = client.get("/symptoms/").content.decode()
    help_page = client.get("/when-to-get-help/").content.decode()
    for symptom in hidden:
        assert symptom.name in symptoms_page
        assert all(symptom.label not in items(body) for body in cards_on(help_page).values())


@pytest.mark.parametrize("number", ["999", "112"])
def test_the_cards_use_the_emergency_number_setting(client, content, number):
    SiteSettings.objects.filter(pk=1).update(emergency_number=number)
    publish_draft()
    html = client.get("/when-to-get-help/").content.decode()
    assert f"Call {number} now if you have:" in html
    assert f'href="tel:{number}"' in html


def test_the_urgent_card_says_what_to_do_if_the_team_cannot_be_reached(client, content):
    cards = cards_on(client.get("/when-to-get-help/").content.decode())
    assert "If you cannot reach them quickly, call 911 or go to the emergency room." in cards["urgent"]
    assert "written plan" in cards["urgent"]
    assert "Call your team before you take any medicine for a fever" in cards["urgent"]
    assert "Do not drive yourself." in cards["immediate"]
    assert "Show your wallet card." in cards["immediate"]
    assert "Fever" not in cards["non-urgent"]
