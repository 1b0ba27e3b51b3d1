"""Search in patients' words: relevance on the seed content, synonyms, only published pages, any query."""

import re

import pytest
from django.urls import reverse

from crsinfo.models import Article, SearchSynonym
from crsinfo.publishing import current
from crsinfo.search.query import clean_query, query_groups, search
from tests.conftest import publish_draft

URL = reverse("search")


def slugs(query: str) -> list[str]:
    return [r.url.strip("/") for r in search(query, current.current_site())]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("breathing", "symptoms"),
        ("steroids", "treatment"),
        ("corticosteroids", "treatment"),
        ("IL-6", "treatment"),
        ("tocilizumab", "treatment"),
        ("nursing home", "who-is-at-risk"),
        ("wash hands", "prevention"),
        ("T-cell transfer", "causes"),
        ("MERS", "covid-19"),
    ],
)
def test_relevance_on_the_seed_content(content, query, first):
    found = slugs(query)
    assert found, query
    assert found[0] == first, (query, found)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("can't breathe", {"symptoms", "when-to-get-help"}),
        ("swollen ankles", {"symptoms"}),
        ("steroids", {"treatment"}),
        ("throwing up", {"symptoms"}),
    ],
)
def test_patients_words_find_the_pages(content, query, expected):
    assert expected <= set(slugs(query)), (query, slugs(query))


def test_editors_synonyms_are_used_once_published(content):
    assert slugs("tummy bug") == []
    SearchSynonym.objects.create(phrase="Tummy  Bug", means="vomiting")
    assert slugs("tummy bug") == []  # a draft
    publish_draft()
    assert "symptoms" in slugs("tummy bug")


def test_only_published_pages_are_found(content):
    assert "treatment" in slugs("steroids")
    article = Article.objects.get(slug="treatment")
    article.is_published = False
    article.save()
    assert "treatment" in slugs("steroids")  # until a reviewer publishes the draft
    publish_draft()
    assert "treatment" not in slugs("steroids")


def test_index_follows_each_release(content):
    article = Article.objects.get(slug="causes")
    article.title = "Causes, including zanzibarium"
    article.save()
    assert slugs("zanzibarium") == []
    before = [r.title for r in search("causes", current.current_site())]
    publish_draft()
    assert slugs("zanzibarium") == ["causes"]
    # What a result shows is the new release's too (kept per release, not per process).
    after = [r.title for r in search("causes", current.current_site())]
    assert "Causes, including zanzibarium" in after
    assert "Causes, including zanzibarium" not in before


def test_query_groups_apply_synonyms_and_drop_common_words():
    synonyms = {"can't breathe": "difficulty breathing", "steroids": "corticosteroids"}
    assert query_groups("What if I CAN'T breathe", synonyms) == [["can't breathe", "difficulty breathing"]]
    assert query_groups("steroids and fever", synonyms) == [["steroids", "corticosteroids"], ["fever"]]
    assert query_groups("the", synonyms) == []


def test_results_page_shows_count_passage_and_highlights(client, content):
    response = client.get(URL, {"q": "steroids"})
    html = response.content.decode()
    assert response.status_code == 200
    count = re.search(r'<p class="search-count" role="status">(\d+) results? for “steroids”</p>', html)
    assert count and int(count.group(1)) >= 1
    assert re.search(r"<mark>[Cc]orticosteroids</mark>|<mark>[Ss]teroids</mark>", html)
    assert 'href="/treatment/"' in html
    assert not response.cookies


def test_nothing_found_suggests_the_checklist_and_main_pages(client, content):
    html = client.get(URL, {"q": "xylophone"}).content.decode()
    assert "0 results for “xylophone”" in html
    assert f'href="{reverse("checklist")}"' in html
    assert 'href="/symptoms/"' in html


