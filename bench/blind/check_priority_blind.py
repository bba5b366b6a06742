"""Check the format of the blind priority-area set and print its counts.

Standard library only. It does not score anything.

    python bench/blind/check_priority_blind.py [path]
"""

import collections
import csv
import pathlib
import sys

DEFAULT = pathlib.Path(__file__).with_name("priority_areas_blind_2026-12.csv")
COLUMNS = ["text", "areas", "question", "notes"]
SLUGS = [
    "reducing-harm",
    "positive-opportunities",
    "families",
    "education",
    "communities-and-place",
]
QUESTIONS = [
    "What would make you feel safer?",
    "What should the VRU do more of?",
    "What stops young people getting involved in activities?",
    "How could schools help?",
    "What support do parents and carers need?",
    "What would make your area better?",
    "Anything else?",
]


def check(path):
    errors = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            return [f"columns are {reader.fieldnames}, expected {COLUMNS}"], []
        rows = list(reader)
    seen = set()
    for number, row in enumerate(rows, start=2):
        if None in row or any(row[c] is None for c in COLUMNS):
            errors.append(f"line {number}: wrong number of fields")
            continue
        text = row["text"].strip()
        if not text:
            errors.append(f"line {number}: empty text")
        if text in seen:
            errors.append(f"line {number}: duplicate text")
        seen.add(text)
        words = len(text.split())
        if not 2 <= words <= 80:
            errors.append(f"line {number}: {words} words, expected 2 to 80")
        areas = row["areas"].split(";")
        if areas == ["none"]:
            pass
        elif not areas or any(a not in SLUGS for a in areas):
            errors.append(f"line {number}: bad areas {row['areas']!r}")
        elif len(set(areas)) != len(areas):
            errors.append(f"line {number}: repeated area in {row['areas']!r}")
        if row["question"] not in QUESTIONS:
            errors.append(f"line {number}: unknown question {row['question']!r}")
        if not row["notes"].strip():
            errors.append(f"line {number}: empty notes")
    return errors, rows


def main(argv):
    path = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT
    errors, rows = check(path)
    for error in errors:
        print(error)
    if not rows:
        return 1
    per_slug = collections.Counter()
    single = multi = none = 0
    for row in rows:
        areas = row["areas"].split(";")
        if areas == ["none"]:
            none += 1
            continue
        per_slug.update(areas)
        if len(areas) == 1:
            single += 1
        else:
            multi += 1
    total = len(rows)
    print(f"{path.name}: {total} rows")
    print(
        f"  one area {single}, more than one {multi} ({100 * multi / total:.0f}%), "
        f"none {none} ({100 * none / total:.0f}%)"
    )
    print("  rows including each area:")
    for slug in SLUGS:
        print(f"    {slug:<24} {per_slug[slug]}")
    print("  rows per question:")
    questions = collections.Counter(row["question"] for row in rows)
    for question in QUESTIONS:
        print(f"    {questions[question]:>4}  {question}")
    lengths = [len(row["text"].split()) for row in rows]
    print(
        f"  words per answer: {min(lengths)} to {max(lengths)}, "
        f"median {sorted(lengths)[len(lengths) // 2]}"
    )
    if errors:
        print(f"{len(errors)} problem(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
