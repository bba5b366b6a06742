"""The synthesis dashboard: charts and tables assembled from a tally of counts (see
`counts.py`). Every count is made by the database, either live over the filtered responses or
read from the stored running totals; Python only puts the grouped rows in order and names them.
Each question's summary is its block's (`QuestionBlock.summarise`); counts of people pass
through `disclosure` so small numbers are never shown.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from consultations.blocks import AGE_BANDS, QuestionCounts, Summary, question_block
from consultations.models import Answer, FeedbackTag, Quote
from consultations.tallies import Tally, counted_responses, live_tally, stored_tally
from home.formatting import format_date
from home.models import Borough, Network, PriorityArea

from . import disclosure
from .charts import bar_chart

TOP_TAGS = 5
QUOTES_PER_QUESTION = 3


@dataclass
class Breakdown:
    """One chart and its data table. Counts of people (`about_people`) are protected here,
    once, so the chart, the table and the report all show the same suppressed cells."""

    key: str
    title: str
    rows: list[tuple[str, int | None]]
    total: int = 0
    note: str = ""
    about_people: bool = False
    kind: str = ""
    columns: tuple[str, ...] = ("Count", "Share")
    table_rows: list[tuple] | None = None
    figures: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    answered: int | None = None  # how many answered, when not the shares' total
    seen: int | None = None  # how many were asked it (on their route); None: not known

    def __post_init__(self):
        if self.about_people:
            self.rows = disclosure.protect(self.rows, self.total)

    @property
    def has_suppressed(self) -> bool:
        return any(count is None for _, count in self.rows)

    @property
    def chart(self) -> str:
        return bar_chart(
            self.title, self.rows, chart_id=f"chart-{self.key}", hidden=disclosure.shown_as()
        )

    @property
    def table(self) -> list[tuple]:
        if self.table_rows is not None:
            return self.table_rows
        return [
            (label, disclosure.shown_as(), "–")
            if value is None
            else (label, value, f"{100 * value / self.total:.0f}%" if self.total else "–")
            for label, value in self.rows
        ]

    @classmethod
    def of_summary(cls, key: str, title: str, summary: Summary) -> "Breakdown":
        return cls(
            key=key,
            title=title,
            rows=summary.rows,
            total=summary.share_of,
            note=summary.note,
            about_people=summary.about_people,
            kind=summary.kind,
            columns=summary.columns,
            table_rows=summary.table,
            figures=summary.figures,
            quotes=summary.quotes,
            answered=summary.share_of if summary.answered is None else summary.answered,
        )


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

    @property
    def has_suppressed(self) -> bool:
        return any(part.has_suppressed for part in self.breakdowns + self.questions)

    @property
    def suppression_explanation(self) -> str:
        return disclosure.explanation()


def _over_time(days: dict[str, int], start=None, end=None) -> list[tuple[str, int]]:
    """Every day (or, over more than 31 days, every week) from the start to the end of the
    range, empty ones included; the range is the filter's dates, else the first and last day
    with a response."""
    counts = {date.fromisoformat(day): count for day, count in days.items()}
    if not counts and not (start and end):
        return []
    start = start or min(counts)
    end = end or max(counts)
    if end < start:
        return []
    span = (end - start).days + 1
    if span <= 31:
        return [
            (format_date(day, short=True), counts.get(day, 0))
            for day in (start + timedelta(days=offset) for offset in range(span))
        ]
    weeks: Counter = Counter()
    for day, count in counts.items():
        weeks[day - timedelta(days=day.weekday())] += count
    monday = start - timedelta(days=start.weekday())
    rows = []
    while monday <= end:
        rows.append((f"Week of {format_date(monday, short=True)}", weeks.get(monday, 0)))
        monday += timedelta(days=7)
    return rows


def _by_count(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def _ids(cells: dict[str, int]) -> list[int]:
    return [int(key) for key in cells if key.isdigit()]


def _quotes(responses) -> tuple[dict, dict]:
    quotes_by_area: dict = defaultdict(list)
    by_question: dict = defaultdict(list)
    quotes = (
        Quote.objects.visible()
        .filter(answer__response__in=responses.values("pk"))
        .select_related("priority_area", "answer")
        .order_by("priority_area__number", "-created_at")[:60]
    )
    for quote in quotes:
        area: PriorityArea | None = quote.priority_area
        quotes_by_area[area.name if area else "Other"].append(quote)
        if len(by_question[quote.answer.question_id]) < QUOTES_PER_QUESTION:
            by_question[quote.answer.question_id].append(quote.display_text)
    return dict(quotes_by_area), by_question


def _top(cells: dict[str, int], names: dict[int, str], limit=None) -> list[tuple[str, int]]:
    """The named rows of one question's code counts (option: area or tag id), most first."""
    rows = _by_count(
        [(names[int(key)], count) for key, count in cells.items() if int(key) in names]
    )
    return rows[:limit] if limit else rows


def _listed_options(question_id: str) -> list[str]:
    """The options of one snapshot of the question (any: an index lookup, not a sort)."""
    found = (
        Answer.objects.filter(question_id=question_id)
        .order_by()
        .values_list("question_options", flat=True)[:1]
    )
    return list(found[0]) if found else []


