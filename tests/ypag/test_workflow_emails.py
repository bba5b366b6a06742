"""Wagtail's own workflow notifications go through the outbox (EMAIL_BACKEND) and are
delivered by the real task worker."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command

from home.models import OutboundEmail
from ypag import services

from .test_workflow import create_as, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_submitting_for_review_emails_the_reviewer_through_the_outbox(
    client, ypag_landing, make_user, settings
):
    ypag_editor = make_user(services.YPAG_EDITOR, username="ypag-ed")
    reviewer = make_user(services.CONTENT_EDITOR, username="content-ed")
    settings.EMAIL_BACKEND = "home.email.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()

    assert create_as(signed_in(client, ypag_editor), ypag_landing).status_code == 302
    # Wagtail may send from a task of its own: let the worker run everything queued.
    call_command("db_worker", batch=True, verbosity=0)

    queued = [email for email in OutboundEmail.objects.all() if reviewer.email in email.to]
    assert queued
    assert all(email.sent_at is not None for email in queued)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    sent = [message for message in mail.outbox if reviewer.email in message.to]
    assert sent
    assert "Group chats" in sent[0].subject + sent[0].body
