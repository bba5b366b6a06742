"""Small numbers are never shown: the one place that decides which counts of people are
suppressed, used by the dashboard, the printable report and redacted exports (decision 0025).

Following the Government Statistical Service's practice for tables of people:

- primary suppression: a count of people from 1 to `threshold - 1` (the setting
  `FEEDBACK_SUPPRESSION_THRESHOLD`, default 5) is not shown. Zero is shown: nobody can be
  identified from nobody.
- secondary suppression: if exactly one count in a breakdown is suppressed, anyone could work
  it out from the total minus the others, so the next smallest count (above zero) is
  suppressed too.
- a breakdown whose total is itself under the threshold is suppressed whole.

Breakdowns of people are the age band, borough and network charts and the answers to the
questions whose block `describes_people` (age, borough, networks, equality questions).
"""

from django.conf import settings

SHOWN_AS = "fewer than {threshold}"
EXPORTED_AS = "[c]"
EXPLANATION = (
    "To protect people's identity, counts from 1 to {below} are not shown ('fewer than "
    "{threshold}'), and nor is the next smallest count beside them, so that no one can work "
    "a hidden count out from the total."
)


def threshold() -> int:
    return int(getattr(settings, "FEEDBACK_SUPPRESSION_THRESHOLD", 5))


def is_small(count: int, limit: int | None = None) -> bool:
    limit = threshold() if limit is None else limit
    return 0 < count < limit


def suppressed_keys(counts: dict, total: int | None = None, limit: int | None = None) -> set:
    """Which of these counts (of one breakdown, keyed by anything) must not be shown. `total`
    is the breakdown's total, when it is shown; by default the sum of the counts."""
    limit = threshold() if limit is None else limit
    total = sum(counts.values()) if total is None else total
    if is_small(total, limit):
        return {key for key, count in counts.items() if count}
    hidden = {key for key, count in counts.items() if is_small(count, limit)}
    if len(hidden) == 1:
        others = sorted(
            (count, str(key), key)
            for key, count in counts.items()
            if key not in hidden and count > 0
        )
        if others:
            hidden.add(others[0][2])
    return hidden


def protect(rows: list[tuple[str, int]], total: int | None = None) -> list[tuple[str, int | None]]:
    """The rows with every suppressed count replaced by None."""
    counts = dict(rows)
    hidden = suppressed_keys(counts, total)
    return [(label, None if label in hidden else count) for label, count in rows]


def shown_as() -> str:
    return SHOWN_AS.format(threshold=threshold())


def explanation() -> str:
    limit = threshold()
    return EXPLANATION.format(below=limit - 1, threshold=limit)
