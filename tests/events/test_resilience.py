from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core import mail
from django.utils import timezone

from events.models import Registration
from home import email as outbox
from home.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_booking_survives_a_mail_outage_and_email_is_sent_later(client, make_event):
    event = make_event(capacity=5)
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
    ):
        response = client.post(event.url, {"first_name": "Amara", "email": "amara@example.org"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    queued = OutboundEmail.objects.get(purpose="events.confirmation")
    assert queued.sent_at is None and queued.attempts == 1
    assert len(mail.outbox) == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert outbox.retry_due_emails() == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None
    [message] = mail.outbox
    assert registration.get_manage_path() in message.body
    # Retrying again sends nothing more.
    with time_machine.travel(timezone.now() + timedelta(hours=5)):
        assert outbox.retry_due_emails() == 0
    assert len(mail.outbox) == 1


FIELDS = [
    "first_name",
    "email",
    "access_needs",
    "under_16",
    "parent_name",
    "parent_email",
    "csrfmiddlewaretoken",
]
junk = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(["yes", "no", "", "@", "a@b", "x" * 2000, "\x00", "<script>"]),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from(FIELDS), st.one_of(junk, st.lists(junk, max_size=3))))
def test_junk_posts_never_cause_a_server_error(client, make_event, data):
    event = make_event(capacity=1, parent_consent_for_under_16s=True)
    response = client.post(event.url, data)
    assert response.status_code in (200, 302, 429)
    if response.status_code == 302:
        assert Registration.objects.filter(event=event).exists()
