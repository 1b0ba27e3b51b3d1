"""The "when to get help" decision: from a reader's answers to one level of advice and its reasons.

THE PRINCIPLE: missing, unreadable or contradictory information never makes the answer more
reassuring. An unanswered question counts as "not sure", and "not sure" gets the advice of the
answer that needs the most care. Ticking more symptoms, or giving a more worrying answer to any
question (yes rather than no, longer rather than shorter, more recent treatment rather than
earlier, a higher temperature), can only keep the level or raise it. Only a calm answer the
reader actually gave ("No", "Less than a day", "more than 4 weeks ago") can make the advice
calmer than "not sure" -- that is what asking is for. tests/checklist/test_triage_properties.py
proves these rules with Hypothesis; tests/checklist/test_triage.py is the decision table, with sources.

Pure: no database, no request. Each symptom's urgency is editor data, passed in with the answers;
the rules below are code, from the seed article and sourced facts (the references are in
content/references.yaml and on the "When to get help" page):

- a symptom at the emergency level -> immediate action (seed: difficulty breathing, confusion,
  changes in heart rate or heart function; product labels: seizures, trouble speaking, fainting);
- fever (ticked, or a temperature of 38.0 °C / 100.4 °F or more) -> at least urgent, whatever the
  reader says about their treatment and however long ago it was: the site's readers are having or
  have had immunotherapy or other cancer treatment, and after the first weeks a fever can mean an
  infection (CDC, fever during cancer treatment; CAR-T labels' infection warnings). Treatment and
  its timing change the words only;
- THE FIRST WEEKS: any ticked symptom, whatever its own level, from a reader treated in the last
  4 weeks (the site's "recent" window; the checklist asks readers having the first, step-up doses
  of a bispecific antibody to choose this answer too) -> at least urgent: call the treatment team
  now, do not wait 3 days. Carvykti and Aucatzyl patient information (AHFS/MedlinePlus a622041,
  a624084): "tell your doctor immediately" about fever, chills, headache, muscle pain, diarrhea,
  cough, nausea, vomiting, tiredness ...; Tecvayli/Talvey REMS: report all symptoms of CRS or
  nerve problems immediately. A reader who is not sure when (or whether) they were treated, or who
  does not say, is treated as recent (the principle). Only "more than 4 weeks ago" or "No" leave
  the seed's rule below for a symptom at the routine level;
- a medicine that lowers fever (acetaminophen, ibuprofen) or a steroid, taken or maybe taken, with
  any symptom -> urgent: a normal temperature does not reassure (Cancer Research UK; ASTCT 2019);
- symptoms that suddenly got worse, or that have lasted more than 3 days (or the reader is not
  sure) -> urgent (seed: "suddenly get worse or have lasted more than a few days");
- a symptom at the urgent level, or at a level this code does not know -> urgent;
- otherwise (a reader treated more than 4 weeks ago, or not at all, who answered every question
  calmly) -> non-urgent: keep watching, with what to watch for.

An answer built on an unreadable answer (a temperature we cannot read) is never shown as
non-urgent: see ``advice_to_show``.

It never diagnoses and never grades CRS: it says what to do and how fast.

Every sentence a reader sees is translated (gettext) when it is produced, in the language active
for the request; the decision never depends on the words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

FEVER_SLUG = "fever"
FEVER = {"C": Decimal("38.0"), "F": Decimal("100.4")}
# The readings a thermometer on a person can show; a number outside both is not a body temperature.
TEMPERATURE_RANGE = {"C": (Decimal(30), Decimal(45)), "F": (Decimal(86), Decimal(113))}
OTHER_UNIT = {"C": "F", "F": "C"}


class Level(enum.IntEnum):
    """Ordered: a higher value is more urgent."""

    NON_URGENT = 1
    URGENT = 2
    IMMEDIATE = 3

    @property
    def css(self) -> str:
        return {Level.NON_URGENT: "non-urgent", Level.URGENT: "urgent", Level.IMMEDIATE: "immediate"}[self]


URGENCY_LEVEL = {"emergency": Level.IMMEDIATE, "urgent": Level.URGENT, "routine": Level.NON_URGENT}


class YesNo(enum.StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not-sure"


class Duration(enum.StrEnum):
    UNDER_A_DAY = "under-1-day"
    ONE_TO_THREE_DAYS = "1-3-days"
    OVER_THREE_DAYS = "over-3-days"
    NOT_SURE = "not-sure"


class Treatment(enum.StrEnum):
    """Immunotherapy or other cancer treatment: when, if at all."""

    RECENT = "recent"  # within the site's "recent" window (a setting, 4 weeks by default)
    EARLIER = "earlier"
    NO = "no"
    NOT_SURE = "not-sure"


@dataclass(frozen=True)
class Symptom:
    slug: str
    label: str
    urgency: str  # emergency | urgent | routine


@dataclass(frozen=True)
class Temperature:
    value: Decimal
    unit: str  # "C" or "F"

    @property
    def is_fever(self) -> bool:
        return self.value >= FEVER[self.unit]

    def converted(self) -> Temperature:
        if self.unit == "C":
            return Temperature(self.value * 9 / 5 + 32, "F")
        return Temperature((self.value - 32) * 5 / 9, "C")

    def __str__(self) -> str:
        return f"{self.value:.1f} °{self.unit}"

    def both(self, first: str = "F") -> str:
        """Both units, ``first`` first: "101.3 °F (38.5 °C)"."""
        pair = (self, self.converted()) if self.unit == first else (self.converted(), self)
        return f"{pair[0]} ({pair[1]})"


def read_temperature(value: Decimal, unit: str) -> tuple[Temperature | None, bool]:
    """The reading a reader meant, and whether we read it in the other unit.

    A number that is a body temperature only in the other unit ("102" with °C, "38.5" with °F) is
    read in that unit: the two ranges do not overlap, so this is never a guess. A number that is a
    body temperature in neither gives (None, False): the caller must say so, never drop it quietly.
    """
    for candidate, switched in ((unit, False), (OTHER_UNIT[unit], True)):
        low, high = TEMPERATURE_RANGE[candidate]
        if low <= value <= high:
            return Temperature(value, candidate), switched
    return None, False


@dataclass(frozen=True)
class Answers:
    """What the reader told us. ``None`` means the question was not answered."""

    symptoms: tuple[Symptom, ...] = ()
    worse: YesNo | None = None
    duration: Duration | None = None
    treatment: Treatment | None = None
    fever_medicine: YesNo | None = None
    temperature: Temperature | None = None
    unit_first: str = "F"  # the site's temperature unit: how reasons write temperatures
    window: str = "4 weeks"  # the site's "recent" window, in words: shapes wording only


@dataclass(frozen=True)
class Advice:
    level: Level
    reasons: tuple[str, ...]
    # What the advice assumed because a question was not answered or the reader was not sure.
    assumed: tuple[str, ...] = ()
    told_treatment: bool = True  # tell the emergency team or care team about the treatment


def _names(symptoms) -> str:
    return ", ".join(s.label[:1].lower() + s.label[1:] for s in symptoms)


def _ticked(symptoms) -> str:
    # Translators: followed by the names of the symptoms the reader ticked, e.g. "You ticked: cough, headache."
    return gettext("You ticked: %(symptoms)s.") % {"symptoms": _names(symptoms)}


def _fever_words(reading: str | None, treatment: Treatment | None, window: str) -> str:
    """The first reason for a fever, in words: measured (``reading``, both units) or ticked, and
    what the treatment answer makes of it. Words only: the level is decided in ``_fever``."""
    params = {"temperature": reading, "window": window}
    if treatment == Treatment.RECENT:
        if reading:
            text = gettext(
                # Translators: %(temperature)s is e.g. "101.3 °F (38.5 °C)"; %(window)s is e.g. "4 weeks".
                "You have a temperature of %(temperature)s in the first %(window)s after treatment. "
                "It can be a sign of CRS."
            )
        else:
            # Translators: %(window)s is a length of time such as "4 weeks".
            text = gettext("You have a fever in the first %(window)s after treatment. It can be a sign of CRS.")
    elif treatment == Treatment.EARLIER:
        if reading:
            text = gettext(
                "You have a temperature of %(temperature)s after cancer treatment. It can be a sign of an infection."
            )
        else:
            text = gettext("You have a fever after cancer treatment. It can be a sign of an infection.")
    elif reading:
        text = gettext("You have a temperature of %(temperature)s.")
    else:
        text = gettext("You have a fever.")
    return text % params


def symptom_level(symptom: Symptom) -> Level:
    """A symptom's own level: the editors' urgency; an unknown urgency errs on the side of urgent;
    fever is never below urgent, whatever the data says."""
    level = URGENCY_LEVEL.get(symptom.urgency, Level.URGENT)
    if symptom.slug == FEVER_SLUG:
        level = max(level, Level.URGENT)
    return level


class _Findings:
    """What each rule found: facts ("why we say this") and assumptions ("what we assumed"), each
    with the level it reaches."""

    def __init__(self):
        self.items: list[tuple[Level, str, bool]] = []

    def reason(self, level: Level, text: str) -> None:
        self.items.append((level, text, False))

    def assumption(self, level: Level, text: str) -> None:
        self.items.append((level, text, True))

    def advice(self, told_treatment: bool) -> Advice:
        level = max(level for level, _, _ in self.items)
        # Two rules may make the same assumption (fever and the first weeks): say it once.
        return Advice(
            level=level,
            reasons=tuple(dict.fromkeys(text for lvl, text, assumed in self.items if lvl == level and not assumed)),
            assumed=tuple(dict.fromkeys(text for lvl, text, assumed in self.items if lvl == level and assumed)),
            told_treatment=told_treatment,
        )


def _fever(answers: Answers, found: _Findings) -> bool:
    temperature = answers.temperature
    ticked = any(s.slug == FEVER_SLUG for s in answers.symptoms)
    measured = temperature is not None and temperature.is_fever
    if not (ticked or measured):
        return False
    reading = temperature.both(answers.unit_first) if measured else None
    found.reason(Level.URGENT, _fever_words(reading, answers.treatment, answers.window))
    match answers.treatment:
        case Treatment.NO:
            found.reason(
                Level.URGENT,
                gettext("You said you have not had cancer treatment. We still give the advice for people who have."),
            )
        case Treatment.NOT_SURE | None:
            found.assumption(Level.URGENT, _treatment_assumed(answers))
    return True


def _treatment_assumed(answers: Answers) -> str:
    """What we assumed about a treatment answer of "not sure" or none: the most cautious answer."""
    if answers.treatment == Treatment.NOT_SURE:
        # Translators: %(window)s is a length of time such as "4 weeks".
        text = gettext(
            "You are not sure if or when you had cancer treatment. We assumed it was in the last %(window)s."
        )
    else:
        # Translators: %(window)s is a length of time such as "4 weeks".
        text = gettext("You did not say if you have had cancer treatment. We assumed it was in the last %(window)s.")
    return text % {"window": answers.window}


def _first_weeks(answers: Answers, found: _Findings, routine: list[Symptom]) -> bool:
    """Any symptom in the first weeks after treatment (or the reader is not sure, or did not say)
    is at least urgent: the labels say to report these symptoms at once. True if the rule lifts the
    reader's symptoms at the routine level to urgent (symptoms at a higher level need no lifting)."""
    if not routine:
        return False
    match answers.treatment:
        case Treatment.RECENT:
            found.reason(
                Level.URGENT,
                # Translators: %(window)s is a length of time such as "4 weeks".
                gettext(
                    "In the first %(window)s after treatment, any new symptom needs a call to your team. "
                    "Do not wait to see if it goes away."
                )
                % {"window": answers.window},
            )
            return True
        case Treatment.NOT_SURE | None:
            found.assumption(Level.URGENT, _treatment_assumed(answers))
            return True
    return False


