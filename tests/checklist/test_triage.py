"""The decision table for the "when to get help" checklist (crsinfo/triage.py).

One row per rule and per case. Each row names its source in a comment:
- seed: the seed article ("call a doctor if symptoms suddenly get worse or have lasted more than a
  few days"; "difficulty breathing, confusion, changes in heart rate or heart function need
  immediate medical attention");
- labels: CAR-T and bispecific patient information (Yescarta, Kymriah, Carvykti, teclistamab) and
  BMS's neurologic-toxicity page: "call or get emergency help right away";
- CDC: fever during cancer treatment is a reason to call straight away, at any time;
- CRUK / ASTCT 2019: fever medicines and steroids can hide a fever;
- AHFS: the Carvykti and Aucatzyl patient drug information (MedlinePlus a622041 and a624084; the
  copies read were Cigna's): "tell your doctor immediately" about fever, chills, headache, muscle
  pain, diarrhea, cough, nausea, vomiting, tiredness, dizziness ... during and after the infusion;
- REMS: the Tecvayli and Talvey REMS ask teams to tell patients to report all symptoms of CRS and
  nerve problems to their provider immediately (accessdata.fda.gov REMS=415);
- review M1: turn-3 content review (December 2026), the first-weeks rule and its answers;
- principle: missing, unreadable or contradictory information never makes the answer calmer.
"""

from decimal import Decimal

import pytest

from crsinfo.triage import (
    Advice,
    Answers,
    Duration,
    Level,
    Symptom,
    Temperature,
    Treatment,
    YesNo,
    advice_to_show,
    card_level,
    decide,
    read_temperature,
)

CONFUSION = Symptom("confusion", "Confusion", "emergency")
BREATHING = Symptom("difficulty-breathing", "Difficulty breathing", "emergency")
SPEAKING = Symptom("trouble-speaking", "Trouble speaking, finding words or understanding", "emergency")
HARD_TO_WAKE = Symptom("hard-to-wake", "Very sleepy or hard to wake up", "emergency")
FAINTING = Symptom("fainting", "Fainting or passing out", "emergency")
CHEST_PAIN = Symptom("chest-pain", "Pain or tightness in your chest", "emergency")
DIZZINESS = Symptom("dizziness", "Dizziness", "urgent")
TREMOR = Symptom("tremor", "Shaking or trembling (tremor)", "urgent")
SEVERE_SICKNESS = Symptom("severe-sickness", "Severe sickness, throwing up or diarrhea", "urgent")
FEVER = Symptom("fever", "Fever (a high temperature)", "urgent")
FEVER_AS_ROUTINE = Symptom("fever", "Fever (a high temperature)", "routine")  # an editor's mistake
HEADACHE = Symptom("headache", "Headache", "routine")
NAUSEA = Symptom("nausea", "Feeling sick (nausea)", "routine")

RECENT, EARLIER, NO_TREATMENT, UNSURE = Treatment.RECENT, Treatment.EARLIER, Treatment.NO, Treatment.NOT_SURE
YES, NO, NOT_SURE = YesNo.YES, YesNo.NO, YesNo.NOT_SURE
IMMEDIATE, URGENT, NON_URGENT = Level.IMMEDIATE, Level.URGENT, Level.NON_URGENT
SHORT = Duration.UNDER_A_DAY
# The questions answered in the calmest way: what a non-urgent answer needs.
CALM = {"worse": NO, "duration": SHORT, "fever_medicine": NO}


def temp(value: str, unit: str = "C") -> Temperature:
    return Temperature(Decimal(value), unit)


def calm(**changes) -> Answers:
    return Answers(**{"treatment": RECENT, **CALM, **changes})


def later(**changes) -> Answers:
    """Calm answers from a reader treated more than 4 weeks ago: the seed's 3-day rule applies."""
    return calm(**{"treatment": EARLIER, **changes})


COUGH = Symptom("cough", "Cough", "routine")  # the rule, whatever an editor sets; the data has it urgent
VOMITING = Symptom("vomiting", "Throwing up (vomiting)", "routine")
DIARRHEA = Symptom("diarrhea", "Diarrhea", "routine")


