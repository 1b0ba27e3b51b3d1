"""The principle of crsinfo/triage.py, proved with Hypothesis on random answers:

missing, unreadable or contradictory information never makes the answer more reassuring.
- ticking another symptom never lowers the level;
- a more worrying answer to any question never lowers the level; the order of each question's
  answers, calmest first, is below (unanswered counts exactly as "not sure");
- an unanswered question gives exactly the level of "not sure", never lower;
- a higher temperature never lowers the level; a fever always gets at least urgent;
- in the first weeks after treatment (or not sure when, or not said) any symptom gets at least
  urgent; "more than 4 weeks ago" and "No" give the same level (the seed's rule);
- a non-urgent answer is never shown beside an error (the form, on any typed temperature).
"""

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from crsinfo import triage
from crsinfo.checklist.forms import ChecklistForm
from crsinfo.triage import Answers, Duration, Level, Symptom, Temperature, Treatment, YesNo, decide

settings.register_profile("crsinfo", max_examples=300, deadline=None, derandomize=True)
settings.load_profile("crsinfo")

POOL = [
    Symptom("fever", "Fever", "urgent"),
    Symptom("fever", "Fever", "routine"),  # an editor may set any level; fever stays at least urgent
    Symptom("headache", "Headache", "routine"),
    Symptom("nausea", "Nausea", "routine"),
    Symptom("dizziness", "Dizziness", "urgent"),
    Symptom("tremor", "Tremor", "urgent"),
    Symptom("confusion", "Confusion", "emergency"),
    Symptom("new-thing", "Something new", "unheard-of"),
]

# Each question's answers from calmest to most worrying. None (unanswered) sits with "not sure".
ORDER = {
    "worse": [YesNo.NO, YesNo.NOT_SURE, None, YesNo.YES],
    "duration": [Duration.UNDER_A_DAY, Duration.ONE_TO_THREE_DAYS, Duration.NOT_SURE, None, Duration.OVER_THREE_DAYS],
    "fever_medicine": [YesNo.NO, YesNo.NOT_SURE, None, YesNo.YES],
    # More recent treatment needs more care; "not sure" and unanswered get the care of "recent".
    "treatment": [Treatment.NO, Treatment.EARLIER, Treatment.RECENT, Treatment.NOT_SURE, None],
}
NOT_SURE = {
    "worse": YesNo.NOT_SURE,
    "duration": Duration.NOT_SURE,
    "fever_medicine": YesNo.NOT_SURE,
    "treatment": Treatment.NOT_SURE,
}

temperatures = st.one_of(
    st.none(),
    st.builds(
        Temperature,
        st.decimals(min_value=30, max_value=45, places=1, allow_nan=False, allow_infinity=False),
        st.just("C"),
    ),
    st.builds(
        Temperature,
        st.decimals(min_value=86, max_value=113, places=1, allow_nan=False, allow_infinity=False),
        st.just("F"),
    ),
)


@st.composite
def answers(draw):
    symptoms = draw(st.lists(st.sampled_from(POOL), unique_by=lambda s: (s.slug, s.urgency), max_size=4))
    return Answers(
        symptoms=tuple(symptoms),
        temperature=draw(temperatures),
        **{name: draw(st.sampled_from(options)) for name, options in ORDER.items()},
    )


@given(answers(), st.sampled_from(POOL))
def test_ticking_another_symptom_never_lowers_the_level(a, extra):
    more = dataclasses.replace(a, symptoms=(*a.symptoms, extra))
    assert decide(more).level >= decide(a).level


@given(answers(), st.sampled_from(sorted(ORDER)), st.data())
def test_a_more_worrying_answer_never_lowers_the_level(a, question, data):
    options = ORDER[question]
    i = data.draw(st.integers(0, len(options) - 1))
    j = data.draw(st.integers(i, len(options) - 1))
    calmer = dataclasses.replace(a, **{question: options[i]})
    worse = dataclasses.replace(a, **{question: options[j]})
    assert decide(worse).level >= decide(calmer).level


@given(answers(), st.sampled_from(sorted(NOT_SURE)))
def test_an_unanswered_question_counts_exactly_as_not_sure(a, question):
    unanswered = decide(dataclasses.replace(a, **{question: None})).level
    not_sure = decide(dataclasses.replace(a, **{question: NOT_SURE[question]})).level
    assert unanswered == not_sure
    for calm in ORDER[question][: ORDER[question].index(NOT_SURE[question])]:
        assert unanswered >= decide(dataclasses.replace(a, **{question: calm})).level


