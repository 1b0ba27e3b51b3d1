"""The glossary, its links from health pages, and what search engines read: sitemap, robots, JSON-LD."""

import json
import re
from xml.etree import ElementTree

from django.urls import reverse
from django.utils.html import escape

from crsinfo.models import Article, GlossaryTerm, Symptom
from tests.conftest import publish_draft


def glossary_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="glossary-link" href="/glossary/#([^"]+)">([^<]+)</a>', html)


def test_glossary_page_lists_every_term_a_to_z(client, content):
    html = client.get(reverse("glossary")).content.decode()
    terms = sorted(GlossaryTerm.objects.all(), key=lambda t: t.term.lower())
    assert len(terms) >= 15
    positions = [html.index(f'id="{t.slug}"') for t in terms]
    assert positions == sorted(positions)
    for term in terms:
        assert escape(term.definition) in html
    assert '<nav class="az" aria-label="Letters">' in html


def test_first_use_of_a_term_links_to_its_definition_once(client, content):
    html = client.get("/what-is-crs/").content.decode()
    links = glossary_links(html)
    slugs = [slug for slug, _ in links]
    assert "cytokine" in slugs
    assert len(slugs) == len(set(slugs)), "each term is linked once per page"
    for slug in slugs:
        assert GlossaryTerm.objects.filter(slug=slug).exists()
    # The first use on the page is the one linked: the introduction comes before the sections.
    intro = html.split('class="article__intro"', 1)[1].split("</div>", 1)[0]
    assert 'href="/glossary/#cytokine-release-syndrome"' in intro


def test_terms_are_not_linked_inside_headings_or_other_links(client, content):
    for article in Article.objects.published():
        html = client.get(article.get_absolute_url()).content.decode()
        for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", html, re.S):
            assert "glossary-link" not in heading
        assert not re.search(r"<a [^>]*>[^<]*<a class=\"glossary-link\"", html)


def test_a_new_glossary_term_is_linked_once_published(client, content):
    GlossaryTerm.objects.create(slug="tumor", term="tumor", definition="A lump of cells that grow out of control.")
    assert ("tumor", "tumor") not in glossary_links(client.get("/causes/").content.decode())
    publish_draft()
    assert ("tumor", "tumor") in glossary_links(client.get("/causes/").content.decode())


def test_robots_txt_points_to_the_sitemap(client, content):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_has_every_published_article_with_its_last_review_date(client, content):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.find("sm:loc", ns).text: (
            url.find("sm:lastmod", ns).text if url.find("sm:lastmod", ns) is not None else None
        )
        for url in tree.findall("sm:url", ns)
    }
    for article in Article.objects.published():
        lastmod = entries[f"http://testserver{article.get_absolute_url()}"]
        assert lastmod and lastmod.startswith(article.last_reviewed.isoformat())


def structured_data(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_parses_and_names_what_the_page_shows(client, content):
    article = Article.objects.get(slug="symptoms")
    html = client.get(article.get_absolute_url()).content.decode()
    data = structured_data(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == article.title
    assert data["lastReviewed"] == article.last_reviewed.isoformat()
    assert data["medicalAudience"]["audienceType"] == "Patient"
    assert data["reviewedBy"]["name"]
    condition = data["about"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["alternateName"] == "CRS"
    signs = [s["name"] for s in condition["signOrSymptom"]]
    assert "Confusion" in signs
    for name in signs:
        assert name in html.replace("&#x27;", "'"), name
    assert {"Tocilizumab", "Siltuximab"} <= {t["name"] for t in condition["possibleTreatment"]}
    assert len(condition["riskFactor"]) == 5


def test_json_ld_follows_the_database(client, content):
    Symptom.objects.filter(slug="confusion").update(name="Feeling muddled")
    publish_draft()
    data = structured_data(client.get("/what-is-crs/").content.decode())
    assert "Feeling muddled" in [s["name"] for s in data["about"]["signOrSymptom"]]


def test_json_ld_cannot_break_out_of_its_script(client, content):
    Article.objects.filter(slug="causes").update(title="Causes </script><script>alert(1)</script>")
    publish_draft()
    html = client.get("/causes/").content.decode()
    assert "<script>alert(1)" not in html
    assert structured_data(html)["name"] == "Causes </script><script>alert(1)</script>"


def test_canonical_and_open_graph_tags(client, content):
    html = client.get("/treatment/?utm_source=clinic").content.decode()
    assert '<link rel="canonical" href="http://testserver/treatment/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://testserver/treatment/">' in html
    assert "utm_source" not in html
