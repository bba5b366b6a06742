"""Staff-only protections that must run on every request.

StaffSessionMiddleware ends staff sessions after 30 minutes idle or 12 hours in total.
StaffMFARequiredMiddleware sends staff without an authenticator to set one up before the
Wagtail admin lets them in. Both must come after AuthenticationMiddleware and
MessageMiddleware.
"""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import services

IDLE_LIMIT_SECONDS = 30 * 60
TOTAL_LIMIT_SECONDS = 12 * 60 * 60
# Writing the session on every request is wasteful; a minute of slack in "idle" is not.
LAST_SEEN_RESOLUTION_SECONDS = 60

SESSION_STARTED_KEY = services.STAFF_SESSION_STARTED_KEY
SESSION_LAST_SEEN_KEY = services.STAFF_SESSION_LAST_SEEN_KEY


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and services.is_staff_user(user):
            now = time.time()
            session = request.session
            started = session.get(SESSION_STARTED_KEY)
            last_seen = session.get(SESSION_LAST_SEEN_KEY)
            if started is None or last_seen is None:
                services.start_staff_session_clock(session, now)
            elif now - last_seen > IDLE_LIMIT_SECONDS or now - started > TOTAL_LIMIT_SECONDS:
                reason = "idle" if now - last_seen > IDLE_LIMIT_SECONDS else "total time"
                services.security_log.info(
                    "Staff session ended (%s limit): user %s", reason, user.pk
                )
                logout(request)
                messages.info(request, "You were signed out to keep your account safe.")
                if request.path.startswith(_admin_prefix()):
                    return redirect(
                        f"{reverse('account_login')}?{urlencode({'next': request.path})}"
                    )
            elif now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)


class StaffMFARequiredMiddleware:
    """Block the admin for staff who have not set up two-step sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = _admin_prefix()
        if (
            request.path.startswith(admin_prefix)
            and request.path != reverse("wagtailadmin_logout")
            and services.needs_mfa_setup(getattr(request, "user", None))
        ):
            messages.warning(
                request,
                "Staff accounts must use two-step sign-in. Set up an authenticator app "
                "before you use the admin.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
