"""The figures behind the synthesis dashboard, as "cells": counts keyed by
(measure, key, option). The same cells come from three places, which must always agree:

- `live_tally(responses)`: aggregate queries over any (filtered) set of responses;
- `stored_tally(consultation)`: the running totals in `SynthesisCount`, for the unfiltered
  dashboard, so it reads a few hundred rows instead of aggregating a million answers;
- `response_tally(response_ids)`: one or a few responses' share, computed from their rows,
  used to keep the running totals up to date.

Every write that changes what the dashboard counts goes through `keeping_counts(...)` (or
`record_new_response`), in the writer's own transaction, so the stored totals change with the
data they describe. `rebuild(...)` recomputes them from scratch with the live queries (after a
bulk load, or if something changed answers behind the services' back).

Measures: responses (total), day (ISO date in settings.TIME_ZONE), age (age band),
borough (id, "" for none), network (id), area (priority area id, on answers), tag (feedback
tag id, on answers), question (closed question id: how many answered it), option (closed
question id and the option chosen), free_text (non-empty free-text answers), coded (those
with a priority area or tag).
"""

import logging
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncDate

from consultations.blocks import (
    CLOSED_TYPES,
    MULTIPLE_CHOICE_TYPES,
    OWN_WORDS_TYPES,
    SINGLE_CHOICE_TYPES,
)
from consultations.models import (
    Answer,
    ConsultationPage,
    Response,
    SynthesisCount,
    TaggedAnswer,
)

from .queries import answer_is_coded

logger = logging.getLogger("vru.feedback.counts")

OPTION_LENGTH = SynthesisCount._meta.get_field("option").max_length
UPSERT_BATCH = 500


def local_zone() -> ZoneInfo:
    """Days are counted in the site's time zone, whoever is looking (the admin may have
    switched the request to the user's own)."""
    return ZoneInfo(settings.TIME_ZONE)


@dataclass
class Tally:
    """Counts keyed by (consultation id or None, measure, key, option), and each closed
    question's label, type and first position keyed by (consultation id or None, question
    id), merged as the database aggregates do (greatest label and type, least position)."""

    counts: Counter = field(default_factory=Counter)
    questions: dict = field(default_factory=dict)

    def add(self, consultation_id, measure: str, key="", option="", count: int = 1) -> None:
        self.counts[(consultation_id, measure, str(key), str(option)[:OPTION_LENGTH])] += count

    def describe(self, consultation_id, question_id, label, kind, position) -> None:
        known = self.questions.get((consultation_id, question_id))
        if known:
            label, kind, position = (
                max(known[0], label),
                max(known[1], kind),
                min(known[2], position),
            )
        self.questions[(consultation_id, question_id)] = (label, kind, position)

    def without_zeros(self) -> "Tally":
        """The stored totals never hold a zero row; compare and store tallies the same way."""
        self.counts = Counter({cell: n for cell, n in self.counts.items() if n})
        return self

    def minus(self, other: "Tally") -> "Tally":
        difference = Tally(questions={**other.questions, **self.questions})
        for cell in self.counts.keys() | other.counts.keys():
            change = self.counts[cell] - other.counts[cell]
            if change:
                difference.counts[cell] = change
        return difference


# --- aggregated in the database ---------------------------------------------------------------


