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
    assert body.name == "section 1 body" and body.clinical.startswith("numbers changed")
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
