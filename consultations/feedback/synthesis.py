"""The synthesis dashboard: charts and tables assembled from a tally of counts (see
`counts.py`). Every count is made by the database, either live over the filtered responses or
read from the stored running totals; Python only puts the grouped rows in order and names them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from consultations.blocks import question_block
from consultations.models import AgeBand, FeedbackTag, Quote
from consultations.tallies import Tally, counted_responses, live_tally, stored_tally
from home.formatting import format_date
from home.models import Borough, Network, PriorityArea

from .charts import bar_chart


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


def _over_time(days: dict[str, int]) -> list[tuple[str, int]]:
    rows = sorted((date.fromisoformat(day), count) for day, count in days.items())
    if len(rows) <= 31:
        return [(format_date(day, short=True), count) for day, count in rows]
    # Many days: show weeks (Mondays) so the chart stays readable.
    weeks: Counter = Counter()
    for day, count in rows:
        weeks[day.fromordinal(day.toordinal() - day.weekday())] += count
    return [
        (f"Week of {format_date(week, short=True)}", count) for week, count in sorted(weeks.items())
    ]


def _by_count(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def _ids(cells: dict[str, int]) -> list[int]:
    return [int(key) for key in cells if key.isdigit()]


def _quotes(responses) -> dict:
    quotes_by_area: dict = defaultdict(list)
    quotes = (
        Quote.objects.visible()
        .filter(answer__response__in=responses.values("pk"))
        .select_related("priority_area")
        .order_by("priority_area__number", "-created_at")[:60]
    )
    for quote in quotes:
        area: PriorityArea | None = quote.priority_area
        quotes_by_area[area.name if area else "Other"].append(quote)
    return dict(quotes_by_area)


def assemble(tally: Tally, responses) -> Synthesis:
    """The dashboard from a tally (of one consultation, or of all of them) and the responses it
    counts (for the highlighted quotes)."""
    measures: dict[str, dict] = defaultdict(dict)
    options: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (_consultation, measure, key, option), count in tally.counts.items():
        if count <= 0:
            continue
        if measure == "option":
            options[key].append((option, count))
        else:
            measures[measure][key] = measures[measure].get(key, 0) + count
    total = measures["responses"].get("", 0)
    coded = measures["coded"].get("", 0)

    age_labels = dict(AgeBand.choices)
    age_rows = [
        (age_labels.get(key, "Not given"), count) for key, count in sorted(measures["age"].items())
    ]
    boroughs = dict(
        Borough.objects.filter(pk__in=_ids(measures["borough"])).values_list("pk", "name")
    )
    borough_counts: Counter = Counter()
    for key, count in measures["borough"].items():
        # A borough deleted since is "not given" now, as its responses' borough is.
        borough_counts[boroughs.get(int(key), "Not given") if key else "Not given"] += count
    borough_rows = _by_count(list(borough_counts.items()))
    networks = dict(
        Network.objects.filter(pk__in=_ids(measures["network"])).values_list("pk", "name")
    )
    network_rows = _by_count(
        [
            (networks[int(key)], count)
            for key, count in measures["network"].items()
            if int(key) in networks
        ]
    )
    areas = PriorityArea.objects.filter(pk__in=_ids(measures["area"])).order_by("number")
    area_rows = [
        (area.short_name, measures["area"][str(area.pk)]) for area in areas.only("pk", "short_name")
    ]
    tags = dict(FeedbackTag.objects.filter(pk__in=_ids(measures["tag"])).values_list("pk", "name"))
    tag_rows = _by_count(
        [(tags[int(key)], count) for key, count in measures["tag"].items() if int(key) in tags]
    )[:25]

    questions = sorted(
        (
            (position, question_id, label, kind)
            for (_consultation, question_id), (label, kind, position) in tally.questions.items()
            if measures["question"].get(question_id)
        ),
    )
    breakdowns = [
        Breakdown("over-time", "Responses over time", _over_time(measures["day"]), total),
        Breakdown("age", "Responses by age band", age_rows, total),
        Breakdown("borough", "Responses by borough", borough_rows, total),
        Breakdown("network", "Responses by network", network_rows, total),
        Breakdown("areas", "Coded answers per priority area", area_rows, coded),
        Breakdown("tags", "Coded answers per tag (top 25)", tag_rows, coded),
    ]
    return Synthesis(
        response_count=total,
        breakdowns=breakdowns,
        questions=[
            Breakdown(
                key=f"q-{index}",
                title=label,
                rows=_by_count(options[question_id]),
                total=measures["question"][question_id],
                note=question_block(kind).summary_note,
            )
            for index, (_position, question_id, label, kind) in enumerate(questions)
        ],
        coded=coded,
        free_text=measures["free_text"].get("", 0),
        quotes_by_area=_quotes(responses),
    )


def build_synthesis(responses) -> Synthesis:
    """Everything on the dashboard for a set of (already filtered) responses, aggregated live."""
    return assemble(live_tally(responses), responses.order_by())


def stored_synthesis(consultation=None) -> Synthesis:
    """The unfiltered dashboard (one consultation, or all), from the stored running totals."""
    responses = counted_responses()
    if consultation is not None:
        responses = responses.filter(consultation=consultation)
    return assemble(stored_tally(consultation), responses.order_by())
