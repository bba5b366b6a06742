"""Routes (skip logic) with JavaScript switched off: a parent is sent past the young people's
step, changes their answer to "a young person" from check-your-answers and is sent down that
route instead; a professional goes straight to the end. Check-your-answers and what is stored
hold only the route taken. Axe and the HTML checker on every page."""

from datetime import timedelta

import pytest

from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage, Response
from tests.consultations.routed_survey import ROUTED_SURVEY, WHO
from tests.support.a11y import assert_accessible_without_scripts, assert_valid_html
from tests.support.pages import add_page

pytestmark = pytest.mark.browser

SLUG = "feeling-safe-on-your-way-home"


@pytest.fixture
def routed_url(demo_site, site_url, monkeypatch):
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
    now = timezone.now()
    page = add_page(
        ConsultationIndexPage.objects.get(),
        ConsultationPage(
            title="Feeling safe on your way home",
            slug=SLUG,
            summary="Tell us what would help.",
            privacy_notice="<p>We keep your answers safe.</p>",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            survey=ROUTED_SURVEY,
        ),
        publish=True,
    )
    return site_url + page.url


@pytest.fixture
def shown(no_js_page, browser, browser_context_args):
    """Axe on the page as this visitor has it (scripts blocked: axe needs JavaScript), and
    its HTML kept for the checker."""
    documents = []

    def show(context):
        assert_accessible_without_scripts(
            browser,
            no_js_page.url,
            context=context,
            cookies=no_js_page.context.cookies(),
            **browser_context_args,
        )
        documents.append((context, no_js_page.content()))
        return documents

    return show


def check_answer_labels(page) -> list[str]:
    return page.locator(".summary-list__key").all_inner_texts()


def test_each_route_shows_and_stores_only_its_own_questions(no_js_page, routed_url, shown):
    page = no_js_page
    page.goto(routed_url)
    page.get_by_role("button", name="Start now").click()
    shown("routed step 1")
    page.get_by_label("A parent or carer").check()
    page.get_by_role("button", name="Save and continue").click()

    # Past the young people's step, with Back to where the parent came from.
    assert "Step 3 of 4" in page.content()
    assert page.locator("h1, legend, label").filter(has_text="What worries you most?").count()
    shown("routed step 3")
    assert page.get_by_role("link", name="Back").get_attribute("href").endswith("/step/1/")
    page.get_by_label("What worries you most?").fill("Knives")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("One idea to make your area safer").fill("Street lights")
    page.get_by_role("button", name="Continue to check your answers").click()
    assert check_answer_labels(page) == [
        WHO,
        "What worries you most?",
        "One idea to make your area safer",
    ]
    shown("routed check answers (parent)")

    # Change the first answer: the new route's step is asked, the old route's answer goes.
    page.get_by_role("link", name=f"Change your answer to: {WHO}").click()
    page.get_by_label("A young person").check()
    page.get_by_role("button", name="Continue to check your answers").click()
    # Check your answers first asks the young people's step, never answered.
    assert "Step 2 of 4" in page.content()
    shown("routed step 2")
    page.get_by_label("On buses").check()
    page.get_by_role("button", name="Save and continue").click()
    assert "Step 4 of 4" in page.content()
    page.get_by_role("button", name="Continue to check your answers").click()
    assert check_answer_labels(page) == [
        WHO,
        "Where do you feel least safe?",
        "One idea to make your area safer",
    ]
    assert "Knives" not in page.content()
    documents = shown("routed check answers (young person)")
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("h1").inner_text() == "Your answers have been sent"

    stored = Response.objects.get(consultation__slug=SLUG)
    assert dict(stored.answers.values_list("question_id", "value_text")) == {
        "q-who": "A young person",
        "q-young": "On buses",
        "q-idea": "Street lights",
    }
    assert sorted(stored.seen_questions.values_list("question_id", flat=True)) == [
        "q-idea",
        "q-who",
        "q-young",
    ]
    assert_valid_html(documents, context="routed journey")


def test_a_route_to_the_end_goes_straight_to_check_your_answers(no_js_page, routed_url):
    page = no_js_page
    page.goto(routed_url)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("A professional").check()
    page.get_by_role("button", name="Save and continue").click()
    assert check_answer_labels(page) == [WHO]
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("h1").inner_text() == "Your answers have been sent"
    stored = Response.objects.get(consultation__slug=SLUG)
    assert list(stored.answers.values_list("question_id", flat=True)) == ["q-who"]
