"""The second rater's content fixes for PEMAT-P and the CDC Clear Communication Index
(docs/quality-scores-second-rater.md), in English and Spanish: terms explained before the page
first uses them, what doctors know and do not know, a summary on What is CRS?, no label history on
the action page, lists of 7 items or fewer, and the table of treatments as the label research
found it (/work/notes/labels-research.md)."""

import html
import re

import pytest
import yaml

from tests.conftest import ROOT

CONTENT = ROOT / "content"


def main_text(client, path: str) -> str:
    """The text of the page's <main>, without its list of references (sources' own titles)."""
    response = client.get(path)
    assert response.status_code == 200, path
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    main = re.sub(r'<section class="references".*?</section>', " ", main, flags=re.S)
    main = re.sub(r"</?(a|strong|em|span|mark|abbr)\b[^>]*>", "", main)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def before_first_box(client, path: str) -> str:
    """The page's text before its first care card (911 box): what a reader has read when the
    boxes first use the words CAR-T, immunotherapy and step-up doses."""
    response = client.get(path)
    page = response.content.decode()
    head = page.split('class="care-card care-card--immediate"', 1)[0]
    head = re.sub(r"</?(a|strong|em|span|mark|abbr)\b[^>]*>", "", head.split("<main", 1)[1])
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", head)))


EXPLAINED = {
    "en": [
        "immunotherapy (a treatment that helps your immune system fight cancer)",
        "CAR-T cell therapy uses your own immune cells, changed in a lab to find and attack cancer",
        "A bispecific antibody is a medicine that links your immune cells to cancer cells",
        "step-up doses (small first doses that go up step by step)",
    ],
    "es": [
        "inmunoterapia (un tratamiento que ayuda a su sistema inmunitario a luchar contra el cáncer)",
        "La terapia con células CAR-T usa sus propias células de defensa, cambiadas en un laboratorio",
        "Un anticuerpo biespecífico es un medicamento que une sus células de defensa con las células del cáncer",
        "dosis escalonadas (dosis pequeñas al principio, que suben poco a poco)",
    ],
}


@pytest.mark.parametrize(("path", "lang"), [("/when-to-get-help/", "en"), ("/es/when-to-get-help/", "es")])
def test_when_to_get_help_explains_its_terms_before_the_boxes_use_them(client, content, path, lang):
    text = before_first_box(client, path)
    for phrase in EXPLAINED[lang]:
        assert phrase in text, phrase


@pytest.mark.parametrize(
    ("path", "known", "unknown"),
    [
        ("/when-to-get-help/", "easier to treat when it is found early", "cannot tell ahead of time who will get CRS"),
        ("/es/when-to-get-help/", "más fácil de tratar cuando se encuentra pronto", "no pueden saber de antemano"),
        ("/", "easier to treat when it is found early", "cannot tell ahead of time who will get CRS"),
        ("/es/", "más fácil de tratar cuando se encuentra pronto", "no pueden saber de antemano"),
    ],
)
def test_what_is_known_and_not_known(client, content, path, known, unknown):
    """CCI item 11: both what doctors know and what they do not know."""
    text = main_text(client, path)
    assert known in text and unknown in text


@pytest.mark.parametrize(
    ("path", "regulatory"),
    [
        ("/when-to-get-help/", ["June 2025", "Abecma", "Breyanzi", "Aucatzyl", "8 weeks", "Food and Drug"]),
        (
            "/es/when-to-get-help/",
            ["junio de 2025", "Abecma", "Breyanzi", "Aucatzyl", "8 semanas", "Alimentos y Medicamentos"],
        ),
    ],
)
def test_the_action_page_keeps_the_action_and_the_first_weeks_page_keeps_the_history(client, content, path, regulatory):
    text = main_text(client, path)
    for word in regulatory:
        assert word not in text, word
    assert ("usually at least 2 weeks" in text) or ("al menos 2 semanas" in text)
    first_weeks = main_text(client, path.replace("when-to-get-help", "first-weeks"))
    for word in regulatory:
        assert word in first_weeks, word


