"""Views parse the request, call a service (accounts.updates, accounts.accessible_formats)
and render."""

from datetime import date
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home.http import client_ip
from home.ratelimit import hashed_client_address, keyed_hash, within_rate_limit

from . import accessible_formats, updates
from .forms import AccessibleFormatRequestForm, UpdatesSignupForm

ACCESSIBLE_FORMAT_DUE_SESSION_KEY = "accounts.accessible_format_due"
TOO_MANY_TRIES = "You have tried too many times. Wait an hour, then try again."
HOUR = 60 * 60


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Wagtail admin's own login page is replaced by allauth's, which asks for MFA."""
    query = {"next": request.GET["next"]} if request.GET.get("next") else {}
    url = reverse("account_login")
    return redirect(f"{url}?{urlencode(query)}" if query else url)


@require_http_methods(["GET", "POST"])
def updates_signup(request: HttpRequest) -> HttpResponse:
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
            return render(request, "accounts/updates_signup.html", {"form": form}, status=429)
        updates.subscribe_to_updates(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            priority_areas=form.cleaned_data["priority_areas"],
            networks=form.cleaned_data["networks"],
        )
        return redirect("accounts:updates_check_email")
    return render(request, "accounts/updates_signup.html", {"form": form})


def updates_check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/updates_check_email.html")


@require_http_methods(["GET", "POST"])
def updates_confirm(request: HttpRequest, link: str) -> HttpResponse:
    # GET only shows a button: email scanners follow links, and must not confirm for people.
    if request.method == "POST":
        try:
            subscription = updates.confirm_updates_subscription(link)
        except updates.InvalidLink:
            return render(request, "accounts/updates_link_invalid.html", status=400)
        return render(request, "accounts/updates_confirmed.html", {"subscription": subscription})
    return render(request, "accounts/updates_confirm.html", {"link": link})


@require_http_methods(["GET", "POST"])
def updates_change(request: HttpRequest, link: str) -> HttpResponse:
    """The emailed link that changes a confirmed sign-up. GET shows the new choices and a
    button (mail scanners follow links); POST makes them."""
    try:
        if request.method == "POST":
            updates.apply_updates_change(link)
            return render(request, "accounts/updates_changed.html")
        _subscription, choices = updates.updates_change_from_link(link)
    except updates.InvalidLink:
        return render(request, "accounts/updates_link_invalid.html", status=400)
    return render(request, "accounts/updates_change.html", {"link": link, "choices": choices})


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail providers POST without a CSRF token.
@require_http_methods(["GET", "POST"])
def updates_unsubscribe(request: HttpRequest, link: str) -> HttpResponse:
    try:
        if request.method == "POST":
            updates.unsubscribe_from_updates(link)
            return render(request, "accounts/updates_unsubscribed.html")
        updates.subscription_from_unsubscribe_link(link)
    except updates.InvalidLink:
        return render(request, "accounts/updates_link_invalid.html", status=400)
    return render(request, "accounts/updates_unsubscribe.html", {"link": link})


@require_http_methods(["GET", "POST"])
def accessible_format_request(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccessibleFormatRequestForm(request.POST)
        if form.is_valid() and not within_rate_limit(
            f"accessible-format-ip:{hashed_client_address(client_ip(request))}",
            limit=10,
            period_seconds=HOUR,
        ):
            form.add_error(None, TOO_MANY_TRIES)
            return render(
                request, "accounts/accessible_format_request.html", {"form": form}, status=429
            )
        if form.is_valid():
            format_request = accessible_formats.request_accessible_format(**form.cleaned_data)
            request.session[ACCESSIBLE_FORMAT_DUE_SESSION_KEY] = format_request.due_date.isoformat()
            return redirect("accounts:accessible_format_sent")
    else:
        form = AccessibleFormatRequestForm(
            initial={
                "document": request.GET.get("document", "")[:255],
                "document_url": request.GET.get("url", "")[:500],
            }
        )
    return render(request, "accounts/accessible_format_request.html", {"form": form})


def accessible_format_sent(request: HttpRequest) -> HttpResponse:
    due = request.session.get(ACCESSIBLE_FORMAT_DUE_SESSION_KEY)
    due = date.fromisoformat(due) if due else None
    return render(request, "accounts/accessible_format_sent.html", {"due": due})
