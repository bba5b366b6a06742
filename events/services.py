"""Booking, cancelling and looking after places at events.

Every change to who holds a place takes the event's capacity lock (a SELECT ... FOR UPDATE on
its `EventCapacity` row) inside one transaction, so places are never double-booked even when
many people book the last places at once (docs/decisions/0007-event-capacity-locking.md).
Emails go through the outbox in the same transaction: a mail outage never loses a booking.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.formatting import format_datetime
from home.ratelimit import hashed_client_address, keyed_hash, within_rate_limit
from safeguarding.services import screen_and_flag

from . import emails
from .models import (
    CONSENT_HOLD,
    EventCapacity,
    EventPage,
    Registration,
    new_reference,
)

logger = logging.getLogger("vru.events")

Status = Registration.Status


class BookingError(Exception):
    """A booking that cannot be made; the message is shown to the person."""


class RegistrationNotOpen(BookingError):
    pass


class RegistrationClosed(BookingError):
    pass


class EventFull(BookingError):
    pass


class ParentEmailRequired(BookingError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def lock_event(event: EventPage) -> None:
    """Take the event's capacity lock. Must be called inside transaction.atomic()."""
    # INSERT ... ON CONFLICT DO NOTHING makes creating the row on first use race-free.
    EventCapacity.objects.bulk_create([EventCapacity(event_id=event.pk)], ignore_conflicts=True)
    EventCapacity.objects.select_for_update().get(event_id=event.pk)


def has_free_place(event: EventPage) -> bool:
    """Whether a place is free. Call it holding the capacity lock, or the answer is stale."""
    if event.capacity is None:
        return True
    return event.registrations.holding_a_place().count() < event.capacity


def free_reference(event: EventPage) -> str:
    """A booking reference no one at this event has. Call it holding the capacity lock (every
    booking and walk-in does), so no other transaction can take it meanwhile."""
    while True:
        reference = new_reference()
        if not event.registrations.filter(reference=reference).exists():
            return reference


def _needs_parent_consent(event: EventPage, under_16: bool) -> bool:
    return under_16 and event.parent_consent_for_under_16s


# --- booking ------------------------------------------------------------------------------


def check_registration_open(event: EventPage, now=None) -> None:
    """Raise a BookingError with a plain-English reason if booking is not open now."""
    state = event.registration_state(now)
    if state == "not_yet_open":
        opens = format_datetime(event.registration_opens_at, weekday=True)
        raise RegistrationNotOpen(f"Booking opens on {opens}.")
    if state == "closed":
        raise RegistrationClosed("Booking for this event has closed.")
    if state == "finished":
        raise RegistrationClosed("This event has already happened.")


# --- flood limits -------------------------------------------------------------------------

HOUR = 60 * 60
DAY = 24 * HOUR

# (attempts, seconds). A youth club books together on one Wi-Fi, and a youth worker may book
# their whole group from one laptop, so the limits per connection and per browser are high;
# the tight limits are on what lands in one person's inbox. Settings can override any of them
# (EVENT_BOOKING_LIMITS), e.g. for the load benchmark.
BOOKING_LIMITS = {
    "browser": (20, HOUR),  # one browser session, every event: a youth worker and their group
    "address_event": (60, HOUR),  # one connection, one event: a youth club or a class
    "address": (200, HOUR),  # one connection, every event: scripted floods
    "email_event": (3, HOUR),  # one booker's inbox, one event: a booking and two reminders
    "email": (10, DAY),  # one booker's inbox, every event
    "parent_email": (5, DAY),  # one parent or carer's inbox: consent requests
}

LIMIT_MESSAGES = {
    "browser": "You have made a lot of bookings from this browser in the last hour. Wait an "
    "hour, then try again, or ask the others in your group to book on their own phones.",
    "address_event": "We have had a lot of bookings for this event from your internet "
    "connection in the last hour. Wait an hour, then try again.",
    "address": "We have had a lot of bookings from your internet connection in the last hour. "
    "Wait an hour, then try again.",
    "email_event": "We have already sent several emails about this event to that address. "
    "Look in that inbox (and its spam folder) for our email, or wait an hour and try again.",
    "email": "We have sent a lot of emails to that address today. Look in that inbox for our "
    "emails, use a different email address, or try again tomorrow.",
    "parent_email": "We have sent a lot of emails to that parent or carer's address today. Ask "
    "them to look in their inbox for our emails, or try again tomorrow.",
}


