"""Public event views: listing and page context, booking, the personal manage link, parent
consent and calendar files. They parse input, call events.services, and render."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from home.http import client_ip
from home.links import site_url
from home.models import Network

from . import services
from .calendar import booking_calendar, event_calendar, events_feed
from .forms import BookingForm, EventFilterForm
from .models import EventPage, Registration
from .qr import qr_svg

EVENTS_PER_PAGE = 20


def public_events():
    return EventPage.objects.live().public()


def event_listing_context(index_page, request) -> dict:
    """Upcoming events first (or past ones with ?when=past), filtered by the GET form."""
    showing_past = request.GET.get("when") == "past"
    events = public_events().child_of(index_page)
    events = events.past() if showing_past else events.upcoming()
    filter_form = EventFilterForm(request.GET or None)
    if filter_form.is_bound and filter_form.is_valid():
        if network := filter_form.cleaned_data.get("network"):
            events = events.for_network(network)
        if borough := filter_form.cleaned_data.get("borough"):
            events = events.for_borough(borough)
        if area := filter_form.cleaned_data.get("priority_area"):
            events = events.for_priority_area(area)
    events = events.select_related("borough").prefetch_related("networks")
    paginator = Paginator(events, EVENTS_PER_PAGE)
    page_number = request.GET.get("page", "1")
    events_page = paginator.get_page(page_number if page_number.isdigit() else 1)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "events": events_page,
        "filter_form": filter_form,
        "showing_past": showing_past,
        "filter_query": query.urlencode(),
    }


def _user_registration(event, request):
    if not request.user.is_authenticated:
        return None
    return Registration.objects.for_user(request.user).active().filter(event=event).first()


def event_page_context(event, request, form=None, booking_error="") -> dict:
    user_registration = _user_registration(event, request)
    state = event.registration_state()
    return {
        "form": form or BookingForm(event=event, user=request.user),
        "booking_errors": [booking_error] if booking_error else [],
        "registration_state": state,
        "places_left": event.places_left(),
        "user_registration": user_registration,
        "show_joining_link": bool(
            event.is_online and user_registration and user_registration.can_see_joining_link
        ),
    }


BOOKING_SENT_SESSION_KEY = "events.booking_sent"


def book_place_view(event, request):
    """POST to an event page: book, then show "check your email", or show the errors.

    A new booking and a repeat of someone's existing booking get the same answer: the manage
    link only ever travels by email to the address on file (docs/decisions/0011).
    """
    form = BookingForm(request.POST, event=event, user=request.user)
    booking_error = ""
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        if not request.session.session_key:
            request.session.save()
        refusal = services.booking_refusal(
            event,
            email=data["email"],
            parent_email=data.get("parent_email") or "",
            address=client_ip(request),
            browser=request.session.session_key or "",
        )
        if refusal is not None:
            field, message = refusal
            form.add_error(field or None, message)
            status = 429
        else:
            try:
                registration = services.book_place(
                    event,
                    first_name=data["first_name"],
                    email=data["email"],
                    user=request.user,
                    access_needs=data["access_needs"],
                    under_16=data.get("under_16") or False,
                    parent_name=data.get("parent_name") or "",
                    parent_email=data.get("parent_email") or "",
                )
            except services.BookingError as error:
                booking_error = str(error)
            else:
                if (
                    registration.already_booked
                    and request.user.is_authenticated
                    and registration.user_id == request.user.pk
                ):
                    # Their own booking, already listed in their account.
                    return redirect(f"{registration.get_manage_path()}?existing=1")
                request.session[BOOKING_SENT_SESSION_KEY] = {
                    "event": event.pk,
                    "email": services.normalise_email(data["email"]),
                }
                return redirect("events:booking_sent", pk=event.pk)
    context = event.get_context(request)
    context.update(event_page_context(event, request, form=form, booking_error=booking_error))
    context["has_errors"] = True
    return TemplateResponse(request, event.get_template(request), context, status=status)


def booking_sent(request, pk: int):
    """The "Check your email" page: the same whether the booking is new or already existed."""
    event = get_object_or_404(public_events(), pk=pk)
    sent = request.session.get(BOOKING_SENT_SESSION_KEY) or {}
    response = TemplateResponse(
        request,
        "events/booking_sent.html",
        {"event": event, "email": sent.get("email", "") if sent.get("event") == pk else ""},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _registration_from_link(pk: int, token: str, check: str) -> Registration:
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None or not getattr(registration, check)(token):
        raise Http404("This link is not valid.")
    return registration


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def manage_booking(request, pk: int, token: str):
    """The personal link from the emails: see the booking and cancel it, no account needed.

    Once cancelled, the link shows only that the booking is cancelled: none of the person's
    details. Anonymisation kills it (a new nonce)."""
    registration = _registration_from_link(pk, token, "check_manage_token")
    event = registration.event
    event_is_over = event.end < timezone.now()
    if request.method == "POST":
        # An old page's cancel button: cancelling always goes through "Are you sure?".
        if _can_cancel(registration, event_is_over):
            return redirect(registration.get_cancel_path())
        return redirect(registration.get_manage_path())
    return _private(
        TemplateResponse(
            request,
            "events/manage_booking.html",
            {
                "registration": registration,
                "event": event,
                "already_booked": "existing" in request.GET,
                "is_cancelled": registration.status == Registration.Status.CANCELLED,
                "can_cancel": _can_cancel(registration, event_is_over),
                "waitlist_position": registration.waitlist_position(),
                "show_joining_link": event.is_online and registration.can_see_joining_link,
                "event_is_over": event_is_over,
                "check_in_code": _check_in_code(registration, event_is_over),
            },
        )
    )


def _check_in_code(registration, event_is_over: bool) -> str:
    """The QR code to show at the door, for a confirmed place at an event still to come."""
    if registration.status != Registration.Status.CONFIRMED or event_is_over:
        return ""
    return qr_svg(
        site_url(registration.get_check_in_path()),
        label=f"QR code for booking reference {registration.reference}",
    )


def _can_cancel(registration, event_is_over: bool) -> bool:
    return (
        registration.status
        in (
            Registration.Status.HELD,
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
        )
        and not event_is_over
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_booking(request, pk: int, token: str):
    """Asks "Are you sure?" on its own page (a plain form, no JavaScript); POST cancels."""
    registration = _registration_from_link(pk, token, "check_manage_token")
    event = registration.event
    if not _can_cancel(registration, event.end < timezone.now()):
        return redirect(registration.get_manage_path())
    if request.method == "POST":
        services.cancel_registration(registration)
        return redirect(registration.get_manage_path())
    return _private(
        TemplateResponse(
            request,
            "events/cancel_booking.html",
            {"registration": registration, "event": event},
        )
    )


@require_http_methods(["GET", "POST"])
def parent_consent(request, pk: int, token: str):
    """A parent or carer agrees to a young person's place. GET only shows the question, so
    link scanners in mail systems never confirm by visiting."""
    registration = _registration_from_link(pk, token, "check_consent_token")
    if request.method == "POST" and request.POST.get("action") == "confirm":
        registration = services.confirm_parent_consent(registration)
        return redirect(f"{registration.get_consent_path()}?confirmed=1")
    return _private(
        TemplateResponse(
            request,
            "events/parent_consent.html",
            {
                "registration": registration,
                "event": registration.event,
                "just_confirmed": "confirmed" in request.GET,
            },
        )
    )


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk: int):
    """'Add to calendar' for one public event. Never carries an online joining link."""
    event = get_object_or_404(public_events(), pk=pk)
    return _calendar_response(event_calendar(event, url=site_url(event)), f"{event.slug}.ics")


def booking_ics(request, pk: int, token: str):
    """A booker's own calendar file, with the joining link for confirmed places at online
    events. Ends when the booking is cancelled or anonymised."""
    registration = _registration_from_link(pk, token, "check_manage_token")
    if registration.status == Registration.Status.CANCELLED:
        raise Http404("This booking is cancelled.")
    response = _calendar_response(booking_calendar(registration), f"{registration.event.slug}.ics")
    response["Cache-Control"] = "private, no-store"
    return response


def events_feed_view(request):
    events = public_events().upcoming().filter(open_to_all=True)
    return _feed_response(request, events, "London VRU events")


def network_feed_view(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    events = public_events().upcoming().for_network(network)
    return _feed_response(request, events, f"London VRU events: {network.name}")


def _feed_response(request, events, name: str) -> HttpResponse:
    content = events_feed(events[:200], name=name, url_for=site_url)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


def my_bookings(request):
    """The old address of a signed-in person's bookings: they live in My account now, with
    one way to cancel (which asks "Are you sure?" first)."""
    return redirect("accounts:my_bookings", permanent=True)
