"""Submitting exactly once, withdrawing, and removing personal data from what people wrote."""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from consultations.blocks import OWN_WORDS_TYPES
from consultations.models import (
    Answer,
    ConsultationPage,
    ConsultationStatus,
    EntrySource,
    GroupSession,
    Response,
    SeenQuestion,
)
from consultations.tallies import keeping_counts, record_new_response
from home.models import Borough, Network
from language.redaction import redact
from language.services import forget as forget_vectors
from safeguarding.services import screen_and_flag

from .drafts import end_continue_later_links, use_up_saved_answers
from .publishing import PublicationChoice, record_consent

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U/V look-alikes
REFERENCE_LENGTH = 8


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


STAFF_ENTRY_LOG_ACTION = "consultations.response.staff_entry"


@dataclass(frozen=True)
class StaffEntry:
    """A response typed in by staff from a paper form or a workshop (decision 0032)."""

    entered_by: object  # the staff member's user
    source: str = EntrySource.PAPER
    note: str = ""


def may_take_staff_entry(consultation: ConsultationPage, now=None) -> bool:
    """Staff may type in answers from the day a consultation opens, and for ever after it
    closes: paper forms collected before the close arrive later."""
    return consultation.status(now) != ConsultationStatus.UPCOMING


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _free_text(item: AnsweredQuestion) -> str:
    """What the person wrote in their own words: a text answer or 'other, please say'."""
    return item.question.block.own_words(item.value, item.other_text)


def _told_about_you(answers: list[AnsweredQuestion]) -> dict:
    """What the answers say about the respondent (each question block says what it tells):
    an age band, a borough's name, networks' names."""
    told: dict = {}
    for item in answers:
        told.update(item.question.block.about_you(item.value))
    return told


def _about_you(answers: list[AnsweredQuestion]) -> dict:
    """The response's own fields: its age band and borough."""
    told = _told_about_you(answers)
    fields = {"age_band": told["age_band"]} if "age_band" in told else {}
    if "borough_name" in told:
        fields["borough"] = Borough.objects.filter(name=told["borough_name"]).first()
    return fields


def told_age_band(answers: list[AnsweredQuestion]) -> str:
    """The age band these answers give ("" when none)."""
    return _told_about_you(answers).get("age_band") or ""


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


def seen_questions(response: Response, answers: list[AnsweredQuestion]) -> list[SeenQuestion]:
    """The questions on the route the response took (every one in `answers`, answered or
    not), to be stored with it (unsaved)."""
    ids = dict.fromkeys(item.question.id for item in answers)
    return [SeenQuestion(response=response, question_id=question_id) for question_id in ids]


def submit_response(
    consultation: ConsultationPage,
    *,
    answers: list[AnsweredQuestion],
    submission_token: str,
    user=None,
    contact_email: str = "",
    draft_key: str = "",
    group_session: GroupSession | None = None,
    staff_entry: StaffEntry | None = None,
    publication: PublicationChoice | None = None,
    now=None,
) -> tuple[Response, bool]:
    """Store a response and its answers in one transaction, exactly once per token.

    Returns (response, created). A token already used returns the response it made, so a
    double click, refresh or retried request lands on the same confirmation. `draft_key`
    names the unfinished answers this browser carries: if they were already sent through
    one of their continue-later links, or from another device signed in to the same
    account, this raises AlreadySent; otherwise every such link ends here and the saved
    answers are used up. A response sent during a running `group_session` is marked with it.
    `answers` holds every question on the route the person took (unanswered ones too) and
    nothing else: they are recorded as the questions this person saw.

    A `staff_entry` is a paper or workshop response typed in by staff: it is taken after the
    consultation closes too (`may_take_staff_entry`), never belongs to the staff member's
    account (`user` is ignored), and is written to the audit log. `publication` is what the
    respondent said about publishing their answers (decision 0036).
    """
    now = now or timezone.now()
    existing = Response.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if staff_entry is not None:
        if not may_take_staff_entry(consultation, now):
            raise ConsultationNotOpen
        user, draft_key = None, ""
        entry = {
            "entry_source": staff_entry.source,
            "entry_note": staff_entry.note[:200],
            "entered_by": staff_entry.entered_by,
            "entered_at": now,
        }
    elif consultation.status(now) != "open":
        raise ConsultationNotOpen
    else:
        entry = {}
    about_you = _about_you(answers)
    networks = _networks(answers)
    user = user if getattr(user, "is_authenticated", False) else None
    if group_session is not None and not group_session.is_running(now):
        group_session = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                end_continue_later_links(consultation, draft_key=draft_key, user=user, now=now)
                use_up_saved_answers(consultation, draft_key=draft_key, user=user)
                response = Response.objects.create(
                    consultation=consultation,
                    reference=new_reference(),
                    submission_token=submission_token,
                    submitted_at=now,
                    user=user,
                    contact_email=contact_email,
                    group_session=group_session,
                    **entry,
                    **about_you,
                )
                if networks:
                    response.networks.set(networks)
                created = Answer.objects.bulk_create(build_answers(response, answers))
                seen = SeenQuestion.objects.bulk_create(seen_questions(response, answers))
                if publication is not None:
                    record_consent(response, publication, now)
                # Inside this transaction, so a flagged response and its alert commit together.
                # Screening never blocks or changes the submission.
                screen_and_flag(
                    response,
                    {item.question.label: _free_text(item) for item in answers},
                    source_label=f"Consultation response {response.reference}",
                )
                # Last, so the dashboard's running totals are locked for the shortest time.
                record_new_response(
                    response,
                    created,
                    network_ids=[network.pk for network in networks],
                    seen_question_ids=[row.question_id for row in seen],
                )
                if staff_entry is not None:
                    log(
                        response,
                        STAFF_ENTRY_LOG_ACTION,
                        user=staff_entry.entered_by,
                        data={"source": staff_entry.source, "note": entry["entry_note"]},
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
    """Redact personal data (language.redaction) in the free text of these answers, in batches.
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
            # What was derived from the words (vectors, and through them suggestions and
            # themes) goes with the withdrawal; the words stay for the respondent's record.
            forget_vectors(Response, [response.pk])
    return response
