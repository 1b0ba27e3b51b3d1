"""Who last changed each item of the draft, and when: from django-reversion's versions (every
admin save and every content load keeps one), and, for an item deleted in the draft, from the
admin's record of the deletion. Items are named as the diff names them (crsinfo/publishing/diffs.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from reversion.models import Version

from ..access import display_name
from ..i18n import SPANISH
from ..models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Product,
    Reference,
    RiskGroup,
    SearchSynonym,
    SiteSettings,
    Symptom,
    SymptomGroup,
)

MODELS = {
    "site settings": (SiteSettings, lambda key: {"pk": 1}),
    "reference": (Reference, lambda key: {"key": key}),
    "symptom group": (SymptomGroup, lambda key: {"slug": key}),
    "symptom": (Symptom, lambda key: {"slug": key}),
    "group at higher risk": (RiskGroup, lambda key: {"slug": key}),
    "prevention step": (PreventionStep, lambda key: {"slug": key}),
    "glossary term": (GlossaryTerm, lambda key: {"slug": key}),
    "search synonym": (SearchSynonym, lambda key: {"phrase": key, "language": "en"}),
    "Spanish search synonym": (SearchSynonym, lambda key: {"phrase": key, "language": SPANISH}),
    "clinic": (Clinic, lambda key: {"slug": key}),
    "treatment": (Product, lambda key: {"slug": key}),
    "page": (Article, lambda key: {"slug": key}),
}


@dataclass
class Author:
    name: str
    when: object  # a datetime
    user_id: int | None


def item_object(kind: str, key: str):
    """The draft's row for an item of the diff, or None (deleted in the draft, or unknown)."""
    if kind not in MODELS:
        return None
    model, lookup = MODELS[kind]
    return model.objects.filter(**lookup(key)).first()


def last_change(kind: str, key: str, label: str) -> Author | None:
    """Who last changed the item in the draft, and when (None if nothing records it)."""
    if kind not in MODELS:
        return None
    model, _lookup = MODELS[kind]
    obj = item_object(kind, key)
    if obj is None:
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), action_flag=DELETION, object_repr=label
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        return Author(display_name(entry.user), entry.action_time, entry.user_id) if entry else None
    version = Version.objects.get_for_object(obj).select_related("revision__user").first()
    if version is None:
        return None
    user = version.revision.user
    return Author(
        display_name(user) if user else _("the content files"), version.revision.date_created, user.pk if user else None
    )
