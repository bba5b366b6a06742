"""Check the labelled seed set for suggested priority areas (issue 15).

Stdlib only. Usage: python3 bench/priority_areas/check_seed.py [path/to/seed.csv]

Parses the CSV, checks the columns, the area slugs and the question kinds, and prints counts per
area, per question, multi-area rows and `none` rows. Exits non-zero if any check fails.
"""

import collections
import csv
import pathlib
import sys

COLUMNS = ["text", "areas", "question", "notes"]
SLUGS = [
    "reducing-harm",
    "positive-opportunities",
    "families",
    "education",
    "communities-and-place",
]
NONE = "none"
QUESTIONS = [
    "What would make you feel safer?",
    "What should the VRU do more of?",
    "What stops young people getting involved in activities?",
    "How could schools help?",
    "What support do parents and carers need?",
    "What would make your area better?",
    "Anything else?",
]
MIN_ROWS = 600
MIN_PER_AREA = 100
MIN_WORDS, MAX_WORDS = 2, 80

DEFAULT = pathlib.Path(__file__).with_name("seed_2026-12.csv")


def check(path, *, min_rows: int = MIN_ROWS, min_per_area: int = MIN_PER_AREA):
    """Check a labelled priority-area CSV (the seed set, or the blind set with no minimum
    sizes), print its counts and return the exit status."""
    errors = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != COLUMNS:
            errors.append(f"header is {header!r}, expected {COLUMNS!r}")
        rows = list(reader)

    per_area = collections.Counter()
    per_question = collections.Counter()
    per_size = collections.Counter()
    texts = collections.Counter()
    lengths = []
    for line, row in enumerate(rows, start=2):
        if len(row) != len(COLUMNS):
            errors.append(f"line {line}: {len(row)} fields, expected {len(COLUMNS)}")
            continue
        text, areas, question, notes = row
        words = len(text.split())
        lengths.append(words)
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"line {line}: text has {words} words")
        texts[text.strip().lower()] += 1
        if question not in QUESTIONS:
            errors.append(f"line {line}: unknown question {question!r}")
        per_question[question] += 1
        if not notes.strip():
            errors.append(f"line {line}: empty notes")
        slugs = areas.split(";")
        if slugs == [NONE]:
            per_size[0] += 1
            per_area[NONE] += 1
            continue
        if len(set(slugs)) != len(slugs):
            errors.append(f"line {line}: repeated slug in {areas!r}")
        for slug in slugs:
            if slug not in SLUGS:
                errors.append(f"line {line}: unknown area {slug!r}")
            per_area[slug] += 1
        per_size[len(slugs)] += 1

    for text, n in texts.items():
        if n > 1:
            errors.append(f"duplicate text ({n}x): {text!r}")
    total = len(rows)
    if total < min_rows:
        errors.append(f"{total} rows, expected at least {min_rows}")
    for slug in SLUGS:
        if per_area[slug] < min_per_area:
            errors.append(f"{slug}: {per_area[slug]} rows, expected at least {min_per_area}")

    multi = sum(n for size, n in per_size.items() if size > 1)

    def pct(n):
        return f"{100 * n / total:.1f}%" if total else "-"

    print(f"rows: {total}")
    print("rows whose areas include each slug:")
    for slug in SLUGS:
        print(f"  {slug:24} {per_area[slug]:4}")
    print(f"single-area rows: {per_size[1]} ({pct(per_size[1])})")
    sizes = ", ".join(f"{size} areas: {per_size[size]}" for size in sorted(per_size) if size > 1)
    print(f"multi-area rows: {multi} ({pct(multi)}); {sizes}")
    print(f"none rows: {per_size[0]} ({pct(per_size[0])})")
    print("rows per question:")
    for question in QUESTIONS:
        print(f"  {question:58} {per_question[question]:4}")
    if lengths:
        print(
            f"words per answer: min {min(lengths)}, max {max(lengths)}, "
            f"mean {sum(lengths) / len(lengths):.1f}"
        )
    if errors:
        print(f"{len(errors)} problem(s):")
        for error in errors:
            print(f"  {error}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else DEFAULT))
