"""Site search: finds seeded pages, escapes what people type, paginates, never errors."""

from io import StringIO

import pytest

from home import demo as home_demo
from home.models import HomePage, StandardPage
from home.views import SEARCH_RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site():
    home_demo.seed(StringIO())
    return HomePage.objects.get()


def test_search_finds_a_seeded_page(client, demo_site):
    response = client.get("/search/", {"q": "privacy"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/privacy-notice-for-young-people/"' in html
    assert "<title>Search results for ‘privacy’ – London Violence Reduction Unit</title>" in html
    assert html.count("<h1") == 1


def test_search_with_no_query_shows_only_the_form(client, demo_site):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Search – London Violence Reduction Unit</title>" in html
    assert "result" not in html.split('id="main-content"')[1].split("</main>")[0].lower()


def test_search_escapes_the_query(client, demo_site):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert "0 results for" in html


def test_search_paginates_and_survives_bad_page_numbers(client, demo_site):
    for number in range(SEARCH_RESULTS_PER_PAGE + 2):
        demo_site.add_child(
            instance=StandardPage(
                title=f"Kestrel project {number}", introduction="A kestrel programme."
            )
        )
    first = client.get("/search/", {"q": "kestrel"}).content.decode()
    assert f"{SEARCH_RESULTS_PER_PAGE + 2} results for" in first
    assert first.count('class="search-results__item"') == SEARCH_RESULTS_PER_PAGE
    assert 'href="?q=kestrel&amp;page=2" rel="next"' in first

    second = client.get("/search/", {"q": "kestrel", "page": "2"}).content.decode()
    assert second.count('class="search-results__item"') == 2
    assert "(page 2 of 2)" in second

    for bad in ("abc", "0", "999", "-1"):
        response = client.get("/search/", {"q": "kestrel", "page": bad})
        assert response.status_code == 200, bad


def test_search_ignores_unpublished_pages(client, demo_site):
    draft = demo_site.add_child(instance=StandardPage(title="Secret osprey plan", live=False))
    assert not draft.live
    html = client.get("/search/", {"q": "osprey"}).content.decode()
    assert "Secret osprey plan" not in html


def test_very_long_queries_are_cut_short(client, demo_site):
    response = client.get("/search/", {"q": "a" * 5000})
    assert response.status_code == 200
    assert "a" * 201 not in response.content.decode()


@pytest.mark.parametrize("query", ['"', "don't", "' OR 1=1 --", "(", "%", "\x00", "a" * 300])
def test_odd_input_never_breaks_search(client, demo_site, query):
    response = client.get("/search/", {"q": query, "page": "2"})
    assert response.status_code == 200


def test_invisible_characters_are_dropped_but_words_still_match(client, demo_site):
    html = client.get("/search/", {"q": "privacy\u202e\u200b notice\x00"}).content.decode()
    assert "\u202e" not in html and "\u200b" not in html and "\x00" not in html
    assert "for ‘privacy notice’" in html
    assert 'href="/privacy-notice/"' in html
