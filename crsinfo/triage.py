"""The "when to get help" decision: from a reader's answers to one level of advice and its reasons.

Pure: no database, no request. Each symptom's urgency is editor data, passed in with the answers;
the modifiers below are code, from the seed article and CONTENT.md's sourced facts:

- any symptom at the emergency level -> immediate action (seed: difficulty breathing, confusion,
  changes in heart rate or heart function; CONTENT.md: seizures);
- fever (ticked, or a temperature of 38.0 °C / 100.4 °F or more) after recent immunotherapy ->
  urgent: call the treating team now (ASTCT consensus; Yescarta patient information);
- symptoms that suddenly got worse, or that have lasted more than 3 days -> urgent: call a doctor
  (seed: "suddenly get worse or have lasted more than a few days");
- any symptom at the urgent level -> urgent;
- otherwise -> non-urgent: keep watching, with what to watch for.

It never diagnoses and never grades CRS: it says what to do and how fast.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

FEVER_SLUG = "fever"
FEVER_C = Decimal("38.0")
FEVER_F = Decimal("100.4")
TEMPERATURE_RANGE = {"C": (Decimal(30), Decimal(45)), "F": (Decimal(86), Decimal(113))}


class Level(enum.IntEnum):
    """Ordered: a higher value is more urgent."""

    NON_URGENT = 1
    URGENT = 2
    IMMEDIATE = 3

    @property
    def css(self) -> str:
        return {Level.NON_URGENT: "non-urgent", Level.URGENT: "urgent", Level.IMMEDIATE: "immediate"}[self]

    @property
    def label(self) -> str:
        return {
            Level.NON_URGENT: "Non-urgent advice",
            Level.URGENT: "Urgent advice",
            Level.IMMEDIATE: "Immediate action required",
        }[self]


URGENCY_LEVEL = {"emergency": Level.IMMEDIATE, "urgent": Level.URGENT, "routine": Level.NON_URGENT}


class Duration(enum.StrEnum):
    UNDER_A_DAY = "under-1-day"
    ONE_TO_THREE_DAYS = "1-3-days"
    OVER_THREE_DAYS = "over-3-days"


class Immunotherapy(enum.StrEnum):
    YES = "yes"
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
        return self.value >= (FEVER_C if self.unit == "C" else FEVER_F)

    def __str__(self) -> str:
        return f"{self.value:.1f} °{self.unit}"


@dataclass(frozen=True)
class Answers:
    symptoms: tuple[Symptom, ...] = ()
    suddenly_worse: bool = False
    duration: Duration | None = None
    immunotherapy: Immunotherapy | None = None
    temperature: Temperature | None = None


@dataclass(frozen=True)
class Advice:
    level: Level
    reasons: tuple[str, ...]


def _names(symptoms) -> str:
    return ", ".join(s.label[:1].lower() + s.label[1:] for s in symptoms)


def decide(answers: Answers) -> Advice:
    """The most urgent level any rule reaches, with every reason that reaches that level."""
    found: list[tuple[Level, str]] = []

    by_level: dict[Level, list[Symptom]] = {level: [] for level in Level}
    for symptom in answers.symptoms:
        by_level[URGENCY_LEVEL.get(symptom.urgency, Level.URGENT)].append(symptom)

    if by_level[Level.IMMEDIATE]:
        found.append((Level.IMMEDIATE, f"You ticked: {_names(by_level[Level.IMMEDIATE])}."))

    ticked_fever = any(s.slug == FEVER_SLUG for s in answers.symptoms)
    measured_fever = answers.temperature is not None and answers.temperature.is_fever
    recent = answers.immunotherapy in (Immunotherapy.YES, Immunotherapy.NOT_SURE)
    if (ticked_fever or measured_fever) and recent:
        what = f"a temperature of {answers.temperature}" if measured_fever else "a fever"
        when = (
            "after recent immunotherapy"
            if answers.immunotherapy == Immunotherapy.YES
            else "and you are not sure whether you have had immunotherapy recently"
        )
        found.append((Level.URGENT, f"You have {what} {when}."))
    elif measured_fever:
        found.append((Level.NON_URGENT, f"You have a temperature of {answers.temperature}, which is a fever."))

    if answers.suddenly_worse:
        found.append((Level.URGENT, "Your symptoms have suddenly got worse."))
    if answers.duration == Duration.OVER_THREE_DAYS:
        found.append((Level.URGENT, "You have had symptoms for more than 3 days."))
    if by_level[Level.URGENT]:
        found.append((Level.URGENT, f"You ticked: {_names(by_level[Level.URGENT])}."))

    routine = [s for s in by_level[Level.NON_URGENT] if not (s.slug == FEVER_SLUG and recent)]
    if routine:
        found.append((Level.NON_URGENT, f"You ticked: {_names(routine)}."))
    if not answers.symptoms and not found:
        found.append((Level.NON_URGENT, "You ticked none of the symptoms on the list."))

    level = max(level for level, _ in found)
    return Advice(level=level, reasons=tuple(reason for lvl, reason in found if lvl == level))
