"""A feedback moderator filters the synthesis dashboard with the listing's filters ("Any …"),
sees small numbers suppressed, and opens the printable report, which keeps the filters."""

import re

import pytest

from django.contrib.auth.models import Group

from tests.accounts.helpers import make_user
from tests.browser.test_staff_journey import fresh_totp_code
from tests.browser.test_withdrawal_journey import sign_in
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import type_into
from tests.support.mfa import give_mfa

pytestmark = pytest.mark.browser

MODERATOR = "analyst@example.org"


def test_moderator_filters_the_dashboard_and_prints_the_report(page, site_url):
    consultation = make_consultation(title="Safer streets")
    for _ in range(6):
        make_response(consultation, age_band="18_25", safe="Safe")
    for _ in range(2):
        make_response(consultation, age_band="11_15", safe="Unsafe")
    make_response(consultation, age_band="16_17", safe="Unsafe", places=("Library",))
    moderator = make_user(email=MODERATOR)
    moderator.groups.add(Group.objects.get(name="Feedback moderator"))
    secret = give_mfa(moderator)

    path = f"/admin/feedback/synthesis/{consultation.pk}/"
    sign_in(page, site_url, MODERATOR, path)
    type_into(page, "input[name='code']", fresh_totp_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site_url}{path}"
    assert page.locator(".feedback-count").inner_text().startswith("9 responses counted")
    # The filters read "Any …", as the listing's do.
    assert page.get_by_label("Borough").locator("option").first.inner_text() == "Any borough"
    assert page.get_by_label("Network").locator("option").first.inner_text() == "Any network"
    # 2 and 1 people are suppressed; 6 stays.
    ages = page.locator("table", has=page.locator("caption", has_text="Responses by age band"))
    assert ages.locator("tr", has_text="11 to 15").inner_text().split("\t")[1] == "fewer than 5"
    assert ages.locator("tr", has_text="18 to 25").inner_text().split("\t")[1] == "6"
    assert "Small numbers are not shown." in page.locator("main").inner_text()

    type_into(page, "input[name='q']", "youth")
    page.get_by_label("Sent from").fill("2020-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "q=youth" in page.url
    assert page.locator(".feedback-count").inner_text().startswith("9 responses counted")
    assert_accessible(page, context="filtered dashboard")

    with page.expect_navigation():
        page.get_by_role("link", name="Printable report").click()
    assert re.search(rf"/synthesis/{consultation.pk}/report/\?.*q=youth", page.url)
    report = page.locator("main").inner_text()
    assert "What we heard: Safer streets" in report
    assert "Search answers" in report and "youth" in report
    assert "Sent from" in report and "1 January 2020" in report
    assert "9 responses counted" in report
    assert "fewer than 5" in report
    assert_accessible(page, context="printable report")
    # The report is all ours; the dashboard's HTML is Wagtail's admin around our partials,
    # which share the report's markup (Wagtail's own chrome fails the checker).
    assert_valid_html([("report", page.content())], context="printable report")
