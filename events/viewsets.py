"""Admin screens for organisers: attendee lists, attendance, waiting list, CSV export and
the check-in page at the door (checkin_views).

Who may see an event's attendees is decided in one place, `access.can_view_attendees`.
"""

import csv
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from . import access, checkin, checkin_views, message_views, services
from .models import EventPage, Registration

EXPORT_ACTION = "events.export_attendees"
CHANGE_ACTION = "events.change_registration"


def _may_use_attendee_screens(user) -> bool:
    return user.is_active and (
        user.is_superuser
        or user.has_perm("events.view_all_attendees")
        or user.has_perm("events.view_attendees")
    )


def _event_for(request, event_id: int) -> EventPage:
    return access.event_for_attendees(request.user, event_id)


def event_list(request):
    """Events whose attendees this person may see: upcoming first, then the recent past."""
    if not _may_use_attendee_screens(request.user):
        raise PermissionDenied
    showing_past = request.GET.get("when") == "past"
    events = EventPage.objects.all()
    events = events.past() if showing_past else events.upcoming()
    events = [event for event in events[:200] if access.can_view_attendees(request.user, event)]
    counts = Counter(
        Registration.objects.filter(event__in=[event.pk for event in events])
        .values_list("event_id", "status")
        .iterator()
    )
    rows = [
        {
            "event": event,
            "confirmed": counts[(event.pk, "confirmed")] + counts[(event.pk, "attended")],
            "waitlisted": counts[(event.pk, "waitlisted")],
            "held": counts[(event.pk, "held")],
        }
        for event in events
    ]
    return TemplateResponse(
        request,
        "events/admin/event_list.html",
        {
            "page_title": "Past event attendees" if showing_past else "Event attendees",
            "header_icon": "date",
            "rows": rows,
            "showing_past": showing_past,
        },
    )


def attendee_list(request, event_id: int):
    event = _event_for(request, event_id)
    registrations = list(event.registrations.select_related("user").order_by("status", "pk"))
    status_counts = Counter(registration.status for registration in registrations)
    groups = [
        (
            label,
            value,
            [registration for registration in registrations if registration.status == value],
        )
        for value, label in Registration.Status.choices
    ]
    access_needs = [
        registration
        for registration in registrations
        if registration.access_needs and registration.status in Registration.ACTIVE_STATUSES
    ]
    return TemplateResponse(
        request,
        "events/admin/attendee_list.html",
        {
            "page_title": f"Attendees: {event.title}",
            "header_icon": "group",
            "event": event,
            "groups": groups,
            "status_counts": [
                (label, status_counts.get(value, 0)) for value, label in Registration.Status.choices
            ],
            "places_left": event.places_left(),
            "access_needs": access_needs,
            "anonymised": any(registration.anonymised_at for registration in registrations),
        },
    )


@require_POST
def change_registration(request, event_id: int, registration_id: int):
    """Mark attendance, undo it, promote from the waiting list or cancel a place."""
    event = _event_for(request, event_id)
    registration = get_object_or_404(event.registrations.all(), pk=registration_id)
    action = request.POST.get("action", "")
    # Attendance goes through the door's services (decision 0028), which audit it themselves
    # and know that undoing a walk-in removes them.
    if action in ("attended", "not_attended"):
        if action == "attended":
            checkin.check_in(registration, user=request.user, how="attendee list")
        else:
            checkin.undo_check_in(registration, user=request.user)
        messages.success(request, "Booking updated.")
        return redirect("event_attendees:attendees", event_id=event.pk)
    try:
        if action == "promote":
            services.promote_registration(registration)
        elif action == "cancel":
            services.cancel_registration(registration)
        else:
            messages.error(request, "Choose an action.")
            return redirect("event_attendees:attendees", event_id=event.pk)
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        log(
            instance=event,
            action=CHANGE_ACTION,
            user=request.user,
            data={"registration": registration.pk, "change": action},
        )
        messages.success(request, "Booking updated.")
    return redirect("event_attendees:attendees", event_id=event.pk)


class _Echo:
    def write(self, value):
        return value


def export_attendees(request, event_id: int):
    """CSV of the event's attendees, written to the audit log."""
    event = _event_for(request, event_id)
    registrations = event.registrations.order_by("pk")
    log(
        instance=event,
        action=EXPORT_ACTION,
        user=request.user,
        data={"rows": registrations.count()},
    )
    writer = csv.writer(_Echo())
    lines = [
        writer.writerow(
            [
                "Booking",
                "First name",
                "Email",
                "Status",
                "Booked at",
                "Under 16",
                "Parent or carer consent",
                "Access needs",
            ]
        )
    ]
    for registration in registrations.iterator():
        lines.append(
            writer.writerow(
                [
                    registration.pk,
                    _safe_cell(registration.first_name),
                    _safe_cell(registration.email),
                    registration.get_status_display(),
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                    "Yes" if registration.under_16 else "No",
                    "Given" if registration.parent_confirmed_at else "",
                    _safe_cell(registration.access_needs),
                ]
            )
        )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _safe_cell(value: str) -> str:
    """Stop spreadsheet apps running a cell as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


class AttendeesMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_use_attendee_screens(request.user)


class AttendeesViewSet(ViewSet):
    name = "event_attendees"
    url_prefix = "events/attendees"
    icon = "date"
    menu_label = "Event attendees"
    add_to_admin_menu = True
    menu_order = 250

    def get_urlpatterns(self):
        return [
            path("", event_list, name="index"),
            path("<int:event_id>/", attendee_list, name="attendees"),
            path("<int:event_id>/export.csv", export_attendees, name="export"),
            path(
                "<int:event_id>/registrations/<int:registration_id>/",
                change_registration,
                name="change",
            ),
            path("<int:event_id>/message/", message_views.message_attendees, name="message"),
            path("<int:event_id>/check-in/", checkin_views.check_in_page, name="check_in"),
            path("<int:event_id>/check-in/walk-in/", checkin_views.add_walk_in, name="walk_in"),
            path(
                "<int:event_id>/check-in/<int:registration_id>/",
                checkin_views.change_check_in,
                name="change_check_in",
            ),
            path("check-in/<str:token>/", checkin_views.scan, name="scan"),
        ]

    def get_menu_item(self, order=None):
        return AttendeesMenuItem(
            self.menu_label,
            reverse("event_attendees:index"),
            icon_name=self.icon,
            order=order or self.menu_order,
        )
