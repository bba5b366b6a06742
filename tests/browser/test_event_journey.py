"""A visitor finds an event, books a place, and cancels it from their personal link."""

import pytest

from events.models import Registration
from tests.support.a11y import assert_accessible, assert_valid_html

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the site's strict CSP rightly blocks.
    return {**browser_context_args, "bypass_csp": True}


def test_visitor_books_and_cancels_an_event(page, site_url, demo_site):
    page.goto(f"{site_url}/events/")
    assert page.locator("h1").inner_text() == "Events"
    page.get_by_role("link", name="What exclusion feels like").click()
    assert page.locator("h1").count() == 1
    assert_accessible(page, context="event page")
    documents = [("event page", page.content())]

    page.get_by_role("button", name="Book a place").click()
    assert page.title().startswith("Error: ")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, context="booking form with errors")
    documents.append(("booking form with errors", page.content()))

    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Email address").fill("amara@example.org")
    page.get_by_label("Anything we should know").fill("I use a wheelchair")
    page.get_by_role("button", name="Book a place").click()
    assert page.locator("h1").inner_text() == "You have a place"
    assert_accessible(page, context="booking confirmation")
    documents.append(("booking confirmation", page.content()))
    registration = Registration.objects.get(email="amara@example.org")
    assert registration.status == Registration.Status.CONFIRMED

    page.get_by_role("button", name="Cancel my place").click()
    assert page.locator("h1").inner_text() == "Your booking is cancelled"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert_valid_html(documents, context="event booking journey")
