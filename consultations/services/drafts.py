"""Unfinished answers: drafts kept for signed-in residents, and continue-later links sent by
email. The same answers can be sent only once, whichever browser or link sends them."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.models import (
    ConsultationPage,
    ContinueLaterLink,
    ResponseDraft,
)
from home.email import queue_templated_email
from home.links import site_url

CONTINUE_LATER_DAYS = 7


class AlreadySent(Exception):
    """These answers were already sent through a continue-later link or from another device
    signed in to the same account (or an earlier visit): sending them again would make a
    second response."""


def new_draft_key() -> str:
    """Names one unfinished set of answers across the browsers and links that carry it."""
    return secrets.token_urlsafe(16)


def save_draft(
    consultation: ConsultationPage, user, answers: dict, *, draft_key: str
) -> ResponseDraft | None:
    """Keep a signed-in resident's unfinished answers (raw form data by key) under the key
    this device carries. Answers already sent (from another device) are not saved back:
    returns None, and sending them from this device will be refused."""
    if not getattr(user, "is_authenticated", False):
        return None
    with transaction.atomic():
        draft, created = ResponseDraft.objects.select_for_update().get_or_create(
            user=user,
            consultation=consultation,
            defaults={"answers": answers, "draft_key": draft_key},
        )
        if created:
            return draft
        if draft_key and draft_key in draft.sent_keys:
            return None
        draft.answers = answers
        draft.draft_key = draft_key
        draft.save(update_fields=["answers", "draft_key", "updated_at"])
    return draft


def load_draft(consultation: ConsultationPage, user) -> dict | None:
    """A signed-in resident's saved answers and their draft key, which the loading device
    carries from now on; None if there are none (or they were sent)."""
    if not getattr(user, "is_authenticated", False):
        return None
    draft = ResponseDraft.objects.filter(user=user, consultation=consultation).first()
    if draft is None or not draft.answers:
        return None
    if not draft.draft_key:  # saved before drafts had keys
        draft.draft_key = new_draft_key()
        draft.save(update_fields=["draft_key"])
    return {"answers": draft.answers, "draft_key": draft.draft_key}


def send_continue_later_link(
    consultation: ConsultationPage,
    *,
    email: str,
    answers: dict,
    draft_key: str,
    user=None,
    now=None,
) -> ContinueLaterLink:
    """Store the answers under a random token's hash and email the link. The email address
    is not kept beyond the outbox. `draft_key` ties the link to the other links and browsers
    carrying the same answers, so they can be sent only once between them."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    expires_at = min(now + timedelta(days=CONTINUE_LATER_DAYS), consultation.closes_at)
    user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        link = ContinueLaterLink.objects.create(
            consultation=consultation,
            token_hash=ContinueLaterLink.hash_token(token),
            answers=answers,
            created_at=now,
            expires_at=expires_at,
            draft_key=draft_key,
            user=user,
        )
        queue_templated_email(
            purpose="consultation-continue-later",
            to=email,
            template="consultations/email/continue_later",
            context={
                "consultation": consultation,
                "link": site_url(consultation.subpage_url("resume_route", token=token)),
                "expires_at": expires_at,
            },
        )
    return link


def _link_by_token(consultation: ConsultationPage, token: str):
    if not token or len(token) > 100:
        return ContinueLaterLink.objects.none()
    return ContinueLaterLink.objects.filter(
        consultation=consultation, token_hash=ContinueLaterLink.hash_token(token)
    )


def find_continue_later_link(
    consultation: ConsultationPage, token: str, now=None
) -> ContinueLaterLink | None:
    """The link, if it can still restore answers (not expired, not used)."""
    return _link_by_token(consultation, token).usable(now).first()


def continue_later_link_was_used(consultation: ConsultationPage, token: str, now=None) -> bool:
    """True when the link's answers were sent (and it has not yet expired)."""
    now = now or timezone.now()
    return (
        _link_by_token(consultation, token)
        .filter(used_at__isnull=False, expires_at__gt=now)
        .exists()
    )


def resume_continue_later_link(link: ContinueLaterLink, user=None) -> dict:
    """What a browser opening the link takes over: the answers and the draft key. A
    signed-in resident's account becomes the link's owner, so deleting the account ends it."""
    changed = []
    if not link.draft_key:  # made before draft keys existed
        link.draft_key = new_draft_key()
        changed.append("draft_key")
    if getattr(user, "is_authenticated", False) and link.user_id is None:
        link.user = user
        changed.append("user")
    if changed:
        link.save(update_fields=changed)
    return {"answers": link.answers, "draft_key": link.draft_key}


def end_continue_later_links(consultation, *, draft_key: str, user, now) -> None:
    """Inside submit_response's transaction: refuse if this draft was already sent through
    one of its links, else end every link carrying it (and the resident's own links to this
    consultation), deleting the answers they held. The row lock makes two browsers sending
    the same draft at once wait for each other; the second then sees `used_at`."""
    carrying = Q(draft_key=draft_key) if draft_key else Q(pk__in=[])
    owned = Q(user=user) if user is not None else Q(pk__in=[])
    links = list(
        ContinueLaterLink.objects.select_for_update()
        .filter(consultation=consultation)
        .filter(carrying | owned)
        .order_by("pk")
    )
    if any(link.used_at and draft_key and link.draft_key == draft_key for link in links):
        raise AlreadySent
    unused = [link.pk for link in links if link.used_at is None]
    if unused:
        ContinueLaterLink.objects.filter(pk__in=unused).update(answers={}, used_at=now)


def use_up_saved_answers(consultation, *, draft_key: str, user) -> None:
    """Inside submit_response's transaction: refuse if a signed-in resident's saved answers
    under this key were already sent (from another device), else record the key as sent and
    empty the saved answers. The draft row is locked, so two devices sending at once wait
    for each other and the second sees the key in `sent_keys`. Answers saved under another
    key (a new set started on another device) are kept."""
    if user is None:
        return
    if draft_key:
        # A row to lock (and to remember the key), even if the saved answers are gone.
        ResponseDraft.objects.get_or_create(user=user, consultation=consultation)
    draft = (
        ResponseDraft.objects.select_for_update()
        .filter(user=user, consultation=consultation)
        .first()
    )
    if draft is None:
        return
    if draft_key and draft_key in draft.sent_keys:
        raise AlreadySent
    sent_key = draft_key or draft.draft_key
    if sent_key and sent_key not in draft.sent_keys:
        draft.sent_keys = [*draft.sent_keys, sent_key]
    if not draft_key or not draft.draft_key or draft.draft_key == draft_key:
        draft.answers = {}
        draft.draft_key = ""
    draft.save(update_fields=["answers", "draft_key", "sent_keys", "updated_at"])


def purge_expired_continue_later_links(now=None) -> int:
    deleted, _ = ContinueLaterLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
