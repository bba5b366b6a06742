"""The linear-model pieces safeguarding's classifier and assisted coding's area model share:
fitting, deciding whether a retrained model replaces the one in use, and its report."""

import io
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from django.core.management.base import BaseCommand

from language import linear


def test_a_model_that_did_worse_is_not_activated_and_says_why():
    assert linear.activation("lower recall", activate=True, in_use="the active one") == (
        False,
        "lower recall",
    )
    assert linear.activation("", activate=False, in_use="the active one") == (
        False,
        "not asked to activate",
    )
    assert linear.activation("", activate=True, in_use="the active one") == (
        True,
        "no worse than the active one",
    )


def test_one_vs_rest_fits_each_label_and_fixes_labels_with_one_class():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(1, 0.3, (20, 4)), rng.normal(-1, 0.3, (20, 4))])
    separable = np.array([1] * 20 + [0] * 20)
    labels = np.column_stack([separable, np.ones(40, int), np.zeros(40, int)])

    fitted = linear.fit_one_vs_rest(X, labels)

    assert len(fitted["coef"]) == 3 and all(len(row) == 4 for row in fitted["coef"])
    logits = X @ np.asarray(fitted["coef"][0]) + fitted["intercept"][0]
    assert ((linear.sigmoid(logits) >= 0.5) == separable.astype(bool)).all()
    # Every example has label 1 and none has label 2: no regression, a fixed answer.
    assert fitted["coef"][1] == [0.0] * 4 and fitted["intercept"][1] == linear.CONSTANT_LOGIT
    assert fitted["intercept"][2] == -linear.CONSTANT_LOGIT


@dataclass
class Scores:
    examples: int
    per_label: dict
    f1: float


def command() -> BaseCommand:
    return BaseCommand(stdout=io.StringIO(), no_color=True)


def test_the_report_lists_each_label_the_model_in_use_and_the_decision():
    new = Scores(
        40, {"families": SimpleNamespace(precision=0.5, recall=0.25, f1=0.3333, support=8)}, 0.61
    )
    report = linear.TrainingReport("model", False, new, Scores(40, {}, 0.7), "worse")
    out = command()

    linear.write_report(
        out,
        report,
        trained="Trained model 7.",
        summary=lambda scores: f"F1 {scores.f1:.2f}",
        in_use="Model in use",
        per_label=lambda scores: scores.per_label,
    )

    assert out.stdout.getvalue().splitlines() == [
        "Trained model 7.",
        "Held-back examples (40):",
        "  families                 precision 0.50 recall 0.25 F1 0.33 (8)",
        "  F1 0.61",
        "Model in use on the same examples: F1 0.70",
        "Not activated: worse.",
    ]


def test_without_labels_the_scores_share_the_held_back_line(tmp_path):
    report = linear.TrainingReport("model", True, Scores(12, {}, 0.9), None, "no worse")
    out = command()

    linear.write_report(
        out, report, trained="Trained.", summary=lambda s: f"F1 {s.f1:.1f}", in_use="Active"
    )
    written = []
    linear.export_if_asked(out, "", tmp_path / "shipped.json", written.append)
    linear.export_if_asked(out, None, tmp_path / "shipped.json", written.append)

    assert out.stdout.getvalue().splitlines() == [
        "Trained.",
        "Held-back examples (12): F1 0.9",
        "Activated (no worse).",
        f"Wrote {tmp_path / 'shipped.json'}",
    ]
    assert written == [tmp_path / "shipped.json"]
