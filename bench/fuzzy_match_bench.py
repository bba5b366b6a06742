"""The phrase list's one-typo matching: hand-written edit distance against rapidfuzz (issue
13). Not a test; it prints timings and checks both agree on every pair.

    .venv/bin/python bench/fuzzy_match_bench.py

Pairs: every long single-word phrase in the shipped list (home migration 0005) against every
word of seven letters or more in the examples (bench/safeguarding_examples.csv and the
training files), as `screen_text` compares them.
"""

import csv
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

from rapidfuzz.distance import OSA  # noqa: E402

from safeguarding.screening import FUZZY_MIN_LENGTH, normalise  # noqa: E402

REPEAT = 20


def hand_written(word: str, target: str) -> bool:
    """The code screening.py used before rapidfuzz (kept here only to compare)."""
    if word == target:
        return True
    if not word or word[0] != target[0] or abs(len(word) - len(target)) > 1:
        return False
    if len(word) == len(target):
        differences = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(differences) == 1:
            return True
        first, *rest = differences
        return (
            len(differences) == 2
            and rest[0] == first + 1
            and word[first] == target[first + 1]
            and word[first + 1] == target[first]
        )
    shorter, longer = sorted((word, target), key=len)
    return any(longer[:index] + longer[index + 1 :] == shorter for index in range(len(longer)))


def with_rapidfuzz(word: str, target: str) -> bool:
    return bool(word) and word[0] == target[0] and OSA.distance(word, target, score_cutoff=1) <= 1


def main() -> None:
    defaults = importlib.import_module("home.migrations.0005_safeguarding_defaults")
    targets = sorted(
        {
            normalise(phrase)
            for *_, phrases in defaults.CATEGORIES
            for phrase in phrases
            if "*" not in phrase
            and "..." not in phrase
            and " " not in normalise(phrase)
            and len(normalise(phrase)) >= FUZZY_MIN_LENGTH
        }
    )
    words = set()
    for path in (
        ROOT / "bench" / "safeguarding_examples.csv",
        ROOT / "safeguarding" / "training" / "examples.csv",
        ROOT / "safeguarding" / "training" / "dev.csv",
    ):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                words |= {
                    w for w in normalise(row["text"]).split() if len(w) >= FUZZY_MIN_LENGTH - 1
                }
    pairs = [(word, target) for target in targets for word in sorted(words)]
    disagreements = [p for p in pairs if hand_written(*p) != with_rapidfuzz(*p)]
    print(
        f"{len(targets)} phrases x {len(words)} words = {len(pairs)} pairs; "
        f"disagreements: {len(disagreements)} {disagreements[:5]}"
    )
    for name, function in (("hand-written", hand_written), ("rapidfuzz OSA", with_rapidfuzz)):
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(REPEAT):
                for word, target in pairs:
                    function(word, target)
            best = min(best, time.perf_counter() - start)
        per_pair = best / (REPEAT * len(pairs)) * 1e9
        print(f"{name:14s} {per_pair:7.0f} ns per pair (best of 5 x {REPEAT} rounds)")


if __name__ == "__main__":
    main()
