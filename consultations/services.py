"""Business rules for consultations: submitting exactly once, drafts and continue-later links,
abuse protection and group sessions, withdrawing, and publishing 'you said, we did'."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from consultations.blocks import OWN_WORDS_TYPES
from consultations.models import (
    Answer,
    ConsultationPage,
    ContinueLaterLink,
    GroupSession,
    Response,
    ResponseDraft,
)
from consultations.models.group_sessions import HEADROOM
from consultations.tallies import keeping_counts, record_new_response
from home.email import queue_templated_email
from home.links import site_url
from home.models import Network
from home.ratelimit import hashed_client_address, keyed_hash, within_rate_limit
from home.redaction import redact
from home.safeguarding.services import screen_and_flag
from language.services import forget as forget_vectors

logger = logging.getLogger("vru.consultations")

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U/V look-alikes
REFERENCE_LENGTH = 8
CONTINUE_LATER_DAYS = 7


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


def _free_text(item: AnsweredQuestion) -> str:
    """What the person wrote in their own words: a text answer or 'other, please say'."""
    return item.question.block.own_words(item.value, item.other_text)


def _told_about_you(answers: list[AnsweredQuestion]) -> dict:
    """What the answers say about the respondent (each question block says what it tells)."""
    told: dict = {}
    for item in answers:
        told.update(item.question.block.about_you(item.value))
    return told


def _about_you(answers: list[AnsweredQuestion]) -> dict:
    """The response's own fields: its age band and borough."""
    return {
        name: value
        for name, value in _told_about_you(answers).items()
        if name in ("age_band", "borough")
    }


def _networks(answers: list[AnsweredQuestion]) -> list[Network]:
    names = set(_told_about_you(answers).get("network_names") or [])
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
            **item.question.block.stored_fields(item.value, item.other_text),
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
    draft_key: str = "",
    group_session: GroupSession | None = None,
    now=None,
) -> tuple[Response, bool]:
    """Store a response and its answers in one transaction, exactly once per token.

    Returns (response, created). A token already used returns the response it made, so a
    double click, refresh or retried request lands on the same confirmation. `draft_key`
    names the unfinished answers this browser carries: if they were already sent through
    one of their continue-later links, or from another device signed in to the same
    account, this raises AlreadySent; otherwise every such link ends here and the saved
    answers are used up. A response sent during a running `group_session` is marked with it.
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
    if group_session is not None and not group_session.is_running(now):
        group_session = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                _end_continue_later_links(consultation, draft_key=draft_key, user=user, now=now)
                _use_up_saved_answers(consultation, draft_key=draft_key, user=user)
                response = Response.objects.create(
                    consultation=consultation,
                    reference=new_reference(),
                    submission_token=submission_token,
                    submitted_at=now,
                    user=user,
                    contact_email=contact_email,
                    group_session=group_session,
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


REDACT_BATCH = 2000


def redact_free_text(answers) -> int:
    """Redact personal data (home.redaction) in the free text of these answers, in batches.
    Returns how many answers changed; running it again changes nothing."""
    changed: list[Answer] = []
    total = 0
    free_text = (
        answers.filter(question_type__in=OWN_WORDS_TYPES)
        .exclude(value_text="")
        .only("pk", "value_text", "response_id")
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
    """Save redacted answers, and forget the stored meaning (vectors) of the words removed."""
    count = len(changed)
    if count:
        Answer.objects.bulk_update(changed, ["value_text"], batch_size=REDACT_BATCH)
        forget_vectors(Response, {answer.response_id for answer in changed})
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


def _end_continue_later_links(consultation, *, draft_key: str, user, now) -> None:
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


def _use_up_saved_answers(consultation, *, draft_key: str, user) -> None:
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


# --- abuse protection ------------------------------------------------------------------------
#
# A shared connection is never by itself a reason to refuse (decision 0012): the limits are
# per browser session, with only a high ceiling per address against scripted floods, which a
# running group session lifts for the browsers that opened its link. All counting goes
# through home.ratelimit.within_rate_limit (the shared cache), under keyed hashes.

# Answers sent from one browser session, per hour.
DEFAULT_SESSION_LIMIT = (10, 60 * 60)
# Answers sent from one address (an IPv6 /64), per hour: far above any honest crowd
# without a group session link, far below a script.
DEFAULT_ADDRESS_CEILING = (200, 60 * 60)
# Continue-later emails: per browser session, per address and per recipient, per hour.
DEFAULT_LINK_EMAIL_LIMITS = {
    "session": (5, 60 * 60),
    "address": (30, 60 * 60),
    "recipient": (5, 60 * 60),
}


def _within(scope: str, value_hash: str, setting: str, default: tuple[int, int]) -> bool:
    limit, period = getattr(settings, setting, default)
    return within_rate_limit(
        f"consultations:{scope}:{value_hash}", limit=limit, period_seconds=period
    )


def group_session_lifts_limits(group_session: GroupSession | None, now=None) -> bool:
    """A running group session that has not yet had HEADROOM times its expected head count
    of responses."""
    if group_session is None or not group_session.is_running(now):
        return False
    return group_session.responses.count() < group_session.capacity


def sending_refusal(
    *, address: str, session_key: str | None, group_session: GroupSession | None = None
) -> str | None:
    """Count one attempt to send answers. None when it may go ahead; otherwise why not:
    "session_limited" (this browser sent many) or "rate_limited" (a flood from the address).

    Browsers in a running group session are not counted: the session's own capacity bounds
    them, so a class or youth club on one connection (even sharing one tablet) gets through.
    """
    if group_session_lifts_limits(group_session):
        return None
    if not _within(
        "session",
        keyed_hash(session_key or "none"),
        "CONSULTATION_SESSION_LIMIT",
        DEFAULT_SESSION_LIMIT,
    ):
        return "session_limited"
    if not _within(
        "address",
        hashed_client_address(address),
        "CONSULTATION_ADDRESS_CEILING",
        DEFAULT_ADDRESS_CEILING,
    ):
        return "rate_limited"
    return None


def may_send_continue_later_email(*, address: str, session_key: str | None, email: str) -> bool:
    """Count one continue-later email; False when this browser, address or inbox has had
    too many lately (nobody can use the form to flood a stranger's inbox)."""
    limits = getattr(settings, "CONSULTATION_LINK_EMAIL_LIMITS", DEFAULT_LINK_EMAIL_LIMITS)
    checks = (
        ("link-session", keyed_hash(session_key or "none"), limits["session"]),
        ("link-address", hashed_client_address(address), limits["address"]),
        ("link-recipient", keyed_hash(email.strip().lower()), limits["recipient"]),
    )
    return all(
        within_rate_limit(f"consultations:{scope}:{value}", limit=limit, period_seconds=period)
        for scope, value, (limit, period) in checks
    )


# --- group sessions --------------------------------------------------------------------------


def find_group_session(consultation: ConsultationPage, code: str) -> GroupSession | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    return GroupSession.objects.filter(consultation=consultation, code=code).first()


def admit_to_group_session(group_session: GroupSession, now=None) -> str:
    """Let one more browser into the session. Returns "admitted", "not_started", "ended" or
    "full" (HEADROOM times the expected head count already let in). The count is raised in
    the database, so concurrent openings never let in more than the capacity."""
    now = now or timezone.now()
    if now < group_session.starts_at:
        return "not_started"
    if now >= group_session.ends_at:
        return "ended"
    admitted = GroupSession.objects.filter(
        pk=group_session.pk, admitted__lt=F("expected_people") * HEADROOM
    ).update(admitted=F("admitted") + 1)
    return "admitted" if admitted else "full"


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