def _people_breakdowns(measures, total):
    age_labels = dict(AGE_BANDS)
    ages = measures["age"]
    age_rows = [(label, ages.get(key, 0)) for key, label in AGE_BANDS]
    if ages.get(""):
        age_rows.append(("Not given", ages[""]))
    age_rows += [(age_labels.get(k, k), n) for k, n in ages.items() if k and k not in age_labels]
    boroughs = dict(
        Borough.objects.filter(pk__in=_ids(measures["borough"])).values_list("pk", "name")
    )
    borough_counts: Counter = Counter()
    for key, count in measures["borough"].items():
        # A borough deleted since is "not given" now, as its responses' borough is.
        borough_counts[boroughs.get(int(key), "Not given") if key else "Not given"] += count
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
    return [
        Breakdown("age", "Responses by age band", age_rows, total, about_people=True),
        Breakdown(
            "borough",
            "Responses by borough",
            _by_count(list(borough_counts.items())),
            total,
            about_people=True,
        ),
        Breakdown(
            "network",
            "Responses by network",
            network_rows,
            total,
            note="People could choose more than one.",
            about_people=True,
        ),
    ]


def assemble(tally: Tally, responses, period=(None, None)) -> Synthesis:
    """The dashboard from a tally (of one consultation, or of all of them) and the responses it
    counts (for the highlighted quotes). `period` is the filter's date range."""
    measures: dict[str, dict] = defaultdict(dict)
    options: dict[str, dict[str, int]] = defaultdict(dict)
    # Codes given to each typed-text question's answers: {measure: {question id: {id: n}}}.
    codes: dict[str, dict] = {"question_area": defaultdict(dict), "question_tag": defaultdict(dict)}
    for (_consultation, measure, key, option), count in tally.counts.items():
        if count <= 0:
            continue
        if measure in codes:
            codes[measure][key][option] = codes[measure][key].get(option, 0) + count
        elif measure == "option":
            options[key][option] = options[key].get(option, 0) + count
        else:
            measures[measure][key] = measures[measure].get(key, 0) + count
    total = measures["responses"].get("", 0)
    coded = measures["coded"].get("", 0)

    areas = PriorityArea.objects.filter(pk__in=_ids(measures["area"])).order_by("number")
    area_rows = [
        (area.short_name, measures["area"][str(area.pk)]) for area in areas.only("pk", "short_name")
    ]
    tags = dict(FeedbackTag.objects.filter(pk__in=_ids(measures["tag"])).values_list("pk", "name"))
    tag_rows = _by_count(
        [(tags[int(key)], count) for key, count in measures["tag"].items() if int(key) in tags]
    )[:25]

    questions = sorted(
        (position, question_id, label, kind)
        for (_consultation, question_id), (label, kind, position) in tally.questions.items()
        if measures["question"].get(question_id)
    )
    area_names = dict(PriorityArea.objects.values_list("pk", "short_name"))
    tag_names = dict(
        FeedbackTag.objects.filter(
            pk__in={int(tag) for cells in codes["question_tag"].values() for tag in cells}
        ).values_list("pk", "name")
    )
    quotes_by_area, quotes_by_question = _quotes(responses)
    summaries = []
    for index, (_position, question_id, label, kind) in enumerate(questions):
        block = question_block(kind)
        counts = QuestionCounts(
            answered=measures["question"][question_id],
            options=options.get(question_id, {}),
            listed=_listed_options(question_id) if block.counted_as == "one" else [],
            coded=measures["coded_question"].get(question_id, 0),
            tags=_top(codes["question_tag"].get(question_id, {}), tag_names, TOP_TAGS),
            areas=_top(codes["question_area"].get(question_id, {}), area_names),
            quotes=quotes_by_question.get(question_id, []),
        )
        summary = Breakdown.of_summary(f"q-{index}", label, block.summarise(counts))
        summary.seen = measures["seen"].get(question_id)
        summaries.append(summary)

    breakdowns = [
        Breakdown("over-time", "Responses over time", _over_time(measures["day"], *period), total),
        *_people_breakdowns(measures, total),
        Breakdown("areas", "Coded answers per priority area", area_rows, coded),
        Breakdown("tags", "Coded answers per tag (top 25)", tag_rows, coded),
    ]
    return Synthesis(
        response_count=total,
        breakdowns=breakdowns,
        questions=summaries,
        coded=coded,
        free_text=measures["free_text"].get("", 0),
        quotes_by_area=quotes_by_area,
    )


def build_synthesis(responses, period=(None, None)) -> Synthesis:
    """Everything on the dashboard for a set of (already filtered) responses, aggregated live."""
    return assemble(live_tally(responses), responses.order_by(), period)


def stored_synthesis(consultation=None) -> Synthesis:
    """The unfiltered dashboard (one consultation, or all), from the stored running totals."""
    responses = counted_responses()
    if consultation is not None:
        responses = responses.filter(consultation=consultation)
    return assemble(stored_tally(consultation), responses.order_by())
