"""A feedback moderator finds themes in a question's answers without JavaScript: the
confirmation page, the progress page (per cent done and a "Check again" link) while
the worker has not run, then the themes once the worker has; they rename one and turn the
kept themes into tags. Every page passes axe (with scripts) and the HTML checker."""

from django.core.management import call_command
from django.test import override_settings

from consultations.models import FeedbackTag, TaggedAnswer
from tests.browser.test_group_session_journey import signed_in_moderator
from tests.consultations.feedback.factories import make_consultation
from tests.consultations.feedback.test_themes import planted_responses
from tests.support.a11y import assert_accessible, assert_valid_html

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_moderator_finds_themes_and_turns_them_into_tags_without_javascript(
    browser, page, site_url, browser_context_args
):
    consultation = make_consultation()
    made = planted_responses(consultation)
    no_js = browser.new_context(**browser_context_args, java_script_enabled=False)
    signed_in_moderator(no_js, site_url)
    page.context.add_cookies(no_js.cookies())
    quiet = no_js.new_page()
    documents = []

    with override_settings(TASKS=DATABASE_TASKS):
        quiet.goto(f"{site_url}/admin/feedback/queue/")
        quiet.get_by_role("link", name="Find themes in answers to What would help?").click()
        documents.append(("confirm", quiet.content()))
        quiet.get_by_role("button", name=f"Find themes in {len(made)} answers").click()
        assert "0% done" in quiet.content()
        documents.append(("progress", quiet.content()))
        progress_url = quiet.url
        page.goto(progress_url)
        assert_accessible(page, context="themes progress page")
        call_command("db_worker", batch=True, verbosity=0)

    quiet.get_by_role("link", name="Check again").click()
    headings = quiet.locator("section.feedback-theme h2")
    assert headings.count() == 3
    documents.append(("themes", quiet.content()))
    page.goto(progress_url)
    assert_accessible(page, context="themes results page")

    name = quiet.get_by_label("Name", exact=True).first
    name.fill("Street lighting at night")
    quiet.get_by_role("button", name="Rename").first.click()
    assert "Theme renamed “Street lighting at night”." in quiet.content()
    quiet.get_by_role("button", name="Turn 3 kept themes into tags").click()
    assert "Last time: 36 answers tagged with 3 tags." in quiet.content()
    documents.append(("tagged", quiet.content()))
    assert FeedbackTag.objects.filter(name="Street lighting at night").exists()
    assert TaggedAnswer.objects.count() == len(made)
    assert_valid_html(documents, context="find themes journey")
    no_js.close()
