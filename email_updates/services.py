"""Email updates without an account: sign up, confirm, change and unsubscribe by signed link."""

import logging
from collections.abc import Iterable

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.email import queue_email
from home.links import InvalidLink, site_url
from home.models import Network, PriorityArea

from .models import UpdatesSubscription, new_confirm_token

security_log = logging.getLogger("vru.security")


# The salts keep the names they had in accounts, so links already emailed still work.
CONFIRM_SALT = "accounts.updates.confirm"
UNSUBSCRIBE_SALT = "accounts.updates.unsubscribe"
CHANGE_SALT = "accounts.updates.change"
CONFIRM_LINK_MAX_AGE = 7 * 24 * 60 * 60


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
        reverse("email_updates:unsubscribe", args=[unsubscribe_link_value(subscription)])
    )
    context = {
        "subscription": subscription,
        "confirm_url": site_url(
            reverse("email_updates:confirm", args=[confirm_link_value(subscription)])
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
                template="email_updates/email/change_confirm",
                extra_context={
                    "change_url": site_url(
                        reverse(
                            "email_updates:change",
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
            template="email_updates/email/confirm",
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
