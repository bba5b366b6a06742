"""A feedback moderator codes three answers in the coding queue by accepting the suggested
priority areas from the keyboard ("a"), and the same page works without JavaScript."""

import pytest

from assisted_coding import services as suggesting
from assisted_coding import training
from assisted_coding.models import AreaSuggestion
from consultations.feedback.synthesis import stored_synthesis
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.language import language_model  # noqa: F401
from tests.support.staff import signed_in_moderator

pytestmark = pytest.mark.browser

LABEL = "What would help?"
ANSWERS = [
    "Open the youth club on Friday nights and run free football sessions",
    "Stop excluding kids from school, my son was sent to a PRU and it got worse",
    "Parenting classes and a family support worker for mums struggling at home",
]


@pytest.fixture
def suggested_answers(site_url, language_model):  # noqa: F811
    """Three responses whose answers have suggestions written by the real model."""
    assert training.install_shipped_model() is not None
    consultation = make_consultation()
    answers = []
    for text in ANSWERS:
        response = make_response(consultation, free_text=text)
        suggestion = suggesting.suggest_for(response, {LABEL: text}, scope=consultation)[LABEL]
        assert suggestion.areas.exists(), text
        answers.append(response.answers.get(question_id="q-long"))
    return consultation, answers


def our_part(page) -> str:
    """The workspace's own markup (the page's main landmark) as a document: the admin's frame
    around it is Wagtail's, with HTML checker findings of its own."""
    main = page.locator("main").evaluate("element => element.outerHTML")
    head = '<!doctype html><html lang="en"><head><title>Coding queue</title></head>'
    return f"{head}<body>{main}</body></html>"


def test_moderator_codes_three_answers_by_accepting_suggestions_from_the_keyboard(
    page, site_url, suggested_answers
):
    consultation, answers = suggested_answers
    user = signed_in_moderator(page.context, site_url, "coder@example.org")
    queue = f"{site_url}/admin/feedback/queue/{consultation.pk}/q-long/"

    page.goto(queue)  # waits for "load": the shortcuts' script has run
    assert page.locator(".feedback-progress").inner_text() == "Coded 0 of 3"
    suggestion = page.locator("[data-suggestion='suggested']")
    assert suggestion.inner_text().startswith("Suggested: ")
    assert "not counted until someone accepts it" in suggestion.inner_text()
    assert "a accepts the suggested areas" in page.locator("form.feedback-queue").inner_text()
    assert_accessible(page, context="coding queue with a suggestion")
    documents = [("coding queue", our_part(page))]

    for number, text in enumerate(ANSWERS, start=1):
        assert text in page.locator("form.feedback-queue blockquote").inner_text()
        with page.expect_navigation():
            page.keyboard.press("a")
        assert page.locator(".feedback-progress").inner_text() == f"Coded {number} of 3"

    assert page.get_by_text("All answers to this question are coded.").is_visible()
    assert_accessible(page, context="coding queue, all coded")
    documents.append(("coding queue, all coded", our_part(page)))
    assert_valid_html(documents, context="coding by accepting suggestions")

    for answer in answers:
        suggestion = AreaSuggestion.objects.get(object_id=str(answer.response_id))
        assert {area.slug for area in answer.priority_areas.all()} == {
            slug for slug, _ in suggestion.suggested()
        }
        assert suggestion.accepted_by == user
    assert stored_synthesis(consultation).coded == 3


def test_accepting_a_suggestion_works_without_javascript(no_js_page, site_url, suggested_answers):
    consultation, answers = suggested_answers
    signed_in_moderator(no_js_page.context, site_url, "coder@example.org")
    no_js_page.goto(f"{site_url}/admin/feedback/queue/{consultation.pk}/q-long/")
    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="Accept suggested areas and next").click()
    assert no_js_page.locator(".feedback-progress").inner_text() == "Coded 1 of 3"
    assert answers[0].priority_areas.exists()
