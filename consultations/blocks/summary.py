"""What a question's summary on the dashboard is made of. Each question block builds its own
(`QuestionBlock.summarise`) from the counts the tallies keep for it (`QuestionCounts`); the
feedback workspace only draws the summary and protects small numbers in it."""

from dataclasses import dataclass, field


@dataclass
class QuestionCounts:
    """A question's counts: how many answered, and how many chose (or gave) each option.
    For a ranking, options are "rank. option"; for a number, the number as text. For free
    text: how many answers were coded, and the top tags and priority areas given to them."""

    answered: int
    options: dict[str, int] = field(default_factory=dict)
    # The options as the question lists them (from its latest snapshot), for scale order.
    listed: list[str] = field(default_factory=list)
    coded: int = 0
    tags: list[tuple[str, int]] = field(default_factory=list)
    areas: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Summary:
    """One question's summary: the chart's rows (label, count), the table under it (its column
    headings and rows), figures said in words (median, range) and a note on how people could
    answer. `about_people` marks counts of who answered (age, borough, networks, equality
    questions): the workspace suppresses their small numbers."""

    kind: str
    note: str
    rows: list[tuple[str, int]]
    share_of: int
    columns: tuple[str, ...] = ("Count", "Share")
    table: list[tuple] | None = None
    figures: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    about_people: bool = False
    answered: int | None = None  # when the shares are of something else (coded answers)


def by_count(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def in_listed_order(counts: dict[str, int], listed: list[str]) -> list[tuple[str, int]]:
    """Every listed option in its own order (none chosen counts 0), then any others (from an
    older version of the question) by count."""
    rows = [(option, counts.get(option, 0)) for option in listed]
    others = {option: n for option, n in counts.items() if option not in listed}
    return rows + by_count(list(others.items()))


def ranked(counts: dict[str, int]) -> tuple[list[tuple[str, int]], dict[str, float]]:
    """From "rank. option" counts: each option's first-choice count, and its mean rank."""
    first: dict[str, int] = {}
    rank_sum: dict[str, int] = {}
    times: dict[str, int] = {}
    for key, count in counts.items():
        position, _, option = key.partition(". ")
        if not position.isdigit():
            continue
        first.setdefault(option, 0)
        if position == "1":
            first[option] += count
        rank_sum[option] = rank_sum.get(option, 0) + int(position) * count
        times[option] = times.get(option, 0) + count
    means = {option: rank_sum[option] / times[option] for option in times}
    rows = sorted(first.items(), key=lambda row: (means[row[0]], -row[1], row[0]))
    return rows, means


def number_figures(counts: dict[str, int]) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """A number question's distribution (each value, or ten equal ranges when there are more
    than twelve values) and its median and range."""
    values = sorted((int(key), n) for key, n in counts.items() if key.lstrip("-").isdigit())
    if not values:
        return [], []
    middle = _median(values)
    low, high = values[0][0], values[-1][0]
    figures = [
        ("Median", f"{middle:g}"),
        ("Range", f"{low} to {high}"),
    ]
    if len(values) <= 12:
        return [(str(value), n) for value, n in values], figures
    width = max(1, -(-(high - low + 1) // 10))
    bins: dict[int, int] = {}
    for value, n in values:
        start = low + (value - low) // width * width
        bins[start] = bins.get(start, 0) + n
    rows = [
        (f"{start} to {start + width - 1}", bins.get(start, 0))
        for start in range(low, high + 1, width)
    ]
    return rows, figures


def _median(values: list[tuple[int, int]]) -> float:
    """The median of (value, how many) pairs in value order, without expanding them."""
    total = sum(n for _, n in values)
    lower, upper = (total - 1) // 2, total // 2
    found = {}
    seen = 0
    for value, n in values:
        for position in (lower, upper):
            if seen <= position < seen + n:
                found[position] = value
        seen += n
    return (found[lower] + found[upper]) / 2
