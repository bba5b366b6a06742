"""Views parse the request, call email_updates.services and render."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from home.http import client_ip
from home.one_click import one_click_stop_view
from home.ratelimit import (
    HOUR,
    TOO_MANY_TRIES,
    hashed_client_address,
    keyed_hash,
    within_rate_limit,
)

from . import services
from .forms import UpdatesSignupForm


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = UpdatesSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email_key = form.cleaned_data["email"].strip().lower()
        if not (
            within_rate_limit(
                f"updates-ip:{hashed_client_address(client_ip(request))}",
                limit=20,
                period_seconds=HOUR,
            )
            and within_rate_limit(
                f"updates-email:{keyed_hash(email_key)}", limit=3, period_seconds=HOUR
            )
        ):
            form.add_error(None, TOO_MANY_TRIES)
            return render(request, "email_updates/signup.html", {"form": form}, status=429)
        services.subscribe_to_updates(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            priority_areas=form.cleaned_data["priority_areas"],
            networks=form.cleaned_data["networks"],
        )
        return redirect("email_updates:check_email")
    return render(request, "email_updates/signup.html", {"form": form})


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "email_updates/check_email.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, link: str) -> HttpResponse:
    # GET only shows a button: email scanners follow links, and must not confirm for people.
    if request.method == "POST":
        try:
            subscription = services.confirm_updates_subscription(link)
        except services.InvalidLink:
            return render(request, "email_updates/link_invalid.html", status=400)
        return render(request, "email_updates/confirmed.html", {"subscription": subscription})
    return render(request, "email_updates/confirm.html", {"link": link})


@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, link: str) -> HttpResponse:
    """The emailed link that changes a confirmed sign-up. GET shows the new choices and a
    button (mail scanners follow links); POST makes them."""
    try:
        if request.method == "POST":
            services.apply_updates_change(link)
            return render(request, "email_updates/changed.html")
        _subscription, choices = services.updates_change_from_link(link)
    except services.InvalidLink:
        return render(request, "email_updates/link_invalid.html", status=400)
    return render(request, "email_updates/change.html", {"link": link, "choices": choices})


unsubscribe = one_click_stop_view(
    check=services.subscription_from_unsubscribe_link,
    stop=services.unsubscribe_from_updates,
    confirm_template="email_updates/unsubscribe.html",
    done_template="email_updates/unsubscribed.html",
    invalid_template="email_updates/link_invalid.html",
)
