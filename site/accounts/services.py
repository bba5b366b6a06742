"""Business rules for accounts: who counts as staff, session housekeeping, security logging,
email updates without an account and accessible-format requests.

Security log lines go to the "vru.security" logger and, where there is a user to attach them
to, to Wagtail's audit log. They carry user ids and what happened, never passwords, codes,
email addresses typed into a form or anything a person wrote.
"""

import logging
import time
from collections.abc import Iterable
from datetime import date
from importlib import import_module

from allauth.mfa.utils import is_mfa_enabled

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log as audit_log

from home.email import queue_email
from home.formatting import format_date
from home.links import site_url
from home.models import Network, PriorityArea
from home.ratelimit import within_rate_limit

from .models import AccessibleFormatRequest, UpdatesSubscription, UserSession, new_confirm_token
from .working_days import add_working_days

security_log = logging.getLogger("vru.security")

ACCESS_ADMIN_PERMISSION = "wagtailadmin.access_admin"
CONFIRM_SALT = "accounts.updates.confirm"
UNSUBSCRIBE_SALT = "accounts.updates.unsubscribe"
CHANGE_SALT = "accounts.updates.change"
CONFIRM_LINK_MAX_AGE = 7 * 24 * 60 * 60
ACCESSIBLE_FORMAT_WORKING_DAYS = 5
ACCESSIBLE_FORMAT_ALERTS_PER_HOUR = 20


class InvalidLink(Exception):
    """A confirmation or unsubscribe link that is broken, expired or already replaced."""


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


# Email updates without an account -------------------------------------------------------


def confirm_link_value(subscription: UpdatesSubscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscription.confirm_token)


def unsubscribe_link_value(subscription: UpdatesSubscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.confirm_token)


def _send_updates_email(
    subscription: UpdatesSubscription,
    *,
    purpose: str,
    template: str,
    extra_context: dict | None = None,
) -> None:
    """Queue an email to a subscriber with a one-click unsubscribe link and headers."""
    unsubscribe_url = site_url(
        reverse("accounts:updates_unsubscribe", args=[unsubscribe_link_value(subscription)])
    )
    context = {
        "subscription": subscription,
        "confirm_url": site_url(
            reverse("accounts:updates_confirm", args=[confirm_link_value(subscription)])
        ),
        "unsubscribe_url": unsubscribe_url,
        **(extra_context or {}),
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    queue_email(
        purpose=purpose,
        to=subscription.email,
        subject=subject,
        body_text=render_to_string(f"{template}.txt", context),
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def subscribe_to_updates(
    *,
    email: str,
    name: str = "",
    priority_areas: Iterable[PriorityArea] = (),
    networks: Iterable[Network] = (),
) -> UpdatesSubscription:
    """Sign someone up for email updates, or ask to change an existing sign-up.

    New and unsubscribed addresses wait for the emailed confirmation link (double opt-in).
    A confirmed address is not changed by anyone who types it: its owner is emailed a link
    that makes the new choices (`apply_updates_change`), so only the inbox's owner can.
    """
    email = email.strip()
    with transaction.atomic():
        subscription = (
            UpdatesSubscription.objects.select_for_update().filter(email__iexact=email).first()
        )
        if subscription is not None and subscription.status == UpdatesSubscription.Status.CONFIRMED:
            _send_updates_email(
                subscription,
                purpose="updates_change_confirm",
                template="accounts/email/updates_change_confirm",
                extra_context={
                    "change_url": site_url(
                        reverse(
                            "accounts:updates_change",
                            args=[
                                change_link_value(
                                    subscription,
                                    name=name,
                                    priority_areas=priority_areas,
                                    networks=networks,
                                )
                            ],
                        )
                    )
                },
            )
            return subscription
        if subscription is None:
            subscription = UpdatesSubscription(email=email)
        subscription.name = name.strip()
        subscription.status = UpdatesSubscription.Status.PENDING
        subscription.confirm_token = new_confirm_token()
        subscription.confirmed_at = None
        subscription.unsubscribed_at = None
        subscription.save()
        subscription.priority_areas.set(priority_areas)
        subscription.networks.set(networks)
        _send_updates_email(
            subscription,
            purpose="updates_confirm",
            template="accounts/email/updates_confirm",
        )
    return subscription


def change_link_value(
    subscription: UpdatesSubscription,
    *,
    name: str,
    priority_areas: Iterable[PriorityArea],
    networks: Iterable[Network],
) -> str:
    """A signed, 7-day link that carries the requested choices; nothing is stored until it
    is used."""
    return signing.dumps(
        {
            "token": subscription.confirm_token,
            "name": name.strip(),
            "areas": sorted(area.pk for area in priority_areas),
            "networks": sorted(network.pk for network in networks),
        },
        salt=CHANGE_SALT,
        compress=True,
    )


def updates_change_from_link(link_value: str) -> tuple[UpdatesSubscription, dict]:
    """The subscription and the choices a change link asks for. Raises InvalidLink if the
    link is broken, older than 7 days, or the address has unsubscribed since."""
    try:
        change = signing.loads(link_value, salt=CHANGE_SALT, max_age=CONFIRM_LINK_MAX_AGE)
        token = change["token"]
        choices = {
            "name": str(change["name"])[:100],
            "priority_areas": list(PriorityArea.objects.filter(pk__in=change["areas"])),
            "networks": list(Network.objects.filter(pk__in=change["networks"])),
        }
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink from error
    subscription = UpdatesSubscription.objects.filter(
        confirm_token=token, status=UpdatesSubscription.Status.CONFIRMED
    ).first()
    if subscription is None:
        raise InvalidLink
    return subscription, choices


def apply_updates_change(link_value: str) -> UpdatesSubscription:
    """Make the choices in an emailed change link. Safe to repeat. Raises InvalidLink."""
    subscription, choices = updates_change_from_link(link_value)
    with transaction.atomic():
        subscription = UpdatesSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status != UpdatesSubscription.Status.CONFIRMED:
            raise InvalidLink
        subscription.name = choices["name"]
        subscription.save(update_fields=["name"])
        subscription.priority_areas.set(choices["priority_areas"])
        subscription.networks.set(choices["networks"])
    return subscription


def confirm_updates_subscription(link_value: str) -> UpdatesSubscription:
    """Confirm an address from the emailed link. Raises InvalidLink if it is wrong or old."""
    try:
        token = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            link_value, max_age=CONFIRM_LINK_MAX_AGE
        )
    except signing.BadSignature as error:
        raise InvalidLink from error
    with transaction.atomic():
        subscription = (
            UpdatesSubscription.objects.select_for_update().filter(confirm_token=token).first()
        )
        if subscription is None or subscription.status == UpdatesSubscription.Status.UNSUBSCRIBED:
            raise InvalidLink
        if subscription.status == UpdatesSubscription.Status.PENDING:
            subscription.status = UpdatesSubscription.Status.CONFIRMED
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["status", "confirmed_at"])
    return subscription


