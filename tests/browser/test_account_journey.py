"""Accounts in a real browser: a new member of staff signs in once and sets up two-step
sign-in without typing their password twice; a resident reads their own answers on a 320px
phone screen with nothing off the side."""

import time
from datetime import timedelta

import pytest

from django.utils import timezone

from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response
from events.services import book_place
from tests.accounts.helpers import PASSWORD, make_staff, make_user
from tests.events.factories import create_event, create_event_index
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import type_into
from tests.support.mfa import totp_code
from tests.support.site_content import build_minimal_site

pytestmark = pytest.mark.browser

# Widest the page's content may be, beyond the viewport, before something is off-screen.
NO_OVERFLOW = "() => document.documentElement.scrollWidth <= window.innerWidth"


def sign_in(page, site_url, email, next_url=""):
    page.goto(f"{site_url}/accounts/login/{'?next=' + next_url if next_url else ''}")
    type_into(page, "input[name='login']", email)
    type_into(page, "input[name='password']", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_new_staff_member_gives_the_password_once_then_sets_up_two_step_sign_in(page, site_url):
    staff = make_staff(email="new.editor@example.org")

    page.goto(f"{site_url}/admin/")
    assert page.url.startswith(f"{site_url}/accounts/login/")
    type_into(page, "input[name='login']", staff.email)
    type_into(page, "input[name='password']", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/accounts/2fa/totp/activate/")

    # Straight to the setup page: no second "enter your password" step.
    assert page.locator("h1").inner_text() == "Set up two-step sign-in"
    assert page.locator("input[name='password']").count() == 0
    assert_accessible(page, context="set up two-step sign-in")
    documents = [("set up two-step sign-in", page.content())]
    secret = page.locator("#authenticator_secret").input_value()
    if 30 - time.time() % 30 < 5:  # never type a code about to expire
        time.sleep(6)
    type_into(page, "input[name='code']", totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-step sign-in").click()
    assert page.locator("h1").count() == 1
    assert_accessible(page, context="after two-step sign-in is on")
    documents.append(("after setup", page.content()))
    page.goto(f"{site_url}/admin/")
    assert page.url == f"{site_url}/admin/"

    # The account pages speak in the site's voice and pass axe and the HTML checker.
    for path, heading in (
        ("/accounts/2fa/", "Two-step sign-in"),
        ("/accounts/2fa/recovery-codes/", "Recovery codes"),
        ("/accounts/email/", "Email addresses"),
        ("/accounts/password/change/", "Change your password"),
    ):
        page.goto(f"{site_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page, context=path)
        documents.append((path, page.content()))
    assert_valid_html(documents, context="staff first sign-in and account pages")


def test_public_account_pages_are_accessible(page, site_url):
    documents = []
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        page.goto(f"{site_url}{path}")
        assert_accessible(page, context=path)
        documents.append((path, page.content()))
    page.goto(f"{site_url}/accounts/signup/")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert_accessible(page, context="sign-up errors")
    documents.append(("sign-up errors", page.content()))
    assert_valid_html(documents, context="public account pages")


def test_my_responses_and_bookings_fit_a_320px_screen(page, site_url):
    resident = make_user(email="a.very.long.email.address.for.a.resident@example.org")
    home = build_minimal_site()
    index = home.add_child(instance=ConsultationIndexPage(title="Have your say", slug="say"))
    now = timezone.now()
    consultation = index.add_child(
        instance=ConsultationPage(
            title="What would make your area feel safer after school?",
            slug="safer",
            summary="Tell us.",
            privacy_notice="<p>Safe.</p>",
            opens_at=now - timedelta(days=10),
            closes_at=now + timedelta(days=30),
            survey=[],
        )
    )
    consultation = ConsultationPage.objects.get(pk=consultation.pk)
    response = Response.objects.create(
        consultation=consultation, user=resident, reference="R7K2QX", submission_token="t1"
    )
    Answer.objects.create(
        response=response,
        question_id="q1",
        question_label="What would help?",
        question_type="long_text",
        position=0,
        value_text="More youth clubs, and https://example.org/a-very-long-link-without-spaces",
    )
    event = create_event(create_event_index(), title="Youth-led seminar on school exclusion")
    book_place(event, first_name="Sam", email=resident.email, user=resident)

    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, site_url, resident.email)

    page.goto(f"{site_url}/my-account/responses/")
    assert page.evaluate(NO_OVERFLOW), "My responses is wider than a 320px screen"
    withdraw = page.get_by_role("link", name="Withdraw this response")
    status = page.locator(".tag").first
    for element in (withdraw, status):
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320
    page.get_by_text("Your answers").click()
    answer = page.get_by_text("More youth clubs", exact=False)
    assert answer.is_visible()
    assert page.evaluate(NO_OVERFLOW), "the answers are wider than a 320px screen"
    assert_accessible(page, context="my responses at 320px")
    documents = [("my responses", page.content())]

    page.goto(f"{site_url}/my-account/bookings/")
    assert page.evaluate(NO_OVERFLOW), "My bookings is wider than a 320px screen"
    cancel = page.get_by_role("link", name="Cancel this booking")
    box = cancel.bounding_box()
    assert box and box["x"] + box["width"] <= 320
    assert_accessible(page, context="my bookings at 320px")
    documents.append(("my bookings", page.content()))
    assert_valid_html(documents, context="my account at 320px")
