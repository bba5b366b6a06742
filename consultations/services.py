"""Business rules for consultations: submitting exactly once, drafts and continue-later links,
rate limits, withdrawing, and publishing 'you said, we did'."""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations.blocks import OTHER_CHOICE
from consultations.feedback.counts import keeping_counts, record_new_response
from consultations.models import (
    AgeBand,
    Answer,
    ConsultationPage,
    ContinueLaterLink,
    Response,
    ResponseDraft,
)
from home.email import queue_templated_email
from home.links import site_url
from home.models import Borough, Network
from home.redaction import redact
from home.safeguarding.services import screen_and_flag

logger = logging.getLogger("vru.consultations")

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U/V look-alikes
REFERENCE_LENGTH = 8
CONTINUE_LATER_DAYS = 7
DEFAULT_RATE_LIMIT = (10, 60 * 60)  # submissions per client address per hour


class ConsultationNotOpen(Exception):
    """The consultation is not taking answers now."""


class NotAllowed(Exception):
    """The person may not do this."""


@dataclass
class AnsweredQuestion:
    """A question and its cleaned answer, ready to be stored."""

    question: object  # consultations.models.pages.Question
    value: object
    other_text: str = ""


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _answer_fields(item: AnsweredQuestion) -> dict:
    question_type = item.question.question_type
    value = item.value
    if question_type in ("short_text", "long_text"):
        return {"value_text": (value or "").strip()}
    if question_type == "number":
        return {"value_number": value}
    if question_type in ("ranking", "network"):
        return {"value_choices": list(value or [])}
    if question_type == "multiple_choice":
        chosen = [option for option in (value or []) if option != OTHER_CHOICE]
        if OTHER_CHOICE in (value or []):
            chosen.append("Other")
        return {"value_choices": chosen, "value_text": item.other_text.strip()}
    if question_type == "age_band":
        label = dict(AgeBand.choices).get(value, "")
        return {"value_choices": [label] if label else [], "value_text": label}
    # single choice, agreement scale, yes/no, borough, equality
    return {"value_choices": [value] if value else [], "value_text": value or ""}


def _free_text(item: AnsweredQuestion) -> str:
    """What the person wrote in their own words: a text answer or 'other, please say'."""
    if item.question.question_type in ("short_text", "long_text"):
        return (item.value or "").strip()
    return item.other_text.strip()


def _about_you(answers: list[AnsweredQuestion]) -> dict:
    fields = {}
    for item in answers:
        if item.question.question_type == "age_band" and item.value in AgeBand.values:
            fields["age_band"] = item.value
        elif item.question.question_type == "borough" and item.value not in ("", None):
            fields["borough"] = Borough.objects.filter(name=item.value).first()
    return fields


def _networks(answers: list[AnsweredQuestion]) -> list[Network]:
    names = {
        name
        for item in answers
        if item.question.question_type == "network"
        for name in (item.value or [])
    }
    return list(Network.objects.filter(name__in=names)) if names else []


def build_answers(response: Response, answers: list[AnsweredQuestion]) -> list[Answer]:
    """The answers to store for a response, each with a snapshot of its question as it was
    asked (unsaved). Unanswered questions are left out."""
    return [
        Answer(
            response=response,
            question_id=item.question.id,
            question_label=item.question.label[:250],
            question_hint=item.question.hint[:400],
            question_type=item.question.question_type,
            question_options=item.question.block.options(item.question.value),
            question_settings=item.question.block.settings(item.question.value),
            position=item.question.position,
            **_answer_fields(item),
        )
        for item in answers
        if item.value not in (None, "", [])
    ]


def submit_response(
    consultation: ConsultationPage,
    *,
    answers: list[AnsweredQuestion],
    submission_token: str,
    user=None,
    contact_email: str = "",
    now=None,
) -> tuple[Response, bool]:
    """Store a response and its answers in one transaction, exactly once per token.

    Returns (response, created). A token already used returns the response it made, so a
    double click, refresh or retried request lands on the same confirmation.
    """
    now = now or timezone.now()
    existing = Response.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if consultation.status(now) != "open":
        raise ConsultationNotOpen
    about_you = _about_you(answers)
    networks = _networks(answers)
    user = user if getattr(user, "is_authenticated", False) else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    consultation=consultation,
                    reference=new_reference(),
                    submission_token=submission_token,
                    submitted_at=now,
                    user=user,
                    contact_email=contact_email,
                    **about_you,
                )
                if networks:
                    response.networks.set(networks)
                created = Answer.objects.bulk_create(build_answers(response, answers))
                # Inside this transaction, so a flagged response and its alert commit together.
                # Screening never blocks or changes the submission.
                screen_and_flag(
                    response,
                    {item.question.label: _free_text(item) for item in answers},
                    source_label=f"Consultation response {response.reference}",
                )
                if user is not None:
                    ResponseDraft.objects.filter(user=user, consultation=consultation).delete()
                # Last, so the dashboard's running totals are locked for the shortest time.
                record_new_response(
                    response, created, network_ids=[network.pk for network in networks]
                )
            return response, True
        except IntegrityError:
            # Either the token was used by a concurrent request, or (rarely) the reference
            # collided. The first case must return that response; the second retries.
            existing = Response.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
    raise RuntimeError("Could not allocate a unique response reference")


def anonymise_responses_of(user) -> int:
    """A person deleting their account: their responses stay (they are counted and quoted)
    but lose the link to them, their contact email, and personal data inside free text.
    Returns how many responses were anonymised."""
    with transaction.atomic():
        responses = Response.objects.select_for_update().filter(user=user)
        redact_free_text(Answer.objects.filter(response__in=responses))
        return responses.update(user=None, contact_email="")


