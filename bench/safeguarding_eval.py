"""Measure the safeguarding screening against bench/safeguarding_examples.csv.

    .venv/bin/python bench/safeguarding_eval.py          # the shipped default phrase list
    .venv/bin/python bench/safeguarding_eval.py --live   # the phrase list in DATABASE_URL
    .venv/bin/python bench/safeguarding_eval.py --semantic --examples PATH
        # both stages on any CSV of the same columns (text,expected_flag,expected_category,
        # notes): the phrase list, the semantic classifier (the shipped one, or the active
        # one with --live) and the combined decision a lead sees (flagged by either)

Prints precision and recall of the flag decision (would this answer reach the queue?) and per
category. The default run builds a throwaway in-memory database from the migrations, so it
measures exactly the phrases a fresh install ships with. tests/home/test_safeguarding_eval.py
runs the same evaluation and holds recall >= 0.9 and precision >= 0.7.
"""

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

EXAMPLES = Path(__file__).with_name("safeguarding_examples.csv")


@dataclass
class Example:
    text: str
    expected_flag: bool
    expected_categories: set[str]
    notes: str = ""


@dataclass
class Result:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    true_negatives: int = 0
    missed: list[Example] = field(default_factory=list)
    wrongly_flagged: list[tuple[Example, list[str]]] = field(default_factory=list)
    per_category: dict[str, Counter] = field(default_factory=dict)

    @staticmethod
    def _ratio(numerator: int, denominator: int) -> float:
        return numerator / denominator if denominator else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return self._ratio(self.true_positives, self.true_positives + self.false_negatives)

    def category_scores(self, slug: str) -> tuple[float, float, int]:
        counts = self.per_category[slug]
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        return self._ratio(tp, tp + fp), self._ratio(tp, tp + fn), tp + fn


def load_examples(path: Path = EXAMPLES) -> list[Example]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Example(
                text=row["text"],
                expected_flag=row["expected_flag"].strip().lower() == "yes",
                expected_categories={
                    slug.strip() for slug in row["expected_category"].split(";") if slug.strip()
                },
                notes=row.get("notes", ""),
            )
            for row in csv.DictReader(handle)
        ]


def phrase_decisions(examples: list[Example]) -> list[tuple[set[str], list[str]]]:
    """(categories found, why) per example from the phrase list; no categories = not flagged."""
    from safeguarding.screening import screen_text

    decisions = []
    for example in examples:
        matches = screen_text(example.text)
        decisions.append(
            ({match.category.slug for match in matches}, sorted({m.phrase for m in matches}))
        )
    return decisions


def semantic_decisions(
    examples: list[Example], *, sentences: bool = True
) -> list[tuple[set[str], list[str]]]:
    """The same from the semantic classifier (loads the language model); `sentences=False`
    classifies the whole answer only, as before sentences were screened on their own."""
    from safeguarding.semantic import classify_texts

    results = classify_texts([example.text for example in examples], sentences=sentences)
    return [
        (set(result.categories) if result.flag else set(), [f"p={result.confidence:.2f}"])
        for result in results
    ]


def combine(*stages):
    """Flagged by either stage: the union of categories, and each stage's reason."""
    return [
        (set().union(*(found for found, _ in row)), [why for _, reasons in row for why in reasons])
        for row in zip(*stages, strict=True)
    ]


def evaluate(examples: list[Example], decisions=None) -> Result:
    """Score decisions (default: the active phrase list) against the examples (needs Django
    set up)."""
    from safeguarding.models import SafeguardingCategory

    if decisions is None:
        decisions = phrase_decisions(examples)
    result = Result(
        per_category={
            slug: Counter() for slug in SafeguardingCategory.objects.values_list("slug", flat=True)
        }
    )
    for example, (found, reasons) in zip(examples, decisions, strict=True):
        matches = bool(found)
        if matches and example.expected_flag:
            result.true_positives += 1
        elif matches:
            result.false_positives += 1
            result.wrongly_flagged.append((example, reasons))
        elif example.expected_flag:
            result.false_negatives += 1
            result.missed.append(example)
        else:
            result.true_negatives += 1
        for slug in result.per_category:
            expected = slug in example.expected_categories
            if expected and slug in found:
                result.per_category[slug]["tp"] += 1
            elif expected:
                result.per_category[slug]["fn"] += 1
            elif slug in found:
                result.per_category[slug]["fp"] += 1
    return result


def report(result: Result, examples: list[Example]) -> str:
    flagged = sum(example.expected_flag for example in examples)
    lines = [
        f"Examples: {len(examples)} ({flagged} should be flagged, "
        f"{len(examples) - flagged} should not)",
        f"Flag decision: precision {result.precision:.2f}, recall {result.recall:.2f} "
        f"(TP {result.true_positives}, FP {result.false_positives}, "
        f"FN {result.false_negatives}, TN {result.true_negatives})",
        "",
        f"{'category':<24} {'precision':>9} {'recall':>7} {'examples':>9}",
    ]
    for slug in sorted(result.per_category):
        precision, recall, support = result.category_scores(slug)
        lines.append(f"{slug:<24} {precision:>9.2f} {recall:>7.2f} {support:>9}")
    if result.missed:
        lines += ["", "Missed (should have been flagged):"]
        lines += [f"  - {example.text}" for example in result.missed]
    if result.wrongly_flagged:
        lines += ["", "Flagged but not expected:"]
        lines += [
            f"  - {example.text}  [{', '.join(phrases)}]"
            for example, phrases in result.wrongly_flagged
        ]
    return "\n".join(lines)


def print_reports(path: Path = EXAMPLES, semantic: bool = False, sentences: bool = True) -> None:
    examples = load_examples(path)
    print(f"Examples file: {path}")
    if not semantic:
        print(report(evaluate(examples), examples))
        return
    phrase = phrase_decisions(examples)
    meaning = semantic_decisions(examples, sentences=sentences)
    for title, decisions in (
        ("Stage 1: phrase list", phrase),
        ("Stage 2: semantic classifier", meaning),
        ("Combined (flagged by either stage: what reaches the queue)", combine(phrase, meaning)),
    ):
        print(f"\n== {title} ==")
        print(report(evaluate(examples, decisions), examples))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="use the phrases in DATABASE_URL")
    parser.add_argument(
        "--semantic", action="store_true", help="also the semantic stage and the combined result"
    )
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="a CSV of examples")
    parser.add_argument(
        "--whole-answer-only",
        action="store_true",
        help="the semantic stage on the whole answer only, without screening each sentence",
    )
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "site")]
    from bench.test_database import in_test_database, set_up_django

    reports = (args.examples, args.semantic, not args.whole_answer_only)
    if args.live:
        set_up_django("config.settings.dev")
        print_reports(*reports)
    else:
        in_test_database(print_reports, *reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
