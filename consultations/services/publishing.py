"""Publishing responses with consent (decision 0036): recording a respondent's consent when
they send their answers, a parent or carer agreeing for an under-16, withdrawing consent,
and staff deciding, answer by answer, what is published.

Every rule is enforced here, not only in the pages: a response that is withdrawn, hidden,
flagged for safeguarding, without consent, or an under-16's without a parent's agreement can
never be approved (`consultations.models.publishable_responses`), and the public page checks
the same rules at every read, so one that becomes so later leaves the page at once.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from consultations.models import (
    UNDER_16_BANDS,
    Answer,
    PublicationConsent,
    PublishedAnswer,
    Response,
    publishable_answers,
    publishable_responses,
)
from home.email import queue_templated_email
from home.links import site_url
from home.ratelimit import keyed_hash, within_rate_limit
from language.redaction import redact

DECIDE = "consultations.response.publication"
CONSENT_WITHDRAWN = "consultations.response.publication_consent_withdrawn"
PARENT_AGREED = "consultations.response.publication_parent_agreed"
LOG_ACTIONS = [
    (DECIDE, "Publication decided", "Answer approved or left out for publication"),
    (CONSENT_WITHDRAWN, "Consent to publish withdrawn", "Consent to publish withdrawn"),
    (PARENT_AGREED, "Parent agreed to publish", "A parent or carer agreed to publication"),
]

# One parent or carer's inbox: requests to agree (as events' parent consent).
PARENT_EMAIL_LIMIT = (5, 24 * 60 * 60)
# A parent or carer's link works for a week: they may not read their email every day.
PUBLICATION_PARENT_LINK_DAYS = 7


class PublicationError(Exception):
    """A publication decision that breaks a rule; the message is shown to staff."""


@dataclass
class PublicationChoice:
    """What the respondent said on the check-answers page."""

    consent: bool = False
    says_16_or_over: bool | None = None
    parent_email: str = ""


def age_check(age_band: str) -> str:
    """Whether someone with this age band must say if they are 16 or over: "over_16" (no),
    "under_16" (they need a parent or carer), "unknown" (they did not give an age: ask)."""
    if not age_band:
        return "unknown"
    return "under_16" if age_band in UNDER_16_BANDS else "over_16"


def needs_parent(age_band: str, says_16_or_over: bool | None) -> bool:
    check = age_check(age_band)
    return check == "under_16" or (check == "unknown" and says_16_or_over is not True)


def record_consent(response: Response, choice: PublicationChoice, now=None):
    """Store the respondent's consent, if they gave it and the consultation publishes
    responses; ask their parent or carer when they are under 16. Call it inside the
    submission's transaction. Returns the consent or None."""
    if not choice.consent or not response.consultation.publish_responses:
        return None
    now = now or timezone.now()
    parent_needed = needs_parent(response.age_band, choice.says_16_or_over)
    consent = PublicationConsent.objects.create(
        response=response,
        consented_at=now,
        says_16_or_over=choice.says_16_or_over,
        needs_parent_consent=parent_needed,
    )
    if parent_needed and choice.parent_email:
        _ask_parent(consent, choice.parent_email, now)
    return consent


def _ask_parent(consent: PublicationConsent, parent_email: str, now) -> None:
    limit, period = getattr(settings, "PUBLICATION_PARENT_EMAIL_LIMIT", PARENT_EMAIL_LIMIT)
    key = f"consultations.publication.parent:{keyed_hash(parent_email.strip().lower())}"
    if not within_rate_limit(key, limit=limit, period_seconds=period):
        return  # not asked: the answers are simply never published
    consent.parent_asked_at = now
    consent.parent_link_expires_at = now + timedelta(days=PUBLICATION_PARENT_LINK_DAYS)
    consent.save(update_fields=["parent_asked_at", "parent_link_expires_at"])
    queue_templated_email(
        purpose="consultations.publication_parent_consent",
        to=parent_email,
        template="consultations/email/parent_publication_consent",
        context={
            "consultation": consent.response.consultation,
            "consent_url": site_url(consent.get_link_path("parent")),
            "days": PUBLICATION_PARENT_LINK_DAYS,
        },
    )


def parent_link_usable(consent: PublicationConsent, now=None) -> bool:
    """A parent's link agrees only while it is in time and the consent still stands."""
    now = now or timezone.now()
    return (
        consent.withdrawn_at is None
        and consent.parent_confirmed_at is None
        and consent.parent_link_expires_at is not None
        and now < consent.parent_link_expires_at
        and not consent.response.is_withdrawn
    )


