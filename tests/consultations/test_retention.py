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
