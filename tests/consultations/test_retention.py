"""Personal data in responses is removed when the consultation's retention period ends;
counts, tags and redacted text stay. Tested with frozen time."""

from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from consultations import retention
from consultations.models import Answer, Response
from home.retention import apply_retention

pytestmark = pytest.mark.django_db


def make_response(consultation, user=None, text="Call me on 07700 900123 or sam@example.org"):
    response = Response.objects.create(
        consultation=consultation,
        reference=f"R{Response.objects.count():07d}",
        submission_token=f"token-{Response.objects.count()}",
        contact_email="sam@example.org",
        user=user,
        age_band="16_17",
    )
    Answer.objects.create(
        response=response,
        question_id="q-long",
        question_label="What would help?",
        question_type="long_text",
        position=1,
        value_text=text,
    )
    Answer.objects.create(
        response=response,
        question_id="q-single",
        question_label="How safe?",
        question_type="single_choice",
        position=2,
        value_text="Safe",
        value_choices=["Safe"],
    )
    return response


def test_personal_data_removed_only_after_the_retention_period(
    make_consultation, django_user_model
):
    user = django_user_model.objects.create_user("res", "res@example.org", "x" * 14)
    closed = make_consultation(slug="closed", opens_in=-60, closes_in=-10, retention_days=30)
    response = make_response(closed, user=user)
    response.tags.add("housing")

    # 20 days before the end of the retention period: nothing changes.
    assert retention.apply(timezone.now()) == {
        "responses_anonymised": 0,
        "answers_redacted": 0,
        "drafts_deleted": 0,
    }
    response.refresh_from_db()
    assert response.contact_email == "sam@example.org"

    with time_machine.travel(timezone.now() + timedelta(days=21)):
        results = apply_retention()
        again = apply_retention()
    assert results["consultations.responses"] == {
        "responses_anonymised": 1,
        "answers_redacted": 1,
        "drafts_deleted": 0,
    }
    assert again["consultations.responses"] == {
        "responses_anonymised": 0,
        "answers_redacted": 0,
        "drafts_deleted": 0,
    }
    response.refresh_from_db()
    assert response.contact_email == ""
    assert response.user is None
    assert response.age_band == "16_17"
    assert list(response.tags.names()) == ["housing"]
    text, choice = (answer.value_text for answer in response.answers.order_by("position"))
    assert text == "Call me on [phone] or [email]"
    assert choice == "Safe"


def test_open_consultation_keeps_contact_details(make_consultation):
    open_now = make_consultation(slug="open-now", retention_days=0)
    response = make_response(open_now)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        apply_retention()
    response.refresh_from_db()
    assert response.contact_email == "sam@example.org"


def test_redacted_answers_lose_their_stored_vectors(make_consultation, django_user_model):
    """A vector carries the meaning of the words it was made from: when retention or account
    deletion redacts the words, the vectors go too (every model version)."""
    from consultations.services import anonymise_responses_of
    from tests.support.vectors import give_vector, vectors_of

    closed = make_consultation(slug="closed-vectors", opens_in=-60, closes_in=-10, retention_days=1)
    expired = make_response(closed)
    untouched = make_response(closed, text="More youth clubs please")
    give_vector(expired, version="model-a")
    give_vector(expired, version="model-b")
    give_vector(untouched)

    user = django_user_model.objects.create_user("gone", "gone@example.org", "x" * 14)
    open_now = make_consultation(slug="open-vectors")
    deleting = make_response(open_now, user=user)
    give_vector(deleting)

    anonymise_responses_of(user)
    assert vectors_of(deleting) == 0

    apply_retention()
    assert vectors_of(expired) == 0
    # Nothing was redacted in this one's words, so its meaning is still the meaning of its text.
    assert vectors_of(untouched) == 1
