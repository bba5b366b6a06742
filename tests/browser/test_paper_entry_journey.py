"""A paper form typed in by staff, in a real browser (decision 0032): a Feedback moderator
opens "Paper responses" in the admin, types the form in on the public question pages in
staff mode after the consultation has closed, and the response is marked as entered by them."""

from datetime import timedelta

import pytest

from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage, Response
from tests.consultations.conftest import question
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import choose_radio, press_button, type_into
from tests.support.site_content import build_minimal_site
from tests.support.staff import signed_in_moderator

pytestmark = pytest.mark.browser

WORKSHOP = "Hackney youth club, Tuesday evening"


@pytest.fixture
def closed_consultation(site_url):
    home = build_minimal_site()
    index = home.add_child(instance=ConsultationIndexPage(title="Have your say", slug="say"))
    index.save_revision().publish()
    now = timezone.now()
    page = index.add_child(
        instance=ConsultationPage(
            title="What would make your area feel safer?",
            slug="safer",
            summary="Tell us what would help.",
            privacy_notice="<p>We keep your answers safe.</p>",
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=1),
            survey=[
                question("q-where", "short_text", label="Where do you live?", max_length=40),
                question(
                    "q-safe", "single_choice", label="How safe?", options_list=["Safe", "Unsafe"]
                ),
            ],
        )
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_staff_type_in_a_paper_form_after_the_close(page, site_url, closed_consultation):
    signed_in_moderator(page.context, site_url)
    page.goto(f"{site_url}/admin/feedback/paper/")
    assert_accessible(page, context="paper responses in the admin")
    page.get_by_role("link", name=f"Enter a paper response to {closed_consultation.title}").click()
    assert_accessible(page, context="starting a paper response")
    page.get_by_label("A workshop").check()
    page.get_by_label("Workshop or session (optional)").fill(WORKSHOP)
    page.get_by_role("button", name="Start typing in the answers").click()

    # The public question page, in staff mode.
    page.wait_for_url(f"{site_url}{closed_consultation.url}step/1/")
    banner = page.locator(".notification-banner").inner_text()
    assert "Entering a workshop response for someone else" in banner and WORKSHOP in banner
    assert page.get_by_role("button", name="Save and finish later").count() == 0
    assert_accessible(page, context="question page in staff mode")
    documents = [("step in staff mode", page.content())]
    # The same checks as online.
    press_button(page, "Continue to check your answers")
    assert page.locator(".error-summary").count() == 1
    type_into(page, "input[name='q-where']", "Hackney")
    choose_radio(page, "q-safe", 1)
    press_button(page, "Continue to check your answers")
    assert "check-your-answers" in page.url
    assert_accessible(page, context="check answers in staff mode")
    documents.append(("check answers in staff mode", page.content()))
    press_button(page, "Save this workshop response")
    assert page.locator("h1").inner_text() == "Your answers have been sent"
    documents.append(("confirmation in staff mode", page.content()))

    response = Response.objects.get()
    assert response.user is None and response.entered_by.email == "youth.worker@example.org"
    page.get_by_role("link", name="See this response in Feedback").click()
    page.wait_for_url(f"{site_url}/admin/feedback/responses/{response.pk}/")
    facts = page.locator(".feedback-facts").inner_text()
    assert "Entered by staff (workshop)" in facts and WORKSHOP in facts
    assert_accessible(page, context="feedback response entered by staff")
    assert_valid_html(documents, context="paper entry journey")
