"""Views parse the request, call accessible_formats.services and render."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from home.http import client_ip
from home.ratelimit import HOUR, TOO_MANY_TRIES, hashed_client_address, within_rate_limit

from . import services
from .forms import AccessibleFormatRequestForm

DUE_SESSION_KEY = "accessible_formats.due"


@require_http_methods(["GET", "POST"])
def request_format(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccessibleFormatRequestForm(request.POST)
        if form.is_valid() and not within_rate_limit(
            f"accessible-format-ip:{hashed_client_address(client_ip(request))}",
            limit=10,
            period_seconds=HOUR,
        ):
            form.add_error(None, TOO_MANY_TRIES)
            return render(request, "accessible_formats/request.html", {"form": form}, status=429)
        if form.is_valid():
            format_request = services.request_accessible_format(**form.cleaned_data)
            request.session[DUE_SESSION_KEY] = format_request.due_date.isoformat()
            return redirect("accessible_formats:sent")
    else:
        form = AccessibleFormatRequestForm(
            initial={
                "document": request.GET.get("document", "")[:255],
                "document_url": request.GET.get("url", "")[:500],
            }
        )
    return render(request, "accessible_formats/request.html", {"form": form})


def sent(request: HttpRequest) -> HttpResponse:
    due = request.session.get(DUE_SESSION_KEY)
    due = date.fromisoformat(due) if due else None
    return render(request, "accessible_formats/sent.html", {"due": due})
