"""Every fact of the seed article is on its Spanish page too (tests/data/seed_map_es.yaml).

The Spanish map keeps the English map's facts (in English, as keys), order and pages; each phrase
is copied from the Spanish content (content/es/), so the check reads content, not interface words.
"""

import re

import yaml

from tests.conftest import ROOT
from tests.content.test_seed_map import SEED_MAP
from tests.content.test_seed_map import page_text as english_page_text

SEED_MAP_ES = yaml.safe_load((ROOT / "tests" / "data" / "seed_map_es.yaml").read_text())

# Facts of the English map that the Spanish pages do not state (each named in seed_map_es.yaml).
MISSING_IN_SPANISH: set[str] = set()


def page_text(client, path: str) -> str:
    """The `<main>` text of the Spanish page at ``path`` ("/es/symptoms/"), after checking that the
    page is in Spanish. The text is tests.content.test_seed_map.page_text's own (it takes a slug and asks
    for "/<slug>/"), so both maps are checked against text normalised the same way."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert re.search(r'<html\b[^>]*\blang="es"', response.content.decode()), f"{path} is not in Spanish"
    return english_page_text(client, path.strip("/"))


def test_spanish_seed_map_matches_the_english_one():
    english = [(entry["fact"], entry["page"]) for entry in SEED_MAP if entry["fact"] not in MISSING_IN_SPANISH]
    spanish = [(entry["fact"], entry["page"]) for entry in SEED_MAP_ES]
    assert spanish == english
    for entry in SEED_MAP_ES:
        assert set(entry) == {"fact", "page", "phrase"}, entry
        assert entry["phrase"].strip(), entry["fact"]


def test_every_seed_fact_is_on_its_spanish_page(client, content):
    pages = {}
    missing = []
    for entry in SEED_MAP_ES:
        path = f"/es/{entry['page']}/"
        if path not in pages:
            pages[path] = page_text(client, path)
        text = pages[path]
        phrase = re.sub(r"\s+", " ", entry["phrase"].lower())
        # Whole words only: a short name such as "Tos" (cough) must not pass as part of "tose".
        if not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
            missing.append(f"{entry['fact']!r}: {entry['phrase']!r} not on {path}")
    assert not missing, "\n".join(missing)
