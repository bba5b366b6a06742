"""Commitments: what publishing one does, and emailing people who asked to hear back."""

from django.core import signing
from django.db import transaction
from django.urls import reverse

from consultations.services import hear_back_addresses, hear_back_key, stop_hearing_back
from home.cache import purge_page_cache
from home.email import queue_templated_email
from home.links import InvalidLink, site_url
from home.locks import hold_lock

from .models import Commitment, CommitmentIndexPage, HearBackNotice

STOP_SALT = "commitments.hear-back.stop"


def what_we_are_doing_page() -> CommitmentIndexPage | None:
    """The live "What we are doing" page, if the site has one."""
    return CommitmentIndexPage.objects.live().public().first()


def commitment_url(commitment: Commitment, index: CommitmentIndexPage | None = None) -> str:
    """The commitment's own page, or "" if the site has no "What we are doing" page."""
    index = index or what_we_are_doing_page()
    return index.commitment_url(commitment) if index is not None else ""


def commitment_published(commitment_id: int) -> None:
    """After a commitment is published (by an editor, a workflow or on schedule): the cached
    pages that show it are purged and people who asked to hear back are told of its newest
    update. Called from Wagtail's `published` signal."""
    from .tasks import notify_hear_back_of_update

    with transaction.atomic():
        purge_page_cache()
        # The task row commits with this transaction; the task is idempotent.
        notify_hear_back_of_update.enqueue(commitment_id)


def commitment_unpublished(commitment_id: int) -> None:
    """After a commitment is unpublished: no cached page may still show it."""
    purge_page_cache()


def stop_link_value(consultation_id: int, key: str) -> str:
    return signing.dumps({"consultation": consultation_id, "key": key}, salt=STOP_SALT)


def stop_link_target(link_value: str) -> tuple[int, str]:
    """The consultation and the person (their `hear_back_key`) a stop link is for."""
    try:
        value = signing.loads(link_value, salt=STOP_SALT)
        return int(value["consultation"]), str(value["key"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink from error


def stop_emails(link_value: str) -> int:
    """Stop every email to this person about the consultation in the link (its commitments'
    updates and its results). Safe to repeat. Raises InvalidLink."""
    consultation_id, key = stop_link_target(link_value)
    return stop_hearing_back(consultation_id, key)


def notify_hear_back(commitment_id: int) -> int:
    """Email the commitment's newest progress update to everyone who asked to hear back from
    its consultation and was not yet told of that update. Once per person (a keyed hash of
    the address, so several responses from one address make one email), never to withdrawn
    responses, and nothing twice however often it runs. Returns how many were emailed."""
    with transaction.atomic():
        hold_lock(f"commitments.hear-back.{commitment_id}")
        commitment = (
            Commitment.objects.published()
            .select_related("consultation")
            .filter(pk=commitment_id, consultation__isnull=False)
            .first()
        )
        update = commitment.latest_update if commitment is not None else None
        if update is None:
            return 0
        told = set(
            HearBackNotice.objects.filter(commitment=commitment, update_key=update.key).values_list(
                "recipient", flat=True
            )
        )
        consultation = commitment.consultation
        page_url = commitment_url(commitment)
        context = {
            "commitment": commitment,
            "update": update,
            "consultation": consultation,
            "commitment_url": site_url(page_url) if page_url else site_url(consultation),
        }
        notices = []
        for key, email in hear_back_addresses(consultation.pk).items():
            if key in told:
                continue
            stop_url = site_url(
                reverse("commitments:stop_emails", args=[stop_link_value(consultation.pk, key)])
            )
            queue_templated_email(
                purpose="commitment-update",
                to=email,
                template="commitments/email/progress_update",
                context={**context, "stop_url": stop_url},
                headers={
                    "List-Unsubscribe": f"<{stop_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            notices.append(
                HearBackNotice(commitment=commitment, update_key=update.key, recipient=key)
            )
        HearBackNotice.objects.bulk_create(notices)
    return len(notices)


__all__ = [
    "InvalidLink",
    "commitment_published",
    "commitment_unpublished",
    "commitment_url",
    "hear_back_key",
    "notify_hear_back",
    "stop_emails",
    "stop_link_target",
    "stop_link_value",
    "what_we_are_doing_page",
]
