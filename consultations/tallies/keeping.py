"""Keeping the running totals (SynthesisCount) equal to what the live aggregates would count.

Every write that changes what the dashboard counts goes through `keeping_counts(...)` (or
`record_new_response`), in the writer's own transaction, so the stored totals change with the
data they describe. `rebuild(...)` recomputes them from scratch with the live queries (after a
bulk load, or if something changed answers behind the services' back)."""

import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, transaction

from consultations.models import ConsultationPage, Response, SynthesisCount

from .cells import QUESTION_DESCRIPTION, Tally
from .live import live_tally, stored_tally
from .measures import ANSWER_MEASURES, counted_responses
from .share import new_response_tally, response_tally, tag_tally

logger = logging.getLogger("vru.feedback.counts")

UPSERT_BATCH = 500
DESCRIBED = {measure.name for measure in ANSWER_MEASURES if measure.describes}


def _upsert(tally: Tally) -> None:
    """Add the tally to the stored totals in one statement per batch. Rows go in a fixed order
    so concurrent writers lock them in the same order and cannot deadlock."""
    rows = []
    for (cid, measure, key, option), count in sorted(tally.counts.items()):
        if not count:
            continue
        label, kind, position = tally.questions.get((cid, key), ("", "", 0))
        if measure not in DESCRIBED:
            label, kind, position = "", "", 0
        rows.append((cid, measure, key, option, count, label[:250], kind, position))
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(SynthesisCount._meta.db_table)
    cell_columns = ["consultation_id", "measure", "key", "option"]
    described = [kept.column for kept in QUESTION_DESCRIPTION]
    columns = [*cell_columns, "count", *described]
    column = {name: quote(name) for name in columns}

    def keep(kept):
        # The same rule as the live aggregates and Tally.describe (QUESTION_DESCRIPTION).
        name = column[kept.column]
        new, old = f"excluded.{name}", f"{table}.{name}"
        return f"{name} = CASE WHEN {new} {kept.wins_when} {old} THEN {new} ELSE {old} END"

    kept_sql = ", ".join(keep(kept) for kept in QUESTION_DESCRIPTION)
    for start in range(0, len(rows), UPSERT_BATCH):
        batch = rows[start : start + UPSERT_BATCH]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
        sql = (
            f"INSERT INTO {table} ({', '.join(column[name] for name in columns)}) "  # noqa: S608
            f"VALUES {placeholders} "
            f"ON CONFLICT ({', '.join(column[name] for name in cell_columns)}) DO UPDATE SET "
            f"{column['count']} = {table}.{column['count']} + excluded.{column['count']}, "
            f"{kept_sql}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in batch for value in row])


def record_new_response(
    response: Response, answers=None, network_ids=None, seen_question_ids=None
) -> None:
    """Count a response just submitted (call inside the submitting transaction, last). Given
    the `Answer` objects just created, the network ids just set and the ids of the questions
    just recorded as seen, nothing is read back."""
    if answers is None or network_ids is None or seen_question_ids is None:
        _upsert(response_tally([response.pk], coded=False))
    else:
        _upsert(new_response_tally(response, answers, network_ids, seen_question_ids))


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
        before = tag_tally(tag_ids)
        yield
        _upsert(tag_tally(tag_ids).minus(before))


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
