"""The emails a booking sends: one template per kind, with the event's links and calendar."""

from home.email import queue_templated_email
from home.links import site_url

from .calendar import booking_calendar
from .models import (
    CONSENT_HOLD,
    Registration,
)

Status = Registration.Status


def send_registration_email(
    registration: Registration, kind: str, *, to: str = "", attach_ics=False
) -> None:
    event = registration.event
    event_url = site_url(event)
    context = {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "manage_url": site_url(registration.get_manage_path()),
        "consent_url": site_url(registration.get_consent_path()),
        "joining_link": event.joining_link
        if event.is_online and registration.can_see_joining_link
        else "",
        "waitlist_position": registration.waitlist_position(),
        "hold_hours": int(CONSENT_HOLD.total_seconds() // 3600),
    }
    attachments = None
    if attach_ics:
        attachments = [("event.ics", booking_calendar(registration), "text/calendar")]
    queue_templated_email(
        purpose=f"events.{kind}",
        to=to or registration.email,
        template=f"events/email/{kind}",
        context=context,
        attachments=attachments,
    )


def send_place_email(registration: Registration, kind: str) -> None:
    """The email for a newly confirmed, held or waitlisted place."""
    if registration.status == Status.CONFIRMED:
        send_registration_email(registration, kind, attach_ics=True)
    elif registration.status == Status.HELD:
        send_registration_email(registration, "consent_pending")
        send_registration_email(registration, "parent_consent", to=registration.parent_email)
    elif registration.status == Status.WAITLISTED:
        send_registration_email(registration, "waitlist")
