"""manage.py load_content / export_content."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from crsinfo.models import Article, PreventionStep, Reference, RiskGroup, Section, SiteSettings, Symptom, SymptomGroup
from tests.conftest import ROOT

CONTENT = ROOT / "content"


def load(*args, path=CONTENT) -> str:
    out = StringIO()
    call_command("load_content", "--path", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Section, Reference, SymptomGroup, Symptom, RiskGroup, PreventionStep, SiteSettings)
    }


def test_load_creates_everything_then_is_idempotent(db):
    first = load()
    assert "0 updated, 0 unchanged, 0 skipped" in first
    loaded = counts()
    assert loaded["Article"] == 13
    assert loaded["SymptomGroup"] == 6  # the seed's five, and blood counts and infection (review M4)
    assert loaded["RiskGroup"] == 5
    assert loaded["PreventionStep"] >= 5
    assert loaded["SiteSettings"] == 1
    second = load()
    assert "0 created, 0 updated" in second
    assert "0 skipped" in second
    assert counts() == loaded


def test_export_gives_back_the_same_files(db, tmp_path):
    load()
    call_command("export_content", "--path", str(tmp_path / "out"), stdout=StringIO())
    # The Spanish (content/es/) too, each item with the English it was translated from.
    originals = sorted(p.relative_to(CONTENT) for p in CONTENT.rglob("*.yaml"))
    assert Path("es/articles/symptoms.yaml") in originals
    exported = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.yaml"))
    # Besides the content files, the export holds the record of publications (not content).
    assert Path("releases.yaml") in exported
    exported.remove(Path("releases.yaml"))
    assert exported == originals
    for relative in originals:
        assert (tmp_path / "out" / relative).read_text() == (CONTENT / relative).read_text(), relative


def test_changed_file_updates_only_that_item(db, content_copy):
    load(path=content_copy)
    path = content_copy / "articles" / "causes.yaml"
    data = yaml.safe_load(path.read_text())
    data["title"] = "What causes CRS"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    output = load(path=content_copy)
    assert "0 created, 1 updated" in output
    assert Article.objects.get(slug="causes").title == "What causes CRS"


def test_editor_change_in_admin_is_not_overwritten_without_force(db, content_copy):
    load(path=content_copy)
    Symptom.objects.filter(slug="confusion").update(name="Feeling muddled")  # an editor's change
    article = Article.objects.get(slug="treatment")
    article.title = "Treating CRS (edited)"
    article.save()

    path = content_copy / "articles" / "treatment.yaml"
    path.write_text(path.read_text().replace("order: 4", "order: 40"))
    output = load(path=content_copy)
    assert "2 skipped" in output
    assert "skipped (changed in admin; use --force to overwrite): article treatment" in output
    assert Article.objects.get(slug="treatment").title == "Treating CRS (edited)"
    assert Symptom.objects.get(slug="confusion").name == "Feeling muddled"

    output = load("--force", path=content_copy)
    assert "2 updated" in output
    assert Article.objects.get(slug="treatment").order == 40
    assert Symptom.objects.get(slug="confusion").name != "Feeling muddled"


def test_dry_run_writes_nothing(db):
    output = load("--dry-run")
    assert "Dry run" in output
    assert Article.objects.count() == 0


BAD_FILES = [
    ("articles/causes.yaml", "slug: causes\ntitle: [unclosed\n", "articles/causes.yaml: not valid YAML"),
    ("articles/causes.yaml", "- just\n- a list\n", "articles/causes.yaml: expected a mapping"),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: nonsense\norder: 1\n"
        "last_reviewed: 2026-01-01\nnext_review_due: 2027-01-01\n",
        "article causes: kind: Value 'nonsense' is not a valid choice.",
    ),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: 2026-01-01\nnext_review_due: 2025-01-01\n",
        "The next review must be due after the last review.",
    ),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: 2026-13-45\nnext_review_due: 2027-01-01\n",
        "articles/causes.yaml: a value is not valid: month must be in 1..12",
    ),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: '2026-02-30'\nnext_review_due: 2027-01-01\n",
        "article causes: last_reviewed: “2026-02-30” value has the correct format (YYYY-MM-DD) "
        "but it is an invalid date.",
    ),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: 2026-01-01\nnext_review_due: 2027-01-01\nreferences: [no-such-source]\n",
        "reference “no-such-source” is not in references.yaml",
    ),
    ("articles/causes.yaml", "slug: causes\ntitle: T\n", "missing field(s): nav_title, summary"),
    (
        "articles/causes.yaml",
        "slug: admin\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: 2026-01-01\nnext_review_due: 2027-01-01\n",
        "is used by the site itself",
    ),
    ("site.yaml", "site_name: X\nemergency_number: 9-1-1\naudience: a\ndisclaimer: d\n", "Use digits only"),
    ("site.yaml", "site_name: X\nemergency_number: '911'\naudience: a\ndisclaimer: d\ncolour: red\n", "unknown field"),
    (
        "symptoms.yaml",
        "- slug: general\n  name: General\n  symptoms:\n  - slug: fever\n    name: Fever\n    urgency: panic\n",
        "symptom fever: urgency: Value 'panic' is not a valid choice.",
    ),
    (
        "risk_groups.yaml",
        "- slug: a\n  text: One\n- slug: a\n  text: Two\n",
        "group at higher risk “a” appears more than once",
    ),
    ("references.yaml", "- key: x\n  title: X\n  url: not a url\n", "reference x: url: Enter a valid URL."),
    ("prevention.yaml", b"\xff\xfe bad bytes", "prevention.yaml: not UTF-8 text"),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: 2026-01-01\nnext_review_due: 2027-01-01\nintro: 'See [this page](/no-such-page/).'\n",
        "articles/causes.yaml: intro: The link “/no-such-page/” leads to no page on this site.",
    ),
    (
        "articles/causes.yaml",
        "slug: causes\ntitle: T\nnav_title: N\nsummary: S\nkind: standard\norder: 1\n"
        "last_reviewed: 2026-01-01\nnext_review_due: 2027-01-01\nintro: Hi\n"
        "sections:\n- heading: H\n  body: 'Take <b>two</b> tablets'\n",
        "articles/causes.yaml: section 1: Remove the HTML",
    ),
]


@pytest.mark.parametrize(("relative", "text", "message"), BAD_FILES)
def test_bad_file_names_the_file_and_problem_and_writes_nothing(db, content_copy, relative, text, message):
    load(path=content_copy)
    before = counts()
    titles = list(Article.objects.values_list("title", flat=True))
    # Change a good file too, so we can see that nothing at all is written.
    good = content_copy / "articles" / "treatment.yaml"
    good.write_text(good.read_text().replace("order: 4", "order: 44"))
    target = content_copy / relative
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text)
    with pytest.raises(CommandError) as error:
        load(path=content_copy)
    assert "Nothing was loaded" in str(error.value)
    assert message in str(error.value)
    assert counts() == before
    assert list(Article.objects.values_list("title", flat=True)) == titles
    assert Article.objects.get(slug="treatment").order == 4


def test_missing_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="file is missing"):
        load(path=tmp_path / "nowhere")


SEED_SYMPTOMS = {
    "fever", "headache", "body-aches", "nausea", "vomiting", "diarrhea", "fast-heartbeat", "irregular-heartbeat",
    "low-blood-pressure", "reduced-heart-function", "swelling", "confusion", "dizziness", "coordination",
    "swallowing", "seizures", "hallucinations", "cough", "reduced-lung-function", "shortness-of-breath",
    "difficulty-breathing", "kidney-problems", "liver-problems",
}  # fmt: skip


def test_every_symptom_beyond_the_seed_has_a_source_listed_on_the_symptoms_page(content):
    from crsinfo.models import Article, Symptom

    page_refs = set(Article.objects.get(slug="symptoms").references.values_list("key", flat=True))
    for symptom in Symptom.objects.select_related("reference"):
        if symptom.slug not in SEED_SYMPTOMS:
            assert symptom.reference is not None, symptom.slug
        if symptom.reference:
            assert symptom.reference.key in page_refs, (symptom.slug, symptom.reference.key)


def test_the_advice_pages_cite_the_sources_of_their_rules(content):
    from crsinfo.models import Article

    refs = set(Article.objects.get(slug="when-to-get-help").references.values_list("key", flat=True))
    # Fever at any time (CDC), hidden fever (CRUK, ASTCT), the written plan (Crombie 2024),
    # the wallet card and the emergency room (Dana-Farber, Tecvayli REMS), ICANS (labels).
    assert {
        "cdc-cancer-fever",
        "cruk-infection",
        "lee-2019",
        "crombie-2024",
        "dana-farber-recovery",
        "tecvayli-rems",
        "carvykti-medlineplus",
    } <= refs


def test_every_shipped_article_reads_at_grade_8_or_lower(content):
    from crsinfo.editorial.forms import reading_grade
    from crsinfo.models import Article

    for article in Article.objects.all():
        assert reading_grade(article) <= 8, article.slug


def test_every_symptoms_urgency_has_a_source_with_an_address(content):
    """Review m14: a symptom may come from the seed, but its urgency level is a clinical claim. Each
    one names a label, guideline or the like, with a URL, listed on the Symptoms page."""
    from crsinfo.models import Article, Symptom

    page_refs = set(Article.objects.get(slug="symptoms").references.values_list("key", flat=True))
    for symptom in Symptom.objects.select_related("reference"):
        assert symptom.reference is not None, symptom.slug
        assert symptom.reference.url.startswith("https://"), (symptom.slug, symptom.reference.key)
        assert symptom.reference.key in page_refs, (symptom.slug, symptom.reference.key)


def test_the_signs_the_labels_add_are_on_the_checklist(content):
    """Review M4: bleeding, infection signs other than fever and Carvykti's late nerve signs."""
    from crsinfo.models import Symptom, Urgency

    listed = {s.slug: s for s in Symptom.objects.filter(on_checklist=True)}
    for slug in ("bleeding", "infection-signs", "face-drooping", "slow-movement"):
        assert listed[slug].urgency == Urgency.URGENT, slug
    assert listed["heavy-bleeding"].urgency == Urgency.EMERGENCY
    assert listed["cough"].urgency == Urgency.URGENT  # a new cough: CRS early, infection later (ACS)
