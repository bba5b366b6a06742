"""Linear models over sentence vectors, as safeguarding's screening classifier and assisted
coding's area model both train them: logistic regressions fitted by scikit-learn (imported
only to train), applied with numpy on stored coefficients, retrained against held-back
examples and activated only when no worse than the model in use.

This module holds what the two share: the regression itself, the decision to activate a
retrained model, its report, and how a `train_*` command prints that report and exports the
model file (`language.shipped`). What is scored, and how, stays with each app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# How strongly both apps' regressions are regularised (chosen before looking at held-back
# examples; larger is weaker).
REGULARISATION_C = 4.0
# A label no training example has (or every one has): a fixed, confident "no" (or "yes").
CONSTANT_LOGIT = 10.0


def sigmoid(values):
    import numpy as np

    return 1.0 / (1.0 + np.exp(-values))


def logistic_regression():
    """An unfitted regression: balanced classes, so a rare label is not simply ignored."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=2000)


def fit_one_vs_rest(X, labels, weights=None) -> dict:
    """One regression per column of an (n, labels) 0/1 matrix; JSON-safe coefficients."""
    coefs, intercepts = [], []
    for column in range(labels.shape[1]):
        y = labels[:, column]
        if y.min() == y.max():  # every example has (or lacks) this label: nothing to fit
            coefs.append([0.0] * X.shape[1])
            intercepts.append(CONSTANT_LOGIT if y.min() else -CONSTANT_LOGIT)
            continue
        model = logistic_regression().fit(X, y, sample_weight=weights)
        coefs.append(model.coef_[0].tolist())
        intercepts.append(float(model.intercept_[0]))
    return {"coef": coefs, "intercept": intercepts}


def activation(worse: str, *, activate: bool, in_use: str) -> tuple[bool, str]:
    """Whether a retrained model replaces the one in use, and why. `worse` says how it did
    worse on the held-back examples (empty if it did not); `in_use` names the model in use."""
    if worse:
        return False, worse
    if not activate:
        return False, "not asked to activate"
    return True, f"no worse than {in_use}"


@dataclass
class TrainingReport:
    """A retrained model (its stored row), its scores and those of the model in use on the
    same held-back examples, and whether it was activated."""

    model: object
    activated: bool
    new: object
    active: object | None
    reason: str


def score_table(per_label: dict) -> list[str]:
    """One line per label: precision, recall and F1 (objects with those attributes and
    `support`, the number of held-back examples that have the label)."""
    return [
        f"  {label:24s} precision {scores.precision:.2f} recall {scores.recall:.2f} "
        f"F1 {scores.f1:.2f} ({scores.support})"
        for label, scores in per_label.items()
    ]


def add_export_argument(parser, default_name: str) -> None:
    parser.add_argument(
        "--export",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help=f"also write the model to PATH (default: the shipped {default_name})",
    )


def write_report(
    command,
    report: TrainingReport,
    *,
    trained: str,
    summary: Callable[[object], str],
    in_use: str,
    per_label: Callable[[object], dict] | None = None,
) -> None:
    """Print a training report from a management command: what was trained, its scores on
    the held-back examples (a table per label if `per_label` gives one, then `summary`), the
    model in use on the same examples, and whether the new one was activated."""
    write = command.stdout.write
    write(trained)
    if per_label is None:
        write(f"Held-back examples ({report.new.examples}): {summary(report.new)}")
    else:
        write(f"Held-back examples ({report.new.examples}):")
        for line in score_table(per_label(report.new)):
            write(line)
        write(f"  {summary(report.new)}")
    if report.active is not None:
        write(f"{in_use} on the same examples: {summary(report.active)}")
    if report.activated:
        write(command.style.SUCCESS(f"Activated ({report.reason})."))
    else:
        write(command.style.WARNING(f"Not activated: {report.reason}."))


def export_if_asked(command, export: str | None, shipped: Path, write_file: Callable) -> None:
    """With `--export`, write the model file (to the shipped path unless one was given)."""
    if export is None:
        return
    target = Path(export) if export else shipped
    write_file(target)
    command.stdout.write(f"Wrote {target}")
