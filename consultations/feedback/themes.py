"""Themes in free-text answers, for the feedback workspace: which answers a "Find themes"
request covers (a question, a consultation, or the listing's filters), how the themes engine
reads them (a theme source, registered in ConsultationsConfig.ready()), and turning kept
themes into feedback tags on their answers (in the task worker, audited, counts kept)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.log_actions import log

from assisted_coding.themes import runs
from assisted_coding.themes.sources import ThemeItem, ThemeSource, register_theme_source
from consultations.models import Answer, FeedbackTag, Response, TaggedAnswer
from consultations.tallies import keeping_counts
from language.services import KEY_LENGTH

from .queries import active_filters, free_text_answers
from .services import TAG_ANSWER

SOURCE = "consultations.answer"
TAG_BATCH = 500
# Above this many answers a run would outlast a patient analyst; narrowing the filters helps.
MAX_ANSWERS = 50_000


def answers_for(filterset, *, question_id: str = ""):
    """Free-text answers of the responses the listing's filters select (withdrawn ones never),
    optionally only those to one question."""
    responses = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    answers = free_text_answers().filter(
        response__in=responses.order_by().values("pk"),
        response__is_withdrawn=False,
    )
    if question_id:
        answers = answers.filter(question_id=question_id)
    return answers


def describe(filterset, *, question_id: str = "", answers=None) -> str:
    """What the analyst asked to group, in words, for the run's title."""
    filters = active_filters(filterset)
    consultation = filters.pop("consultation", "")
    parts = []
    if question_id and answers is not None:
        label = answers.values_list("question_label", flat=True).first() or question_id
        parts.append(f"Answers to “{label}”")
    else:
        parts.append("All answers")
    if consultation:
        parts.append(f"in {consultation}")
    if filters:
        parts.append("where " + "; ".join(f"{name}: {value}" for name, value in filters.items()))
    return " ".join(parts)


def request_themes(filterset, *, question_id: str, user):
    answers = answers_for(filterset, question_id=question_id)
    total = answers.count()
    if total > MAX_ANSWERS:
        raise runs.ThemeError(
            f"That is {total:,} answers. Narrow the filters to {MAX_ANSWERS:,} or fewer."
        )
    cleaned = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    scope = cleaned.get("consultation")
    return runs.request_run(
        SOURCE,
        answers.values_list("pk", flat=True),
        description=describe(filterset, question_id=question_id, answers=answers),
        user=user,
        scope=scope,
        filters={**active_filters(filterset), **({"question": question_id} if question_id else {})},
    )


def theme_items(answer_ids: list[int]):
    """The answers still there and not withdrawn, named as their vectors are: the response
    and the question label (what the safeguarding stage stores)."""
    response_type = ContentType.objects.get_for_model(Response).pk
    answers = (
        free_text_answers()
        .filter(pk__in=answer_ids, response__is_withdrawn=False)
        .values_list("pk", "response_id", "question_label", "value_text")
    )
    for pk, response_id, label, text in answers.iterator(chunk_size=2000):
        yield ThemeItem(pk, (response_type, str(response_id)), label[:KEY_LENGTH], text)


def _tag_named(name: str) -> FeedbackTag:
    return FeedbackTag.objects.filter(name__iexact=name).first() or FeedbackTag.objects.create(
        name=name
    )


def themes_to_tags(run, user, progress) -> dict:
    """Each kept theme becomes a feedback tag (one of that name is reused) added to every
    answer in it that does not have it yet, logged on each response like coding an answer,
    with the dashboard's running totals kept in the same transactions."""
    themes = list(runs.kept_themes(run))
    tagged = 0
    for done, theme in enumerate(themes):
        tag = _tag_named(theme.label)
        answer_ids = [int(pk) for pk in theme.members.values_list("object_id", flat=True)]
        answers = list(
            Answer.objects.filter(pk__in=answer_ids, response__is_withdrawn=False)
            .exclude(tagged_items__tag=tag)
            .values_list("pk", "response_id", "question_label")
            .order_by("response_id", "pk")
        )
        for start in range(0, len(answers), TAG_BATCH):
            batch = answers[start : start + TAG_BATCH]
            response_ids = sorted({response_id for _, response_id, _ in batch})
            with transaction.atomic(), keeping_counts(response_ids):
                TaggedAnswer.objects.bulk_create(
                    TaggedAnswer(tag=tag, content_object_id=pk) for pk, _, _ in batch
                )
                responses = Response.objects.in_bulk(response_ids)
                for _, response_id, label in batch:
                    log(
                        instance=responses[response_id],
                        action=TAG_ANSWER,
                        user=user,
                        data={"question": label, "added_tag": tag.name, "theme_run": run.pk},
                    )
            tagged += len(batch)
        theme.tag_id = tag.pk
        theme.save(update_fields=["tag_id"])
        progress(100 * (done + 1) // len(themes), f"Tagged “{theme.label}”")
    return {"tagged_answers": tagged, "tags": len(themes)}


def register_source() -> None:
    register_theme_source(
        ThemeSource(
            name=SOURCE, item_model=lambda: Answer, items=theme_items, to_tags=themes_to_tags
        )
    )
