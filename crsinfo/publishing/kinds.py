"""The kinds of item a release holds, named once.

Every tool that speaks of one item of the content names it as (kind, key): the diff of a review
(``diffs.flatten``), partial publication (``partial``), who changed it last and discarding a
change (``editorial/authors.py``, ``editorial/discard.py``) and the admin's "readers see" column.
Each kind says here which model holds it, which field names an item, which field labels it, where a
release's snapshot keeps it, and which fields a diff leaves to the items inside it. A new kind of
content is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

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

SITE_KEY = "site"  # the one item of the site settings


@dataclass(frozen=True)
class Kind:
    name: str  # as the review page says it: "symptom", "treatment", ...
    model: type
    key_field: str  # the field whose value names an item (empty: the site settings, one item)
    label_field: str  # the field shown as the item's name
    # The snapshot's top-level list of these items. Empty for the site settings (the snapshot's
    # "site") and for symptoms (inside their groups).
    snapshot_list: str = ""
    lookups: tuple = ()  # more (field, value) pairs that pick a row: a synonym's language
    skip: frozenset = frozenset()  # fields a diff leaves to the items inside (a page's sections)

    def lookup(self, key: str) -> dict:
        """The filter that finds the item ``key`` in the draft."""
        if not self.key_field:
            return {"pk": 1}
        return {self.key_field: key, **dict(self.lookups)}

    def key_of(self, obj) -> str:
        return getattr(obj, self.key_field) if self.key_field else SITE_KEY

    def holds(self, obj) -> bool:
        return type(obj) is self.model and all(getattr(obj, name) == value for name, value in self.lookups)


KINDS = (
    Kind("site settings", SiteSettings, "", ""),
    Kind("reference", Reference, "key", "title", "references"),
    Kind("symptom group", SymptomGroup, "slug", "name", "symptoms", skip=frozenset({"symptoms"})),
    Kind("symptom", Symptom, "slug", "name"),
    Kind("group at higher risk", RiskGroup, "slug", "text", "risk_groups"),
    Kind("prevention step", PreventionStep, "slug", "text", "prevention"),
    Kind("glossary term", GlossaryTerm, "slug", "term", "glossary"),
    Kind("search synonym", SearchSynonym, "phrase", "phrase", "synonyms", lookups=(("language", "en"),)),
    Kind("Spanish search synonym", SearchSynonym, "phrase", "phrase", "synonyms_es", lookups=(("language", SPANISH),)),
    Kind("clinic", Clinic, "slug", "name", "clinics"),
    Kind("treatment", Product, "slug", "brand_name", "products"),
    Kind("page", Article, "slug", "title", "articles", skip=frozenset({"sections"})),
)
BY_NAME = MappingProxyType({kind.name: kind for kind in KINDS})
# kind -> (the snapshot's list, the key of an item in it), for the kinds kept in a top-level list
LISTS = MappingProxyType({k.name: (k.snapshot_list, k.key_field) for k in KINDS if k.snapshot_list})


def kind_and_key(obj) -> tuple[str, str] | None:
    """A draft row's name in the diff: (kind, key); None for a row that is not an item."""
    for kind in KINDS:
        if kind.holds(obj):
            return kind.name, kind.key_of(obj)
    return None
