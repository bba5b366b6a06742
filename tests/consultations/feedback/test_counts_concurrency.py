"""Residents submitting while analysts code and moderate, at the same moment, on a real
PostgreSQL database: the dashboard's running totals stay exact and nobody deadlocks."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.db import connection, connections

from consultations import services as consultation_services
from consultations.feedback import counts, services
from consultations.models import Answer, Response
from home.models import PriorityArea

SUBMITTERS = 16
CODERS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)"
    ),
]

VALUES = {
    "short_text": "Hackney",
    "long_text": "More youth clubs",
    "single_choice": "Safe",
    "multiple_choice": ["Park", "Club"],
    "agreement_scale": "Agree",
    "yes_no": "Yes",
    "number": 12,
}


def _submit(consultation, number: int):
    answers = [
        consultation_services.AnsweredQuestion(question=question, value=VALUES[kind])
        for question in consultation.questions()
        if (kind := question.question_type) in VALUES
    ]
    return consultation_services.submit_response(
        consultation, answers=answers, submission_token=f"concurrent-{number}"
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_coding_and_moderation_keep_exact_totals(
    make_consultation, django_user_model
):
    consultation = make_consultation()
    analyst = django_user_model.objects.create_user(username="analyst", password="x")
    for number in range(CODERS):
        _submit(consultation, 1000 + number)
    answers = list(Answer.objects.filter(question_type="long_text").order_by("pk"))
    responses = list(Response.objects.order_by("pk"))
    areas = list(PriorityArea.objects.order_by("number")[:2])
    start_together = threading.Barrier(SUBMITTERS + CODERS)

    def submit(number: int):
        try:
            start_together.wait()
            return _submit(consultation, number)[1]
        finally:
            connections.close_all()

    def code(number: int):
        try:
            start_together.wait()
            # Two coders on each answer, and moderation of the same responses meanwhile.
            services.set_answer_coding(answers[number // 2], areas[: number % 2 + 1], ["x"], None)
            status = "hidden" if number % 3 == 0 else "reviewed"
            services.set_moderation_status([responses[number]], status, analyst)
            return True
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=SUBMITTERS + CODERS) as pool:
        submitted = [pool.submit(submit, number) for number in range(SUBMITTERS)]
        coded = [pool.submit(code, number) for number in range(CODERS)]
        results = [future.result() for future in submitted + coded]  # re-raises any deadlock

    assert all(results)
    assert Response.objects.count() == SUBMITTERS + CODERS
    assert counts.matches_stored(consultation)
    assert counts.matches_stored()
