"""Issue 20: flows that look something up by the email address someone types never say
whether that address is known, never act on what they find, and cannot flood its inbox."""

from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("known", [True, False])
def test_password_reset_cannot_flood_an_inbox_and_reveals_nothing(django_user_model, known):
    if known:
        django_user_model.objects.create_user("r", "rue@example.org", "x" * 14)
    answers = []
    start = timezone.now()
    # A slow script: one request every 5 minutes for 40 minutes.
    for attempt in range(8):
        with time_machine.travel(start + timedelta(minutes=5 * attempt)):
            response = Client().post("/accounts/password/reset/", {"email": "rue@example.org"})
        answers.append(response.status_code)
    # Known or not, the answers are the same and the inbox gets at most 5 emails an hour.
    assert answers == [302] * 5 + [429] * 3
    assert len([m for m in mail.outbox if m.to == ["rue@example.org"]]) == 5
