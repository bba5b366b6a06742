"""The semantic stage of safeguarding screening: a classifier over sentence vectors.

The phrase list (screening.py) runs inline at submission and explains itself; this stage runs
in the task worker (tasks.py) and catches wording nobody listed. It is two sets of logistic
regressions over the language layer's sentence vectors:

- a *flag* model (is this something a Safeguarding lead must see?) whose threshold is chosen
  by cross-validation on the training examples for high recall (never on the dev set);
- one *category* model per SafeguardingCategory slug, to say what kind of concern.

Training data: safeguarding/training/examples.csv, plus the lead's outcomes (a flag
closed as "not a concern" is a negative; a confirmed or hand-raised flag is a positive).
safeguarding/training/dev.csv is held back: it is only used to score a trained model,
and a retrain that scores worse there than the active model is stored but not activated.

Scikit-learn is only imported to train; prediction is plain numpy on stored coefficients.
"""

import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from language import linear
from language.linear import fit_one_vs_rest, logistic_regression, sigmoid
from language.shipped import read_model_file, write_model_file

from .sentences import split_sentences

logger = logging.getLogger("vru.safeguarding")

TRAINING_DIR = Path(__file__).with_name("training")
TRAINING_EXAMPLES = TRAINING_DIR / "examples.csv"
DEV_EXAMPLES = TRAINING_DIR / "dev.csv"
# The classifier trained from examples.csv by `manage.py train_screening --export`, so a fresh
# install screens from its first submission without training (about a minute on 2 cores).
SHIPPED_CLASSIFIER = TRAINING_DIR / "classifier.json"

# Chosen before looking at the dev set: the flag threshold is the highest one that keeps
# cross-validated recall on the training examples at or above this.
TARGET_TRAINING_RECALL = 0.97
# A flagged answer gets its most likely category, and any other this likely.
CATEGORY_THRESHOLD = 0.5


@dataclass
class Example:
    text: str
    expected_flag: bool
    expected_categories: set[str] = field(default_factory=set)
    notes: str = ""


@dataclass
class SemanticResult:
    flag: bool
    confidence: float  # probability from the flag model, 0 to 1
    categories: list[str]  # slugs, most likely first; empty when not flagged


@dataclass
class Scores:
    precision: float
    recall: float
    examples: int
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0


def load_examples(path: Path) -> list[Example]:
    """Read a CSV with columns text,expected_flag,expected_category,notes (categories are
    slugs separated by ";")."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return [
            Example(
                text=row["text"],
                expected_flag=row["expected_flag"].strip().lower() == "yes",
                expected_categories={
                    slug.strip()
                    for slug in (row.get("expected_category") or "").split(";")
                    if slug.strip()
                },
                notes=row.get("notes") or "",
            )
            for row in csv.DictReader(handle)
        ]


def lead_examples() -> list[Example]:
    """Labelled examples from the queue: closed "not a concern" flags are negatives; flags
    the lead confirmed, and flags raised by hand, are positives (with their categories)."""
    from safeguarding.models import SafeguardingFlag

    examples = []
    flags = (
        SafeguardingFlag.objects.filter(
            finding__in=[SafeguardingFlag.Finding.CONCERN, SafeguardingFlag.Finding.NOT_A_CONCERN]
        )
        | SafeguardingFlag.objects.filter(stage=SafeguardingFlag.Stage.HAND)
    ).prefetch_related("categories")
    for flag in flags.distinct():
        positive = flag.finding != SafeguardingFlag.Finding.NOT_A_CONCERN
        slugs = {category.slug for category in flag.categories.all()} if positive else set()
        for item in flag.flagged_texts or []:
            text = (item.get("text") or "").strip()
            if text:
                examples.append(Example(text, positive, set(slugs), notes=f"flag {flag.pk}"))
    return examples


def predict(parameters: dict, vectors) -> list[SemanticResult]:
    """Apply stored parameters to an (n, d) array of sentence vectors."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float64)
    if len(vectors) == 0:
        return []
    flag_model = parameters["flag"]
    flag_probs = sigmoid(vectors @ np.asarray(flag_model["coef"]) + flag_model["intercept"])
    slugs = parameters["categories"]
    category_model = parameters["category"]
    category_probs = sigmoid(
        vectors @ np.asarray(category_model["coef"]).T + np.asarray(category_model["intercept"])
    )
    threshold = flag_model["threshold"]
    category_threshold = parameters.get("category_threshold", CATEGORY_THRESHOLD)
    results = []
    for flag_prob, probs in zip(flag_probs, category_probs, strict=True):
        flagged = bool(flag_prob >= threshold)
        order = np.argsort(-probs)
        categories = []
        if flagged:
            categories = [slugs[order[0]]] + [
                slugs[i] for i in order[1:] if probs[i] >= category_threshold
            ]
        results.append(SemanticResult(flagged, float(flag_prob), categories))
    return results


