"""Every public page type, as a browser sees it: accessible, valid HTML, usable by keyboard."""

import pytest

from tests.support.a11y import (
    assert_accessible,
    assert_accessible_without_scripts,
    assert_valid_html,
)
from tests.support.site_content import public_page_paths

pytestmark = pytest.mark.browser


def test_every_public_page_type_is_accessible_and_valid(page, site_url, demo_site):
    paths = public_page_paths()
    page_types = {name for name, _ in paths}
    assert {"home page", "standard page", "strategy page", "get help page"} <= page_types

    documents = []
    for name, path in paths:
        response = page.goto(f"{site_url}{path}")
        expected_status = 404 if name == "page not found" else 200
        assert response.status == expected_status, f"{name} at {path}"
        assert page.locator("h1").count() == 1, f"{name} at {path} must have exactly one <h1>"
        assert_accessible(page, context=name)
        documents.append((f"{name} ({path})", response.text()))

    assert_valid_html(documents, context="public page types")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, site_url, demo_site):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.text]")
    assert focused == ["A", "Skip to main content"]
    # The skip link becomes visible when focused (WCAG 2.4.7 / 2.4.11).
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    assert page.url.endswith("#main-content")


def test_search_works_from_the_header_with_the_keyboard_only(page, site_url, demo_site):
    page.goto(site_url + "/")
    page.get_by_label("Search this site").first.focus()
    page.keyboard.type("strategy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=strategy")
    assert page.locator("h1").inner_text() == "Search"
    assert_accessible(page, context="search results after a keyboard search")


def test_pages_work_without_javascript(
    no_js_page, site_url, demo_site, browser, browser_context_args
):
    response = no_js_page.goto(site_url + "/")
    assert response.status == 200
    assert no_js_page.locator("h1").count() == 1
    no_js_page.locator("main a").first.click()
    assert no_js_page.locator("h1").count() == 1
    assert_accessible_without_scripts(
        browser, no_js_page.url, context="a page without JavaScript", **browser_context_args
    )