TABLE = [
    # (answers, level, a reason or assumption that must be given)
    # --- emergency-level symptoms: seed (breathing, confusion, heart) and labels (speech, waking, fainting)
    (calm(symptoms=(CONFUSION,)), IMMEDIATE, "You ticked: confusion."),  # seed
    (calm(symptoms=(BREATHING, HEADACHE)), IMMEDIATE, "You ticked: difficulty breathing."),  # seed
    (Answers(symptoms=(CONFUSION,)), IMMEDIATE, "confusion"),  # seed; nothing else answered
    (calm(symptoms=(CONFUSION,), treatment=NO_TREATMENT), IMMEDIATE, "confusion"),  # seed: no treatment, same
    (calm(symptoms=(SPEAKING,)), IMMEDIATE, "trouble speaking"),  # labels (BMS, Kymriah): ICANS
    (calm(symptoms=(HARD_TO_WAKE,)), IMMEDIATE, "very sleepy or hard to wake up"),  # labels (Kymriah)
    (calm(symptoms=(FAINTING,)), IMMEDIATE, "fainting"),  # labels (Yescarta: low blood pressure); safer level
    (calm(symptoms=(CHEST_PAIN,)), IMMEDIATE, "pain or tightness in your chest"),  # peers (Healthgrades)
    (calm(symptoms=(CONFUSION, FEVER)), IMMEDIATE, "confusion"),  # a fever never lowers an emergency
    # --- fever: urgent at any time after treatment, whatever the answers (CDC; labels)
    (calm(symptoms=(FEVER,)), URGENT, "You have a fever in the first 4 weeks after treatment."),  # labels
    (calm(symptoms=(FEVER,), treatment=EARLIER), URGENT, "sign of an infection"),  # CDC: after the CRS window
    (calm(symptoms=(FEVER,), treatment=NO_TREATMENT), URGENT, "We still give the advice for people who have."),
    (calm(symptoms=(FEVER,), treatment=UNSURE), URGENT, "We assumed it was in the last 4 weeks."),  # principle
    (Answers(symptoms=(FEVER,)), URGENT, "You did not say if you have had cancer treatment"),  # principle
    (calm(symptoms=(FEVER_AS_ROUTINE,)), URGENT, "You have a fever"),  # PRODUCT.md: fever is never below urgent
    (calm(symptoms=(HEADACHE,), temperature=temp("38.0")), URGENT, "38.0 °C"),  # ASTCT: 38.0 °C
    (later(symptoms=(HEADACHE,), temperature=temp("37.9")), NON_URGENT, "headache"),  # below the threshold
    (calm(symptoms=(HEADACHE,), temperature=temp("100.4", "F")), URGENT, "100.4 °F"),  # labels: 100.4 °F
    (later(symptoms=(HEADACHE,), temperature=temp("100.3", "F")), NON_URGENT, "headache"),
    (calm(symptoms=(HEADACHE,), temperature=temp("39.0"), treatment=None), URGENT, "102.2 °F (39.0 °C)"),  # review #6
    (calm(temperature=temp("39")), URGENT, "a temperature of 102.2 °F (39.0 °C) in the first 4 weeks"),
    (calm(temperature=temp("38.4"), treatment=NO_TREATMENT), URGENT, "38.4 °C"),  # review #7: any treatment
    (calm(temperature=temp("38.5"), treatment=EARLIER), URGENT, "101.3 °F (38.5 °C) after cancer treatment"),
    # --- hidden fever: a medicine that lowers fever, and feeling unwell (CRUK; ASTCT 2019)
    (calm(symptoms=(HEADACHE,), fever_medicine=YES), URGENT, "medicine that can hide a fever"),
    (calm(symptoms=(HEADACHE,), fever_medicine=YES, temperature=temp("36.8")), URGENT, "hide a fever"),
    (calm(symptoms=(HEADACHE,), fever_medicine=NOT_SURE), URGENT, "We assumed you did."),  # principle
    (calm(symptoms=(HEADACHE,), fever_medicine=None), URGENT, "You did not say whether you took a medicine"),
    (calm(fever_medicine=YES), NON_URGENT, "none of the symptoms"),  # not unwell: nothing to call about
    # --- getting worse, lasting: seed ("suddenly get worse or have lasted more than a few days" = 3 days)
    (calm(symptoms=(HEADACHE,), worse=YES), URGENT, "Your symptoms have suddenly got worse."),  # seed
    (calm(symptoms=(HEADACHE,), worse=NOT_SURE), URGENT, "We assumed they have."),  # principle
    (calm(symptoms=(HEADACHE,), worse=None), URGENT, "You did not say whether your symptoms"),  # principle
    (calm(worse=YES), URGENT, "suddenly got worse"),  # seed: "anything" got worse, even off the list
    (later(symptoms=(NAUSEA,), duration=Duration.OVER_THREE_DAYS), URGENT, "more than 3 days"),  # seed
    (later(symptoms=(NAUSEA,), duration=Duration.ONE_TO_THREE_DAYS), NON_URGENT, "feeling sick (nausea)"),  # seed
    (later(symptoms=(NAUSEA,), duration=Duration.NOT_SURE), URGENT, "We assumed more than 3 days."),  # principle
    (later(symptoms=(NAUSEA,), duration=None), URGENT, "You did not say how long"),  # principle
    # --- the first weeks: any symptom from a reader treated in the last 4 weeks, or during step-up
    # doses of a bispecific (the checklist asks them to answer "in the last 4 weeks") -> urgent
    (calm(symptoms=(HEADACHE,)), URGENT, "In the first 4 weeks after treatment, any new symptom"),  # AHFS; M1
    (calm(symptoms=(HEADACHE,)), URGENT, "You ticked: headache."),  # AHFS Carvykti/Aucatzyl: headache
    (calm(symptoms=(HEADACHE,), duration=Duration.ONE_TO_THREE_DAYS), URGENT, "Do not wait"),  # review 2.1 #7
    (calm(symptoms=(NAUSEA, VOMITING, DIARRHEA)), URGENT, "throwing up (vomiting), diarrhea"),  # review 2.1 #8
    (calm(symptoms=(COUGH,)), URGENT, "You ticked: cough."),  # AHFS Carvykti: cough; REMS: all CRS symptoms
    (calm(symptoms=(HEADACHE,), treatment=UNSURE), URGENT, "We assumed it was in the last 4 weeks."),  # principle
    (calm(symptoms=(NAUSEA,), treatment=None), URGENT, "You did not say if you have had cancer treatment"),  # principle
    (calm(symptoms=(HEADACHE, CONFUSION)), IMMEDIATE, "confusion"),  # the rule never lowers an emergency
    (calm(symptoms=(TREMOR,)), URGENT, "tremor"),  # already urgent: no lifting needed
    (calm(), NON_URGENT, "none of the symptoms"),  # nothing ticked: nothing to call about
    # --- after the first weeks the seed's rule stays (M1: "keep the 3-day rule for people treated longer ago")
    (later(symptoms=(HEADACHE,)), NON_URGENT, "You ticked: headache."),  # seed
    (later(symptoms=(COUGH,)), NON_URGENT, "cough"),  # the rule only; cough's own level is urgent in the data
    (later(symptoms=(HEADACHE,), duration=Duration.OVER_THREE_DAYS), URGENT, "more than 3 days"),  # seed
    (later(symptoms=(HEADACHE,), worse=YES), URGENT, "suddenly got worse"),  # seed
    # --- urgent-level symptoms (labels)
    (calm(symptoms=(DIZZINESS,)), URGENT, "You ticked: dizziness."),  # Yescarta
    (calm(symptoms=(TREMOR,)), URGENT, "tremor"),  # CUH leaflet, BMS: ICANS sign
    (calm(symptoms=(SEVERE_SICKNESS,)), URGENT, "severe sickness"),  # Yescarta, Kymriah: severe only
    (calm(symptoms=(Symptom("x", "Something new", "unheard-of"),)), URGENT, "something new"),  # unknown level: safe
    # --- non-urgent: only when every question that could raise it was answered calmly (seed)
    (later(symptoms=(HEADACHE, NAUSEA)), NON_URGENT, "You ticked: headache, feeling sick (nausea)."),
    (calm(symptoms=(HEADACHE,), treatment=NO_TREATMENT), NON_URGENT, "headache"),  # a calm answer the reader gave
    (calm(), NON_URGENT, "You ticked none of the symptoms on the list."),
    (Answers(), NON_URGENT, "none of the symptoms"),  # nothing ticked, nothing answered: nothing raises it
]