@given(answers(), st.sampled_from([Treatment.RECENT, Treatment.NOT_SURE, None]))
def test_any_symptom_in_the_first_weeks_is_at_least_urgent(a, treatment):
    """Labels (AHFS Carvykti, Aucatzyl; Tecvayli REMS): report these symptoms at once."""
    if a.symptoms:
        assert decide(dataclasses.replace(a, treatment=treatment)).level >= Level.URGENT


@given(answers())
def test_not_sure_when_treated_gets_the_care_of_recent_treatment(a):
    unsure = decide(dataclasses.replace(a, treatment=Treatment.NOT_SURE)).level
    assert unsure == decide(dataclasses.replace(a, treatment=Treatment.RECENT)).level
    assert unsure == decide(dataclasses.replace(a, treatment=None)).level


@given(answers())
def test_after_the_first_weeks_the_seed_rule_stays(a):
    """Treated more than 4 weeks ago or not at all: the level is the same (the seed's rule; a
    fever is urgent for both)."""
    earlier = decide(dataclasses.replace(a, treatment=Treatment.EARLIER)).level
    assert earlier == decide(dataclasses.replace(a, treatment=Treatment.NO)).level


@given(answers(), st.decimals(min_value=0, max_value=10, places=1))
def test_a_higher_temperature_never_lowers_the_level(a, rise):
    if a.temperature is None:
        return
    hotter = dataclasses.replace(a, temperature=Temperature(a.temperature.value + rise, a.temperature.unit))
    assert decide(hotter).level >= decide(a).level


@given(answers())
def test_a_fever_is_always_at_least_urgent(a):
    fever = any(s.slug == "fever" for s in a.symptoms) or (a.temperature is not None and a.temperature.is_fever)
    if fever:
        assert decide(a).level >= Level.URGENT


@given(answers())
def test_every_answer_says_why(a):
    advice = decide(a)
    assert advice.reasons or advice.assumed
    assert all("grade" not in line.lower() for line in (*advice.reasons, *advice.assumed))


@given(answers())
def test_a_card_level_is_never_calmer_than_the_checklist(a):
    """What a card promises for one symptom: the checklist never answers calmer for that symptom,
    whatever the reader says about treatment; and in the first weeks the card is at least urgent."""
    for symptom in a.symptoms:
        alone = dataclasses.replace(a, symptoms=(symptom,))
        assert decide(alone).level >= triage.card_level(symptom)
        recent = dataclasses.replace(alone, treatment=Treatment.RECENT)
        assert decide(recent).level >= triage.card_level(symptom, Treatment.RECENT) >= Level.URGENT


class _Symptom:
    def __init__(self, slug, label, urgency):
        self.slug, self.label, self.urgency = slug, label, urgency


FORM_SYMPTOMS = [_Symptom("headache", "Headache", "routine"), _Symptom("dizziness", "Dizziness", "urgent")]


@given(
    temperature=st.one_of(
        st.text(max_size=12),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats(min_value=-50, max_value=300).map(lambda f: f"{f:.1f}"),
    ),
    unit=st.sampled_from(["F", "C", ""]),
    symptoms=st.lists(st.sampled_from(["headache", "dizziness"]), unique=True),
    unit_first=st.sampled_from(["F", "C"]),
)
def test_the_form_never_shows_a_non_urgent_card_beside_an_error(temperature, unit, symptoms, unit_first):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update({"worse": "no", "duration": "under-1-day", "medicine": "no", "treatment": "recent"})
    data.update({"temperature": temperature, "unit": unit})
    if symptoms:
        data.setlist("symptoms", symptoms)
    else:
        data["none"] = "on"
    form = ChecklistForm(data, symptoms=FORM_SYMPTOMS, unit_first=unit_first)
    advice = form.advice()
    if form.errors:
        assert advice is None or advice.level > Level.NON_URGENT
    else:
        assert advice is not None
    if form.reading is not None:
        # Whatever unit was chosen, a reading is a body temperature, and a fever is never calm.
        low, high = triage.TEMPERATURE_RANGE[form.reading.unit]
        assert low <= form.reading.value <= high
        if form.reading.is_fever:
            assert advice.level >= Level.URGENT
    if form.temperature_note:
        assert form.reading is not None
        assert f"°{form.reading.unit}" in form.temperature_note


def test_decimal_typing_sanity():
    # The strategies above build Decimals; a reading compares as a number, not a string.
    assert Temperature(Decimal("100.4"), "F").is_fever
    assert not Temperature(Decimal("100.39"), "F").is_fever
