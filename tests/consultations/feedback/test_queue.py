"""The coding queue: one uncoded free-text answer at a time, save and next, skip, progress."""

import pytest

from django.urls import reverse

from home.models import PriorityArea
from tests.consultations.feedback.factories import make_response


@pytest.fixture
def answers(consultation):
    responses = [make_response(consultation, free_text=f"Answer number {n}") for n in range(3)]
    return [response.answers.get(question_id="q-long") for response in responses]


def queue_url(consultation):
    return reverse("feedback:queue", args=[consultation.pk, "q-long"])


def test_queue_index_lists_free_text_questions_with_progress(moderator_client, answers):
    answers[0].tags.add("parks")
    page = moderator_client.get(reverse("feedback:queue_index")).content.decode()
    assert "What would help?" in page
    assert "1 of 3" in page


def test_save_and_next_codes_the_answer_and_moves_on(moderator_client, consultation, answers):
    area = PriorityArea.objects.order_by("number").first()
    page = moderator_client.get(queue_url(consultation)).content.decode()
    assert "Answer number 0" in page
    assert "Coded 0 of 3" in page
    assert "feedback-queue.js" in page
    result = moderator_client.post(
        queue_url(consultation),
        {"answer": answers[0].pk, "priority_areas": [area.pk], "tags": "clubs", "save": ""},
        follow=True,
    )
    assert list(answers[0].priority_areas.all()) == [area]
    assert list(answers[0].tags.names()) == ["clubs"]
    page = result.content.decode()
    assert "Answer number 1" in page
    assert "Coded 1 of 3" in page


def test_skip_leaves_the_answer_uncoded(moderator_client, consultation, answers):
    result = moderator_client.post(
        queue_url(consultation), {"answer": answers[0].pk, "skip": ""}, follow=True
    )
    assert "Answer number 1" in result.content.decode()
    assert not answers[0].tags.exists()
    assert "Coded 0 of 3" in result.content.decode()


def test_all_coded_says_so(moderator_client, consultation, answers):
    for answer in answers:
        answer.tags.add("done")
    page = moderator_client.get(queue_url(consultation)).content.decode()
    assert "All answers to this question are coded" in page
    assert "Coded 3 of 3" in page


def test_bad_input_is_not_a_500(moderator_client, consultation, answers):
    assert moderator_client.get(queue_url(consultation), {"after": "x"}).status_code == 400
    assert moderator_client.post(queue_url(consultation), {"answer": "nope"}).status_code == 400
    assert moderator_client.post(queue_url(consultation), {"answer": "999999"}).status_code == 404
    result = moderator_client.post(
        queue_url(consultation), {"answer": answers[0].pk, "priority_areas": ["999"], "save": ""}
    )
    assert result.status_code == 400
    missing = reverse("feedback:queue", args=[consultation.pk, "no-such-question"])
    assert moderator_client.get(missing).status_code == 404
