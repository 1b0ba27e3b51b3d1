"""The "when to get help" checklist form.

Every label, choice and message a reader sees is translated: gettext_lazy for the class's fields
(the language is known only when a request renders them), gettext for words made per request."""

import copy
import re
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy, ngettext

from .. import triage

SLUG = re.compile(r"^[-a-z0-9]{1,60}$")
MAX_TEMPERATURE_CHARS = 8
# Translators: %(example)s is a temperature such as 101.3 (the site's unit, without the unit).
NOT_A_NUMBER = gettext_lazy("Enter your temperature as a number, like %(example)s")
NOT_SURE = gettext_lazy("I’m not sure")
YES_NO_NOT_SURE = [
    (triage.YesNo.YES.value, gettext_lazy("Yes")),
    (triage.YesNo.NO.value, gettext_lazy("No")),
    (triage.YesNo.NOT_SURE.value, NOT_SURE),
]


class BadChecklistRequest(Exception):
    """A request no browser sends from our form: answered with 400, not a form error."""


def window_words(days: int) -> str:
    """The "recent treatment" window in words, in the active language: "4 weeks", "10 days"."""
    if days % 7 == 0:
        weeks = days // 7
        return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


class _Fields(forms.Form):
    """The checklist's questions as declared: copied and completed for each release and language
    by ``ChecklistFields``, never used as a form itself."""

    symptoms = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    none = forms.BooleanField(required=False, label=gettext_lazy("None of these"))
    worse = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Has anything suddenly got worse?"),
        choices=YES_NO_NOT_SURE,
    )
    duration = forms.ChoiceField(
        required=False,
        label=gettext_lazy("How long have you had these symptoms?"),
        choices=[
            (triage.Duration.UNDER_A_DAY.value, gettext_lazy("Less than a day")),
            (triage.Duration.ONE_TO_THREE_DAYS.value, gettext_lazy("1 to 3 days")),
            (triage.Duration.OVER_THREE_DAYS.value, gettext_lazy("More than 3 days")),
            (triage.Duration.NOT_SURE.value, NOT_SURE),
        ],
    )
    treatment = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Have you had immunotherapy or other cancer treatment?"),
        # help_text: set per request in __init__ (it names the first answer, which names the window).
    )
    medicine = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Have you recently taken a medicine that can lower a fever?"),
        help_text=gettext_lazy(
            "For example acetaminophen (paracetamol, Tylenol), ibuprofen (Advil, Motrin), "
            "or a steroid such as dexamethasone or prednisone, including one given with your treatment. "
            "If you have a fever, call your team before you take any of these, unless your team's written plan says to."
        ),
        choices=YES_NO_NOT_SURE,
    )
    temperature = forms.CharField(required=False, label=gettext_lazy("Your highest temperature (optional)"))
    unit = forms.ChoiceField(required=False, choices=[("F", "°F"), ("C", "°C")])


class ChecklistFields:
    """The checklist's fields for one release in one language, made once and shared by every
    form of that release and language (crsinfo/checklist/answer.py keeps them).

    Django copies a form's fields for every form it makes, so that one form can change its own;
    this form never changes a field after it is made, so the copy (a fifth of an answer's time)
    is left out. Everything that differs by release or language (the symptoms, the window, the
    unit that comes first) is set here; ``tests/checklist/test_answer.py`` checks that answering
    and rendering leave every field as it was.
    """

    def __init__(self, symptoms=(), unit_first: str = "F", window: str = "4 weeks"):
        self.unit_first = unit_first
        self.window = window
        self.symptom_objects = MappingProxyType({s.slug: s for s in symptoms})
        fields = copy.deepcopy(_Fields.base_fields)
        fields["symptoms"].choices = [(s.slug, s.label) for s in symptoms]
        fields["treatment"].choices = [
            # Translators: %(window)s is a length of time such as "4 weeks" (from "%(count)d weeks").
            (triage.Treatment.RECENT.value, gettext("Yes, in the last %(window)s") % {"window": window}),
            # Translators: %(window)s is a length of time such as "4 weeks" (from "%(count)d weeks").
            (triage.Treatment.EARLIER.value, gettext("Yes, more than %(window)s ago") % {"window": window}),
            (triage.Treatment.NO.value, gettext("No")),
            (triage.Treatment.NOT_SURE.value, NOT_SURE),
        ]
        fields["treatment"].help_text = gettext(
            # Translators: %(recent)s is the first answer, e.g. "Yes, in the last 4 weeks"; keep the quotation marks.
            "For example CAR-T cell therapy, a bispecific antibody or chemotherapy. "
            "If you are having the first doses of a bispecific antibody, which build up step by step "
            "(step-up doses), choose “%(recent)s”."
        ) % {"recent": fields["treatment"].choices[0][1]}
        # The site's unit comes first and is chosen until the reader picks the other.
        fields["unit"].choices = sorted(fields["unit"].choices, key=lambda c: c[0] != unit_first)
        fields["unit"].initial = unit_first
        self.fields = MappingProxyType(fields)
        self.choices = MappingProxyType(
            {name: frozenset(choice for choice, _ in fields[name].choices) for name in ChecklistForm.RADIOS}
        )