def _limit(name: str) -> tuple[int, int]:
    overrides = getattr(settings, "EVENT_BOOKING_LIMITS", {})
    return overrides.get(name, BOOKING_LIMITS[name])


def booking_refusal(
    event: EventPage,
    *,
    email: str,
    parent_email: str = "",
    address: str,
    browser: str = "",
) -> tuple[str, str] | None:
    """Count one booking attempt; return (field, message) if it must be refused, else None.

    `field` is "email", "parent_email" or "" (the whole form). Every attempt counts, whether
    or not the address is already booked, so the answer never tells anyone if it is. Each
    booking causes at most one or two emails, so limiting attempts per recipient limits the
    emails a visitor can send to anyone's inbox.
    """
    # Counted under keyed hashes: the shared cache never holds an email or internet address.
    email = keyed_hash(normalise_email(email))
    address = hashed_client_address(address)
    checks = [
        ("browser", f"events.book.browser:{keyed_hash(browser)}", "", bool(browser)),
        ("address_event", f"events.book.address:{event.pk}:{address}", "", True),
        ("address", f"events.book.address:{address}", "", True),
        ("email_event", f"events.book.email:{event.pk}:{email}", "email", True),
        ("email", f"events.book.email:{email}", "email", True),
        (
            "parent_email",
            f"events.book.parent:{keyed_hash(normalise_email(parent_email))}",
            "parent_email",
            bool(parent_email.strip()),
        ),
    ]
    for name, key, field, applies in checks:
        if not applies:
            continue
        limit, period = _limit(name)
        if not within_rate_limit(key, limit=limit, period_seconds=period):
            logger.warning("Booking refused for event %s: %s limit", event.pk, name)
            return field, LIMIT_MESSAGES[name]
    return None


def book_place(
    event: EventPage,
    *,
    first_name: str,
    email: str,
    user=None,
    access_needs: str = "",
    under_16: bool = False,
    parent_name: str = "",
    parent_email: str = "",
) -> Registration:
    """Book a place, or a place on the waiting list, for one person.

    Returns the registration. If this email already has an active booking for the event,
    nothing is booked or changed: the booking's owner is emailed its manage link instead
    (`already_booked` email), and that booking is returned with `already_booked = True`.
    Whoever typed the address may not be its owner, so callers must never show or act on
    a returned booking with `already_booked` set (docs/decisions/0011-booking-privacy.md).
    Raises BookingError (RegistrationNotOpen, RegistrationClosed, EventFull,
    ParentEmailRequired).
    """
    email = normalise_email(email)
    parent_email = normalise_email(parent_email)
    parent_name = " ".join(parent_name.split())
    first_name = first_name.strip()
    access_needs = access_needs.strip()
    needs_consent = _needs_parent_consent(event, under_16)
    if needs_consent and not parent_email:
        raise ParentEmailRequired("Give a parent or carer's email address.")
    if user is not None and not user.is_authenticated:
        user = None

    with transaction.atomic():
        lock_event(event)
        now = timezone.now()
        # A repeat booking gets the same answer a new one would (closed, full or "check your
        # email"), so the reply never tells whoever typed the address that it is booked.
        check_registration_open(event, now)
        if has_free_place(event):
            status = Status.HELD if needs_consent else Status.CONFIRMED
        elif event.waitlist_enabled:
            status = Status.WAITLISTED
        else:
            status = None
        existing = Registration.objects.active().filter(event=event, email=email).first()
        if existing is not None:
            # Only the inbox's owner hears about the booking: its link goes to the address
            # on file, never to the page of whoever typed it. Committed even when the reply
            # below is "full".
            emails.send_registration_email(existing, "already_booked")
            existing.already_booked = True
        elif status is None:
            raise EventFull("Sorry, this event is full.")
        else:
            registration = Registration.objects.create(
                event=event,
                user=user,
                first_name=first_name,
                email=email,
                reference=free_reference(event),
                access_needs=access_needs,
                under_16=under_16,
                parent_name=parent_name if needs_consent else "",
                parent_email=parent_email if needs_consent else "",
                status=status,
                created_at=now,
                confirmed_at=now if status == Status.CONFIRMED else None,
                hold_expires_at=now + CONSENT_HOLD if status == Status.HELD else None,
            )
            emails.send_place_email(registration, "confirmation")
            if registration.access_needs:
                # Same transaction: a disclosure of harm reaches the safeguarding lead with it.
                screen_and_flag(
                    registration,
                    {"Anything we should know to help you take part?": registration.access_needs},
                    source_label=f"Booking {registration.pk} for {event.title}",
                )
    if existing is not None:
        if status is None:
            raise EventFull("Sorry, this event is full.")
        return existing
    registration.already_booked = False
    logger.info("Registration %s for event %s: %s", registration.pk, event.pk, status)
    return registration


