"""A published commitment, as a visitor finds it: on its consultation's page ("What we are
doing about it"), on its own page with its history, and on "What we are doing", filtered
without JavaScript. Every page passes axe and the HTML checker."""

import pytest

from tests.support.a11y import (
    assert_accessible,
    assert_accessible_without_scripts,
    assert_valid_html,
)

pytestmark = pytest.mark.browser


def test_a_published_commitment_from_consultation_to_its_own_page(page, site_url, demo_site):
    documents = []
    response = page.goto(f"{site_url}/have-your-say/safer-journeys-to-school/")
    section = page.locator("#what-we-are-doing")
    assert section.inner_text() == "What we are doing about it"
    card = page.locator("#commitment-trusted-adults-at-bus-stops")
    assert "In progress" in card.inner_text()
    assert "40% done" in card.inner_text()
    assert page.get_by_role("progressbar", name="40% done").count() == 1
    assert_accessible(page, context="consultation page with commitments")
    documents.append(("consultation page", response.text()))

    page.get_by_role("link", name="Trusted adults at bus stops near schools").click()
    page.wait_for_url("**/what-we-are-doing/trusted-adults-at-bus-stops/")
    assert page.locator("h1").inner_text() == "Trusted adults at bus stops near schools"
    history = page.locator(".timeline__item")
    assert history.count() == 2
    assert "Eight youth workers" in history.first.inner_text()  # newest first
    assert "Status changed to In progress" in history.last.inner_text()
    assert_accessible(page, context="a commitment's own page")
    documents.append(("commitment page", page.content()))

    page.get_by_role("link", name="See everything we are doing").click()
    page.wait_for_url("**/what-we-are-doing/")
    assert page.locator("h1").inner_text() == "What we are doing"
    assert page.locator(".card").count() == 6
    assert "Transport for London" not in page.locator("main").inner_text()  # reason on its page
    assert_accessible(page, context="what we are doing")
    documents.append(("what we are doing", page.content()))
    assert_valid_html(documents, context="commitments journey")


def test_what_we_are_doing_filters_without_javascript(
    no_js_page, site_url, demo_site, browser, browser_context_args
):
    no_js_page.set_viewport_size({"width": 375, "height": 667})
    no_js_page.goto(f"{site_url}/what-we-are-doing/")
    no_js_page.locator("summary", has_text="Filter what we are doing").click()
    no_js_page.get_by_label("Status").select_option(label="Done")
    no_js_page.get_by_role("button", name="Apply filters").click()
    no_js_page.wait_for_url("**/what-we-are-doing/?*status=done*")
    cards = no_js_page.locator(".card")
    assert cards.count() == 1
    assert "Tell parents about support sooner" in cards.first.inner_text()
    assert "1 commitment match your filters" in no_js_page.locator("main").inner_text()
    assert_accessible_without_scripts(
        browser, no_js_page.url, context="filtered without JavaScript", **browser_context_args
    )

    no_js_page.goto(f"{site_url}/what-we-are-doing/late-night-bus-wardens/")
    reason = no_js_page.locator(".inset-text").inner_text()
    assert "Why it is not going ahead" in reason
    assert "Transport for London" in reason
    assert no_js_page.locator("progress").count() == 0