# Answers that hold words people typed: text answers, and "Other, please say" on multiple choice.
OWN_WORDS_TYPES = ("short_text", "long_text", "multiple_choice")
REDACT_BATCH = 2000


def redact_free_text(answers) -> int:
    """Redact personal data (home.redaction) in the free text of these answers, in batches.
    Returns how many answers changed; running it again changes nothing."""
    changed: list[Answer] = []
    total = 0
    free_text = (
        answers.filter(question_type__in=OWN_WORDS_TYPES)
        .exclude(value_text="")
        .only("pk", "value_text")
        .order_by("pk")
    )
    for answer in free_text.iterator(chunk_size=REDACT_BATCH):
        cleaned = redact(answer.value_text)
        if cleaned != answer.value_text:
            answer.value_text = cleaned
            changed.append(answer)
        if len(changed) >= REDACT_BATCH:
            total += _save_text(changed)
    return total + _save_text(changed)


def _save_text(changed: list[Answer]) -> int:
    count = len(changed)
    if count:
        Answer.objects.bulk_update(changed, ["value_text"], batch_size=REDACT_BATCH)
        changed.clear()
    return count


def withdraw_response(response: Response, user) -> Response:
    """A resident withdraws their own response while the consultation is still open."""
    if not getattr(user, "is_authenticated", False) or response.user_id != user.pk:
        raise NotAllowed("You can only withdraw your own response.")
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        if not response.consultation.is_open:
            raise ConsultationNotOpen
        if not response.is_withdrawn:
            with keeping_counts([response.pk]):
                response.is_withdrawn = True
                response.withdrawn_at = timezone.now()
                response.save(update_fields=["is_withdrawn", "withdrawn_at"])
    return response


# --- drafts and continue-later links ---------------------------------------------------------


def save_draft(consultation: ConsultationPage, user, answers: dict) -> ResponseDraft | None:
    """Keep a signed-in resident's unfinished answers (raw form data by key)."""
    if not getattr(user, "is_authenticated", False):
        return None
    draft, _ = ResponseDraft.objects.update_or_create(
        user=user, consultation=consultation, defaults={"answers": answers}
    )
    return draft


def load_draft(consultation: ConsultationPage, user) -> dict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    draft = ResponseDraft.objects.filter(user=user, consultation=consultation).first()
    return draft.answers if draft else None


def send_continue_later_link(
    consultation: ConsultationPage, *, email: str, answers: dict, now=None
) -> ContinueLaterLink:
    """Store the answers under a random token's hash and email the link. The email address
    is not kept beyond the outbox."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    expires_at = min(now + timedelta(days=CONTINUE_LATER_DAYS), consultation.closes_at)
    with transaction.atomic():
        link = ContinueLaterLink.objects.create(
            consultation=consultation,
            token_hash=ContinueLaterLink.hash_token(token),
            answers=answers,
            created_at=now,
            expires_at=expires_at,
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


def find_continue_later_link(
    consultation: ConsultationPage, token: str, now=None
) -> ContinueLaterLink | None:
    if not token or len(token) > 100:
        return None
    return (
        ContinueLaterLink.objects.usable(now)
        .filter(consultation=consultation, token_hash=ContinueLaterLink.hash_token(token))
        .first()
    )


def purge_expired_continue_later_links(now=None) -> int:
    deleted, _ = ContinueLaterLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# --- abuse protection ------------------------------------------------------------------------


def hashed_client_address(address: str) -> str:
    """A keyed hash of the client's address: enough to count, useless to identify."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()[:32]


def rate_limit_exceeded(address: str, *, now=None) -> bool:
    """Count one submission attempt from this address; True when over the limit.

    Held in the default cache (Redis in production), shared by every web process.
    """
    limit, window = getattr(settings, "CONSULTATION_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    now = now or timezone.now()
    bucket = int(now.timestamp()) // window
    key = f"consultations:rate:{hashed_client_address(address)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


# --- you said, we did ------------------------------------------------------------------------


def publish_results(consultation: ConsultationPage, now=None) -> bool:
    """Mark the results as published (once) and email everyone who asked to hear back.

    Safe to call on every publish: the date is set only the first time, and each respondent
    is emailed at most once. Returns True when the results became published now.
    """
    from consultations.tasks import notify_respondents_of_results

    now = now or timezone.now()
    if not consultation.has_results() or consultation.status(now) == "open":
        return False
    if consultation.status(now) == "upcoming":
        return False
    with transaction.atomic():
        newly = ConsultationPage.objects.filter(
            pk=consultation.pk, results_published_at__isnull=True
        ).update(results_published_at=now)
        # Enqueued in the same transaction (the task row commits with it). The task is
        # idempotent, so enqueueing on every publish also picks up anyone missed before.
        notify_respondents_of_results.enqueue(consultation.pk)
    if newly:
        consultation.results_published_at = now
    return bool(newly)


def notify_respondents(consultation_id: int, *, batch_size: int = 500, now=None) -> int:
    """Email the results to every respondent who opted in and was not yet told. Each email
    is queued in the same transaction that sets `notified_at`, so nobody is told twice."""
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.results_published_at:
        return 0
    page_url = site_url(consultation)
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Response.objects.select_for_update(skip_locked=True)
                .filter(consultation_id=consultation_id, notified_at__isnull=True)
                .exclude(contact_email="")
                .filter(is_withdrawn=False)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return sent
            for response in batch:
                queue_templated_email(
                    purpose="consultation-results",
                    to=response.contact_email,
                    template="consultations/email/results_published",
                    context={
                        "consultation": consultation,
                        "reference": response.reference,
                        "page_url": page_url,
                    },
                )
                response.notified_at = now or timezone.now()
            Response.objects.bulk_update(batch, ["notified_at"])
            sent += len(batch)