def _give_place(registration: Registration, now) -> None:
    """Move a waitlisted registration into a place (held if a parent must consent)."""
    if _needs_parent_consent(registration.event, registration.under_16):
        registration.status = Status.HELD
        registration.hold_expires_at = now + CONSENT_HOLD
    else:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
    registration.save(update_fields=["status", "hold_expires_at", "confirmed_at"])


def promote_from_waitlist(event: EventPage) -> list[Registration]:
    """Give every free place to the people at the front of the waiting list, in order.

    Returns the promoted registrations (emailed). Safe to call at any time.
    """
    promoted = []
    with transaction.atomic():
        lock_event(event)
        if event.end < timezone.now():
            return promoted
        now = timezone.now()
        while has_free_place(event):
            registration = event.registrations.waitlisted().select_related("event").first()
            if registration is None:
                break
            _give_place(registration, now)
            emails.send_place_email(registration, "promotion")
            promoted.append(registration)
    return promoted


def promote_registration(registration: Registration) -> Registration:
    """Staff move one waitlisted person into a free place, out of turn. Raises EventFull."""
    event = registration.event
    with transaction.atomic():
        lock_event(event)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status != Status.WAITLISTED:
            return registration
        if not has_free_place(event):
            raise EventFull("There is no free place. Cancel someone's place first.")
        _give_place(registration, timezone.now())
        emails.send_place_email(registration, "promotion")
    return registration


def cancel_registration(registration: Registration, *, notify: bool = True) -> Registration | None:
    """Cancel a booking. If it held a place, the first person on the waiting list gets it.

    Returns the promoted registration, or None. Cancelling twice is harmless.
    """
    event = registration.event
    with transaction.atomic():
        lock_event(event)
        current = Registration.objects.select_related("event").get(pk=registration.pk)
        if current.status in (Status.CANCELLED, Status.ATTENDED):
            registration.status = current.status
            return None
        freed_place = current.holds_a_place
        current.status = Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        if notify and current.email:
            emails.send_registration_email(current, "cancellation")
        promoted = promote_from_waitlist(event) if freed_place else []
    return promoted[0] if promoted else None


def mark_attended(registration: Registration, attended: bool = True) -> Registration:
    """Record (or undo) that someone came. Only people with a confirmed place can attend."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if attended and current.status == Status.CONFIRMED:
            current.status = Status.ATTENDED
            current.attended_at = timezone.now()
        elif not attended and current.status == Status.ATTENDED:
            current.status = Status.CONFIRMED
            current.attended_at = None
        else:
            return current
        current.save(update_fields=["status", "attended_at"])
    return current


# --- parent or carer consent --------------------------------------------------------------


def confirm_parent_consent(registration: Registration) -> Registration:
    """A parent or carer confirmed through their emailed link: the held place is confirmed."""
    with transaction.atomic():
        lock_event(registration.event)
        current = Registration.objects.select_related("event").get(pk=registration.pk)
        if current.status != Status.HELD:
            return current
        now = timezone.now()
        current.status = Status.CONFIRMED
        current.parent_confirmed_at = now
        current.confirmed_at = now
        current.hold_expires_at = None
        current.save(
            update_fields=["status", "parent_confirmed_at", "confirmed_at", "hold_expires_at"]
        )
        emails.send_registration_email(current, "confirmation", attach_ics=True)
    return current


def release_expired_holds(now=None) -> int:
    """Cancel places held for parent consent past their time limit, then refill them from
    the waiting list. Idempotent. Returns how many holds were released."""
    now = now or timezone.now()
    expired = Registration.objects.filter(status=Status.HELD, hold_expires_at__lt=now)
    released = 0
    for registration in expired.select_related("event"):
        with transaction.atomic():
            lock_event(registration.event)
            current = Registration.objects.select_related("event").get(pk=registration.pk)
            if current.status != Status.HELD or current.hold_expires_at >= now:
                continue
            current.status = Status.CANCELLED
            current.cancelled_at = now
            current.save(update_fields=["status", "cancelled_at"])
            emails.send_registration_email(current, "consent_expired")
            promote_from_waitlist(current.event)
            released += 1
    return released
