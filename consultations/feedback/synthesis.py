"""Aggregates for the synthesis dashboard. Every count runs in the database; the only Python
loop is over already-grouped rows (and, off PostgreSQL, over multiple-choice answers)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate

from consultations.models import AgeBand, Answer, Quote, Response, TaggedAnswer
from home.models import PriorityArea

from .charts import bar_chart
from .queries import (
    MULTIPLE_CHOICE_TYPES,
    SINGLE_CHOICE_TYPES,
    answer_is_coded,
    free_text_answers,
)


@dataclass
class Breakdown:
    """One chart and its data table."""

    key: str
    title: str
    rows: list[tuple[str, int]]
    total: int = 0
    note: str = ""

    @property
    def chart(self) -> str:
        return bar_chart(self.title, self.rows, chart_id=f"chart-{self.key}")

    @property
    def table(self) -> list[tuple[str, int, str]]:
        return [
            (label, value, f"{100 * value / self.total:.0f}%" if self.total else "–")
            for label, value in self.rows
        ]


@dataclass
class Synthesis:
    response_count: int
    breakdowns: list[Breakdown]
    questions: list[Breakdown]
    coded: int
    free_text: int
    quotes_by_area: dict = field(default_factory=dict)

    @property
    def coding_percent(self) -> int:
        return round(100 * self.coded / self.free_text) if self.free_text else 0


def _over_time(responses) -> list[tuple[str, int]]:
    days = (
        responses.annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    rows = [(row["day"], row["count"]) for row in days]
    if len(rows) <= 31:
        return [(day.strftime("%d %b %Y"), count) for day, count in rows]
    # Many days: show weeks (Mondays) so the chart stays readable.
    weeks: Counter = Counter()
    for day, count in rows:
        weeks[day.fromordinal(day.toordinal() - day.weekday())] += count
    return [(f"Week of {week:%d %b %Y}", count) for week, count in sorted(weeks.items())]


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
    counts: Counter = Counter()
    for question_id, choices in answers.values_list("question_id", "value_choices").iterator(
        chunk_size=2000
    ):
        for choice in choices or []:
            counts[(question_id, str(choice))] += 1
    return [(question_id, choice, count) for (question_id, choice), count in counts.items()]


def closed_questions(responses) -> list[Breakdown]:
    """Results of every closed question, grouped by the question's stable id."""
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    closed = answers.filter(question_type__in=SINGLE_CHOICE_TYPES + MULTIPLE_CHOICE_TYPES)
    questions = {
        row["question_id"]: row
        for row in closed.values("question_id")
        .annotate(
            label=Max("question_label"),
            kind=Max("question_type"),
            position=Min("position"),
            answered=Count("pk"),
        )
        .order_by("position", "question_id")
    }
    counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
    single = (
        closed.filter(question_type__in=SINGLE_CHOICE_TYPES)
        .exclude(value_text="")
        .values("question_id", "value_text")
        .annotate(count=Count("pk"))
    )
    for row in single:
        counts[row["question_id"]].append((row["value_text"], row["count"]))
    multiple = closed.filter(question_type__in=MULTIPLE_CHOICE_TYPES)
    if connection.vendor == "postgresql":
        multiple_counts = _choice_counts_postgresql(multiple)
    else:
        multiple_counts = _choice_counts_python(multiple)
    for question_id, choice, count in multiple_counts:
        counts[question_id].append((choice, count))
    return [
        Breakdown(
            key=f"q-{index}",
            title=question["label"],
            rows=sorted(counts[question_id], key=lambda row: -row[1]),
            total=question["answered"],
            note="People could choose more than one."
            if question["kind"] in MULTIPLE_CHOICE_TYPES
            else "",
        )
        for index, (question_id, question) in enumerate(questions.items())
    ]


def build_synthesis(responses) -> Synthesis:
    """Everything on the dashboard for a set of (already filtered) responses."""
    responses = responses.order_by()
    response_ids = responses.values("pk")
    total = responses.count()
    age_labels = dict(AgeBand.choices)
    age_rows = [
        (age_labels.get(row["age_band"], "Not given"), row["count"])
        for row in responses.values("age_band").annotate(count=Count("pk")).order_by("age_band")
    ]
    borough_rows = [
        (row["borough__name"] or "Not given", row["count"])
        for row in responses.values("borough__name").annotate(count=Count("pk")).order_by("-count")
    ]
    network_rows = [
        (row["network__name"], row["count"])
        for row in Response.networks.through.objects.filter(response__in=response_ids)
        .values("network__name")
        .annotate(count=Count("pk"))
        .order_by("-count")
    ]
    answers = Answer.objects.filter(response__in=response_ids)
    area_rows = [
        (row["priorityarea__short_name"], row["count"])
        for row in Answer.priority_areas.through.objects.filter(answer__in=answers.values("pk"))
        .values("priorityarea__number", "priorityarea__short_name")
        .annotate(count=Count("pk"))
        .order_by("priorityarea__number")
    ]
    tag_rows = [
        (row["tag__name"], row["count"])
        for row in TaggedAnswer.objects.filter(content_object__in=answers.values("pk"))
        .values("tag__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "tag__name")[:25]
    ]
    free_text = free_text_answers().filter(response__in=response_ids)
    free_text_total = free_text.count()
    coded = free_text.filter(answer_is_coded()).count()

    quotes_by_area: dict = defaultdict(list)
    quotes = (
        Quote.objects.visible()
        .filter(answer__response__in=response_ids)
        .select_related("priority_area")
        .order_by("priority_area__number", "-created_at")[:60]
    )
    for quote in quotes:
        area: PriorityArea | None = quote.priority_area
        quotes_by_area[area.name if area else "Other"].append(quote)

    breakdowns = [
        Breakdown("over-time", "Responses over time", _over_time(responses), total),
        Breakdown("age", "Responses by age band", age_rows, total),
        Breakdown("borough", "Responses by borough", borough_rows, total),
        Breakdown("network", "Responses by network", network_rows, total),
        Breakdown("areas", "Coded answers per priority area", area_rows, coded),
        Breakdown("tags", "Coded answers per tag (top 25)", tag_rows, coded),
    ]
    return Synthesis(
        response_count=total,
        breakdowns=breakdowns,
        questions=closed_questions(responses),
        coded=coded,
        free_text=free_text_total,
        quotes_by_area=dict(quotes_by_area),
    )
