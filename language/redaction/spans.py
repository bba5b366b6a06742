"""A found span of identifying text, and merging overlapping finds."""

from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    kind: str


def merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one covering both, with the kind of the longer."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = last.kind if last.end - last.start >= span.end - span.start else span.kind
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged
