"""Alert emails to the Safeguarding leads, capped so a burst of flags cannot flood them.

Every flag goes into the queue at once, always. The first `ALERTS_PER_WINDOW` flags in any
`ALERT_WINDOW` each get their own email, as before. Past that, flags are *held*
(`alerted_at` empty) and the `safeguarding.send_held_alerts` job (every minute) sends one
summary email with how many flags were held and what they are, as soon as the window has
room. So a burst of 200 flags sends each lead at most `ALERTS_PER_WINDOW` emails per window,
and the queue still holds all 200. No email ever contains what anyone wrote.
"""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.email import queue_email
from home.links import site_url
from home.locks import hold_lock
from home.models import OutboundEmail

from .models import SAFEGUARDING_LEAD_GROUP, SafeguardingFlag

logger = logging.getLogger("vru.safeguarding")

ALERT_PURPOSE = "safeguarding_alert"
# Deciding whether the window has room, and using it, happens one process at a time.
ALERT_LOCK = "safeguarding.alerts"
ALERT_WINDOW = timedelta(minutes=15)
ALERTS_PER_WINDOW = 5
SUMMARY_LISTS_AT_MOST = 50


def safeguarding_leads():
    """Active members of the Safeguarding lead group who have an email address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SAFEGUARDING_LEAD_GROUP)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def flag_admin_url(flag: SafeguardingFlag) -> str:
    return site_url(reverse("safeguarding:detail", args=[flag.pk]))


def _room_in_window(now) -> bool:
    sent = OutboundEmail.objects.filter(
        purpose=ALERT_PURPOSE, created_at__gte=now - ALERT_WINDOW
    ).count()
    return sent < ALERTS_PER_WINDOW


def queue_alert(flag: SafeguardingFlag) -> None:
    """Email the leads about a new flag now, or hold it for the next summary. Call inside the
    transaction that created the flag: the lock on the window is held until it commits, so two
    flags raised at once on two servers cannot both take the last place."""
    recipients = list(safeguarding_leads().values_list("email", flat=True))
    if not recipients:
        logger.error("Safeguarding flag %s raised but no active lead has an email", flag.pk)
        return
    with transaction.atomic():
        hold_lock(ALERT_LOCK)
        now = timezone.now()
        if SafeguardingFlag.objects.filter(alerted_at__isnull=True).exclude(
            pk=flag.pk
        ).exists() or (not _room_in_window(now)):
            logger.warning("Safeguarding flag %s held for the next alert summary", flag.pk)
            return
        context = {
            "flag": flag,
            "flag_url": flag_admin_url(flag),
            "categories": [category.name for category in flag.categories.all()],
        }
        queue_email(
            purpose=ALERT_PURPOSE,
            to=recipients,
            subject=render_to_string("safeguarding/alert_subject.txt", context).strip(),
            body_text=render_to_string("safeguarding/alert.txt", context),
        )
        SafeguardingFlag.objects.filter(pk=flag.pk).update(alerted_at=now)


def send_held_alerts() -> int:
    """One summary email for every held flag, if the window has room. Returns how many flags
    it named (0 when nothing was held, or the window is still full)."""
    with transaction.atomic():
        hold_lock(ALERT_LOCK)
        now = timezone.now()
        held = list(
            SafeguardingFlag.objects.select_for_update(skip_locked=True)
            .filter(alerted_at__isnull=True)
            .order_by("flagged_at")
            .prefetch_related("categories")
        )
        if not held or not _room_in_window(now):
            return 0
        recipients = list(safeguarding_leads().values_list("email", flat=True))
        if not recipients:
            logger.error("%s safeguarding flags held but no active lead has an email", len(held))
            return 0
        context = {
            "count": len(held),
            "flags": [
                (flag, [category.name for category in flag.categories.all()])
                for flag in held[:SUMMARY_LISTS_AT_MOST]
            ],
            "more": max(0, len(held) - SUMMARY_LISTS_AT_MOST),
            "since": held[0].flagged_at,
            "queue_url": site_url(reverse("safeguarding:queue")),
        }
        queue_email(
            purpose=ALERT_PURPOSE,
            to=recipients,
            subject=render_to_string("safeguarding/alert_summary_subject.txt", context).strip(),
            body_text=render_to_string("safeguarding/alert_summary.txt", context),
        )
        SafeguardingFlag.objects.filter(pk__in=[flag.pk for flag in held]).update(alerted_at=now)
    return len(held)
