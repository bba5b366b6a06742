"""The outbox is the EMAIL_BACKEND: allauth's emails (and anything else sent through Django's
mail API) are stored, then delivered by the real task worker, and a failed send is retried."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from home import email as outbox
from home.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def through_the_outbox(settings):
    settings.EMAIL_BACKEND = "home.email.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", batch=True, verbosity=0)


def ask_for_a_password_reset(client, address="resident@example.org"):
    response = client.post("/accounts/password/reset/", {"email": address})
    assert response.status_code == 302


def test_allauth_password_reset_email_goes_through_the_outbox_and_the_worker(
    client, through_the_outbox
):
    User.objects.create_user("resident", "resident@example.org", "a-long-test-password")
    ask_for_a_password_reset(client)

    queued = OutboundEmail.objects.get()
    assert queued.purpose == "accounts.password_reset_key"
    assert queued.to == ["resident@example.org"]
    assert queued.sent_at is None
    assert "/accounts/password/reset/key/" in queued.body_text
    assert mail.outbox == []  # nothing is sent by the web request itself
    assert DBTaskResult.objects.filter(task_path="home.email.deliver_email").exists()

    run_worker()

    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1
    [message] = mail.outbox
    assert message.to == ["resident@example.org"]
    assert message.subject == queued.subject
    assert "/accounts/password/reset/key/" in message.body


def test_a_failed_send_is_retried_by_the_scheduler_and_the_worker(client, through_the_outbox):
    User.objects.create_user("resident", "resident@example.org", "a-long-test-password")
    ask_for_a_password_reset(client)
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
    ):
        run_worker()
    queued = OutboundEmail.objects.get()
    assert queued.sent_at is None
    assert queued.attempts == 1 and queued.last_error == "ConnectionRefusedError"
    assert mail.outbox == []

    assert outbox.retry_due_emails() == 0  # not due yet
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert outbox.retry_due_emails() == 1
        run_worker()
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 2
    assert len(mail.outbox) == 1


def test_any_django_email_keeps_its_parts(through_the_outbox):
    message = mail.EmailMultiAlternatives(
        subject="Notes",
        body="Plain words",
        from_email="Editors <editors@example.org>",
        to=["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org"],
        reply_to=["reply@example.org"],
        headers={"X-Thing": "1"},
    )
    message.attach_alternative("<p>Plain words</p>", "text/html")
    message.attach("notes.txt", "some notes", "text/plain")
    assert message.send() == 1
    run_worker()

    [sent] = mail.outbox
    assert sorted(sent.recipients()) == ["a@example.org", "b@example.org", "c@example.org"]
    headers = sent.message()
    assert headers["To"] == "a@example.org"
    assert headers["Cc"] == "b@example.org"
    assert "c@example.org" not in str(headers)  # Bcc stays hidden
    assert headers["From"] == "Editors <editors@example.org>"
    assert headers["Reply-To"] == "reply@example.org"
    assert headers["X-Thing"] == "1"
    assert sent.alternatives[0][1] == "text/html"
    assert sent.attachments[0][0] == "notes.txt"
    assert OutboundEmail.objects.get().purpose == "mail"


def test_a_message_without_recipients_is_not_stored(through_the_outbox):
    assert mail.EmailMessage(subject="s", body="b", to=[]).send() == 0
    assert not OutboundEmail.objects.exists()
