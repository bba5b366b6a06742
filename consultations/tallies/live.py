"""Counting in the database: `live_tally` aggregates the measures (measures.py) over any
(filtered) set of responses; `stored_tally` reads the running totals kept in SynthesisCount."""

from collections import Counter

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from consultations.models import Answer, SynthesisCount

from .cells import Tally, description_aggregates, local_zone
from .measures import ANSWER_MEASURES, LINK_MEASURES, RESPONSE_MEASURES, answer_is_coded


def _lateral_counts(answers, select_and_join: str, group_by: str) -> list[tuple[str, str, int]]:
    """Count the elements of each answer's `value_choices` in PostgreSQL. An empty set of
    answers (an impossible filter, say) counts nothing: Django cannot write its SQL."""
    try:
        sql, params = answers.values("question_id", "value_choices").query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(select_and_join.replace("{answers}", sql) + group_by, params)
        return list(cursor.fetchall())


def _choice_counts_postgresql(answers) -> list[tuple[str, str, int]]:
    return _lateral_counts(
        answers,
        "SELECT a.question_id, choice, COUNT(*) FROM ({answers}) AS a "
        "CROSS JOIN LATERAL jsonb_array_elements_text(a.value_choices) AS choice ",
        "GROUP BY a.question_id, choice",
    )


def _ranked_counts_postgresql(answers) -> list[tuple[str, str, int]]:
    return _lateral_counts(
        answers,
        "SELECT a.question_id, ranked.n || '. ' || ranked.choice, COUNT(*) "
        "FROM ({answers}) AS a CROSS JOIN LATERAL "
        "jsonb_array_elements_text(a.value_choices) WITH ORDINALITY AS ranked(choice, n) ",
        "GROUP BY 1, 2",
    )


def _choice_counts_python(answers, *, ranked=False) -> list[tuple[str, str, int]]:
    # SQLite (development only) has no JSON array unnesting that Django can express.
    counts: Counter = Counter()
    for question_id, choices in answers.values_list("question_id", "value_choices").iterator(
        chunk_size=2000
    ):
        for rank, choice in enumerate(choices or [], 1):
            counts[(question_id, f"{rank}. {choice}" if ranked else str(choice))] += 1
    return [(question_id, choice, count) for (question_id, choice), count in counts.items()]


def _grouped(queryset, by) -> list[tuple]:
    return list(queryset.values_list(by).annotate(n=Count("pk")).values_list(by, "n"))


def _responses(tally: Tally, cid, responses) -> None:
    for measure in RESPONSE_MEASURES:
        if measure.field is None:
            tally.add(cid, measure.name, count=responses.count())
            continue
        rows = responses
        by = measure.field
        if measure.local_day:
            rows, by = responses.annotate(day=TruncDate(by, tzinfo=local_zone())), "day"
        for key, count in _grouped(rows, by):
            if measure.local_day:
                key = key.isoformat()
            tally.add(cid, measure.name, "" if key is None else key, count=count)


def _links(tally: Tally, cid, response_ids) -> None:
    # Join the (small) link tables to responses, rather than testing each of a million answers.
    for link in LINK_MEASURES:
        rows = link.model.objects.filter(**{f"{link.to_response}__in": response_ids})
        if link.option_field:
            grouped = (
                rows.values_list(link.key_field, link.option_field)
                .annotate(n=Count("pk"))
                .values_list(link.key_field, link.option_field, "n")
                .order_by()
            )
            for key, option, count in grouped:
                tally.add(cid, link.name, key, option, count=count)
            continue
        for key, count in _grouped(rows, link.key_field):
            tally.add(cid, link.name, key, count=count)


def _answers(tally: Tally, cid, answers) -> None:
    for measure in ANSWER_MEASURES:
        rows = answers.filter(question_type__in=measure.types)
        if measure.needs_text:
            rows = rows.exclude(value_text="")
        coded = {"coded": Count("pk", filter=answer_is_coded())} if measure.coded_as else {}
        if not measure.by_question:
            totals = rows.aggregate(total=Count("pk"), **coded)
            tally.add(cid, measure.name, count=totals["total"])
            if measure.coded_as:
                tally.add(cid, measure.coded_as, count=totals["coded"])
        elif measure.option is None:
            described = description_aggregates() if measure.describes else {}
            for row in rows.values("question_id").annotate(
                answered=Count("pk"), **coded, **described
            ):
                tally.add(cid, measure.name, row["question_id"], count=row["answered"])
                if measure.coded_as:
                    tally.add(cid, measure.coded_as, row["question_id"], count=row["coded"])
                if measure.describes:
                    tally.describe(
                        cid, row["question_id"], row["label"], row["kind"], row["position"]
                    )
        else:
            if measure.option in ("value_text", "value_number"):
                column = measure.option
                options = (
                    rows.exclude(**{f"{column}__isnull": True})
                    .values_list("question_id", column)
                    .annotate(n=Count("pk"))
                    .values_list("question_id", column, "n")
                )
            elif connection.vendor == "postgresql":
                ranked = measure.option == "ranked"
                options = (_ranked_counts_postgresql if ranked else _choice_counts_postgresql)(rows)
            else:
                options = _choice_counts_python(rows, ranked=measure.option == "ranked")
            for question_id, option, count in options:
                tally.add(cid, measure.name, question_id, option, count=count)


def live_tally(responses, consultation_id=None) -> Tally:
    """Every cell for a set of (already filtered) responses, aggregated by the database. The
    tally's consultation is `consultation_id` (None when the responses span several)."""
    tally = Tally()
    responses = responses.order_by()
    response_ids = responses.values("pk")
    _responses(tally, consultation_id, responses)
    _links(tally, consultation_id, response_ids)
    _answers(tally, consultation_id, Answer.objects.filter(response__in=response_ids).order_by())
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
        .annotate(total=Sum("count"), **description_aggregates())
        .filter(total__gt=0)
        .order_by()
    ):
        tally.add(cid, row["measure"], row["key"], row["option"], count=row["total"])
        if row["measure"] == "question":
            tally.describe(cid, row["key"], row["label"], row["kind"], row["position"])
    return tally
