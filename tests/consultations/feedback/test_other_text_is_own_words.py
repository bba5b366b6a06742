"""'Other, please say' text is the person's own words everywhere (decision 0019): in the coding
queue, the dashboard's free-text counts and the free-text index, as well as in screening,
redaction and the response page."""

import pytest

from django.test import Client
from django.urls import reverse

from consultations.feedback import counts
from consultations.feedback.queries import free_text_answers, uncoded_free_text_answers
from consultations.models import Answer, Response
from consultations.services import redact_free_text
from tests.consultations.conftest import VALID_ANSWERS
from tests.consultations.helpers import answer_steps, submission_token, submit

EMAIL = "me@example.com"


@pytest.fixture
def other_text_response(client, make_consultation, skip_min_time):
    """A response through the real survey: 'Other, please say' holds an email address."""
    consultation = make_consultation()
    answers = {**VALID_ANSWERS, 1: {**VALID_ANSWERS[1], "q-multi-other": f"Library, {EMAIL}"}}
    answer_steps(client, consultation, answers)
    assert submit(client, consultation, submission_token(client, consultation)).status_code == 302
    response = Response.objects.get(consultation=consultation)
    return consultation, response, response.answers.get(question_id="q-multi")


def test_other_text_is_in_the_coding_queue(other_text_response, moderator):
    consultation, _response, other = other_text_response
    assert other.value_text == f"Library, {EMAIL}"
    assert free_text_answers().filter(pk=other.pk).exists()
    assert uncoded_free_text_answers().filter(pk=other.pk).exists()
    staff = Client()
    staff.force_login(moderator)
    index = staff.get(reverse("feedback:queue_index")).content.decode()
    assert "Where do you go?" in index
    page = staff.get(reverse("feedback:queue", args=[consultation.pk, "q-multi"]))
    assert page.status_code == 200
    assert "Library" in page.content.decode()
    assert "Coded 0 of 1" in page.content.decode()


def test_other_text_is_counted_as_free_text_on_the_dashboard(other_text_response, moderator):
    consultation, response, other = other_text_response
    live = counts.live_tally(Response.objects.filter(pk=response.pk), consultation.pk)
    # Short text, long text and the 'Other, please say' text.
    assert live.counts[(consultation.pk, "free_text", "", "")] == 3
    assert counts.matches_stored(consultation)
    staff = Client()
    staff.force_login(moderator)
    page = staff.get(reverse("feedback:dashboard", args=[consultation.pk])).content.decode()
    assert "Coding progress: 0 of 3 free-text answers" in page


def test_other_text_is_redacted_when_an_account_is_deleted(other_text_response):
    _consultation, response, other = other_text_response
    assert redact_free_text(Answer.objects.filter(response=response)) == 1
    other.refresh_from_db()
    assert other.value_text == "Library, [email]"
