"""The decision table for the "when to get help" checklist (crsinfo/triage.py)."""

from decimal import Decimal

import pytest

from crsinfo.triage import Answers, Duration, Immunotherapy, Level, Symptom, Temperature, decide

CONFUSION = Symptom("confusion", "Confusion", "emergency")
BREATHING = Symptom("difficulty-breathing", "Difficulty breathing", "emergency")
DIZZINESS = Symptom("dizziness", "Dizziness", "urgent")
FEVER = Symptom("fever", "Fever (a high temperature)", "routine")
HEADACHE = Symptom("headache", "Headache", "routine")
NAUSEA = Symptom("nausea", "Feeling sick (nausea)", "routine")

YES, NO, UNSURE = Immunotherapy.YES, Immunotherapy.NO, Immunotherapy.NOT_SURE
IMMEDIATE, URGENT, NON_URGENT = Level.IMMEDIATE, Level.URGENT, Level.NON_URGENT


def temp(value: str, unit: str = "C") -> Temperature:
    return Temperature(Decimal(value), unit)


TABLE = [
    # (answers, level, a reason that must be given)
    (Answers(symptoms=(CONFUSION,)), IMMEDIATE, "You ticked: confusion."),
    (Answers(symptoms=(BREATHING, HEADACHE)), IMMEDIATE, "You ticked: difficulty breathing."),
    (Answers(symptoms=(CONFUSION,), immunotherapy=NO, duration=Duration.UNDER_A_DAY), IMMEDIATE, "confusion"),
    (Answers(symptoms=(FEVER,), immunotherapy=YES), URGENT, "You have a fever after recent immunotherapy."),
    (Answers(symptoms=(FEVER,), immunotherapy=UNSURE), URGENT, "not sure whether you have had immunotherapy"),
    (Answers(symptoms=(FEVER,), immunotherapy=NO), NON_URGENT, "You ticked: fever (a high temperature)."),
    (Answers(symptoms=(FEVER,)), NON_URGENT, "fever"),
    (Answers(symptoms=(HEADACHE,), immunotherapy=YES, temperature=temp("38.0")), URGENT, "38.0 °C after recent"),
    (Answers(symptoms=(HEADACHE,), immunotherapy=YES, temperature=temp("37.9")), NON_URGENT, "headache"),
    (Answers(symptoms=(HEADACHE,), immunotherapy=YES, temperature=temp("100.4", "F")), URGENT, "100.4 °F"),
    (Answers(symptoms=(HEADACHE,), immunotherapy=YES, temperature=temp("100.3", "F")), NON_URGENT, "headache"),
    (Answers(immunotherapy=YES, temperature=temp("39")), URGENT, "a temperature of 39.0 °C after recent"),
    (Answers(immunotherapy=NO, temperature=temp("38.5")), NON_URGENT, "38.5 °C, which is a fever"),
    (Answers(symptoms=(HEADACHE,), suddenly_worse=True), URGENT, "Your symptoms have suddenly got worse."),
    (Answers(symptoms=(NAUSEA,), duration=Duration.OVER_THREE_DAYS), URGENT, "more than 3 days"),
    (Answers(symptoms=(NAUSEA,), duration=Duration.ONE_TO_THREE_DAYS), NON_URGENT, "feeling sick (nausea)"),
    (Answers(symptoms=(DIZZINESS,)), URGENT, "You ticked: dizziness."),
    (Answers(symptoms=(HEADACHE, NAUSEA)), NON_URGENT, "You ticked: headache, feeling sick (nausea)."),
    (Answers(), NON_URGENT, "You ticked none of the symptoms on the list."),
    (Answers(suddenly_worse=True), URGENT, "suddenly got worse"),
]


@pytest.mark.parametrize(("answers", "level", "reason"), TABLE)
def test_decision_table(answers, level, reason):
    advice = decide(answers)
    assert advice.level == level
    assert any(reason in r for r in advice.reasons), advice.reasons


def test_reasons_are_only_those_of_the_level_given():
    advice = decide(Answers(symptoms=(CONFUSION, HEADACHE), suddenly_worse=True))
    assert advice.level == IMMEDIATE
    assert advice.reasons == ("You ticked: confusion.",)


def test_every_urgent_reason_is_listed():
    advice = decide(
        Answers(symptoms=(FEVER, DIZZINESS), immunotherapy=YES, suddenly_worse=True, duration=Duration.OVER_THREE_DAYS)
    )
    assert advice.level == URGENT
    assert len(advice.reasons) == 4


def test_an_unknown_urgency_errs_on_the_side_of_urgent():
    assert decide(Answers(symptoms=(Symptom("x", "Something new", "unheard-of"),))).level == URGENT


def test_the_decision_never_names_a_grade():
    for answers, _, _ in TABLE:
        for reason in decide(answers).reasons:
            assert "grade" not in reason.lower()