def score(parameters: dict, vectors, examples: list[Example]) -> Scores:
    """Precision and recall of the flag decision on labelled examples."""
    results = predict(parameters, vectors)
    tp = sum(r.flag and e.expected_flag for r, e in zip(results, examples, strict=True))
    fp = sum(r.flag and not e.expected_flag for r, e in zip(results, examples, strict=True))
    fn = sum(not r.flag and e.expected_flag for r, e in zip(results, examples, strict=True))
    return Scores(
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        examples=len(examples),
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
    )


def fit(vectors, examples: list[Example], category_slugs: list[str]) -> dict:
    """Train the flag and category models; returns JSON-safe parameters."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    X = np.asarray(vectors, dtype=np.float64)
    y = np.array([example.expected_flag for example in examples], dtype=int)

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=14)
    out_of_fold = cross_val_predict(logistic_regression(), X, y, cv=folds, method="predict_proba")[
        :, 1
    ]
    positives = np.sort(out_of_fold[y == 1])
    # The highest threshold that still catches TARGET_TRAINING_RECALL of the positives.
    allowed_misses = int(np.floor((1 - TARGET_TRAINING_RECALL) * len(positives)))
    threshold = float(positives[allowed_misses]) if len(positives) else 0.5
    threshold = min(max(threshold, 0.05), 0.95)

    flagger = logistic_regression().fit(X, y)
    labels = np.array(
        [[slug in example.expected_categories for slug in category_slugs] for example in examples],
        dtype=int,
    ).reshape(len(examples), len(category_slugs))
    return {
        "categories": list(category_slugs),
        "flag": {
            "coef": flagger.coef_[0].tolist(),
            "intercept": float(flagger.intercept_[0]),
            "threshold": threshold,
        },
        "category": fit_one_vs_rest(X, labels),
        "category_threshold": CATEGORY_THRESHOLD,
    }


class TrainingReport(linear.TrainingReport):
    @property
    def classifier(self):  # ScreeningClassifier
        return self.model


def train(
    *,
    examples_path: Path = TRAINING_EXAMPLES,
    dev_path: Path = DEV_EXAMPLES,
    include_lead_outcomes: bool = True,
    activate: bool = True,
) -> TrainingReport:
    """Train on the examples file (plus the lead's outcomes), score on the held-back dev
    examples, store the classifier, and activate it unless it does worse on the dev set than
    the active one (lower recall, or lower precision)."""
    from language.encoder import encode, model_version
    from safeguarding.models import SafeguardingCategory, ScreeningClassifier

    training = load_examples(examples_path)
    from_leads = lead_examples() if include_lead_outcomes else []
    examples = training + from_leads
    dev = load_examples(dev_path)
    slugs = list(SafeguardingCategory.objects.values_list("slug", flat=True))
    vectors = encode([example.text for example in examples])
    dev_vectors = encode([example.text for example in dev])
    parameters = fit(vectors, examples, slugs)
    new_scores = score(parameters, dev_vectors, dev)
    version = model_version()

    with transaction.atomic():
        active = (
            ScreeningClassifier.objects.select_for_update()
            .filter(is_active=True, model_version=version)
            .first()
        )
        active_scores = score(active.parameters, dev_vectors, dev) if active else None
        worse = ""
        if active_scores and new_scores.recall < active_scores.recall:
            worse = "lower recall on the held-back examples"
        elif active_scores and new_scores.precision < active_scores.precision:
            worse = "lower precision on the held-back examples"
        should_activate, reason = linear.activation(
            worse, activate=activate, in_use="the active classifier"
        )
        classifier = ScreeningClassifier.objects.create(
            model_version=version,
            parameters=parameters,
            training_examples=len(training),
            lead_examples=len(from_leads),
            dev_precision=new_scores.precision,
            dev_recall=new_scores.recall,
            dev_examples=len(dev),
            notes=reason,
        )
        if should_activate:
            if active:
                active.is_active = False
                active.save(update_fields=["is_active"])
            classifier.is_active = True
            classifier.save(update_fields=["is_active"])
    forget_active_classifier()
    logger.info(
        "Screening classifier %s trained: dev precision %.2f recall %.2f, %s",
        classifier.pk,
        new_scores.precision,
        new_scores.recall,
        "activated" if should_activate else f"not activated ({reason})",
    )
    return TrainingReport(classifier, should_activate, new_scores, active_scores, reason)


def forget_active_classifier() -> None:
    """Kept for symmetry with the phrase list's cache: the active classifier is read from the
    database on every screening (one indexed query), so there is nothing to forget yet."""


def active_classifier(*, train_if_missing: bool = True):
    """The active classifier for the current embedding model. On a fresh install the first
    caller (the first worker run, or seed_demo) trains one from the examples file."""
    from language.encoder import model_version
    from safeguarding.models import ScreeningClassifier

    version = model_version()
    classifier = ScreeningClassifier.objects.filter(is_active=True, model_version=version).first()
    if classifier is None and train_if_missing:
        try:
            classifier = install_shipped_classifier() or train().classifier
        except IntegrityError:  # another worker activated one at the same moment
            classifier = ScreeningClassifier.objects.filter(
                is_active=True, model_version=version
            ).first()
    return classifier


def export_classifier(classifier, path: Path = SHIPPED_CLASSIFIER) -> None:
    data = {
        "model_version": classifier.model_version,
        "training_examples": classifier.training_examples,
        "dev_precision": classifier.dev_precision,
        "dev_recall": classifier.dev_recall,
        "dev_examples": classifier.dev_examples,
        "parameters": classifier.parameters,
    }
    write_model_file(path, data)


def install_shipped_classifier(path: Path = SHIPPED_CLASSIFIER):
    """Activate the classifier shipped with the code, if it was trained on the current
    embedding model and nothing is active. Returns it, or None."""
    from safeguarding.models import ScreeningClassifier

    data = read_model_file(path)
    if data is None:
        return None
    with transaction.atomic():
        if ScreeningClassifier.objects.filter(
            is_active=True, model_version=data["model_version"]
        ).exists():
            return None
        return ScreeningClassifier.objects.create(
            model_version=data["model_version"],
            parameters=data["parameters"],
            training_examples=data.get("training_examples", 0),
            dev_precision=data.get("dev_precision"),
            dev_recall=data.get("dev_recall"),
            dev_examples=data.get("dev_examples", 0),
            is_active=True,
            notes="shipped with the code (safeguarding/training/classifier.json)",
        )


def classify_texts(texts: list[str], *, sentences: bool = True) -> list[SemanticResult]:
    """Encode and classify texts (loads the model; worker and commands only)."""
    from language.encoder import encode

    classifier = active_classifier()
    if classifier is None or not texts:
        return []
    if not sentences:  # the whole answer only (for comparison in bench/safeguarding_eval.py)
        return predict(classifier.parameters, encode(texts))
    return classify(classifier.parameters, texts, encode(texts), encode)


def classify(parameters: dict, texts: list[str], whole_vectors, encode) -> list[SemanticResult]:
    """Classify each text from its whole vector and, when it has several sentences, each
    sentence's vector too (encoded here with `encode`, never stored): a text is flagged when
    the whole or any sentence is, with the most confident unit's confidence and categories
    (safeguarding/sentences.py says why)."""
    results = predict(parameters, whole_vectors)
    units = [(index, unit) for index, text in enumerate(texts) for unit in split_sentences(text)]
    if not units:
        return results
    unit_results = predict(parameters, encode([unit for _, unit in units]))
    for (index, _), unit in zip(units, unit_results, strict=True):
        if (unit.flag, unit.confidence) > (results[index].flag, results[index].confidence):
            results[index] = unit
    return results