def confirm_parent_consent(consent: PublicationConsent, now=None) -> PublicationConsent:
    """A parent or carer agreed through their link. Does nothing once the link is spent."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            PublicationConsent.objects.select_for_update()
            .select_related("response")
            .get(pk=consent.pk)
        )
        if not parent_link_usable(current, now):
            return current
        current.parent_confirmed_at = now
        current.save(update_fields=["parent_confirmed_at"])
        log(instance=current.response, action=PARENT_AGREED, user=None)
    return current


def withdraw_consent(consent: PublicationConsent, now=None) -> PublicationConsent:
    """The respondent (or their parent or carer) takes back consent: nothing of the response
    is published from now on. What staff decided is kept, so the record stays whole."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            PublicationConsent.objects.select_for_update()
            .select_related("response")
            .get(pk=consent.pk)
        )
        if current.withdrawn_at is None:
            current.withdrawn_at = now
            current.save(update_fields=["withdrawn_at"])
            log(instance=current.response, action=CONSENT_WITHDRAWN, user=None)
    return current


def withdraw_consent_of(response: Response, user) -> bool:
    """A signed-in resident withdraws consent for their own response. True if it changed."""
    if not getattr(user, "is_authenticated", False) or response.user_id != user.pk:
        return False
    consent = PublicationConsent.objects.filter(response=response, withdrawn_at=None).first()
    if consent is None:
        return False
    withdraw_consent(consent)
    return True


# --- staff ----------------------------------------------------------------------------------


def publication_queue(consultation=None):
    """Responses staff may decide on: publishable now, on a consultation that publishes
    responses, with at least one own-words answer; oldest first."""
    queryset = publishable_responses().filter(consultation__publish_responses=True)
    if consultation is not None:
        queryset = queryset.filter(consultation=consultation)
    return queryset.filter(
        pk__in=Answer.objects.filter(pk__in=_own_words_answers()).values("response_id")
    ).order_by("submitted_at")


def _own_words_answers():
    from consultations.blocks import OWN_WORDS_TYPES

    return (
        Answer.objects.filter(question_type__in=OWN_WORDS_TYPES).exclude(value_text="").values("pk")
    )


def proposal(answer: Answer) -> str:
    """The text staff start from: the answer with identifying details removed."""
    return redact(answer.value_text)


@dataclass
class AnswerDecision:
    answer_id: int
    status: str  # PublishedAnswer.Status
    published_text: str = ""
    reason: str = ""


def decide(response: Response, decisions: list[AnswerDecision], user) -> list[PublishedAnswer]:
    """Record staff's decision on each own-words answer of a response. An answer published
    with anything removed or changed, or left out, needs a reason; each decision is in the
    audit log. The original answer is never changed."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if not locked.consultation.publish_responses:
            raise PublicationError("This consultation does not publish responses.")
        if not publishable_responses().filter(pk=locked.pk).exists():
            raise PublicationError(
                "This response cannot be published: it has no consent (or no parent or "
                "carer's agreement), or it is withdrawn, hidden or flagged for safeguarding."
            )
        answers = {answer.pk: answer for answer in publishable_answers(locked)}
        saved = []
        for decision in decisions:
            answer = answers.get(decision.answer_id)
            if answer is None:
                raise PublicationError("Only answers in the person's own words can be published.")
            saved.append(_decide_one(locked, answer, decision, user))
    return saved


def _decide_one(response, answer: Answer, decision: AnswerDecision, user) -> PublishedAnswer:
    text = (decision.published_text or "").strip()
    reason = (decision.reason or "").strip()
    if decision.status == PublishedAnswer.Status.APPROVED:
        if not text:
            raise PublicationError(f"Enter the text to publish for '{answer.question_label}'.")
        changed = text != answer.value_text.strip()
    elif decision.status == PublishedAnswer.Status.REJECTED:
        text, changed = "", True
    else:
        raise PublicationError("Choose whether to publish each answer.")
    if changed and not reason:
        raise PublicationError(
            f"Give a reason for what you removed or left out of '{answer.question_label}'."
        )
    published, _ = PublishedAnswer.objects.update_or_create(
        answer=answer,
        defaults={
            "status": decision.status,
            "published_text": text,
            "reason": reason,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    log(
        instance=response,
        action=DECIDE,
        user=user,
        data={
            "answer_id": answer.pk,
            "question": answer.question_label,
            "status": decision.status,
            "text_changed": changed and decision.status == PublishedAnswer.Status.APPROVED,
            "reason": reason,
        },
    )
    return published
