"""The "when to get help" checklist form."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.http import QueryDict

from . import triage

SINGLE_FIELDS = ("none", "worse", "duration", "immunotherapy", "temperature", "unit")
SLUG = re.compile(r"^[-a-z0-9]{1,60}$")
MAX_TEMPERATURE_CHARS = 8


class BadChecklistRequest(Exception):
    """A request no browser sends from our form: answered with 400, not a form error."""


def check_raw(data: QueryDict, known_slugs: set[str]) -> None:
    """Reject what our own form can never send: repeated single fields, unknown or malformed symptoms."""
    for name in SINGLE_FIELDS:
        if len(data.getlist(name)) > 1:
            raise BadChecklistRequest(f"The field “{name}” was sent more than once.")
    slugs = data.getlist("symptoms")
    if len(slugs) != len(set(slugs)):
        raise BadChecklistRequest("A symptom was sent more than once.")
    for slug in slugs:
        if not SLUG.match(slug):
            raise BadChecklistRequest("A symptom was not in the right form.")
        if slug not in known_slugs:
            raise BadChecklistRequest("A symptom is not on our list.")


class ChecklistForm(forms.Form):
    symptoms = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    none = forms.BooleanField(required=False, label="None of these")
    worse = forms.ChoiceField(
        required=False,
        label="Has anything suddenly got worse?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    duration = forms.ChoiceField(
        required=False,
        label="How long have you had these symptoms?",
        choices=[
            (triage.Duration.UNDER_A_DAY.value, "Less than a day"),
            (triage.Duration.ONE_TO_THREE_DAYS.value, "1 to 3 days"),
            (triage.Duration.OVER_THREE_DAYS.value, "More than 3 days"),
        ],
        widget=forms.RadioSelect,
    )
    immunotherapy = forms.ChoiceField(
        required=False,
        choices=[
            (triage.Immunotherapy.YES.value, "Yes"),
            (triage.Immunotherapy.NO.value, "No"),
            (triage.Immunotherapy.NOT_SURE.value, "I’m not sure"),
        ],
        widget=forms.RadioSelect,
    )
    temperature = forms.CharField(
        required=False,
        label="Your highest temperature (optional)",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
    )
    unit = forms.ChoiceField(required=False, choices=[("C", "°C"), ("F", "°F")], initial="C", widget=forms.RadioSelect)

    # Errors that leave the rest of the answer standing.
    # "None of these" with a symptom: the ticked symptoms still get their advice.
    NON_BLOCKING = frozenset({"temperature", "none"})

    def __init__(self, *args, symptoms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.symptom_objects = {s.slug: s for s in symptoms}
        self.fields["symptoms"].choices = [(s.slug, s.label) for s in symptoms]

    def clean_temperature(self):
        raw = self.cleaned_data["temperature"].strip().replace(",", ".").rstrip("°CFcf ").strip()
        if not raw:
            return None
        if len(raw) > MAX_TEMPERATURE_CHARS:
            raise forms.ValidationError("Enter your temperature as a number, like 38.5", code="not_a_number")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError("Enter your temperature as a number, like 38.5", code="not_a_number") from None
        if not value.is_finite():
            raise forms.ValidationError("Enter your temperature as a number, like 38.5", code="not_a_number")
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("symptoms") and not cleaned.get("none"):
            self.add_error("symptoms", "Tick the symptoms you have, or tick “None of these”")
        elif cleaned.get("symptoms") and cleaned.get("none"):
            self.add_error("none", "You ticked “None of these” and a symptom. Untick one of them")
        value = cleaned.get("temperature")
        if value is not None:
            unit = cleaned.get("unit") or "C"
            low, high = triage.TEMPERATURE_RANGE[unit]
            if not low <= value <= high:
                self.add_error(
                    "temperature",
                    forms.ValidationError(
                        "Enter a temperature between %(low)s and %(high)s °%(unit)s",
                        code="out_of_range",
                        params={"low": low, "high": high, "unit": unit},
                    ),
                )
        return cleaned

    @property
    def blocking_errors(self) -> bool:
        return bool(set(self.errors) - self.NON_BLOCKING)

    def answers(self) -> triage.Answers:
        data = self.cleaned_data
        temperature = data.get("temperature") if "temperature" not in self.errors else None
        return triage.Answers(
            symptoms=tuple(
                triage.Symptom(slug=s.slug, label=s.label, urgency=s.urgency)
                for slug in data.get("symptoms", [])
                if (s := self.symptom_objects[slug])
            ),
            suddenly_worse=data.get("worse") == "yes",
            duration=triage.Duration(data["duration"]) if data.get("duration") else None,
            immunotherapy=triage.Immunotherapy(data["immunotherapy"]) if data.get("immunotherapy") else None,
            temperature=triage.Temperature(temperature, data.get("unit") or "C") if temperature is not None else None,
        )
