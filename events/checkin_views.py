"""The check-in page at the door, for people who may see the event's attendees.

Served under the admin's address (AttendeesViewSet), so signing in, two-step verification
and the staff session limits apply as they do to the attendee list, but drawn with the
public site's templates: a phone at the door needs big buttons and no JavaScript. Each POST
redirects back to the page with the result as a message; every check-in is decided in the
database (events.checkin), so a retried POST or a second scan is harmless.
"""

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.formatting import format_time

from . import access, checkin, services
from .forms import CheckInForm, WalkInForm
from .models import Registration

Status = Registration.Status
CheckIn = checkin.CheckIn


def _name(registration: Registration) -> str:
    return registration.first_name or "This person"


def _tell(request, result: CheckIn) -> None:
    """Say what a check-in, undo or walk-in did, in the message shown after the redirect."""
    registration = result.registration
    name = _name(registration)
    at = format_time(registration.attended_at)
    if result.outcome == CheckIn.CHECKED_IN and registration.walk_in:
        messages.success(request, f"{name} is added as a walk-in and checked in.")
    elif result.outcome == CheckIn.CHECKED_IN:
        messages.success(request, f"{name} is checked in ({registration.reference}).")
    elif result.outcome == CheckIn.ALREADY and registration.walk_in:
        messages.info(request, f"{name} was already added as a walk-in at {at}.")
    elif result.outcome == CheckIn.ALREADY:
        messages.info(
            request, f"{name} was already checked in at {at}. We have not counted them twice."
        )
    elif result.outcome == CheckIn.UNDONE and registration.walk_in:
        messages.info(request, f"{name} is no longer listed as a walk-in.")
    elif result.outcome == CheckIn.UNDONE:
        messages.info(request, f"{name} is no longer checked in: they are expected again.")
    elif result.outcome == CheckIn.NOT_CHECKED_IN:
        messages.info(request, f"{name} was not checked in, so there was nothing to undo.")
    elif registration.status == Status.WAITLISTED:
        messages.error(
            request,
            f"{name} is on the waiting list, so does not have a place. If there is room, "
            "add them as a walk-in.",
        )
    elif registration.status == Status.HELD:
        messages.error(
            request,
            f"{name}'s place is still waiting for a parent or carer to agree, so they cannot "
            "be checked in yet.",
        )
    else:
        messages.error(
            request,
            f"{name}'s booking was cancelled. If there is room, add them as a walk-in.",
        )


def _page(request, event, *, form=None, walk_in_form=None, status=200):
    error_form = form if form is not None and form.errors else walk_in_form
    return TemplateResponse(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form or CheckInForm(),
            "walk_in_form": walk_in_form or WalkInForm(initial={"key": secrets.token_urlsafe(16)}),
            "error_form": error_form,
            **checkin.door_summary(event),
        },
        status=status,
    )


def _back(event):
    return redirect("event_attendees:check_in", event_id=event.pk)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_page(request, event_id: int):
    """GET: who is expected and who has arrived. POST: check in by typed reference."""
    event = access.event_for_attendees(request.user, event_id)
    if request.method != "POST":
        return _page(request, event)
    form = CheckInForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"]
        registration = event.registrations.filter(reference=reference).first()
        if registration is not None:
            _tell(request, checkin.check_in(registration, user=request.user, how="reference"))
            return _back(event)
        form.add_error(
            "reference",
            f"No booking for this event has the reference {reference}. Check it with the "
            "person, or add them as a walk-in",
        )
    return _page(request, event, form=form)


@never_cache
@require_POST
def change_check_in(request, event_id: int, registration_id: int):
    """The buttons in the lists: check someone in by name, or undo a check-in."""
    event = access.event_for_attendees(request.user, event_id)
    registration = get_object_or_404(event.registrations.all(), pk=registration_id)
    action = request.POST.get("action")
    if action == "check_in":
        _tell(request, checkin.check_in(registration, user=request.user, how="list"))
    elif action == "undo":
        _tell(request, checkin.undo_check_in(registration, user=request.user))
    else:
        messages.error(request, "Choose “Check in” or “Undo”.")
    return _back(event)


@never_cache
@require_POST
def add_walk_in(request, event_id: int):
    event = access.event_for_attendees(request.user, event_id)
    walk_in_form = WalkInForm(request.POST)
    if not walk_in_form.is_valid():
        return _page(request, event, walk_in_form=walk_in_form)
    try:
        result = checkin.add_walk_in(
            event,
            first_name=walk_in_form.cleaned_data["first_name"],
            key=walk_in_form.cleaned_data["key"],
            user=request.user,
        )
    except services.EventFull as error:
        messages.error(request, str(error))
    else:
        _tell(request, result)
    return _back(event)


@never_cache
@require_GET
def scan(request, token: str):
    """The QR code's link, opened by the phone's camera: checks the person in and shows the
    result on the event's check-in page. Only the link's signature names the booking."""
    registration_id = token.split(":", 1)[0]
    registration = (
        Registration.objects.select_related("event").filter(pk=registration_id).first()
        if registration_id.isdigit()
        else None
    )
    if registration is None or not registration.check_check_in_token(token):
        return TemplateResponse(request, "events/check_in_unknown.html", status=404)
    event = access.event_for_attendees(request.user, registration.event_id)
    _tell(request, checkin.check_in(registration, user=request.user, how="scan"))
    return _back(event)
