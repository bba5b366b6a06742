"""Business rules for accounts: who counts as staff, session housekeeping and security logging.
A resident's own data (export, deletion) is in accounts.my_data; email updates and accessible
formats have their own apps (email_updates, accessible_formats).

Security log lines go to the "vru.security" logger and, where there is a user to attach them
to, to Wagtail's audit log. They carry user ids and what happened, never passwords, codes,
email addresses typed into a form or anything a person wrote.
"""

import logging
import time
from importlib import import_module

from allauth.mfa.utils import is_mfa_enabled

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.log_actions import log as audit_log

from .models import UserSession

security_log = logging.getLogger("vru.security")

ACCESS_ADMIN_PERMISSION = "wagtailadmin.access_admin"


# Who is staff ---------------------------------------------------------------------------


def is_staff_user(user) -> bool:
    """True for anyone who can reach the Wagtail admin: these accounts must use MFA."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm(ACCESS_ADMIN_PERMISSION))


def needs_mfa_setup(user) -> bool:
    """A staff user with no authenticator app or security key yet."""
    return is_staff_user(user) and not is_mfa_enabled(user)


# Sessions -------------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


STAFF_SESSION_STARTED_KEY = "vru_staff_session_started"
STAFF_SESSION_LAST_SEEN_KEY = "vru_staff_session_last_seen"


def start_staff_session_clock(session, now: float | None = None) -> None:
    """Start the idle and total-time limits of a staff session (see middleware.py)."""
    now = time.time() if now is None else now
    session[STAFF_SESSION_STARTED_KEY] = now
    session[STAFF_SESSION_LAST_SEEN_KEY] = now


def remember_session(user, session_key: str | None) -> None:
    """Note a session the user signed in with, so it can be ended from elsewhere."""
    if session_key:
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def forget_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def end_other_sessions(user, keep_session_key: str | None = None) -> int:
    """End every session of the user on the server except `keep_session_key`.

    Returns how many sessions were ended. Used when the password or MFA changes, so a thief
    holding an old session cookie is thrown out.
    """
    store = _session_store()
    with transaction.atomic():
        others = UserSession.objects.for_user(user).exclude(session_key=keep_session_key or "")
        keys = list(others.values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        others.delete()
    if keys:
        security_log.info("Ended %s other session(s) for user %s", len(keys), user.pk)
    return len(keys)


# Security log ---------------------------------------------------------------------------


def _audit(user, action: str, data: dict | None = None, actor=None) -> None:
    audit_log(instance=user, action=action, user=actor or user, data=data or {})


def record_sign_in(request, user) -> None:
    """Called when anyone signs in: remember the session; log it if they are staff."""
    remember_session(user, request.session.session_key)
    if is_staff_user(user):
        start_staff_session_clock(request.session)
        security_log.info("Staff sign-in: user %s", user.pk)
        _audit(user, "vru.staff_sign_in")


def record_sign_out(request, user) -> None:
    forget_session(request.session.session_key)
    if user is not None and is_staff_user(user):
        security_log.info("Staff sign-out: user %s", user.pk)


def record_failed_sign_in(login: str | None) -> None:
    """A wrong password. Only the account id is logged, never what was typed."""
    if not login:
        return
    user = get_user_model().objects.filter(email__iexact=login).first()
    if user is not None and is_staff_user(user):
        security_log.warning("Failed staff sign-in (password): user %s", user.pk)
        _audit(user, "vru.staff_sign_in_failed", actor=None)


def record_failed_mfa(user) -> None:
    if user is not None and is_staff_user(user):
        security_log.warning("Failed staff sign-in (MFA code): user %s", user.pk)
        _audit(user, "vru.staff_sign_in_failed", {"step": "mfa"}, actor=None)


def record_mfa_change(request, user, authenticator_type: str, change: str) -> None:
    """An authenticator was added, removed or reset: log it and end the user's other sessions."""
    security_log.info("MFA %s (%s): user %s", change, authenticator_type, user.pk)
    _audit(user, "vru.mfa_changed", {"change": change, "type": authenticator_type})
    end_other_sessions(user, keep_session_key=request.session.session_key if request else None)


def record_password_change(request, user) -> None:
    security_log.info("Password changed: user %s", user.pk)
    _audit(user, "vru.password_changed")
    end_other_sessions(user, keep_session_key=request.session.session_key if request else None)


def record_password_reset(user) -> None:
    """A reset through the emailed link ends every session, including any the thief has."""
    security_log.info("Password reset: user %s", user.pk)
    _audit(user, "vru.password_changed", {"by": "reset"})
    end_other_sessions(user)


def role_snapshot(user) -> dict:
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
    }


def record_role_change(actor, user, before: dict) -> None:
    """Compare a user's roles before and after an admin edit; log any difference."""
    after = role_snapshot(user)
    if after == before:
        return
    security_log.info(
        "Roles changed for user %s by user %s: %s -> %s",
        user.pk,
        getattr(actor, "pk", None),
        before,
        after,
    )
    _audit(user, "vru.role_changed", {"before": before, "after": after}, actor=actor)