def subscription_from_unsubscribe_link(link_value: str) -> UpdatesSubscription:
    try:
        token = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(link_value)
    except signing.BadSignature as error:
        raise InvalidLink from error
    subscription = UpdatesSubscription.objects.filter(confirm_token=token).first()
    if subscription is None:
        raise InvalidLink
    return subscription


def unsubscribe_from_updates(link_value: str) -> UpdatesSubscription:
    """Stop all update emails to the address in the link. Safe to repeat."""
    subscription = subscription_from_unsubscribe_link(link_value)
    with transaction.atomic():
        subscription = UpdatesSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status != UpdatesSubscription.Status.UNSUBSCRIBED:
            subscription.status = UpdatesSubscription.Status.UNSUBSCRIBED
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


# Accessible formats ---------------------------------------------------------------------


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
                body_text=render_to_string("accounts/email/accessible_format_alert.txt", context),
            )
    security_log.info("Accessible format request %s stored", format_request.pk)
    return format_request


# My account -----------------------------------------------------------------------------


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_export(user) -> dict:
    """Everything the platform holds about a signed-in person, for "Download my data".

    Secrets (password hash, MFA secrets, recovery codes) are described, never included.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from consultations.models import Response
    from events.models import Registration

    emails = list(EmailAddress.objects.filter(user=user).order_by("email"))
    addresses = {address.email.lower() for address in emails} | {user.email.lower()}
    responses = (
        Response.objects.for_user(user)
        .select_related("consultation", "borough")
        .prefetch_related("answers", "networks", "priority_areas")
        .order_by("submitted_at")
    )
    subscriptions = UpdatesSubscription.objects.filter(
        email__in=[address for address in addresses if address]
    ).prefetch_related("priority_areas", "networks")
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in emails
            ],
            "two_step_sign_in": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        },
        "responses": [
            {
                "reference": response.reference,
                "consultation": response.consultation.title,
                "submitted_at": _when(response.submitted_at),
                "withdrawn": response.is_withdrawn,
                "contact_email": response.contact_email,
                "age_band": response.age_band,
                "borough": str(response.borough) if response.borough else "",
                "networks": [str(network) for network in response.networks.all()],
                "answers": [
                    {
                        "question": answer.question_label,
                        "text": answer.value_text,
                        "choices": answer.value_choices,
                        "number": answer.value_number,
                    }
                    for answer in response.answers.all()
                ],
            }
            for response in responses
        ],
        "bookings": [
            {
                "event": registration.event.title,
                "starts": _when(registration.event.start),
                "status": registration.get_status_display(),
                "first_name": registration.first_name,
                "email": registration.email,
                "access_needs": registration.access_needs,
                "under_16": registration.under_16,
                "parent_name": registration.parent_name,
                "parent_email": registration.parent_email,
                "booked_at": _when(registration.created_at),
            }
            for registration in Registration.objects.for_user(user)
        ],
        "email_updates": [
            {
                "name": subscription.name,
                "email": subscription.email,
                "status": subscription.get_status_display(),
                "priority_areas": [str(area) for area in subscription.priority_areas.all()],
                "networks": [str(network) for network in subscription.networks.all()],
                "signed_up_at": _when(subscription.created_at),
            }
            for subscription in subscriptions
        ],
    }


def delete_account(user) -> None:
    """Delete a resident's account and personal data; keep contributions anonymised.

    Responses stay (they are counted and quoted) but lose the link to the person, their
    contact email, and contact details inside free-text answers. Upcoming bookings are
    cancelled (freeing the place for the waiting list); every booking loses its personal data.
    Email-update sign-ups for the account's addresses are deleted. Each app anonymises its
    own records (consultations.services, events.services).
    """
    from allauth.account.models import EmailAddress

    from consultations.services import anonymise_responses_of
    from events.services import anonymise_registrations_of

    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    with transaction.atomic():
        anonymise_registrations_of(user)
        anonymise_responses_of(user)
        UpdatesSubscription.objects.filter(email__in=[a for a in addresses if a]).delete()
        user_id = user.pk
        end_other_sessions(user)
        user.delete()
    security_log.info("Account deleted at the person's request: user %s", user_id)