@pytest.mark.parametrize(("answers", "level", "reason"), TABLE)
def test_decision_table(answers, level, reason):
    advice = decide(answers)
    assert advice.level == level, advice
    said = [*advice.reasons, *advice.assumed]
    assert any(reason.lower() in line.lower() for line in said), said


def test_the_table_is_big_enough():
    assert len(TABLE) >= 40


def test_reasons_are_only_those_of_the_level_given():
    advice = decide(calm(symptoms=(CONFUSION, HEADACHE), worse=YES))
    assert advice.level == IMMEDIATE
    assert advice.reasons == ("You ticked: confusion.",)
    assert advice.assumed == ()


def test_every_urgent_reason_is_listed():
    advice = decide(calm(symptoms=(FEVER, DIZZINESS), worse=YES, duration=Duration.OVER_THREE_DAYS))
    assert advice.level == URGENT
    assert len(advice.reasons) == 4, advice.reasons


def test_assumptions_are_listed_apart_from_what_the_reader_said():
    advice = decide(Answers(symptoms=(HEADACHE,)))
    assert advice.level == URGENT
    assert advice.reasons == ("You ticked: headache.",)  # a fact; why it is urgent is assumed
    assert len(advice.assumed) == 4  # worse, how long, fever medicine, when treated
    assert all("We assumed" in line for line in advice.assumed)


