"""Suggested priority areas in the feedback workspace: showing them next to own-words
answers, accepting them as the answer's coding, counting answers that only have suggestions,
and the coded answers each consultation's model learns from.

The suggestions themselves are made by `assisted_coding` (in the task worker) for the vectors
the safeguarding stage stores per response and question label; a suggestion is never coding
until a person accepts it here, and nothing counts it before then.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, Left

from assisted_coding import reading
from consultations.models import Answer, ConsultationPage, Response
from consultations.tallies import answer_is_coded
from language.encoder import model_version
from language.models import TextVector
from language.services import KEY_LENGTH, text_sha256

from .queries import active_filters, free_text_answers
from .services import set_answer_coding

BACKFILL_BATCH = 100


class NothingToAccept(ValueError):
    """The answer has no suggested areas (none made yet, or the model made none)."""


def attach(answers) -> None:
    """Set `answer.suggestion` (an `assisted_coding.reading.Shown`) on each own-words answer
    with text, in one query."""
    own_words = [answer for answer in answers if answer.holds_own_words and answer.value_text]
    shown = reading.shown_for(
        Response,
        [(answer.response_id, answer.question_label, answer.value_text) for answer in own_words],
    )
    for answer in own_words:
        answer.suggestion = shown[(str(answer.response_id), answer.question_label[:KEY_LENGTH])]


def accept(answer: Answer, user) -> reading.Shown:
    """Code the answer with its suggested areas (keeping its tags), through the same service
    as coding by hand, and record that the coding came from an accepted suggestion."""
    with transaction.atomic():
        answer = Answer.objects.select_for_update().select_related("response").get(pk=answer.pk)
        attach([answer])
        shown = getattr(answer, "suggestion", None)
        if shown is None or not shown.can_accept:
            raise NothingToAccept("There are no suggested priority areas to accept.")
        set_answer_coding(
            answer,
            [suggested.area for suggested in shown.areas],
            answer.tags.names(),
            user,
            accepted_suggestion=shown.suggestion,
        )
    return shown


@dataclass(frozen=True)
class SuggestionProgress:
    """Own-words answers: coded by people, only suggested (not yet accepted), neither."""

    free_text: int
    coded: int
    suggested_only: int

    @property
    def neither(self) -> int:
        return max(self.free_text - self.coded - self.suggested_only, 0)


def suggestion_progress(responses, synthesis) -> SuggestionProgress:
    """For the dashboard: its own counts of own-words answers and coded ones (`synthesis`,
    the one definition in consultations.tallies), plus how many of the uncoded ones have
    suggested areas, over the same `responses`."""
    suggested = reading.with_suggested_areas(Response)
    uncoded = (
        free_text_answers()
        .filter(response__in=responses.values("pk"))
        .filter(~answer_is_coded())
        .values_list("response_id", "question_label")
    )
    suggested_only = sum(
        (str(response_id), label[:KEY_LENGTH]) in suggested
        for response_id, label in uncoded.iterator()
    )
    return SuggestionProgress(synthesis.free_text, synthesis.coded, suggested_only)


def suggestion_progress_of(filterset, responses, synthesis) -> SuggestionProgress:
    """The dashboard's progress over what it shows: `responses` narrowed by `filterset`
    (no responses when the filters are invalid), as the synthesis was counted."""
    if filterset.is_bound and not filterset.is_valid():
        return SuggestionProgress(synthesis.free_text, synthesis.coded, 0)
    if active_filters(filterset):
        responses = filterset.qs
    return suggestion_progress(responses, synthesis)


def coded_examples():
    """For `assisted_coding.tasks.register_coded_examples`: per consultation, the own-words
    answers people gave at least one priority area (by hand or by accepting a suggestion), as
    (stored vector, or text when none is stored, set of area slugs)."""
    coded = (
        free_text_answers()
        .filter(response__in=Response.objects.counted().values("pk"), priority_areas__isnull=False)
        .distinct()
    )
    consultation_ids = coded.values_list("response__consultation_id", flat=True).distinct()
    for consultation in ConsultationPage.objects.filter(pk__in=consultation_ids).order_by("pk"):
        answers = list(
            coded.filter(response__consultation=consultation)
            .order_by("pk")
            .prefetch_related("priority_areas")
        )
        vectors = _vectors_by_answer(answers)
        yield (
            consultation,
            [
                (
                    vectors.get(answer.pk, answer.value_text),
                    {area.slug for area in answer.priority_areas.all()},
                )
                for answer in answers
            ],
        )


def _vectors_by_answer(answers) -> dict:
    """{answer pk: stored vector of its current words}, so retraining encodes nothing new."""
    rows = TextVector.objects.filter(
        content_type=ContentType.objects.get_for_model(Response),
        object_id__in={str(answer.response_id) for answer in answers},
        model_version=model_version(),
    )
    stored = {(row.object_id, row.key): row for row in rows}
    vectors = {}
    for answer in answers:
        row = stored.get((str(answer.response_id), answer.question_label[:KEY_LENGTH]))
        if row is not None and row.text_sha256 == text_sha256(answer.value_text):
            vectors[answer.pk] = row.as_array()
    return vectors


def _without_vector():
    """Own-words answers of counted responses whose current words have no stored vector of
    the current model (so the sweep cannot see them)."""
    stored = TextVector.objects.filter(
        content_type=ContentType.objects.get_for_model(Response),
        object_id=Cast(OuterRef("response_id"), output_field=CharField()),
        key=Left(OuterRef("question_label"), KEY_LENGTH),
        model_version=model_version(),
    )
    return (
        free_text_answers()
        .filter(response__in=Response.objects.counted().values("pk"))
        .exclude(Exists(stored))
    )


def backfill(after: int = 0, batch: int = BACKFILL_BATCH) -> tuple[int, int]:
    """Suggest areas for the answers of up to `batch` responses (after response id `after`)
    whose own words have no vector yet, with each consultation's model. Loads the language
    model: the worker or a command only. Returns (answers suggested, last response id, or 0
    when none was left). Resumable: answers done have vectors and are not picked again."""
    from assisted_coding.services import suggest_for

    response_ids = list(
        _without_vector()
        .filter(response_id__gt=after)
        .order_by("response_id")
        .values_list("response_id", flat=True)
        .distinct()[:batch]
    )
    pending = _without_vector().filter(response_id__in=response_ids).order_by("position")
    texts: dict[int, dict[str, str]] = {}
    for answer in pending.only("response_id", "question_label", "value_text"):
        texts.setdefault(answer.response_id, {})[answer.question_label] = answer.value_text
    done = 0
    for response in Response.objects.filter(pk__in=response_ids).select_related("consultation"):
        done += len(suggest_for(response, texts.get(response.pk, {}), scope=response.consultation))
    return done, (response_ids[-1] if response_ids else 0)
