"""A respondent withdraws their response on "My account"; the moderator's CSV export no longer
contains it, and the listing shows it only behind the "withdrawn" filter, marked."""

import csv
import io

import pytest

from django.contrib.auth.models import Group

from tests.accounts.helpers import PASSWORD, make_user
from tests.browser.test_staff_journey import fresh_totp_code
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import press_button, type_into
from tests.support.mfa import give_mfa

pytestmark = pytest.mark.browser

RESIDENT = "resident@example.org"
MODERATOR = "moderator@example.org"
WITHDRAWN_TEXT = "Please do not use this: the bus stop on my road"


def sign_in(page, site_url, email, next_path="/"):
    page.goto(f"{site_url}/accounts/login/?next={next_path}")
    type_into(page, "input[name='login']", email)
    type_into(page, "input[name='password']", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_withdrawn_response_leaves_the_moderators_export(page, context, browser, site_url):
    consultation = make_consultation()
    resident = make_user(email=RESIDENT)
    mine = make_response(consultation, free_text=WITHDRAWN_TEXT, user=resident)
    kept = make_response(consultation, free_text="Better lighting by the bus station")
    moderator = make_user(email=MODERATOR)
    moderator.groups.add(Group.objects.get(name="Feedback moderator"))
    secret = give_mfa(moderator)

    # The resident withdraws it from "My account".
    sign_in(page, site_url, RESIDENT, "/my-account/responses/")
    assert page.url == f"{site_url}/my-account/responses/"
    page.get_by_role("link", name=f"Withdraw this response ({mine.reference})").click()
    assert page.locator("h1").inner_text() == "Withdraw your response"
    assert_accessible(page, context="withdraw response")
    documents = [("withdraw", page.content())]
    press_button(page, "Withdraw my response")
    assert page.get_by_text(f"Response {mine.reference} has been withdrawn.").is_visible()
    mine.refresh_from_db()
    assert mine.is_withdrawn

    # The moderator, in another browser, signs in with their security code and exports.
    staff = browser.new_context()
    staff_page = staff.new_page()
    sign_in(staff_page, site_url, MODERATOR, "/admin/feedback/")
    type_into(staff_page, "input[name='code']", fresh_totp_code(secret))
    with staff_page.expect_navigation():
        staff_page.keyboard.press("Enter")
    assert staff_page.url == f"{site_url}/admin/feedback/"
    assert staff_page.locator(".feedback-count").inner_text() == "1 response found"
    assert mine.reference not in staff_page.locator("main").inner_text()
    response_exports = staff_page.locator(".feedback-exports li", has_text="One row per response")
    with staff_page.expect_download() as download_info:
        response_exports.get_by_role("link", name="CSV").click()
    with open(download_info.value.path(), encoding="utf-8", newline="") as handle:
        text = handle.read()
    assert [row["reference"] for row in csv.DictReader(io.StringIO(text))] == [kept.reference]
    assert WITHDRAWN_TEXT not in text

    # Only the explicit filter shows it, marked, and offers no export.
    staff_page.get_by_label("Show only responses withdrawn by the respondent").check()
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Apply filters").click()
    assert staff_page.locator(".feedback-count").inner_text() == "1 response found"
    row = staff_page.locator("tr", has_text=mine.reference)
    assert "Withdrawn by the respondent" in row.inner_text()
    assert "never exported" in staff_page.locator(".feedback-withdrawn").inner_text()
    assert staff_page.locator(".feedback-exports").count() == 0
    assert_accessible(staff_page, context="withdrawn responses")
    assert_valid_html(documents, context="withdrawal journey")
    staff.close()