def decide(answers: Answers) -> Advice:
    """The most urgent level any rule reaches, with every reason and assumption that reaches it."""
    found = _Findings()
    unwell = bool(answers.symptoms)

    by_level: dict[Level, list[Symptom]] = {level: [] for level in Level}
    for symptom in answers.symptoms:
        by_level[symptom_level(symptom)].append(symptom)

    if by_level[Level.IMMEDIATE]:
        found.reason(Level.IMMEDIATE, _ticked(by_level[Level.IMMEDIATE]))

    fever = _fever(answers, found)

    # Fever medicines and steroids can hide a fever: then feeling unwell is enough to call.
    if unwell and not fever:
        match answers.fever_medicine:
            case YesNo.YES:
                found.reason(
                    Level.URGENT, gettext("You have taken a medicine that can hide a fever, and you feel unwell.")
                )
            case YesNo.NOT_SURE:
                found.assumption(
                    Level.URGENT,
                    gettext("You are not sure whether you took a medicine that can hide a fever. We assumed you did."),
                )
            case None:
                found.assumption(
                    Level.URGENT,
                    gettext("You did not say whether you took a medicine that can hide a fever. We assumed you did."),
                )

    match answers.worse:
        case YesNo.YES:
            found.reason(Level.URGENT, gettext("Your symptoms have suddenly got worse."))
        case YesNo.NOT_SURE if unwell:
            found.assumption(
                Level.URGENT,
                gettext("You are not sure whether your symptoms have suddenly got worse. We assumed they have."),
            )
        case None if unwell:
            found.assumption(
                Level.URGENT,
                gettext("You did not say whether your symptoms have suddenly got worse. We assumed they have."),
            )

    match answers.duration:
        case Duration.OVER_THREE_DAYS:
            found.reason(Level.URGENT, gettext("You have had symptoms for more than 3 days."))
        case Duration.NOT_SURE if unwell:
            found.assumption(
                Level.URGENT, gettext("You are not sure how long you have had symptoms. We assumed more than 3 days.")
            )
        case None if unwell:
            found.assumption(
                Level.URGENT, gettext("You did not say how long you have had symptoms. We assumed more than 3 days.")
            )

    routine = by_level[Level.NON_URGENT]
    recent = _first_weeks(answers, found, routine)

    urgent_symptoms = [s for s in by_level[Level.URGENT] if not (fever and s.slug == FEVER_SLUG)]
    if recent:
        urgent_symptoms += routine
    if urgent_symptoms:
        found.reason(Level.URGENT, _ticked(urgent_symptoms))

    if routine and not recent:
        found.reason(Level.NON_URGENT, _ticked(routine))
    if not unwell:
        found.reason(Level.NON_URGENT, gettext("You ticked none of the symptoms on the list."))

    return found.advice(told_treatment=answers.treatment != Treatment.NO)


