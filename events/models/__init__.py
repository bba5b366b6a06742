"""Event pages (pages.py) and the people who book places on them (registrations.py).

Operational state (who booked, the capacity lock) lives in ordinary models, never on the page:
page fields are overwritten whenever an editor publishes a revision.
"""

from .messages import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, AttendeeMessage
from .pages import MAX_REMINDER_HOURS, EventIndexPage, EventPage, EventPageQuerySet
from .registrations import (
    CONSENT_HOLD,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    EventCapacity,
    Registration,
    RegistrationQuerySet,
    new_reference,
    new_token_nonce,
)

__all__ = [
    "BODY_MAX_LENGTH",
    "SUBJECT_MAX_LENGTH",
    "AttendeeMessage",
    "CONSENT_HOLD",
    "MAX_REMINDER_HOURS",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "EventCapacity",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "new_reference",
    "new_token_nonce",
]
