"""Labelled examples for suggested priority areas: the seed set, its fixed split, the areas'
own words (prototypes), and scoring (precision, recall and F1 per area, micro and macro).

The seed set (bench/priority_areas/seed_2026-12.csv, see its README) is split once, by a
keyed hash of each text, into *tuning* (about 75%) and *dev* (about 25%). Only the tuning part
is used to fit weights or choose thresholds; dev is held back to score models and to refuse a
retrain that does worse than the active model. Coded answers from staff are split the same
way, so a consultation's own held-back answers also judge its models.
"""

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

SEED_PATH = Path(settings.BASE_DIR) / "bench" / "priority_areas" / "seed_2026-12.csv"
SPLIT_KEY = "priority-areas-2026-12"
DEV_SHARE = 4  # one in four examples is held back
NONE = "none"


@dataclass
class Example:
    text: str
    areas: set[str] = field(default_factory=set)  # empty = about no area
    question: str = ""
    vector: object = None  # a stored vector, when the caller has one


@dataclass
class AreaScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Scores:
    per_area: dict[str, AreaScores]
    micro_f1: float
    macro_f1: float
    micro_precision: float
    micro_recall: float
    abstention_rate: float
    examples: int

    def as_dict(self) -> dict:
        return {
            "per_area": {slug: vars(scores) for slug, scores in self.per_area.items()},
            "micro_f1": self.micro_f1,
            "macro_f1": self.macro_f1,
            "micro_precision": self.micro_precision,
            "micro_recall": self.micro_recall,
            "abstention_rate": self.abstention_rate,
            "examples": self.examples,
        }


def parse_areas(value: str) -> set[str]:
    slugs = {slug.strip() for slug in (value or "").split(";") if slug.strip()}
    return slugs - {NONE}


def load_examples(path: Path = SEED_PATH) -> list[Example]:
    """Read a CSV with columns text, areas (slugs separated by ";", or "none"), question."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return [
            Example(row["text"], parse_areas(row["areas"]), row.get("question") or "")
            for row in csv.DictReader(handle)
        ]


def is_held_back(text: str) -> bool:
    digest = hashlib.sha256(f"{SPLIT_KEY}:{text.strip().lower()}".encode()).digest()
    return digest[0] % DEV_SHARE == 0


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(tuning, dev): the fixed split, the same on every run and machine."""
    tuning = [example for example in examples if not is_held_back(example.text)]
    dev = [example for example in examples if is_held_back(example.text)]
    return tuning, dev


def prototype_texts(area) -> list[str]:
    """A priority area's own words: name, summary, each intervention and each outcome."""
    lines = [area.name, area.summary]
    for block in (area.key_interventions, area.outcomes):
        lines += [line.strip() for line in (block or "").splitlines() if line.strip()]
    return [line for line in lines if line]


def label_matrix(examples: list[Example], slugs: list[str]):
    import numpy as np

    return np.array([[slug in example.areas for slug in slugs] for example in examples], int)


def score(predicted: list[list[str]], examples: list[Example], slugs: list[str]) -> Scores:
    """Precision, recall and F1 per area and overall. An answer with no suggestion counts as
    predicting no area (so abstaining on an answer that has areas costs recall)."""
    per_area = {}
    totals = [0, 0, 0]
    pairs = list(zip(predicted, [e.areas for e in examples], strict=True))
    for slug in slugs:
        tp = sum(slug in guess and slug in truth for guess, truth in pairs)
        fp = sum(slug in guess and slug not in truth for guess, truth in pairs)
        fn = sum(slug not in guess and slug in truth for guess, truth in pairs)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        per_area[slug] = AreaScores(round(precision, 4), round(recall, 4), round(f1, 4), tp + fn)
    tp, fp, fn = totals
    return Scores(
        per_area=per_area,
        micro_f1=round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 0.0,
        macro_f1=round(sum(s.f1 for s in per_area.values()) / len(slugs), 4) if slugs else 0.0,
        micro_precision=round(tp / (tp + fp), 4) if tp + fp else 0.0,
        micro_recall=round(tp / (tp + fn), 4) if tp + fn else 0.0,
        abstention_rate=round(sum(not guess for guess in predicted) / len(predicted), 4)
        if predicted
        else 0.0,
        examples=len(examples),
    )
