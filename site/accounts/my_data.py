"""A resident's own data: the export of everything we hold, and deleting the account."""

import logging

from django.db import transaction

from email_updates.models import UpdatesSubscription

from .services import end_other_sessions

security_log = logging.getLogger("vru.security")


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
    own records (consultations.services, events.privacy).
    """
    from allauth.account.models import EmailAddress

    from consultations.services import anonymise_responses_of
    from events.privacy import anonymise_registrations_of

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