def advice_to_show(advice: Advice | None, has_errors: bool) -> Advice | None:
    """The advice a reader may see beside the form's error messages.

    An answer we could not read (a temperature that is not a number, or not a body temperature in
    either unit) might have raised the level, so a non-urgent card never appears beside an error:
    the error shows instead. Urgent and immediate answers still show, because nothing the reader
    could add would lower them.
    """
    if advice is None or (has_errors and advice.level == Level.NON_URGENT):
        return None
    return advice


CALM_ANSWERS = {
    "worse": YesNo.NO,
    "duration": Duration.UNDER_A_DAY,
    "fever_medicine": YesNo.NO,
}


def card_level(symptom: Symptom, treatment: Treatment = Treatment.EARLIER) -> Level:
    """The care card a symptom belongs on: the checklist's answer for that symptom alone, for a
    reader who answers every other question calmly. Every page, the handout and the wallet card
    place symptoms with this, so they cannot disagree with the checklist.

    The cards list each symptom once, where it belongs for a reader treated more than 4 weeks ago
    (the default): the seed's "keep watching, call if worse or more than 3 days" tier. For a
    reader in the first weeks, ``card_level(symptom, Treatment.RECENT)`` is at least urgent for
    every symptom, and the urgent card says so in words at its top ("in the first 4 weeks ... any
    new symptom"), and the non-urgent card's heading says it is for later; tests/checklist/test_care_cards.py
    checks both."""
    return decide(Answers(symptoms=(symptom,), treatment=treatment, **CALM_ANSWERS)).level
