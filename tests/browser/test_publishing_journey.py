"""Publishing responses with consent (decision 0036) in a real browser, without JavaScript: an
under-16 who gave no age says yes, says they are under 16 and gives a parent's email; the
parent agrees through the emailed link; staff approve the redacted text; the public page shows
it. axe-core and the Nu HTML Checker on every public page of the journey."""

import re

import pytest

from consultations import services
from consultations.models import PublicationConsent, Response
from home.models import OutboundEmail
from tests.consultations.conftest import question
from tests.consultations.feedback.factories import make_consultation
from tests.support.a11y import assert_accessible_without_scripts, assert_valid_html

pytestmark = pytest.mark.browser

SURVEY = [
    question("q-long", "long_text", label="What would help?", max_length=500),
    question("q-age", "age_band", label="How old are you?", required=False),
]


def test_an_under_16s_answers_are_published_after_a_parent_agrees(
    no_js_page, browser, demo_site, site_url, monkeypatch, django_user_model
):
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
    consultation = make_consultation(slug="publish-journey", survey=SURVEY, publish_responses=True)
    page = no_js_page
    documents = []

    def audit(name):
        documents.append((name, page.content()))
        assert_accessible_without_scripts(
            browser, page.url, context=name, cookies=page.context.cookies()
        )

    page.goto(site_url + consultation.subpage_url("step_route", number=1))
    page.fill("textarea[name='q-long']", "More clubs. My name is Jamie Smith.")
    page.get_by_role("button", name="Continue to check your answers").click()
    assert "Check your answers" in page.locator("h1").inner_text()
    assert not page.locator("input[name='publish']:checked").count()
    audit("check answers with the publishing question")

    page.get_by_label("Yes").first.check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator(".error-summary").is_visible()
    audit("check answers: age missing")

    page.locator("input[name='is_16_or_over'][value='no']").check()
    page.fill("input[name='parent_email']", "parent@example.org")
    page.get_by_role("button", name="Send my answers").click()
    assert "We have emailed your parent or carer" in page.content()
    audit("confirmation with the stop-publishing link")

    email = OutboundEmail.objects.get(purpose="consultations.publication_parent_consent")
    link = re.search(r"(/publish-consent/parent/\S+/)", email.body_text).group(1)
    page.goto(site_url + link)
    audit("parent's link: agree")
    page.get_by_role("button", name="I agree to publishing their answers").click()
    assert PublicationConsent.objects.get().is_in_force
    audit("parent's link: stop")

    moderator = django_user_model.objects.create_user("moderator", "m@example.org", "x" * 12)
    response = Response.objects.get(consultation=consultation)
    answer = response.answers.get(question_id="q-long")
    proposal = services.proposal(answer)
    assert "Jamie" not in proposal
    services.decide(
        response, [services.AnswerDecision(answer.pk, "approved", proposal, "A name")], moderator
    )

    page.goto(site_url + consultation.subpage_url("published_responses_route"))
    assert "More clubs." in page.content() and "Jamie" not in page.content()
    assert response.reference not in page.content()
    audit("published responses")
    assert_valid_html(documents, context="publishing journey")
