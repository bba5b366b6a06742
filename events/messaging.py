"""Coordinators' messages to the people booked on an event (docs/decisions/0035).

A message is stored once per one-time key (a double click sends it once), limited per event
per day, written to the audit log, and delivered as one email per recipient through the
outbox, so nobody ever sees another person's address. Long lists are queued by a background
task; the task is safe to run twice because the message records when its emails were queued.
"""

import logging
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from home.email import queue_templated_email
from home.links import site_url

from . import access, services
from .models import AttendeeMessage, EventPage, RegistrationQuerySet

logger = logging.getLogger("vru.events")

MESSAGE_ACTION = "events.message_attendees"
MESSAGES_PER_EVENT_PER_DAY = 3
# Up to this many recipients the emails are queued in the request; more go to the worker.
INLINE_RECIPIENTS = 50
VRU_NAME = "London Violence Reduction Unit"


class MessageRefused(Exception):
    """The message cannot be sent; the text says why, for the coordinator."""


def recipients(event: EventPage, audiences) -> RegistrationQuerySet:
    """The bookings a message to `audiences` reaches: only people who booked with an email
    and whose details are still held. Cancelled, anonymised and walk-in bookings never do."""
    return event.registrations.filter(
        status__in=AttendeeMessage.statuses_for(audiences),
        anonymised_at__isnull=True,
        walk_in=False,
    ).exclude(email="")


def sender_name(user, event: EventPage) -> str:
    """The name the email comes from: the sender's network if they coordinate one of the
    event's networks, otherwise the VRU (its own staff)."""
    networks = event.networks.filter(pk__in=access.coordinated_network_ids(user)).order_by("name")
    network = networks.first()
    return network.name if network is not None else VRU_NAME


def messages_left_today(event: EventPage, now=None) -> int:
    now = now or timezone.now()
    sent = AttendeeMessage.objects.sent_since(event, now - timedelta(days=1)).count()
    return max(MESSAGES_PER_EVENT_PER_DAY - sent, 0)


def send_message(
    event: EventPage, *, user, audiences, subject: str, body: str, key: str
) -> tuple[AttendeeMessage, bool]:
    """Store and send a message to the event's chosen bookings. Returns (message, created):
    a key already used returns its message and sends nothing. Raises MessageRefused when the
    day's limit for the event is reached or nobody would receive it."""
    with transaction.atomic():
        # Serialise messages per event, so two tabs cannot both pass the daily limit.
        services.lock_event(event)
        existing = AttendeeMessage.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
        if messages_left_today(event) == 0:
            raise MessageRefused(
                f"This event has already had {MESSAGES_PER_EVENT_PER_DAY} messages in the "
                "last 24 hours. Try again later, or ask the VRU events team."
            )
        count = recipients(event, audiences).count()
        if count == 0:
            raise MessageRefused("Nobody in the groups you chose can get a message.")
        message = AttendeeMessage.objects.create(
            event=event,
            sent_by=user,
            audiences=list(audiences),
            sender_name=sender_name(user, event),
            subject=subject,
            body=body,
            recipient_count=count,
            idempotency_key=key,
        )
        log(
            instance=event,
            action=MESSAGE_ACTION,
            user=user,
            data={
                "message": message.pk,
                "audiences": message.audiences,
                "recipients": count,
                "subject": subject,
            },
        )
        if count <= INLINE_RECIPIENTS:
            queue_message_emails(message.pk)
        else:
            from .tasks import send_attendee_message

            send_attendee_message.enqueue(message.pk)
    logger.info("Message %s to %s bookings of event %s", message.pk, count, event.pk)
    return message, True


def queue_message_emails(message_id: int) -> int:
    """Put one email per recipient into the outbox, once per message. Returns how many were
    queued now (0 if they already were)."""
    with transaction.atomic():
        message = (
            AttendeeMessage.objects.select_for_update()
            .select_related("event")
            .filter(pk=message_id, emails_queued_at__isnull=True)
            .first()
        )
        if message is None:
            return 0
        event = message.event
        from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        headers = {"From": formataddr((f"{message.sender_name} via London VRU", from_address))}
        queued = 0
        for registration in recipients(event, message.audiences).iterator():
            queue_templated_email(
                purpose="events.attendee_message",
                to=registration.email,
                template="events/email/attendee_message",
                context={
                    "message": message,
                    "event": event,
                    "registration": registration,
                    "event_url": site_url(event),
                    "manage_url": site_url(registration.get_manage_path()),
                },
                headers=headers,
            )
            queued += 1
        message.recipient_count = queued
        message.emails_queued_at = timezone.now()
        message.save(update_fields=["recipient_count", "emails_queued_at"])
    return queued
