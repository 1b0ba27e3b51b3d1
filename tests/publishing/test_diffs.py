"""The reviewer's diff (crsinfo/publishing/diffs.py) as properties: it loses nothing and invents nothing."""

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from crsinfo.publishing.diffs import item_changes, word_diff

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(" \n\r\t<>&"))


def side(diff: str, drop: str) -> str:
    """The diff with one kind of mark removed (with its text) and the other unwrapped."""
    keep = "ins" if drop == "del" else "del"
    text = re.sub(rf"<{drop}>.*?</{drop}>", "", diff, flags=re.S)
    text = text.replace(f"<{keep}>", "").replace(f"</{keep}>", "")
    return html.unescape(text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(TEXT, TEXT)
def test_a_word_diff_holds_both_texts_with_whitespace_normalised(old, new):
    diff = str(word_diff(old, new))
    assert side(diff, "ins") == " ".join(old.split())
    assert side(diff, "del") == " ".join(new.split())
    # Nothing a reader or editor typed can become markup.
    assert re.sub(r"</?(ins|del)>", "", diff).count("<") == 0


@settings(max_examples=200, derandomize=True, deadline=None)
@given(TEXT)
def test_whitespace_and_line_endings_alone_are_no_change(text):
    assert "<ins>" not in str(word_diff(text, text.replace("\n", "\r\n") + "  "))


def snapshot(urgency="urgent", body="Fever is 38.0 °C.", phone="020 7946 0000"):
    return {
        "site": {"emergency_number": "911", "site_name": "CRS"},
        "references": [],
        "symptoms": [
            {
                "slug": "general",
                "name": "General",
                "intro": "",
                "symptoms": [{"slug": "fever", "name": "Fever", "urgency": urgency, "on_checklist": True}],
            }
        ],
        "risk_groups": [],
        "prevention": [],
        "glossary": [],
        "synonyms": [],
        "clinics": [{"slug": "c", "name": "Clinic", "phone_daytime": phone, "is_active": True}],
        "articles": [
            {
                "slug": "help",
                "title": "Help",
                "is_published": True,
                "is_retired": False,
                "sections": [{"heading": "Fever", "kind": "text", "body": body}],
            }
        ],
    }


def test_the_same_snapshot_has_no_changes():
    assert item_changes(snapshot(), snapshot()) == []


def test_clinical_changes_are_called_out_and_come_first():
    changes = item_changes(snapshot(), snapshot(urgency="emergency", body="Fever is 39.0 °C.", phone="020 0000"))
    assert [(c.kind, c.key) for c in changes] == [("symptom", "fever"), ("clinic", "c"), ("page", "help")]
    assert all(c.clinical for c in changes)
    body = changes[-1].fields[0]
    assert body.name == "section “Fever” body" and body.clinical.startswith("numbers changed")
    assert "<del>38.0</del>" in str(body.html) and "<ins>39.0</ins>" in str(body.html)


def test_a_wording_change_is_not_called_clinical():
    changes = item_changes(snapshot(), snapshot(body="A fever is 38.0 °C."))
    assert len(changes) == 1 and not changes[0].clinical


def test_added_and_removed_items():
    before, after = snapshot(), snapshot()
    after["articles"] = []
    changes = item_changes(before, after)
    assert changes[0].status == "removed" and changes[0].clinical  # a page readers lose
    assert item_changes(after, before)[0].status == "added"
    assert len(item_changes(None, snapshot())) == 5  # everything is new in the first release


# --- clean diffs (issue 23): identity, not position --------------------------------------------


def page(*sections, es=None, **fields):
    """A snapshot whose one page has these sections: (id or None, heading, body) each."""
    data = snapshot()
    article = data["articles"][0]
    article["sections"] = [
        {**({"id": key} if key is not None else {}), "heading": heading, "kind": "text", "body": body}
        for key, heading, body in sections
    ]
    if es is not None:
        article["es"] = {"title": "Ayuda", "sections": [{"heading": h, "body": b} for h, b in es]}
    article.update(fields)
    return data


SECTIONS = [
    (1, "Fever", "Call your team if your temperature is 38.0 °C or higher."),
    (2, "Headache", "A headache can be a sign of ICANS. Tell your team within 1 hour."),
    (3, "Confusion", "Call 911 if you cannot wake the person up."),
]


def section_fields(changes):
    return [f for c in changes for f in c.fields if f.name.startswith(("section", "Spanish: section"))]


def test_a_section_inserted_at_the_top_is_one_addition_not_every_section_rewritten():
    new = (4, "Before you go home", "Keep your wallet card with you.")
    changes = item_changes(page(*SECTIONS), page(new, *SECTIONS))
    fields = section_fields(changes)
    assert {f.name for f in fields} == {
        "section “Before you go home” (added at position 1) heading",
        "section “Before you go home” (added at position 1) kind",
        "section “Before you go home” (added at position 1) body",
    }
    assert not any(f.clinical for f in fields)


def test_old_releases_without_section_ids_still_match_by_heading_then_text():
    old = page(*[(None, h, b) for _k, h, b in SECTIONS])
    new = page(
        (4, "Before you go home", "Keep your card."), *SECTIONS[:1], (2, "Headaches", SECTIONS[1][2]), SECTIONS[2]
    )
    fields = section_fields(item_changes(old, new))
    names = {f.name for f in fields}
    assert "section “Headaches” heading" in names  # renamed, matched by its text
    assert all("Fever" not in n and "Confusion" not in n for n in names)
    assert sum("added" in n for n in names) == 3 and not any("removed" in n for n in names)


def test_a_reorder_is_shown_as_a_move():
    changes = item_changes(page(*SECTIONS), page(SECTIONS[2], SECTIONS[0], SECTIONS[1]))
    fields = section_fields(changes)
    assert [(f.name, str(f.html)) for f in fields] == [("section “Confusion” position", "moved from position 3 to 1")]
    assert not changes[0].clinical


def test_a_renamed_section_keeps_its_identity_and_its_spanish_follows_it():
    es = [
        ("Fiebre", "Llame si tiene 38.0 °C."),
        ("Dolor de cabeza", "Avise en 1 hora."),
        ("Confusión", "Llame al 911."),
    ]
    renamed = [(1, "A fever", SECTIONS[0][2]), *SECTIONS[1:]]
    es_changed = [es[0], ("Dolor de cabeza", "Avise en 2 horas."), es[2]]
    fields = section_fields(item_changes(page(*SECTIONS, es=es), page(*renamed, es=es_changed)))
    assert [f.name for f in fields] == ["section “A fever” heading", "Spanish: section “Headache” body"]
    assert fields[1].clinical.startswith("numbers changed")  # 1 hour became 2 hours


def test_a_number_changed_inside_a_section_is_still_flagged_after_an_insertion():
    changed = (2, "Headache", SECTIONS[1][2].replace("1 hour", "4 hours"))
    fields = section_fields(
        item_changes(page(*SECTIONS), page((4, "New", "Plain words."), SECTIONS[0], changed, SECTIONS[2]))
    )
    flagged = [f.name for f in fields if f.clinical]
    assert flagged == ["section “Headache” body"]


def symptoms(*slugs):
    data = snapshot()
    data["symptoms"][0]["symptoms"] = [
        {"slug": s, "name": s.capitalize(), "urgency": "urgent", "on_checklist": True} for s in slugs
    ]
    return data


def test_deleting_one_symptom_lists_only_that_symptom():
    changes = item_changes(symptoms("a", "b", "c", "d", "e", "f"), symptoms("a", "c", "d", "e", "f"))
    assert [(c.kind, c.key, c.status) for c in changes] == [("symptom", "b", "removed")]
    assert not any(f.name == "position" for f in changes[0].fields)


def test_a_symptom_moved_in_the_list_is_a_move_not_a_clinical_change():
    changes = item_changes(symptoms("a", "b", "c", "d"), symptoms("d", "a", "b", "c"))
    assert [(c.key, [(f.name, str(f.html)) for f in c.fields]) for c in changes] == [
        ("d", [("position", "moved from position 4 to 1")])
    ]
    assert not changes[0].clinical


def test_sign_off_dates_are_not_flagged_as_clinical_numbers():
    old = page(*SECTIONS, last_reviewed="2026-01-01", next_review_due="2027-01-01", reviewed_by="Rita", order=3)
    new = page(*SECTIONS, last_reviewed="2026-12-02", next_review_due="2027-12-02", reviewed_by="Ron", order=4)
    changes = item_changes(old, new)
    assert {f.name for f in changes[0].fields} == {"last_reviewed", "next_review_due", "reviewed_by", "order"}
    assert not changes[0].clinical