BAD_QUERIES = [
    "",
    " ",
    "x" * 10_000,
    "fever " * 2_000,
    "'; DROP TABLE crsinfo_article; --",
    "fever OR 1=1",
    'NEAR(fever headache) "unclosed',
    "fever AND NOT * ^ : ( ) { } [ ] -",
    "title:fever body:*",
    '""""',
    "😀🤒💊",
    "fièvre Лихорадка 发烧 حمى",
    "null\x00byte",
    "<script>alert(1)</script>",
    "%",
    "\\",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_any_query_gets_a_page_never_a_500(client, content, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert len(html) < 200_000


@pytest.mark.parametrize("raw", ["q=%ED%A0%80", "q=%FF%FE", "q=%00", "q=a&q=b", "q[]=x", "q=%E2%80%AE"])
def test_raw_malformed_query_strings_get_a_page(client, content, raw):
    response = client.get(f"{URL}?{raw}")
    assert response.status_code == 200


def test_lone_surrogates_never_reach_the_database(content):
    # A browser cannot send one (see the raw query strings above), but code can pass one in.
    query = clean_query("\ud800 fever \udfff")
    assert query == "fever"
    assert search(query, current.current_site())


def test_clean_query_strips_what_cannot_be_shown_or_searched():
    assert clean_query("a\x00b\ud800c\u202ed") == "abcd"
    assert len(clean_query("y" * 10_000)) == 200


def test_search_box_is_on_every_page_and_works_without_javascript(client, public_paths):
    for path in public_paths:
        html = client.get(path).content.decode()
        # Each language searches its own pages: /es/... pages search at /es/search/.
        action = "/es/search/" if path.startswith("/es/") else "/search/"
        assert f'<form class="site-search" role="search" method="get" action="{action}">' in html, path


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("ICANS", "brain-and-nerve-effects"),
        ("brain fog", "brain-and-nerve-effects"),
        ("can't find words", "brain-and-nerve-effects"),
        ("tremor", "brain-and-nerve-effects"),
        ("caregiver", "caregivers"),
        ("carer", "caregivers"),
        ("wallet card", "first-weeks"),
        ("step-up dosing", "first-weeks"),
        ("HLH", "later-on"),
        ("questions to ask", "questions-to-ask"),
    ],
)
def test_the_new_pages_are_found_in_patients_words(content, query, page):
    # Several pages rightly speak of word-finding trouble or tremor; the two databases order
    # them differently (README, "Search and glossary"), so the page must be among the first 4.
    found = slugs(query)
    assert page in found[:4], (query, found)


def test_the_new_pages_are_in_the_sitemap_and_have_json_ld(client, content):
    from tests.conftest import sitemap_paths

    paths = sitemap_paths(client)
    for slug in ("brain-and-nerve-effects", "first-weeks", "caregivers", "later-on", "questions-to-ask", "printables"):
        assert f"/{slug}/" in paths, slug
    html = client.get("/brain-and-nerve-effects/").content.decode()
    assert '"@type": "MedicalWebPage"' in html


@pytest.mark.parametrize(("prefix", "message"), [("", "Search is busy just now"), ("/es", "La búsqueda está ocupada")])
def test_searches_beyond_what_a_process_answers_at_once_get_429_at_once(client, content, prefix, message):
    """A flood of searches cannot take every thread from readers' pages (settings.SEARCH_CONCURRENCY):
    a search that finds every slot taken is answered at once with 429 and Retry-After, never kept."""
    from crsinfo.pages import views

    taken = [views._searching.acquire(blocking=False) for _ in range(10)]
    try:
        response = client.get(f"{prefix}/search/", {"q": "fever"})
        assert response.status_code == 429
        assert response["Retry-After"] == "2"
        assert "no-store" in response["Cache-Control"]
        assert message in response.content.decode()
        assert client.get(f"{prefix}/symptoms/").status_code == 200, "pages are not searches"
        assert client.get(f"{prefix}/search/").status_code == 200, "the search page itself needs no slot"
    finally:
        for got in taken:
            if got:
                views._searching.release()
    assert client.get(f"{prefix}/search/", {"q": "fever"}).status_code == 200
