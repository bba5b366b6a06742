"""Third-party signals (Django auth, allauth, allauth.mfa) connected to our services.

Each receiver only calls a service: the rules live in services.py.
"""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
)

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from . import services


def _on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        services.record_sign_in(request, user)


def _on_logged_out(sender, request, user, **kwargs):
    if request is not None:
        services.record_sign_out(request, user)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    services.record_failed_sign_in(credentials.get("email") or credentials.get("username"))


def _on_mfa_failed(sender, request, user, **kwargs):
    services.record_failed_mfa(user)


def _mfa_change(change):
    def receiver(sender, request, user, authenticator, **kwargs):
        services.record_mfa_change(request, user, authenticator.type, change)

    return receiver


_on_authenticator_added = _mfa_change("added")
_on_authenticator_removed = _mfa_change("removed")
_on_authenticator_reset = _mfa_change("reset")


def _on_password_changed(sender, request, user, **kwargs):
    services.record_password_change(request, user)


def _on_password_reset(sender, request, user, **kwargs):
    services.record_password_reset(user)


def connect() -> None:
    uid = "accounts.receivers"
    user_logged_in.connect(_on_logged_in, dispatch_uid=f"{uid}.logged_in")
    user_logged_out.connect(_on_logged_out, dispatch_uid=f"{uid}.logged_out")
    user_login_failed.connect(_on_login_failed, dispatch_uid=f"{uid}.login_failed")
    authentication_failed.connect(_on_mfa_failed, dispatch_uid=f"{uid}.mfa_failed")
    authenticator_added.connect(_on_authenticator_added, dispatch_uid=f"{uid}.mfa_added")
    authenticator_removed.connect(_on_authenticator_removed, dispatch_uid=f"{uid}.mfa_removed")
    authenticator_reset.connect(_on_authenticator_reset, dispatch_uid=f"{uid}.mfa_reset")
    password_changed.connect(_on_password_changed, dispatch_uid=f"{uid}.password_changed")
    password_reset.connect(_on_password_reset, dispatch_uid=f"{uid}.password_reset")
