"""The checklist answer's kept parts (crsinfo/checklist/answer.py): an htmx answer sent without
rendering the template is exactly what the template's "advice" partial gives; the parts kept for a
release are shared by every reader and nothing a reader sends changes them."""

import threading
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crsinfo.checklist.answer import parts_for
from crsinfo.checklist.forms import ChecklistForm
from crsinfo.checklist.views import _first_box
from crsinfo.publishing.current import current_site

from ..conftest import publish_draft

SLUGS = ["difficulty-breathing", "confusion", "fever", "headache", "nausea", "dizziness", "cough"]
CHOICES = {
    "worse": ["yes", "no", "not-sure", ""],
    "duration": ["under-1-day", "1-3-days", "over-3-days", "not-sure", ""],
    "treatment": ["recent", "earlier", "no", "not-sure", ""],
    "medicine": ["yes", "no", "not-sure", ""],
    "unit": ["F", "C", ""],
}
answers = st.fixed_dictionaries(
    {
        "symptoms": st.lists(st.sampled_from(SLUGS), unique=True, max_size=4),
        "none": st.booleans(),
        "temperature": st.one_of(
            st.just(""), st.sampled_from(["101.3", "38.5", "98.6", "37", "39,2 °C", "hot", "200"])
        ),
        **{name: st.sampled_from(values) for name, values in CHOICES.items()},
    }
)


def _body(answer: dict) -> dict:
    data = {name: value for name, value in answer.items() if name not in ("symptoms", "none") and value}
    if answer["none"]:
        data["none"] = "on"
    return {**data, "symptoms": answer["symptoms"]} if answer["symptoms"] else data


class _Published:
    """The published site, with a short repr for Hypothesis's reports."""

    def __init__(self, site):
        self.site = site

    def __repr__(self):
        return f"<release {self.site.number}>"


@pytest.fixture
def published(content):
    publish_draft()
    return _Published(current_site())


def _fingerprint(fields) -> list:
    """Every attribute of every field and widget, as text: the same objects give the same text."""
    return [
        (
            name,
            sorted((k, repr(v)) for k, v in vars(field).items() if k != "widget"),
            sorted(vars(field.widget).items()),
        )
        for name, field in fields.items()
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=answers, spanish=st.booleans())
def test_an_htmx_answer_is_exactly_the_templates_partial(client, published, answer, spanish):
    prefix = "/es" if spanish else ""
    response = client.post(f"{prefix}/check/", _body(answer), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") == 1
    assert "HX-Request" in response["Vary"]
    language = "es" if spanish else "en"
    with translation.override(language):
        parts = parts_for(published.site, language)
        data = QueryDict(mutable=True)
        for name, value in _body(answer).items():
            data.setlist(name, value if isinstance(value, list) else [value])
        form = ChecklistForm(data, kept=parts.fields)
        advice = form.advice()
        expected = render_to_string(
            "checklist.html#advice",
            {
                "request": SimpleNamespace(htmx=True),
                "form": form,
                "advice": advice,
                "answer_card": parts.card(advice, form.temperature_note) if advice else "",
                "answer_summary": parts.summary(advice) if advice else "",
                "site_settings": published.site.settings,
                "first_symptom_id": f"symptom-{_first_box(published.site.checklist_symptoms[language]).slug}",
            },
        )
    assert response.content.decode() == expected
    if advice is not None and not form.errors:
        assert advice.level.css in expected  # the card's level, in its class name


def test_answering_in_both_languages_at_once_changes_no_kept_part(client, published):
    """Readers in both languages, valid and invalid answers, full pages and htmx, from threads:
    the kept fields and frames afterwards are those made before, attribute for attribute."""
    before = {
        language: (
            _fingerprint(parts_for(published.site, language).fields.fields),
            dict(parts_for(published.site, language).frames),
        )
        for language in ("en", "es")
    }
    bodies = [
        {"symptoms": ["headache"], "treatment": "recent", "temperature": "101.3"},
        {"symptoms": ["confusion", "fever"], "temperature": "hot"},
        {"none": "on", "symptoms": ["cough"]},
        {"none": "on", "temperature": "38.5", "unit": "F"},
    ]
    failures = []

    def reader(prefix, htmx):
        from django.test import Client

        reader_client = Client()
        for body in bodies * 5:
            headers = {"HX-Request": "true"} if htmx else {}
            response = reader_client.post(f"{prefix}/check/", body, headers=headers)
            if response.status_code != 200:
                failures.append((prefix, body, response.status_code))

    threads = [threading.Thread(target=reader, args=(p, h)) for p in ("", "/es") for h in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for language in ("en", "es"):
        parts = parts_for(published.site, language)
        assert _fingerprint(parts.fields.fields) == before[language][0]
        assert dict(parts.frames) == before[language][1]


def test_each_language_keeps_its_own_parts(published):
    english, spanish = parts_for(published.site, "en"), parts_for(published.site, "es")
    assert parts_for(published.site, "en") is english  # kept, not made again
    assert "Urgent advice" in english.summaries["urgent"]
    assert "Urgent advice" not in spanish.summaries["urgent"]
    assert "Consejo urgente" in spanish.summaries["urgent"] or "urgente" in spanish.summaries["urgent"].lower()
    start, end = english.frames["immediate", True]
    assert "care-card--immediate" in start
    assert "What to do" in end
    assert "wallet card" in end
    assert "wallet card" not in english.frames["immediate", False][1]
