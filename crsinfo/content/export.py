"""Writing the draft out as content files, in the format the loader reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import SPANISH
from ..i18n import english as english_text
from ..models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Product,
    Reference,
    Release,
    RiskGroup,
    SearchSynonym,
    SiteSettings,
    SymptomGroup,
)
from ..publishing.publish import draft_is_published
from ..publishing.snapshot import (
    PREVENTION_FIELDS,
    RISK_FIELDS,
    article_dict,
    canonical,
    group_dict,
    list_item_dict,
    product_dict,
    reference_dict,
    site_dict,
)
from .files import (
    ARTICLES_DIR,
    CLINICS_FILE,
    GLOSSARY_FILE,
    PREVENTION_FILE,
    PRODUCTS_FILE,
    REFERENCES_FILE,
    RELEASES_DIR,
    RELEASES_FILE,
    RISK_GROUPS_FILE,
    SITE_FILE,
    SPANISH_DIR,
    SYMPTOMS_FILE,
    SYNONYMS_FILE,
    UNREVIEWED_FILE,
    dump_yaml,
)


def export_content(root: Path) -> list[Path]:
    """Write the database to ``root`` in the format ``load_content`` reads. Returns the files written."""
    written: list[Path] = []

    def write(path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(data), encoding="utf-8")
        written.append(path)

    es_root = root / SPANISH_DIR

    def split(data: dict) -> tuple[dict, dict | None]:
        """An item's English and its Spanish (with its key), as the two sets of files hold them."""
        data = dict(data)
        es = data.pop("es", None)
        key = {"slug": data["slug"]} if "slug" in data else {}
        if "symptoms" in data:
            pairs = [split(x) for x in data["symptoms"]]
            data["symptoms"] = [english for english, _ in pairs]
            spanish_symptoms = [x for _, x in pairs if x]
            if spanish_symptoms:
                es = {**(es or {}), "symptoms": spanish_symptoms}
        return data, ({**key, **es} if es else None)

    def write_both(filename: str, items: list[dict]) -> None:
        pairs = [split(x) for x in items]
        write(root / filename, [english for english, _ in pairs])
        spanish = [x for _, x in pairs if x]
        if spanish:
            write(es_root / filename, spanish)

    settings = SiteSettings.objects.filter(pk=1).first()
    if settings:
        english, es = split(site_dict(settings))
        write(root / SITE_FILE, english)
        if es:
            write(es_root / SITE_FILE, es)
    write(root / REFERENCES_FILE, [reference_dict(r) for r in sorted(Reference.objects.all(), key=lambda r: r.key)])
    write_both(SYMPTOMS_FILE, [group_dict(g) for g in SymptomGroup.objects.order_by("order", "pk")])
    write_both(RISK_GROUPS_FILE, [list_item_dict(r, RISK_FIELDS) for r in RiskGroup.objects.order_by("order", "pk")])
    write_both(
        PREVENTION_FILE, [list_item_dict(p, PREVENTION_FIELDS) for p in PreventionStep.objects.order_by("order", "pk")]
    )
    # Sorted in Python: database collations order punctuation and case differently.
    write_both(
        GLOSSARY_FILE,
        [canonical(t) for t in sorted(GlossaryTerm.objects.all(), key=lambda t: english_text(t, "term").lower())],
    )
    products = Product.objects.select_related("reference").prefetch_related("other_references")
    if products:
        write_both(PRODUCTS_FILE, [product_dict(p) for p in products.order_by("order", "pk")])
    for language, folder in (("en", root), (SPANISH, es_root)):
        synonyms = SearchSynonym.objects.filter(language=language)
        if synonyms or language == "en":
            write(folder / SYNONYMS_FILE, [canonical(s) for s in sorted(synonyms, key=lambda s: s.phrase)])
    for article in Article.objects.prefetch_related("references", "sections"):
        english, es = split(article_dict(article))
        write(root / ARTICLES_DIR / f"{article.slug}.yaml", english)
        if es:
            write(es_root / ARTICLES_DIR / f"{article.slug}.yaml", es)
    clinics = [canonical(c) for c in Clinic.objects.order_by("slug")]
    if clinics:
        write_both(CLINICS_FILE, clinics)
    # The publications, for the record: who published what and when, and each snapshot as it was
    # (crsinfo/publishing/). load_content does not read them; a database backup restores them.
    publications = []
    for release in Release.objects.order_by("pk"):
        snapshot = root / RELEASES_DIR / f"{release.pk:05d}.json"
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(release.content, encoding="utf-8")
        written.append(snapshot)
        publications.append(
            {
                "number": release.pk,
                "digest": release.digest,
                "published_by": release.published_by_name,
                "created_at": release.created_at.isoformat(),
                "go_live_at": release.go_live_at.isoformat(),
                "cancelled": release.cancelled,
                "restored_from": release.restored_from_id,
                "note": release.note,
                "changes": release.changes,
            }
        )
    if publications:
        write(root / RELEASES_FILE, publications)
    unreviewed = root / UNREVIEWED_FILE
    if draft_is_published():
        unreviewed.unlink(missing_ok=True)
    else:
        # Loading these files must not publish changes no reviewer has seen (crsinfo/content/load.py).
        latest = Release.objects.filter(cancelled=False).order_by("-pk").first()
        write(
            unreviewed,
            {
                "note": "Written from a draft with changes no reviewer has published. load_content loads these "
                "files into the draft and does not publish them.",
                "latest_release": latest.pk if latest else None,
            },
        )
    return written
