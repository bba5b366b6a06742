"""At the door: a network coordinator, on a phone with JavaScript off, checks in a booked young
person by typing their reference, sees who is still expected, adds a walk-in and undoes a
mistake; the booker's page shows the QR code and reference."""

import pytest

from django.conf import settings
from django.test import Client

from events import services
from events.models import Registration
from home.models import Network
from tests.events.factories import create_event, create_event_index, staff_user
from tests.support.a11y import assert_accessible_without_scripts, assert_valid_html

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
Status = Registration.Status


@pytest.fixture
def phone_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


@pytest.fixture
def event(site_url, demo_site):
    ypag = Network.objects.get(slug="young-peoples-action-group")
    index = create_event_index(title="Door events", slug="door-events")
    return create_event(index, title="YPAG planning night", capacity=4, networks=[ypag])


@pytest.fixture
def coordinator_cookies(site_url, event, django_user_model):
    from ypag.models import NetworkCoordinator

    user = staff_user(django_user_model, "view_attendees")
    NetworkCoordinator.objects.create(user=user, network=event.networks.get())
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site_url}]


def test_coordinator_checks_people_in_on_a_phone_without_javascript(
    browser, phone_args, site_url, event, coordinator_cookies
):
    amara = services.book_place(event, first_name="Amara", email="amara@example.org")
    services.book_place(event, first_name="Bola", email="bola@example.org")
    context = browser.new_context(**{**phone_args, "java_script_enabled": False})
    context.add_cookies(coordinator_cookies)
    page = context.new_page()
    page.set_default_timeout(10_000)

    def audit(name):
        assert_accessible_without_scripts(
            browser, page.url, context=name, storage_state=context.storage_state(), **phone_args
        )
        documents.append((name, page.content()))

    documents = []
    page.goto(f"{site_url}/admin/events/attendees/{event.pk}/check-in/")
    assert " ".join(page.locator("h1").inner_text().split()) == "Check in YPAG planning night"
    expected = page.get_by_role("heading", name="Still expected (2)")
    assert expected.is_visible()
    audit("check-in page")

    # A typo first: a clear error, nothing lost.
    page.get_by_label("Type a reference").fill("K7PM3O")
    page.get_by_role("button", name="Check in", exact=True).click()
    assert page.title().startswith("Error: ")
    assert page.locator(".error-summary").get_by_text("References never use 0, O, 1 or I").count()
    audit("check-in page with an error")

    # Typed as read out, in lower case with a space.
    page.get_by_label("Type a reference").fill(
        f"{amara.reference[:3].lower()} {amara.reference[3:]}"
    )
    page.get_by_role("button", name="Check in", exact=True).click()
    assert page.locator(".notification-banner").inner_text() == (
        f"Amara is checked in ({amara.reference})."
    )
    assert page.get_by_role("heading", name="Still expected (1)").is_visible()
    assert page.get_by_role("heading", name="Arrived (1)").is_visible()
    amara.refresh_from_db()
    assert amara.status == Status.ATTENDED
    audit("after a check-in")

    # The same reference again (a second phone, a retry): counted once.
    page.get_by_label("Type a reference").fill(amara.reference)
    page.get_by_role("button", name="Check in", exact=True).click()
    assert "Amara was already checked in at" in page.locator(".notification-banner").inner_text()
    assert page.get_by_role("heading", name="Arrived (1)").is_visible()

    # Someone who did not book.
    page.get_by_label("First name").fill("Sam")
    page.get_by_role("button", name="Add walk-in").click()
    assert page.locator(".notification-banner").inner_text() == (
        "Sam is added as a walk-in and checked in."
    )
    assert page.get_by_role("heading", name="Arrived (2)").is_visible()
    counts = page.locator(".check-in-counts").inner_text()
    assert "Walk-ins\n1" in counts and "Places left\n1" in counts

    # Bola checked in from the list, then undone: a mistake.
    page.get_by_role("button", name="Check in Bola").click()
    assert page.get_by_role("heading", name="Still expected (0)").is_visible()
    page.get_by_role("button", name="Undo Bola").click()
    assert page.locator(".notification-banner").inner_text() == (
        "Bola is no longer checked in: they are expected again."
    )
    assert page.get_by_role("heading", name="Still expected (1)").is_visible()
    audit("after an undo")
    context.close()

    # Nothing on the phone's screen is wider than the phone.
    measure = browser.new_context(**phone_args)
    measure.add_cookies(coordinator_cookies)
    measured = measure.new_page()
    measured.goto(f"{site_url}/admin/events/attendees/{event.pk}/check-in/")
    assert measured.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    measure.close()
    assert_valid_html(documents, context="check-in at the door")


def test_booker_sees_their_qr_code_and_reference(browser, phone_args, no_js_page, site_url, event):
    amara = services.book_place(event, first_name="Amara", email="amara@example.org")
    page = no_js_page
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}{amara.get_manage_path()}")
    assert page.get_by_role("heading", name="At the door").is_visible()
    code = page.get_by_role("img", name=f"QR code for booking reference {amara.reference}")
    assert code.is_visible()
    box = code.bounding_box()
    assert 150 <= box["width"] <= PHONE["width"]
    assert_accessible_without_scripts(browser, page.url, context="booking with QR", **phone_args)
    assert_valid_html([("booking with QR", page.content())], context="booking with QR")
