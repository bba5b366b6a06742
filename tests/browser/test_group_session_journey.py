"""A youth worker's group session, in a real browser: a Feedback moderator makes a group
session link in the admin, a young person opens it on their phone and answers, and the
response is marked with the session in the feedback workspace."""

from datetime import timedelta

import pytest

from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage, GroupSession, Response
from tests.consultations.conftest import question
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import choose_radio, press_button, type_into
from tests.support.site_content import build_minimal_site
from tests.support.staff import signed_in_moderator

pytestmark = pytest.mark.browser

WORKSHOP = "Hackney youth club, Tuesday evening"


@pytest.fixture
def consultation(site_url, monkeypatch):
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
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
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
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


def test_a_group_session_link_made_by_staff_marks_the_answers(
    browser, browser_context_args, page, site_url, consultation
):
    signed_in_moderator(page.context, site_url)
    now = timezone.localtime()

    # The youth worker makes the link in the admin.
    page.goto(f"{site_url}/admin/group_sessions/new/")
    page.fill("input[name='name']", WORKSHOP)
    page.select_option("select[name='consultation']", str(consultation.pk))
    page.fill("input[name='starts_at']", (now - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M"))
    page.fill("input[name='ends_at']", (now + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
    page.fill("input[name='expected_people']", "25")
    with page.expect_navigation():  # Enter sends the form (the date picker covers the button)
        page.press("input[name='expected_people']", "Enter")
    assert page.url == f"{site_url}/admin/group_sessions/"
    group_session = GroupSession.objects.get()
    assert page.get_by_text(group_session.link()).count() == 1
    link = group_session.link().replace("http://testserver", site_url)

    # A young person opens it on their phone, without an account.
    phone = browser.new_context(**browser_context_args)
    young_person = phone.new_page()
    young_person.goto(site_url + group_session.path())
    assert young_person.locator("h1").inner_text() == f"You are answering with {WORKSHOP}"
    assert_accessible(young_person, context="group session page")
    documents = [("group session", young_person.content())]

    with young_person.expect_navigation():
        young_person.get_by_role("button", name="Start now").click()
    type_into(young_person, "input[name='q-where']", "Hackney")
    choose_radio(young_person, "q-safe", 0)
    press_button(young_person, "Continue to check your answers")
    assert "check-your-answers" in young_person.url
    documents.append(("check answers", young_person.content()))
    press_button(young_person, "Send my answers")
    assert young_person.locator("h1").inner_text() == "Your answers have been sent"
    assert_accessible(young_person, context="confirmation after a group session")
    documents.append(("confirmation", young_person.content()))
    phone.close()

    response = Response.objects.get()
    assert response.group_session == group_session
    assert link.endswith(group_session.path())

    # The youth worker sees the mark on the response in the feedback workspace.
    page.goto(f"{site_url}/admin/feedback/?group_session={group_session.pk}")
    assert page.get_by_role("link", name=response.reference).count() == 1
    assert_accessible(page, context="feedback responses filtered by group session")
    page.get_by_role("link", name=response.reference).click()
    page.wait_for_url(f"{site_url}/admin/feedback/responses/{response.pk}/")
    facts = page.locator(".feedback-facts").inner_text()
    assert "Group session" in facts and WORKSHOP in facts
    assert_accessible(page, context="feedback response from a group session")

    # A link whose session has ended says so plainly, and the normal rules apply.
    GroupSession.objects.filter(pk=group_session.pk).update(ends_at=timezone.now())
    late = browser.new_context(**browser_context_args)
    latecomer = late.new_page()
    latecomer.goto(site_url + group_session.path())
    assert latecomer.locator("h1").inner_text() == "This group link is not working now"
    assert_accessible(latecomer, context="ended group session")
    documents.append(("ended group session", latecomer.content()))
    late.close()
    assert_valid_html(documents, context="group session journey")
