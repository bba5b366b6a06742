"""A visitor finds an event, books a place, gets its link by email and cancels it there,
with JavaScript and without."""

import re

import pytest

from django.core import mail

from events.models import Registration
from tests.support.a11y import (
    assert_accessible,
    assert_accessible_without_scripts,
    assert_valid_html,
)

pytestmark = pytest.mark.browser

EVENT = "What exclusion feels like"


def _manage_link(site_url: str, email: str) -> str:
    [message] = [message for message in mail.outbox if message.to == [email]]
    path = re.search(r"https?://[^/\s]+(/events/booking/\d+/\w+/)", message.body).group(1)
    return site_url + path


def _book(page, site_url, email):
    page.goto(f"{site_url}/events/")
    page.get_by_role("link", name=EVENT).click()
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Anything we should know").fill("I use a wheelchair")
    page.get_by_role("button", name="Book a place").click()


def test_visitor_books_and_cancels_an_event(page, site_url, demo_site):
    page.goto(f"{site_url}/events/")
    assert page.locator("h1").inner_text() == "Events"
    page.get_by_role("link", name=EVENT).click()
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
    assert page.locator("h1").inner_text() == "Check your email"
    assert "I use a wheelchair" not in page.content()
    assert_accessible(page, context="check your email")
    documents.append(("check your email", page.content()))
    registration = Registration.objects.get(email="amara@example.org")
    assert registration.status == Registration.Status.CONFIRMED

    page.goto(_manage_link(site_url, "amara@example.org"))
    assert page.locator("h1").inner_text() == "Your booking"
    assert "I use a wheelchair" in page.content()
    page.get_by_role("link", name="Cancel my place").click()
    assert page.locator("h1").inner_text() == "Are you sure you want to cancel your place?"
    page.get_by_role("button", name="Yes, cancel my place").click()
    assert page.locator("h1").inner_text() == "Your booking is cancelled"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert_valid_html(documents, context="event booking journey")


def test_booking_cancelled_without_javascript_asks_once(
    no_js_page, site_url, demo_site, browser, browser_context_args
):
    page = no_js_page

    def check_accessible(context):
        # axe-core needs scripts: it runs on the same URL with the site's scripts blocked.
        assert_accessible_without_scripts(
            browser, page.url, context=context, **browser_context_args
        )

    _book(page, site_url, "bola@example.org")
    assert page.locator("h1").inner_text() == "Check your email"
    registration = Registration.objects.get(email="bola@example.org")

    page.goto(_manage_link(site_url, "bola@example.org"))
    check_accessible("booking page")
    documents = [("booking page", page.content())]
    page.get_by_role("link", name="Cancel my place").click()
    assert page.locator("h1").inner_text() == "Are you sure you want to cancel your place?"
    check_accessible("are you sure")
    documents.append(("are you sure", page.content()))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    # "No" keeps the place.
    page.get_by_role("link", name="No, keep my place").click()
    assert page.locator("h1").inner_text() == "Your booking"
    page.get_by_role("link", name="Cancel my place").click()
    page.get_by_role("button", name="Yes, cancel my place").click()
    assert page.locator("h1").inner_text() == "Your booking is cancelled"
    check_accessible("booking cancelled")
    documents.append(("booking cancelled", page.content()))
    # A cancelled booking's link no longer shows what the person told us.
    assert "I use a wheelchair" not in page.content()
    assert page.get_by_role("link", name="Cancel my place").count() == 0
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert_valid_html(documents, context="cancel without JavaScript")


def test_booking_error_page_focuses_its_error_summary(page, site_url, demo_site):
    page.goto(f"{site_url}/events/")
    page.get_by_role("link", name=EVENT).click()
    page.get_by_label("First name").fill("Amara")
    page.get_by_role("button", name="Book a place").click()
    assert page.title().startswith("Error: ")
    page.wait_for_load_state("load")
    focused = page.evaluate(
        "() => document.activeElement.getAttribute('data-module') || document.activeElement.tagName"
    )
    assert focused == "error-summary"
    # What was typed is still there.
    assert page.get_by_label("First name").input_value() == "Amara"
