import base64
from datetime import timedelta
from unittest import mock

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from home import email as outbox
from home.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_queued_email_is_delivered_once_with_headers_and_attachment():
    queued = outbox.queue_email(
        purpose="test",
        to="person@example.org",
        subject="Your place is booked",
        body_text="See you there.",
        body_html="<p>See you there.</p>",
        headers={"List-Unsubscribe": "<https://example.org/u>"},
        attachments=[("event.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["person@example.org"]
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/u>"
    assert message.attachments[0][0] == "event.ics"
    assert message.alternatives[0][1] == "text/html"
    # Delivering again (a retried task) sends nothing more.
    assert outbox.deliver_email.call(queued.pk) is False
    assert len(mail.outbox) == 1


def test_mail_outage_keeps_email_and_retries_later():
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
    ):
        queued = outbox.queue_email(
            purpose="test", to=["a@example.org"], subject="Hello", body_text="Hi"
        )
    queued.refresh_from_db()
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert queued.last_error == "ConnectionRefusedError"
    assert len(mail.outbox) == 0
    # Not due yet: nothing retried.
    assert outbox.retry_due_emails() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert outbox.retry_due_emails() == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert len(mail.outbox) == 1


def test_gives_up_after_max_attempts():
    queued = OutboundEmail.objects.create(
        purpose="test",
        to=["a@example.org"],
        subject="s",
        body_text="b",
        next_attempt_at=timezone.now(),
        attempts=outbox.MAX_ATTEMPTS,
    )
    assert outbox.retry_due_emails() == 0
    queued.refresh_from_db()
    assert queued.sent_at is None


def test_attachment_round_trips_through_json():
    content = bytes(range(256))
    queued = outbox.queue_email(
        purpose="t",
        to="a@example.org",
        subject="s",
        body_text="b",
        attachments=[("x.bin", content, "application/octet-stream")],
    )
    assert base64.b64decode(queued.attachments[0][1]) == content
    assert mail.outbox[0].attachments[0][1] == content


def test_sent_emails_are_purged_after_a_week():
    old = outbox.queue_email(purpose="t", to="a@example.org", subject="s", body_text="b")
    OutboundEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=8))
    recent = outbox.queue_email(purpose="t", to="b@example.org", subject="s", body_text="b")
    assert outbox.purge_sent_emails() == 1
    assert list(OutboundEmail.objects.values_list("pk", flat=True)) == [recent.pk]


def test_rolled_back_transaction_sends_nothing():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_email(purpose="t", to="a@example.org", subject="s", body_text="b")
        raise RuntimeError("booking failed")
    assert not OutboundEmail.objects.exists()
