"""A tally: the dashboard's figures as cells, counts keyed by (consultation id or None,
measure, key, option), with each closed question's label, type and first position."""

from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Min

from consultations.models import SynthesisCount

OPTION_LENGTH = SynthesisCount._meta.get_field("option").max_length


def local_zone() -> ZoneInfo:
    """Days are counted in the site's time zone, whoever is looking (the admin may have
    switched the request to the user's own)."""
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Kept:
    """How a question's description is merged when its answers (or stored rows) disagree,
    as happens after a live survey is edited: the greatest or the least value is kept. The
    one rule read by the database aggregates, by `Tally.describe` and by the stored totals'
    upsert."""

    column: str  # on Answer and on SynthesisCount
    keeps: str  # "greatest" or "least"

    def aggregate(self):
        return (Max if self.keeps == "greatest" else Min)(self.column)

    def pick(self, first, second):
        return max(first, second) if self.keeps == "greatest" else min(first, second)

    @property
    def wins_when(self) -> str:
        """The SQL comparison by which a new value replaces the stored one."""
        return ">" if self.keeps == "greatest" else "<"


# (label, type, position), in that order.
QUESTION_DESCRIPTION = (
    Kept("question_label", "greatest"),
    Kept("question_type", "greatest"),
    Kept("position", "least"),
)


def description_aggregates() -> dict:
    """The aggregates that read a question's description: label, kind and position."""
    return {
        name: kept.aggregate()
        for name, kept in zip(("label", "kind", "position"), QUESTION_DESCRIPTION, strict=True)
    }


@dataclass
class Tally:
    """Counts keyed by (consultation id or None, measure, key, option), and each closed
    question's label, type and first position keyed by (consultation id or None, question
    id), merged as the database aggregates do (QUESTION_DESCRIPTION)."""

    counts: Counter = field(default_factory=Counter)
    questions: dict = field(default_factory=dict)

    def add(self, consultation_id, measure: str, key="", option="", count: int = 1) -> None:
        self.counts[(consultation_id, measure, str(key), str(option)[:OPTION_LENGTH])] += count

    def describe(self, consultation_id, question_id, label, kind, position) -> None:
        described = (label, kind, position)
        known = self.questions.get((consultation_id, question_id))
        if known:
            described = tuple(
                kept.pick(old, new)
                for kept, old, new in zip(QUESTION_DESCRIPTION, known, described, strict=True)
            )
        self.questions[(consultation_id, question_id)] = described

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