def test_no_treatment_leaves_out_the_wallet_card_and_treatment_advice():
    assert decide(calm(symptoms=(FEVER,), treatment=NO_TREATMENT)).told_treatment is False
    assert decide(calm(symptoms=(FEVER,), treatment=None)).told_treatment is True


def test_the_decision_never_names_a_grade():
    for answers, _, _ in TABLE:
        advice = decide(answers)
        for line in (*advice.reasons, *advice.assumed):
            assert "grade" not in line.lower()


def test_reasons_are_short_sentences():
    """Plain language: the checklist's own sentences stay under 25 words."""
    import re

    for answers, _, _ in TABLE:
        advice = decide(answers)
        for line in (*advice.reasons, *advice.assumed):
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if not sentence.startswith("You ticked:"):  # a list of the reader's own ticks
                    assert len(sentence.split()) < 25, sentence


# --- temperatures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "reading", "switched"),
    [
        ("38.5", "C", ("38.5", "C"), False),
        ("101.3", "F", ("101.3", "F"), False),
        ("102", "C", ("102", "F"), True),  # review #4: a US reader with the unit left at °C
        ("38.5", "F", ("38.5", "C"), True),  # review #8
        ("30", "C", ("30", "C"), False),
        ("45", "C", ("45", "C"), False),
        ("86", "F", ("86", "F"), False),
        ("113", "F", ("113", "F"), False),
        ("50", "C", None, False),  # a body temperature in neither unit
        ("20", "F", None, False),
        ("250", "F", None, False),
        ("-38", "C", None, False),
    ],
)
def test_read_temperature(value, unit, reading, switched):
    got, was_switched = read_temperature(Decimal(value), unit)
    assert (got and (format(got.value, "f"), got.unit)) == (reading and (reading[0], reading[1]))
    assert was_switched is switched


def test_temperatures_are_written_in_both_units_site_unit_first():
    assert temp("38.0").both("F") == "100.4 °F (38.0 °C)"
    assert temp("38.0").both("C") == "38.0 °C (100.4 °F)"
    assert temp("102", "F").both("C") == "38.9 °C (102.0 °F)"


# --- what is shown beside errors ----------------------------------------------------


def test_a_non_urgent_card_never_shows_beside_an_error():
    quiet = Advice(level=NON_URGENT, reasons=("You ticked: headache.",))
    assert advice_to_show(quiet, has_errors=True) is None
    assert advice_to_show(quiet, has_errors=False) is quiet
    for level in (URGENT, IMMEDIATE):
        loud = Advice(level=level, reasons=("x",))
        assert advice_to_show(loud, has_errors=True) is loud


# --- care cards ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symptom", "level", "first_weeks"),
    [
        (CONFUSION, IMMEDIATE, IMMEDIATE),
        (FEVER, URGENT, URGENT),
        (FEVER_AS_ROUTINE, URGENT, URGENT),
        (DIZZINESS, URGENT, URGENT),
        (HEADACHE, NON_URGENT, URGENT),
        (COUGH, NON_URGENT, URGENT),
    ],
)
def test_card_level_is_the_checklist_answer_for_the_symptom_alone(symptom, level, first_weeks):
    # The cards place a symptom for a reader treated more than 4 weeks ago; the urgent card says in
    # words that in the first weeks every symptom is urgent (tests/test_care_cards.py).
    assert card_level(symptom) == level == decide(later(symptoms=(symptom,))).level
    assert card_level(symptom, RECENT) == first_weeks == decide(calm(symptoms=(symptom,))).level
