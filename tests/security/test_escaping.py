"""Anything a person can type comes back escaped: page fields written by editors, the search
query reflected to the visitor, and rich text after Wagtail's editor has cleaned it."""

import json

import pytest

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from home.models import StandardPage, StrategyPage
from tests.support.site_content import build_minimal_site

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
DIRECTION_OVERRIDE = "\u202egnp.exe"


def assert_escaped(html: str, payload: str) -> None:
    assert payload not in html, f"{payload!r} was rendered raw"


@pytest.fixture
def hostile_page():
    home = build_minimal_site()
    page = home.add_child(
        instance=StandardPage(
            title=f"Title {SCRIPT} {BREAKOUT}",
            slug="hostile",
            seo_title=f"SEO {BREAKOUT}",
            search_description=f"Description {BREAKOUT}",
            introduction=f"Intro {SCRIPT} {BREAKOUT}",
            body=[
                ("heading", {"text": f"Heading {SCRIPT}", "level": "h2"}),
                ("quote", {"quote": f"Quote {BREAKOUT}", "attribution": SCRIPT}),
            ],
        )
    )
    return page


def test_page_fields_and_blocks_render_escaped(client, hostile_page):
    response = client.get(hostile_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for payload in (SCRIPT, BREAKOUT):
        assert_escaped(html, payload)
    assert "<script>alert" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("payload", [SCRIPT, BREAKOUT])
def test_search_query_is_reflected_escaped(client, payload):
    build_minimal_site()
    response = client.get("/search/", {"q": payload})
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html, payload)
    # It is shown back, escaped, in the heading and the search box.
    assert "&lt;script&gt;" in html or "&quot;&gt;&lt;img" in html


def test_search_query_cannot_smuggle_a_direction_override(client):
    """A right-to-left override reflected raw reverses the text after it (in the <title> too,
    where no markup can isolate it), so it must be removed or encoded."""
    build_minimal_site()
    response = client.get("/search/", {"q": f"knife {DIRECTION_OVERRIDE}"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "knife" in html
    assert "\u202e" not in html


def test_search_page_rejects_oversized_and_odd_input_without_error(client):
    build_minimal_site()
    for query in ("x" * 10_000, "\x00", "%", "' OR 1=1 --"):
        response = client.get("/search/", {"q": query, "page": "-1"})
        assert response.status_code == 200, query


def contentstate(text: str, href: str) -> str:
    """Draftail's JSON for one paragraph whose text is `text`, linked to `href`."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 4, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": href}}},
        }
    )


def test_rich_text_typed_in_the_editor_is_cleaned(client):
    """Rich text reaches the database through Draftail's converter, the same one the page
    editor uses: typed markup stays text and a javascript: link does not survive."""
    build_minimal_site()
    strategy = StrategyPage.objects.get()
    converter = ContentstateConverter(features=["ul", "bold", "link"])
    strategy.impact_goals = converter.to_database_format(
        contentstate(f"Link {SCRIPT} {BREAKOUT}", "javascript:alert(1)")
    )
    strategy.guiding_principles = converter.to_database_format(
        contentstate("Safe principles", "https://example.org/")
    )
    strategy.save_revision().publish()

    html = client.get(strategy.url).content.decode()
    assert '<a href="https://example.org/">Safe</a> principles' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_escaped(html, SCRIPT)
    assert_escaped(html, BREAKOUT)
    assert "javascript:" not in html.lower()
