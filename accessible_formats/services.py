"""Accessible-format requests: stored with a due date in working days, staff alerted."""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.email import queue_email
from home.formatting import format_date
from home.links import site_url
from home.ratelimit import within_rate_limit
from home.working_days import add_working_days

from .models import AccessibleFormatRequest

security_log = logging.getLogger("vru.security")

ACCESSIBLE_FORMAT_WORKING_DAYS = 5
ACCESSIBLE_FORMAT_ALERTS_PER_HOUR = 20


def accessible_format_staff_emails() -> list[str]:
    """Everyone who can act on accessible-format requests."""
    codename = "change_accessibleformatrequest"
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename=codename)
            | Q(user_permissions__codename=codename)
        )
        .exclude(email="")
        .distinct()
    )
    return sorted(users.values_list("email", flat=True))


def request_accessible_format(
    *,
    document: str,
    format: str,
    name: str,
    contact: str,
    document_url: str = "",
    format_details: str = "",
    assistive_technology: str = "",
    today: date | None = None,
) -> AccessibleFormatRequest:
    """Store a request for a document in another format, due in 5 working days, and alert
    staff. The alert names the document only: the person's details stay in the admin."""
    today = today or timezone.localdate()
    with transaction.atomic():
        format_request = AccessibleFormatRequest.objects.create(
            document=document.strip(),
            document_url=document_url.strip(),
            format=format,
            format_details=format_details.strip(),
            assistive_technology=assistive_technology.strip(),
            name=name.strip(),
            contact=contact.strip(),
            due_date=add_working_days(today, ACCESSIBLE_FORMAT_WORKING_DAYS),
        )
        recipients = accessible_format_staff_emails()
        # Requests from many connections at once must not bury the staff inbox: past the
        # hourly cap they are still stored and listed (with due dates) in the admin.
        if recipients and within_rate_limit(
            "accessible-format-alerts", limit=ACCESSIBLE_FORMAT_ALERTS_PER_HOUR, period_seconds=3600
        ):
            context = {
                "format_request": format_request,
                "admin_url": site_url(
                    reverse("accessible_format_requests:edit", args=[format_request.pk])
                ),
            }
            queue_email(
                purpose="accessible_format_alert",
                to=recipients,
                subject=f"Accessible format request: due {format_date(format_request.due_date)}",
                body_text=render_to_string("accessible_formats/email/alert.txt", context),
            )
    security_log.info("Accessible format request %s stored", format_request.pk)
    return format_request
