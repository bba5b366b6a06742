"""The resident's "My account" pages: their responses, their bookings and their data.

Every lookup goes through the owner's own queryset (`for_user`), so guessing another
person's reference or booking number finds nothing (404).
"""

import json

from allauth.account.decorators import reauthentication_required

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from consultations.models import Response
from consultations.services import (
    ConsultationNotOpen,
    NotAllowed,
    withdraw_consent_of,
    withdraw_response,
)
from events.models import Registration
from events.services import cancel_registration

from . import my_data


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_account/overview.html")


@login_required
def my_responses(request: HttpRequest) -> HttpResponse:
    responses = (
        Response.objects.for_user(request.user)
        .select_related("consultation", "publication_consent")
        .prefetch_related("answers")
        .order_by("-submitted_at")
    )
    return render(request, "accounts/my_account/responses.html", {"responses": responses})


def _own_response(request: HttpRequest, reference: str) -> Response:
    response = (
        Response.objects.for_user(request.user)
        .select_related("consultation")
        .filter(reference=reference)
        .first()
    )
    if response is None:
        raise Http404("No response with that reference in your account.")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    response = _own_response(request, reference)
    if request.method == "POST":
        try:
            withdraw_response(response, request.user)
        except ConsultationNotOpen:
            messages.error(
                request, "This consultation has closed, so answers cannot be taken back."
            )
        except NotAllowed as error:
            raise Http404 from error
        else:
            messages.success(request, f"Response {response.reference} has been withdrawn.")
        return redirect("accounts:my_responses")
    return render(request, "accounts/my_account/withdraw.html", {"response": response})


@login_required
@require_http_methods(["POST"])
def stop_publishing(request: HttpRequest, reference: str) -> HttpResponse:
    """Take back consent to publish a response's answers (decision 0036): at once."""
    response = _own_response(request, reference)
    if withdraw_consent_of(response, request.user):
        messages.success(
            request, f"We will not publish the answers in response {response.reference}."
        )
    return redirect("accounts:my_responses")


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    bookings = list(Registration.objects.for_user(request.user))
    upcoming = [booking for booking in bookings if booking.event.end >= now]
    past = [booking for booking in bookings if booking.event.end < now]
    past.reverse()
    return render(
        request, "accounts/my_account/bookings.html", {"upcoming": upcoming, "past": past}
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = Registration.objects.for_user(request.user).filter(pk=booking_id).first()
    if booking is None:
        raise Http404("No booking with that number in your account.")
    can_cancel = booking.event.start > timezone.now() and booking.status in (
        Registration.ACTIVE_STATUSES
    )
    if request.method == "POST":
        if can_cancel:
            cancel_registration(booking)
            messages.success(request, f"Your place at {booking.event.title} has been cancelled.")
        else:
            messages.error(request, "This booking cannot be cancelled now.")
        return redirect("accounts:my_bookings")
    return render(
        request,
        "accounts/my_account/cancel_booking.html",
        {"booking": booking, "can_cancel": can_cancel},
    )


@login_required
def download_my_data(request: HttpRequest) -> HttpResponse:
    data = my_data.personal_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-london-vru-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """allauth asks for the password (or MFA code) again before this page opens."""
    if request.method == "POST":
        user = request.user
        logout(request)
        my_data.delete_account(user)
        return render(request, "accounts/my_account/deleted.html")
    return render(request, "accounts/my_account/delete.html")