def test_what_is_crs_starts_with_key_points_in_both_languages():
    for path in (CONTENT / "articles" / "what-is-crs.yaml", CONTENT / "es" / "articles" / "what-is-crs.yaml"):
        first = yaml.safe_load(path.read_text())["sections"][0]
        assert first["heading"] in ("Key points", "Puntos clave"), path
        bullets = [line for line in first["body"].splitlines() if line.startswith("- ")]
        assert 3 <= len(bullets) <= 5, path


def markdown_lists(text: str) -> list[int]:
    """The number of top-level items in each Markdown list (a blank line does not end a list; a
    heading or a paragraph does)."""
    lengths, run = [], 0
    for line in (text or "").splitlines():
        if re.match(r"^(- |\d+\. )", line):
            run += 1
        elif line.strip() and not line.startswith(" ") and run:
            lengths.append(run)
            run = 0
    if run:
        lengths.append(run)
    return lengths


@pytest.mark.parametrize("slug", ["what-is-crs", "symptoms", "when-to-get-help", "first-weeks"])
@pytest.mark.parametrize("folder", ["articles", "es/articles"])
def test_no_content_list_is_longer_than_7_items(slug, folder):
    """CCI item 8: a list of more than 7 items is split into sub-lists under short headings."""
    article = yaml.safe_load((CONTENT / folder / f"{slug}.yaml").read_text())
    texts = [article.get("intro") or ""] + [s.get("body") or "" for s in article["sections"]]
    for text in texts:
        assert all(n <= 7 for n in markdown_lists(text)), (folder, slug, markdown_lists(text))


def test_markdown_lists_counts_a_long_list():
    assert markdown_lists("- a\n- b\n\n- c\n\n### H\n\n- d\n") == [3, 1]
    assert markdown_lists("\n".join(f"- {i}" for i in range(12))) == [12]


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("symptoms", ["Carvykti (a CAR-T cell therapy)", "(fewer blood cells than normal)", "IV line (the thin tube"]),
        ("es/symptoms", ["Carvykti (una terapia con células CAR-T)", "(menos células en la sangre de lo normal)"]),
    ],
)
def test_symptoms_explains_carvykti_blood_counts_and_the_iv_line(client, content, slug, words):
    text = main_text(client, f"/{slug}/")
    for word in words:
        assert word in text, word


def rows(path):
    return {r["slug"]: r for r in yaml.safe_load(path.read_text())}


def test_the_table_of_treatments_follows_the_label_research():
    en, es = rows(CONTENT / "products.yaml"), rows(CONTENT / "es" / "products.yaml")
    for slug in ("talvey", "tecvayli"):  # "all doses within the step-up dosing schedule"
        assert "first full dose" in en[slug]["stay_near"] and "primera dosis completa" in es[slug]["stay_near"]
    assert "16 hours after each of the first 3 infusions" in en["kimmtrak"]["stay_near"]
    assert "16 horas" in es["kimmtrak"]["stay_near"]
    assert "kimmtrak-dailymed" in en["kimmtrak"]["other_references"]
    expected = {"imdelltra": "11/2025", "tecelra": "8/2024", "lynozyfic": "7/2025"}
    expected |= dict.fromkeys(["abecma", "breyanzi", "carvykti", "kymriah", "tecartus", "yescarta"], "6/2025")
    expected |= dict.fromkeys(["talvey", "tecvayli", "kimmtrak", "aucatzyl"], "")  # no sourced date
    for slug, revision in expected.items():
        assert en[slug]["label_revision"] == revision == es[slug]["label_revision"], slug
    for slug, later in (("kymriah", "12/2025"), ("abecma", "11/2025"), ("breyanzi", "2/2026")):
        assert f"changed again in {later}" in en[slug]["stay_near"]
        assert f"cambió otra vez en {later}" in es[slug]["stay_near"]
        assert f"{slug}-openfda" in en[slug]["other_references"]