def _choice_counts_postgresql(answers) -> list[tuple[str, str, int]]:
    sql, params = answers.values("question_id", "value_choices").query.sql_with_params()
    query = (
        "SELECT a.question_id, choice, COUNT(*) FROM (" + sql + ") AS a "  # noqa: S608
        "CROSS JOIN LATERAL jsonb_array_elements_text(a.value_choices) AS choice "
        "GROUP BY a.question_id, choice"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


def _choice_counts_python(answers) -> list[tuple[str, str, int]]:
    # SQLite (development only) has no JSON array unnesting that Django can express.
    counts: Counter = Counter()
    for question_id, choices in answers.values_list("question_id", "value_choices").iterator(
        chunk_size=2000
    ):
        for choice in choices or []:
            counts[(question_id, str(choice))] += 1
    return [(question_id, choice, count) for (question_id, choice), count in counts.items()]


def live_tally(responses, consultation_id=None) -> Tally:
    """Every cell for a set of (already filtered) responses, aggregated by the database. The
    tally's consultation is `consultation_id` (None when the responses span several)."""
    tally = Tally()
    responses = responses.order_by()
    response_ids = responses.values("pk")
    cid = consultation_id

    def grouped(queryset, by, *, measure):
        for key, count in queryset.values_list(by).annotate(n=Count("pk")).values_list(by, "n"):
            tally.add(cid, measure, "" if key is None else key, count=count)

    tally.add(cid, "responses", count=responses.count())
    days = responses.annotate(day=TruncDate("submitted_at", tzinfo=local_zone()))
    for day, count in days.values_list("day").annotate(n=Count("pk")).values_list("day", "n"):
        tally.add(cid, "day", day.isoformat(), count=count)
    grouped(responses, "age_band", measure="age")
    grouped(responses, "borough_id", measure="borough")
    grouped(
        Response.networks.through.objects.filter(response__in=response_ids),
        "network_id",
        measure="network",
    )
    answers = Answer.objects.filter(response__in=response_ids).order_by()
    # Join the (small) coding tables to answers, rather than testing each of a million answers.
    grouped(
        Answer.priority_areas.through.objects.filter(answer__response__in=response_ids),
        "priorityarea_id",
        measure="area",
    )
    grouped(
        TaggedAnswer.objects.filter(content_object__response__in=response_ids),
        "tag_id",
        measure="tag",
    )
    free_text = (
        answers.filter(question_type__in=OWN_WORDS_TYPES)
        .exclude(value_text="")
        .aggregate(total=Count("pk"), coded=Count("pk", filter=answer_is_coded()))
    )
    tally.add(cid, "free_text", count=free_text["total"])
    tally.add(cid, "coded", count=free_text["coded"])

    closed = answers.filter(question_type__in=CLOSED_TYPES)
    for row in closed.values("question_id").annotate(
        label=Max("question_label"),
        kind=Max("question_type"),
        position=Min("position"),
        answered=Count("pk"),
    ):
        tally.add(cid, "question", row["question_id"], count=row["answered"])
        tally.describe(cid, row["question_id"], row["label"], row["kind"], row["position"])
    single = (
        closed.filter(question_type__in=SINGLE_CHOICE_TYPES)
        .exclude(value_text="")
        .values_list("question_id", "value_text")
        .annotate(n=Count("pk"))
        .values_list("question_id", "value_text", "n")
    )
    multiple = closed.filter(question_type__in=MULTIPLE_CHOICE_TYPES)
    if connection.vendor == "postgresql":
        multiple_counts = _choice_counts_postgresql(multiple)
    else:
        multiple_counts = _choice_counts_python(multiple)
    for question_id, option, count in [*single, *multiple_counts]:
        tally.add(cid, "option", question_id, option, count=count)
    return tally


def stored_tally(consultation=None) -> Tally:
    """The running totals for one consultation, or summed over all of them (in the database)."""
    rows = SynthesisCount.objects.all()
    if consultation is not None:
        rows = rows.filter(consultation=consultation)
    tally = Tally()
    cid = getattr(consultation, "pk", None)
    for row in (
        rows.values("measure", "key", "option")
        .annotate(
            total=Sum("count"),
            label=Max("question_label"),
            kind=Max("question_type"),
            position=Min("position"),
        )
        .filter(total__gt=0)
        .order_by()
    ):
        tally.add(cid, row["measure"], row["key"], row["option"], count=row["total"])
        if row["measure"] == "question":
            tally.describe(cid, row["key"], row["label"], row["kind"], row["position"])
    return tally


# --- one or a few responses' share, from their rows ----------------------------------------------


def counted_responses():
    """What the dashboard counts: responses that are neither hidden nor withdrawn."""
    return Response.objects.counted()


def _tally_rows(responses, networks, answers, coded_answers, areas, tags) -> Tally:
    """The cells of some responses from their rows; mirrors `live_tally` exactly."""
    tally = Tally()
    consultation_of = {}
    for pk, consultation_id, submitted_at, age_band, borough_id in responses:
        consultation_of[pk] = consultation_id
        day = submitted_at.astimezone(local_zone()).date().isoformat()
        tally.add(consultation_id, "responses")
        tally.add(consultation_id, "day", day)
        tally.add(consultation_id, "age", age_band)
        tally.add(consultation_id, "borough", "" if borough_id is None else borough_id)
    for response_id, network_id in networks:
        tally.add(consultation_of[response_id], "network", network_id)
    response_of = {}
    for pk, response_id, question_id, label, kind, position, text, choices in answers:
        cid = consultation_of[response_id]
        response_of[pk] = response_id
        if kind in OWN_WORDS_TYPES and text != "":
            tally.add(cid, "free_text")
            if pk in coded_answers:
                tally.add(cid, "coded")
        if kind in CLOSED_TYPES:
            tally.add(cid, "question", question_id)
            tally.describe(cid, question_id, label, kind, position)
        if kind in SINGLE_CHOICE_TYPES and text != "":
            tally.add(cid, "option", question_id, text)
        elif kind in MULTIPLE_CHOICE_TYPES:
            for choice in choices or []:
                tally.add(cid, "option", question_id, str(choice))
    for answer_id, area_id in areas:
        tally.add(consultation_of[response_of[answer_id]], "area", area_id)
    for answer_id, tag_id in tags:
        tally.add(consultation_of[response_of[answer_id]], "tag", tag_id)
    return tally


ANSWER_FIELDS = (
    "pk",
    "response_id",
    "question_id",
    "question_label",
    "question_type",
    "position",
    "value_text",
    "value_choices",
)


def response_tally(response_ids: Iterable[int], *, coded: bool = True) -> Tally:
    """The share of these responses in the counts (nothing for hidden or withdrawn ones).
    `coded=False` skips reading priority areas and tags: a response just submitted has none."""
    responses = list(
        counted_responses()
        .filter(pk__in=list(response_ids))
        .order_by()
        .values_list("pk", "consultation_id", "submitted_at", "age_band", "borough_id")
    )
    ids = [row[0] for row in responses]
    if not ids:
        return Tally()
    networks = Response.networks.through.objects.filter(response_id__in=ids).values_list(
        "response_id", "network_id"
    )
    answers = Answer.objects.filter(response_id__in=ids).order_by().values_list(*ANSWER_FIELDS)
    areas, tags = [], []
    if coded:
        areas = list(
            Answer.priority_areas.through.objects.filter(answer__response_id__in=ids).values_list(
                "answer_id", "priorityarea_id"
            )
        )
        tags = list(
            TaggedAnswer.objects.filter(content_object__response_id__in=ids).values_list(
                "content_object_id", "tag_id"
            )
        )
    coded_answers = {answer_id for answer_id, _ in areas} | {answer_id for answer_id, _ in tags}
    return _tally_rows(responses, networks, answers, coded_answers, areas, tags)


def _tag_tally(tag_ids: Iterable[int]) -> Tally:
    """How often each of these tags is on counted answers, per consultation."""
    tally = Tally()
    rows = (
        TaggedAnswer.objects.filter(
            tag_id__in=list(tag_ids),
            content_object__response__in=counted_responses().values("pk"),
        )
        .values_list("content_object__response__consultation_id", "tag_id")
        .annotate(n=Count("pk"))
        .values_list("content_object__response__consultation_id", "tag_id", "n")
    )
    for consultation_id, tag_id, count in rows:
        tally.add(consultation_id, "tag", tag_id, count=count)
    return tally


# --- keeping the running totals -----------------------------------------------------------


def _upsert(tally: Tally) -> None:
    """Add the tally to the stored totals in one statement per batch. Rows go in a fixed order
    so concurrent writers lock them in the same order and cannot deadlock."""
    rows = []
    for (cid, measure, key, option), count in sorted(tally.counts.items()):
        if not count:
            continue
        label, kind, position = tally.questions.get((cid, key), ("", "", 0))
        if measure != "question":
            label, kind, position = "", "", 0
        rows.append((cid, measure, key, option, count, label[:250], kind, position))
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(SynthesisCount._meta.db_table)
    columns = [
        "consultation_id",
        "measure",
        "key",
        "option",
        "count",
        "question_label",
        "question_type",
        "position",
    ]
    column = {name: quote(name) for name in columns}

    def keep(name, comparison):
        # The least position and greatest label and type, as the live aggregates read them.
        return (
            f"{column[name]} = CASE WHEN excluded.{column[name]} {comparison} "
            f"{table}.{column[name]} THEN excluded.{column[name]} ELSE {table}.{column[name]} END"
        )

    for start in range(0, len(rows), UPSERT_BATCH):
        batch = rows[start : start + UPSERT_BATCH]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
        sql = (
            f"INSERT INTO {table} ({', '.join(column[name] for name in columns)}) "  # noqa: S608
            f"VALUES {placeholders} "
            f"ON CONFLICT ({', '.join(column[name] for name in columns[:4])}) DO UPDATE SET "
            f"{column['count']} = {table}.{column['count']} + excluded.{column['count']}, "
            f"{keep('question_label', '>')}, {keep('question_type', '>')}, "
            f"{keep('position', '<')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in batch for value in row])


def record_new_response(response: Response, answers=None, network_ids=None) -> None:
    """Count a response just submitted (call inside the submitting transaction, last). Given
    the `Answer` objects just created and the network ids just set, nothing is read back."""
    if answers is None or network_ids is None:
        _upsert(response_tally([response.pk], coded=False))
        return
    if response.moderation_status == Response.ModerationStatus.HIDDEN or response.is_withdrawn:
        return
    row = (
        response.pk,
        response.consultation_id,
        response.submitted_at,
        response.age_band,
        response.borough_id,
    )
    answer_rows = [tuple(getattr(answer, name) for name in ANSWER_FIELDS) for answer in answers]
    networks = [(response.pk, network_id) for network_id in network_ids]
    _upsert(_tally_rows([row], networks, answer_rows, set(), [], []))


@contextmanager
def keeping_counts(response_ids: Iterable[int]):
    """Wrap a change to some responses (moderation, withdrawal, deletion, coding their
    answers): their share of the totals is taken before and after, and the difference is
    stored, in the caller's transaction. The responses are locked first so two changes to the
    same response cannot both start from the same "before"."""
    response_ids = sorted(set(response_ids))
    with transaction.atomic():
        list(Response.objects.select_for_update().filter(pk__in=response_ids).values_list("pk"))
        before = response_tally(response_ids)
        yield
        _upsert(response_tally(response_ids).minus(before))


@contextmanager
def keeping_tag_counts(tag_ids: Iterable[int]):
    """Wrap a change to whole tags (merging): their counts are taken before and after."""
    tag_ids = sorted(set(tag_ids))
    with transaction.atomic():
        before = _tag_tally(tag_ids)
        yield
        _upsert(_tag_tally(tag_ids).minus(before))


def rebuild(consultation_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored totals with the live aggregates: after a bulk load, or if answers
    changed without going through the services. Writers wait while it runs. Returns how many
    rows it stored."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(SynthesisCount._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        pages = ConsultationPage.objects.order_by("pk")
        if consultation_ids is not None:
            pages = pages.filter(pk__in=list(consultation_ids))
        ids = list(pages.values_list("pk", flat=True))
        SynthesisCount.objects.filter(consultation_id__in=ids).delete()
        stored = 0
        for consultation_id in ids:
            tally = live_tally(
                counted_responses().filter(consultation_id=consultation_id), consultation_id
            ).without_zeros()
            _upsert(tally)
            stored += len(tally.counts)
    return stored


def matches_stored(consultation=None) -> bool:
    """Whether the stored totals agree with the live aggregates (for checks and tests)."""
    responses = counted_responses()
    if consultation is not None:
        responses = responses.filter(consultation=consultation)
    cid = getattr(consultation, "pk", None)
    live = live_tally(responses, cid).without_zeros()
    stored = stored_tally(consultation)
    return live.counts == stored.counts and live.questions == stored.questions


def reconcile() -> list[int]:
    """Recount every consultation whose stored totals disagree with its answers, which only
    happens when something changes them outside the services (a priority area deleted in the
    admin, a bulk import). Each comparison reads one snapshot, so responses arriving meanwhile
    do not look like a disagreement. Returns the consultations recounted."""
    drifted = []
    for page in ConsultationPage.objects.order_by("pk").only("pk"):
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            agrees = matches_stored(page)
        if not agrees:
            drifted.append(page.pk)
    if drifted:
        logger.warning("Synthesis counts disagreed for consultations %s: recounting", drifted)
        rebuild(drifted)
    return drifted