class ChecklistForm(forms.BaseForm):
    RADIOS = ("worse", "duration", "treatment", "medicine", "unit")
    SINGLE_FIELDS = ("none", "temperature", *RADIOS)
    base_fields: dict = {}  # empty: the fields come from a ChecklistFields

    def __init__(self, data=None, *, kept: ChecklistFields | None = None, **options):
        """``kept``: the release's fields in the active language; without it (tests), they are
        made from ``options`` (symptoms, unit_first, window) for this form alone."""
        super().__init__(data)
        kept = kept or ChecklistFields(**options)
        self.fields = dict(kept.fields)  # the shared fields themselves: see ChecklistFields
        self.kept = kept
        self.unit_first = kept.unit_first
        self.window = kept.window
        self.symptom_objects = kept.symptom_objects
        self.reading: triage.Temperature | None = None
        self.temperature_note = ""
        self.typed_unit: str | None = None

    def check_raw(self, data: QueryDict) -> None:
        """Reject what our own form can never send: repeated single fields, unknown or malformed
        symptoms, answers that are not one of the choices."""
        unknown = set(data) - {*self.SINGLE_FIELDS, "symptoms"}
        if unknown:
            raise BadChecklistRequest(gettext("The form sent a field it does not have."))
        for name in self.SINGLE_FIELDS:
            if len(data.getlist(name)) > 1:
                # Translators: %(name)s is the name of a form field in the page's code, such as "worse"; keep it.
                raise BadChecklistRequest(gettext("The field “%(name)s” was sent more than once.") % {"name": name})
        slugs = data.getlist("symptoms")
        if len(slugs) != len(set(slugs)):
            raise BadChecklistRequest(gettext("A symptom was sent more than once."))
        for slug in slugs:
            if not SLUG.match(slug):
                raise BadChecklistRequest(gettext("A symptom was not in the right form."))
            if slug not in self.symptom_objects:
                raise BadChecklistRequest(gettext("A symptom is not on our list."))
        for name in self.RADIOS:
            value = data.get(name)
            if value and value not in self.kept.choices[name]:
                raise BadChecklistRequest(
                    # Translators: %(name)s is the name of a form field in the page's code, such as "worse"; keep it.
                    gettext("The answer to “%(name)s” is not one of the choices.") % {"name": name}
                )
        if data.get("none") not in (None, "", "on"):
            raise BadChecklistRequest(gettext("The answer to “%(name)s” is not one of the choices.") % {"name": "none"})

    @property
    def example(self) -> str:
        return "101.3" if self.unit_first == "F" else "38.5"

    def clean_temperature(self):
        typed = self.cleaned_data["temperature"].strip().replace(",", ".")
        raw = typed.rstrip("°CFcf ").strip()
        # A unit typed with the number ("38.2 °C", "101F") wins over the unit buttons.
        self.typed_unit = typed[len(raw) :].strip(" °").upper() or None
        if self.typed_unit not in (None, "C", "F"):
            self.typed_unit = None
        if not raw:
            return None
        error = forms.ValidationError(NOT_A_NUMBER, code="not_a_number", params={"example": self.example})
        if len(raw) > MAX_TEMPERATURE_CHARS:
            raise error
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise error from None
        if not value.is_finite():
            raise error
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("symptoms") and not cleaned.get("none"):
            self.add_error("symptoms", gettext("Tick the symptoms you have, or tick “None of these”"))
        elif cleaned.get("symptoms") and cleaned.get("none"):
            self.add_error("none", gettext("You ticked “None of these” and a symptom. Untick one of them"))
        value = cleaned.get("temperature")
        if value is not None:
            unit = self.typed_unit or cleaned.get("unit") or self.unit_first
            reading, switched = triage.read_temperature(value, unit)
            if reading is None:
                ranges = {u: triage.TEMPERATURE_RANGE[u] for u in ("F", "C")}
                first, second = (self.unit_first, triage.OTHER_UNIT[self.unit_first])
                self.add_error(
                    "temperature",
                    forms.ValidationError(
                        # Translators: each range is e.g. "86 and 113 °F" (from "%(low)s and %(high)s °%(unit)s").
                        gettext("That is not a body temperature. Enter a number between %(range1)s, or %(range2)s"),
                        code="out_of_range",
                        params={"range1": _range(*ranges[first], first), "range2": _range(*ranges[second], second)},
                    ),
                )
            else:
                self.reading = reading
                if switched:
                    # Translators: e.g. "We read 38.5 as 101.3 °F (38.5 °C), because 38.5 °F is not a body
                    # temperature." %(unit)s is the letter F or C.
                    self.temperature_note = gettext(
                        "We read %(typed)s as %(reading)s, because %(typed)s °%(unit)s is not a body temperature."
                    ) % {"typed": _plain(value), "reading": reading.both(reading.unit), "unit": unit}
        return cleaned

    def answers(self) -> triage.Answers:
        data = self.cleaned_data

        def choice(name, kind):
            return kind(data[name]) if data.get(name) else None

        return triage.Answers(
            symptoms=tuple(
                triage.Symptom(slug=s.slug, label=s.label, urgency=s.urgency)
                for slug in data.get("symptoms", [])
                if (s := self.symptom_objects[slug])
            ),
            worse=choice("worse", triage.YesNo),
            duration=choice("duration", triage.Duration),
            treatment=choice("treatment", triage.Treatment),
            fever_medicine=choice("medicine", triage.YesNo),
            temperature=self.reading,
            unit_first=self.unit_first,
            window=self.window,
        )

    def advice(self) -> triage.Advice | None:
        """The advice to show for a bound form: see triage.advice_to_show."""
        self.is_valid()
        return triage.advice_to_show(triage.decide(self.answers()), has_errors=bool(self.errors))


def _range(low, high, unit: str) -> str:
    """A range of readings in words: "86 and 113 °F"."""
    # Translators: a range of body temperatures, e.g. "86 and 113 °F", used after "between".
    return gettext("%(low)s and %(high)s °%(unit)s") % {"low": low, "high": high, "unit": unit}


def _plain(value: Decimal) -> str:
    """A number as the reader typed it, without exponent or trailing noise: 102, 38.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
