"""Sending email through the outbox, so that no message is lost and none is sent twice.

Use `queue_email(...)` from inside your service's transaction. It stores the email and enqueues
delivery in the same transaction (the task row commits with it). Delivery failures are
retried by the scheduler (`retry_due_emails`) with exponential back-off.

The outbox is also the `EMAIL_BACKEND` (`OutboxBackend`), so every email anything sends through
Django's mail API, allauth's and Wagtail's included, is stored and retried the same way. The
delivery task sends through `OUTBOX_DELIVERY_BACKEND`, the real SMTP (or console) backend.
"""

import base64
import logging
from datetime import timedelta
from email.mime.base import MIMEBase

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from home.models import OutboundEmail

logger = logging.getLogger("vru.email")

MAX_ATTEMPTS = 10
KEEP_SENT_FOR = timedelta(days=7)


def queue_email(
    *,
    purpose: str,
    to: list[str] | str,
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> OutboundEmail:
    """Store an email in the outbox and enqueue its delivery.

    Call it inside the transaction that caused the email; if that transaction rolls back, the
    email is never sent. `attachments` are (filename, content bytes, mimetype).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    email = OutboundEmail.objects.create(
        purpose=purpose,
        to=recipients,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        attachments=[
            [name, base64.b64encode(content).decode("ascii"), mimetype]
            for name, content, mimetype in (attachments or [])
        ],
        next_attempt_at=timezone.now(),
    )
    deliver_email.enqueue(email.pk)
    return email


def queue_templated_email(
    *,
    purpose: str,
    to: list[str] | str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> OutboundEmail:
    """Render `<template>_subject.txt`, `<template>.txt` and (if present) `<template>.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body_text = render_to_string(f"{template}.txt", context)
    try:
        body_html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:  # the HTML part is optional; a broken one is an error
        body_html = ""
    return queue_email(
        purpose=purpose,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers,
        attachments=attachments,
    )


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 360))


@task()
def deliver_email(email_id: int) -> bool:
    """Send one outbox email if it is still unsent. Returns True when it was sent now."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .unsent()
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return False  # already sent, or another worker has it
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            to=email.to,
            headers=email.headers,
            connection=get_connection(settings.OUTBOX_DELIVERY_BACKEND),
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for name, content, mimetype in email.attachments:
            message.attach(name, base64.b64decode(content), mimetype)
        email.attempts += 1
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - any transport failure is retried later
            email.next_attempt_at = timezone.now() + _backoff(email.attempts)
            email.last_error = type(error).__name__[:200]
            email.save(update_fields=["attempts", "next_attempt_at", "last_error"])
            logger.warning(
                "Email %s (%s) failed on attempt %s: %s",
                email.pk,
                email.purpose,
                email.attempts,
                email.last_error,
            )
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def retry_due_emails(now=None) -> int:
    """Enqueue delivery of every unsent email whose retry time has come. Returns the count."""
    now = now or timezone.now()
    due_ids = list(OutboundEmail.objects.due(now).values_list("pk", flat=True)[:500])
    for email_id in due_ids:
        deliver_email.enqueue(email_id)
    return len(due_ids)


def purge_sent_emails(now=None) -> int:
    """Delete sent emails older than KEEP_SENT_FOR: they hold personal data."""
    now = now or timezone.now()
    deleted, _ = OutboundEmail.objects.filter(sent_at__lt=now - KEEP_SENT_FOR).delete()
    return deleted


DEFAULT_PURPOSE = "mail"


def _attachment(attachment) -> tuple[str, bytes, str]:
    if isinstance(attachment, MIMEBase):
        return (
            attachment.get_filename() or "attachment",
            attachment.get_payload(decode=True) or b"",
            attachment.get_content_type(),
        )
    name, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode("utf-8")
    return name or "attachment", content, mimetype or "application/octet-stream"


class OutboxBackend(BaseEmailBackend):
    """`EMAIL_BACKEND`: each message goes into the outbox (in the caller's transaction) and is
    delivered by the task worker through `OUTBOX_DELIVERY_BACKEND`, with retries.

    A message may carry `purpose` (an attribute) to say what kind of email it is in the
    outbox and the logs. Cc and Bcc recipients get it too; the To header shows only `to`.
    """

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            queue_email(purpose=getattr(message, "purpose", DEFAULT_PURPOSE), **_parts(message))
            count += 1
        return count


def _parts(message: EmailMessage) -> dict:
    body_text, body_html = message.body, ""
    if message.content_subtype == "html":
        body_text, body_html = "", message.body
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html" and not body_html:
            body_html = content
    headers = {key: str(value) for key, value in message.extra_headers.items()}
    if message.from_email and message.from_email != settings.DEFAULT_FROM_EMAIL:
        headers.setdefault("From", message.from_email)
    if message.cc or message.bcc:
        headers.setdefault("To", ", ".join(message.to))
        if message.cc:
            headers.setdefault("Cc", ", ".join(message.cc))
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(message.reply_to))
    return {
        "to": message.recipients(),
        "subject": str(message.subject),
        "body_text": body_text,
        "body_html": body_html,
        "headers": headers,
        "attachments": [_attachment(item) for item in message.attachments],
    }
