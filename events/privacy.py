"""After a booking: reminders before the event, and attendees' personal data removed after it
(or when they delete their account)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from language.services import forget as forget_vectors

from . import emails
from .models import (
    MAX_REMINDER_HOURS,
    EventPage,
    Registration,
    new_token_nonce,
)
from .services import cancel_registration

logger = logging.getLogger("vru.events")

Status = Registration.Status


def send_due_reminders(now=None) -> int:
    """Email each confirmed attendee once, the event's lead time before it starts."""
    now = now or timezone.now()
    events = EventPage.objects.live().filter(
        start__gt=now, start__lte=now + timedelta(hours=MAX_REMINDER_HOURS)
    )
    sent = 0
    for event in events:
        if event.start - timedelta(hours=event.reminder_hours_before) > now:
            continue
        due = event.registrations.filter(
            status=Status.CONFIRMED, reminder_sent_at__isnull=True
        ).values_list("pk", flat=True)
        for registration_id in list(due):
            with transaction.atomic():
                # The conditional update claims the reminder: a second run finds nothing.
                claimed = Registration.objects.filter(
                    pk=registration_id, status=Status.CONFIRMED, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=now)
                if not claimed:
                    continue
                registration = Registration.objects.select_related("event").get(pk=registration_id)
                emails.send_registration_email(registration, "reminder", attach_ics=True)
                sent += 1
    return sent


def anonymise_past_registrations(now=None) -> int:
    """Remove attendees' personal data once an event is `anonymise_after_days` old.

    Status, attendance and counts stay. Idempotent. Returns how many were anonymised.
    """
    now = now or timezone.now()
    event_ids = (
        Registration.objects.filter(anonymised_at__isnull=True, event__end__lt=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    total = 0
    for event in EventPage.objects.filter(pk__in=list(event_ids)):
        if event.end + timedelta(days=event.anonymise_after_days) > now:
            continue
        with transaction.atomic():
            pending = list(
                Registration.objects.select_for_update().filter(
                    event=event, anonymised_at__isnull=True
                )
            )
            total += _anonymise(pending, now)
    return total


ANONYMISED_FIELDS = [
    "first_name",
    "email",
    "access_needs",
    "parent_name",
    "parent_email",
    "user",
    "anonymised_at",
    "token_nonce",
]


def _anonymise(registrations: list[Registration], now) -> int:
    """Blank the personal data of locked registrations and kill their manage links."""
    for registration in registrations:
        registration.first_name = ""
        registration.email = ""
        registration.access_needs = ""
        registration.parent_name = ""
        registration.parent_email = ""
        registration.user = None
        registration.anonymised_at = now
        registration.token_nonce = new_token_nonce()
    Registration.objects.bulk_update(registrations, ANONYMISED_FIELDS)
    forget_vectors(Registration, [registration.pk for registration in registrations])
    return len(registrations)


def anonymise_registrations_of(user, now=None) -> int:
    """A person deleting their account: upcoming bookings are cancelled (the place goes to the
    waiting list, no email), then every booking of theirs loses its personal data and its
    manage link. Status and attendance stay for the counts. Returns how many were anonymised."""
    now = now or timezone.now()
    for registration in Registration.objects.for_user(user).active():
        if registration.event.start > now:
            cancel_registration(registration, notify=False)
    with transaction.atomic():
        pending = list(Registration.objects.select_for_update().filter(user=user))
        return _anonymise(pending, now)
