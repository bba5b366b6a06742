"""At the door: checking people in by reference or QR code, undoing it, and walk-ins.

Every check-in is decided in the database under a row lock, never in a session, so two
phones at the door agree and a retried request (a flaky connection, a second scan) counts
once. Every change writes an audit row on the event. Walk-ins take the event's capacity
lock like a booking does (docs/decisions/0028-check-in-at-the-door.md).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from . import services
from .models import REFERENCE_ALPHABET, REFERENCE_LENGTH, EventPage, Registration

logger = logging.getLogger("vru.events")

Status = Registration.Status

CHECK_IN_ACTION = "events.check_in"
UNDO_CHECK_IN_ACTION = "events.undo_check_in"
WALK_IN_ACTION = "events.add_walk_in"
WALK_IN_NAME = "Walk-in"


class InvalidReference(ValueError):
    """A typed reference that cannot be one; the message is shown to the coordinator."""


def normalise_reference(typed: str) -> str:
    """The reference someone typed, in capitals without spaces or dashes.

    Raises InvalidReference with a plain-English message when it cannot be a reference."""
    reference = "".join(typed.split()).replace("-", "").upper()
    if not reference:
        raise InvalidReference("Enter the booking reference, for example K7PM3X")
    if any(character in "0O1I" for character in reference):
        raise InvalidReference(
            "References never use 0, O, 1 or I. Check the reference with the person and try again"
        )
    if len(reference) != REFERENCE_LENGTH or any(
        character not in REFERENCE_ALPHABET for character in reference
    ):
        raise InvalidReference(
            f"A reference is {REFERENCE_LENGTH} letters and numbers, for example K7PM3X. "
            "Check it with the person and try again"
        )
    return reference


@dataclass(frozen=True)
class CheckIn:
    """What a check-in did. `outcome` is one of the constants below."""

    CHECKED_IN = "checked_in"
    ALREADY = "already_checked_in"
    NO_PLACE = "no_place"
    UNDONE = "undone"
    NOT_CHECKED_IN = "not_checked_in"

    registration: Registration
    outcome: str


def check_in(registration: Registration, *, user, how: str) -> CheckIn:
    """Mark that someone with a confirmed place has arrived. Idempotent: a second scan or a
    retried request finds them already checked in and changes nothing. `how` ("scan",
    "reference", "list" or "attendee list") goes into the audit row."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Status.ATTENDED:
            return CheckIn(current, CheckIn.ALREADY)
        if current.status != Status.CONFIRMED:
            return CheckIn(current, CheckIn.NO_PLACE)
        current = services.mark_attended(current, attended=True)
        _audit(current, CHECK_IN_ACTION, user, how=how)
    logger.info("Checked in registration %s at event %s", current.pk, current.event_id)
    return CheckIn(current, CheckIn.CHECKED_IN)


def undo_check_in(registration: Registration, *, user) -> CheckIn:
    """Undo a check-in made by mistake: a booked person is expected again; a walk-in is
    removed (their place is freed for the waiting list). Idempotent."""
    with transaction.atomic():
        # The event's lock first, as every booking change takes it: undoing a walk-in frees
        # a place, and taking the locks in one order everywhere means no deadlock.
        services.lock_event(registration.event)
        current = (
            Registration.objects.select_related("event").select_for_update().get(pk=registration.pk)
        )
        if current.status != Status.ATTENDED:
            return CheckIn(current, CheckIn.NOT_CHECKED_IN)
        current = services.mark_attended(current, attended=False)
        if current.walk_in:
            services.cancel_registration(current, notify=False)
        _audit(current, UNDO_CHECK_IN_ACTION, user)
    return CheckIn(current, CheckIn.UNDONE)


def add_walk_in(event: EventPage, *, first_name: str, key: str, user) -> CheckIn:
    """Record someone who came without booking: stored as attended, with no email.

    Takes a place like a booking does and raises services.EventFull when none is left.
    `key` is the walk-in form's one-time key: the same key and name twice (a retried POST)
    add one person and return CheckIn.ALREADY the second time."""
    first_name = " ".join(first_name.split()) or WALK_IN_NAME
    with transaction.atomic():
        services.lock_event(event)
        existing = event.registrations.filter(walk_in_key=key).first() if key else None
        if existing is not None and existing.first_name == first_name:
            return CheckIn(existing, CheckIn.ALREADY)
        if existing is not None:
            # The same form with another name: an old page (the back button) reused for the
            # next person. They are someone new; only the retry protection is lost.
            key = ""
        if not services.has_free_place(event):
            raise services.EventFull(
                "There are no places left, so you cannot add a walk-in. Every place is "
                "taken by someone booked or already here."
            )
        now = timezone.now()
        registration = Registration.objects.create(
            event=event,
            first_name=first_name,
            email="",
            status=Status.ATTENDED,
            walk_in=True,
            walk_in_key=key,
            reference=services.free_reference(event),
            created_at=now,
            confirmed_at=now,
            attended_at=now,
        )
        _audit(registration, WALK_IN_ACTION, user)
    return CheckIn(registration, CheckIn.CHECKED_IN)


def _audit(registration: Registration, action: str, user, **data) -> None:
    # The booking's id and reference, never the person's name: the audit log outlives
    # anonymisation.
    log(
        instance=registration.event,
        action=action,
        user=user,
        data={"registration": registration.pk, "reference": registration.reference, **data},
    )


def door_summary(event: EventPage) -> dict:
    """Who is still expected and who has arrived, with counts, for the check-in page."""
    registrations = list(
        event.registrations.filter(status__in=[Status.CONFIRMED, Status.ATTENDED, Status.HELD])
        .only("pk", "first_name", "reference", "status", "walk_in", "attended_at", "event_id")
        .order_by("first_name", "pk")
    )
    expected = [
        registration for registration in registrations if registration.status == Status.CONFIRMED
    ]
    arrived = sorted(
        (registration for registration in registrations if registration.status == Status.ATTENDED),
        key=lambda registration: registration.attended_at,
        reverse=True,
    )
    walk_ins = sum(1 for registration in arrived if registration.walk_in)
    return {
        "expected": expected,
        "arrived": arrived,
        "arrived_count": len(arrived),
        "walk_in_count": walk_ins,
        "booked_arrived_count": len(arrived) - walk_ins,
        "held_count": sum(
            1 for registration in registrations if registration.status == Status.HELD
        ),
        "places_left": None
        if event.capacity is None
        else max(event.capacity - len(registrations), 0),
    }
