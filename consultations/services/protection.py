"""Abuse protection and group sessions (decision 0012)."""

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from consultations.models import (
    ConsultationPage,
    GroupSession,
)
from consultations.models.group_sessions import HEADROOM
from home.ratelimit import hashed_client_address, keyed_hash, within_rate_limit

#
# A shared connection is never by itself a reason to refuse (decision 0012): the limits are
# per browser session, with only a high ceiling per address against scripted floods, which a
# running group session lifts for the browsers that opened its link. All counting goes
# through home.ratelimit.within_rate_limit (the shared cache), under keyed hashes.

# Answers sent from one browser session, per hour.
DEFAULT_SESSION_LIMIT = (10, 60 * 60)
# Answers sent from one address (an IPv6 /64), per hour: far above any honest crowd
# without a group session link, far below a script.
DEFAULT_ADDRESS_CEILING = (200, 60 * 60)
# Continue-later emails: per browser session, per address and per recipient, per hour.
DEFAULT_LINK_EMAIL_LIMITS = {
    "session": (5, 60 * 60),
    "address": (30, 60 * 60),
    "recipient": (5, 60 * 60),
}


def _within(scope: str, value_hash: str, setting: str, default: tuple[int, int]) -> bool:
    limit, period = getattr(settings, setting, default)
    return within_rate_limit(
        f"consultations:{scope}:{value_hash}", limit=limit, period_seconds=period
    )


def group_session_lifts_limits(group_session: GroupSession | None, now=None) -> bool:
    """A running group session that has not yet had HEADROOM times its expected head count
    of responses."""
    if group_session is None or not group_session.is_running(now):
        return False
    return group_session.responses.count() < group_session.capacity


def sending_refusal(
    *, address: str, session_key: str | None, group_session: GroupSession | None = None
) -> str | None:
    """Count one attempt to send answers. None when it may go ahead; otherwise why not:
    "session_limited" (this browser sent many) or "rate_limited" (a flood from the address).

    Browsers in a running group session are not counted: the session's own capacity bounds
    them, so a class or youth club on one connection (even sharing one tablet) gets through.
    """
    if group_session_lifts_limits(group_session):
        return None
    if not _within(
        "session",
        keyed_hash(session_key or "none"),
        "CONSULTATION_SESSION_LIMIT",
        DEFAULT_SESSION_LIMIT,
    ):
        return "session_limited"
    if not _within(
        "address",
        hashed_client_address(address),
        "CONSULTATION_ADDRESS_CEILING",
        DEFAULT_ADDRESS_CEILING,
    ):
        return "rate_limited"
    return None


def may_send_continue_later_email(*, address: str, session_key: str | None, email: str) -> bool:
    """Count one continue-later email; False when this browser, address or inbox has had
    too many lately (nobody can use the form to flood a stranger's inbox)."""
    limits = getattr(settings, "CONSULTATION_LINK_EMAIL_LIMITS", DEFAULT_LINK_EMAIL_LIMITS)
    checks = (
        ("link-session", keyed_hash(session_key or "none"), limits["session"]),
        ("link-address", hashed_client_address(address), limits["address"]),
        ("link-recipient", keyed_hash(email.strip().lower()), limits["recipient"]),
    )
    return all(
        within_rate_limit(f"consultations:{scope}:{value}", limit=limit, period_seconds=period)
        for scope, value, (limit, period) in checks
    )


# --- group sessions --------------------------------------------------------------------------


def find_group_session(consultation: ConsultationPage, code: str) -> GroupSession | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    return GroupSession.objects.filter(consultation=consultation, code=code).first()


def admit_to_group_session(group_session: GroupSession, now=None) -> str:
    """Let one more browser into the session. Returns "admitted", "not_started", "ended" or
    "full" (HEADROOM times the expected head count already let in). The count is raised in
    the database, so concurrent openings never let in more than the capacity."""
    now = now or timezone.now()
    if now < group_session.starts_at:
        return "not_started"
    if now >= group_session.ends_at:
        return "ended"
    admitted = GroupSession.objects.filter(
        pk=group_session.pk, admitted__lt=F("expected_people") * HEADROOM
    ).update(admitted=F("admitted") + 1)
    return "admitted" if admitted else "full"
