"""A feedback moderator signs in with a password and an authenticator app, codes answers in the
feedback workspace (on a response, then in the coding queue with its keyboard shortcuts) and
downloads a redacted CSV of the answers."""

import csv
import io
import time

import pytest

from django.contrib.auth.models import Group

from consultations.models import FeedbackExport
from home.models import PriorityArea
from tests.accounts.helpers import PASSWORD, make_user
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import press_button, tab_to, type_into
from tests.support.mfa import give_mfa, totp_code

pytestmark = pytest.mark.browser

EMAIL = "moderator@example.org"
TOTP_PERIOD_SECONDS = 30
# allauth accepts only the current code (no tolerance): never send one about to expire.
TOTP_MARGIN_SECONDS = 5


def fresh_totp_code(secret: str) -> str:
    """The authenticator app's code, waiting for the next one if this one is nearly over."""
    remaining = TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS
    if remaining < TOTP_MARGIN_SECONDS:
        time.sleep(remaining + 0.5)
    return totp_code(secret)


@pytest.fixture
def moderator(site_url):
    """A member of the "Feedback moderator" group (created by a migration) with a verified
    email address and an authenticator app. Returns the user and the TOTP secret."""
    user = make_user(email=EMAIL)
    user.groups.add(Group.objects.get(name="Feedback moderator"))
    return user, give_mfa(user)


@pytest.fixture
def responses(site_url):
    consultation = make_consultation()
    return {
        "with_email": make_response(
            consultation, free_text="A youth club near me. Email me at sam.jones@example.org"
        ),
        "plain": make_response(consultation, free_text="Better lighting by the bus station"),
    }


def test_moderator_signs_in_with_mfa_codes_answers_and_exports_redacted_csv(
    page, site_url, moderator, responses
):
    user, secret = moderator
    first_area, second_area = PriorityArea.objects.in_strategy_order()[:2]
    emailed = responses["with_email"].answers.get(question_id="q-long")
    plain = responses["plain"].answers.get(question_id="q-long")

    # The admin sends a signed-out visitor to the site's own sign-in page.
    page.goto(f"{site_url}/admin/")
    assert page.url.startswith(f"{site_url}/accounts/login/")
    assert page.locator("h1").inner_text() == "Sign in"
    assert_accessible(page, context="sign in")
    documents = [("sign in", page.content())]
    type_into(page, "input[name='login']", EMAIL)
    type_into(page, "input[name='password']", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The password alone does not sign a staff member in.
    assert page.url == f"{site_url}/accounts/2fa/authenticate/"
    assert page.locator("h1").inner_text() == "Enter your security code"
    assert_accessible(page, context="MFA code")
    documents.append(("MFA code", page.content()))
    type_into(page, "input[name='code']", fresh_totp_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site_url}/admin/"
    assert_valid_html(documents, context="staff sign-in")

    # Feedback > Responses in the admin menu. The admin's frame is Wagtail's, but the feedback
    # workspace's templates are ours and pass axe too.
    page.get_by_role("button", name="Feedback").click()
    page.get_by_role("link", name="Responses", exact=True).click()
    page.wait_for_url(f"{site_url}/admin/feedback/")
    assert page.locator(".feedback-count").inner_text() == "2 responses found"
    assert_accessible(page, context="feedback responses")

    page.get_by_role("link", name=responses["with_email"].reference).click()
    page.wait_for_url(f"{site_url}/admin/feedback/responses/{responses['with_email'].pk}/")
    article = page.locator(f"#answer-{emailed.pk}")
    assert "sam.jones@example.org" in article.inner_text()  # staff see the answer as sent
    assert_accessible(page, context="feedback response")

    # Code the free-text answer with the keyboard: open the panel, tick an area, type tags.
    tab_to(page, f"#answer-{emailed.pk} summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#id_answer-{emailed.pk}-priority_areas_0")
    page.keyboard.press("Space")
    type_into(page, f"#id_answer-{emailed.pk}-tags", "youth clubs, contact request")
    press_button(page, "Save coding for this answer")

    assert page.get_by_text("Answer to “What would help?” coded.").is_visible()
    coded = page.locator(f"#answer-{emailed.pk}").inner_text()
    assert f"Priority areas: {first_area.short_name}." in coded
    assert "youth clubs" in coded
    assert "contact request" in coded
    assert list(emailed.priority_areas.all()) == [first_area]
    assert sorted(emailed.tags.names()) == ["contact request", "youth clubs"]

    # The coding queue: "2" ticks the second priority area, Enter saves and moves on.
    page.locator(".feedback-nav").get_by_role("link", name="Coding queue").click()
    with page.expect_navigation():  # waits for "load": the shortcuts' script has run
        page.get_by_role("link", name="What would help?", exact=True).click()
    assert page.locator(".feedback-progress").inner_text() == "Coded 1 of 2"
    assert "Better lighting by the bus station" in page.locator("form.feedback-queue").inner_text()
    assert_accessible(page, context="coding queue")
    page.keyboard.press("2")
    assert page.locator("input[name='priority_areas']").nth(1).is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".feedback-progress").inner_text() == "Coded 2 of 2"
    assert page.get_by_text("All answers to this question are coded.").is_visible()
    assert list(plain.priority_areas.all()) == [second_area]

    # Download one row per answer as CSV.
    page.locator(".feedback-nav").get_by_role("link", name="Responses", exact=True).click()
    answer_exports = page.locator(".feedback-exports li", has_text="One row per answer")
    with page.expect_download() as download_info:
        answer_exports.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("feedback-answers-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8", newline="") as handle:
        text = handle.read()

    assert "sam.jones@example.org" not in text
    rows = {
        (row["reference"], row["question_id"]): row for row in csv.DictReader(io.StringIO(text))
    }
    assert len(rows) == 6  # two responses, three answers each
    emailed_row = rows[(responses["with_email"].reference, "q-long")]
    assert emailed_row["answer"] == "A youth club near me. Email me at [email]"
    assert emailed_row["priority_areas"] == first_area.short_name
    assert emailed_row["tags"] == "contact request; youth clubs"
    plain_row = rows[(responses["plain"].reference, "q-long")]
    assert plain_row["answer"] == "Better lighting by the bus station"
    assert plain_row["priority_areas"] == second_area.short_name
    assert plain_row["tags"] == ""
    export = FeedbackExport.objects.get()
    assert (export.exported_by, export.kind, export.redacted) == (user, "answers", True)
