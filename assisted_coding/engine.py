"""The suggested-priority-areas classifier: multi-label, over the language layer's vectors.

Each area gets a probability from a blend of two parts, both linear in the sentence vector:

- *prototypes*: the cosine similarity of the answer to the area's own words (its name,
  summary, key interventions and outcomes, encoded and averaged), turned into a probability
  by a fixed logistic curve; this is all a model has before anyone has coded an answer;
- *one-vs-rest logistic regression* trained on coded answers (the seed set's tuning split,
  then staff coding).

An area is suggested when its blended probability reaches that area's threshold, which is
chosen by cross-validation on the training examples only (never on held-back examples). At
most MAX_AREAS are suggested, most likely first. When no area reaches its threshold the answer
gets no suggestion (it abstains), as it does for empty or meaningless text (abstain.py).

scikit-learn is imported only by `fit`; `predict` is numpy on the stored parameters (a JSON row,
`AreaModel.parameters`), so every worker uses exactly the same model.
"""

from dataclasses import dataclass

from language.linear import fit_one_vs_rest, sigmoid

MAX_AREAS = 3
# How much of the blended probability comes from logistic regression once there are coded
# examples (the rest from prototypes): the one of these that does best in cross-validation
# on the training examples.
LR_WEIGHTS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# The prototype curve: probability = sigmoid(PROTOTYPE_SCALE * (cosine - PROTOTYPE_OFFSET)).
# Fixed before any tuning: cosine 0.3 is "about even" for MiniLM on short answers.
PROTOTYPE_SCALE = 12.0
PROTOTYPE_OFFSET = 0.3
# With no coded examples there is nothing to choose thresholds on: suggest the one nearest
# area when its prototype probability reaches this (fixed, not tuned; one area, because a
# wrong suggestion costs a coder more than a missing one).
COLD_START_THRESHOLD = 0.5
COLD_START_MAX_AREAS = 1
FOLDS = 5


@dataclass
class Prediction:
    areas: list[str]  # slugs suggested, most likely first; empty = no suggestion
    confidences: dict[str, float]  # every area's blended probability
    abstain_reason: str = ""  # set when a rule, not the thresholds, refused a suggestion


def probabilities(parameters: dict, vectors):
    """(n, areas) blended probabilities for an (n, d) array of unit vectors."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float64)
    prototypes = np.asarray(parameters["prototypes"], dtype=np.float64)
    proto = sigmoid(PROTOTYPE_SCALE * (vectors @ prototypes.T - PROTOTYPE_OFFSET))
    linear = parameters.get("linear")
    if not linear:
        return proto
    lr = sigmoid(vectors @ np.asarray(linear["coef"]).T + np.asarray(linear["intercept"]))
    weight = parameters["lr_weight"]
    return weight * lr + (1 - weight) * proto


def decide(parameters: dict, probs) -> list[Prediction]:
    """Turn probabilities into suggestions with the stored per-area thresholds."""
    import numpy as np

    slugs = parameters["areas"]
    thresholds = np.asarray(parameters["thresholds"], dtype=np.float64)
    limit = parameters.get("max_areas", MAX_AREAS)
    results = []
    for row in np.asarray(probs):
        order = [int(i) for i in np.argsort(-row) if row[i] >= thresholds[i]][:limit]
        results.append(
            Prediction(
                areas=[slugs[i] for i in order],
                confidences={slug: round(float(p), 4) for slug, p in zip(slugs, row, strict=True)},
            )
        )
    return results


def predict(parameters: dict, vectors) -> list[Prediction]:
    import numpy as np

    if len(vectors) == 0:
        return []
    return decide(parameters, probabilities(parameters, np.asarray(vectors)))


def best_thresholds(probs, labels) -> list[float]:
    """Per area, the threshold that maximises F1 on (out-of-fold) probabilities."""
    import numpy as np

    thresholds = []
    candidates = np.linspace(0.1, 0.9, 33)
    for column in range(labels.shape[1]):
        y = labels[:, column].astype(bool)
        best, best_f1 = 0.5, -1.0
        for threshold in candidates:
            guess = probs[:, column] >= threshold
            tp = int((guess & y).sum())
            denominator = int(guess.sum()) + int(y.sum())
            f1 = 2 * tp / denominator if denominator else 0.0
            if f1 > best_f1:
                best, best_f1 = float(threshold), f1
        thresholds.append(round(best, 4))
    return thresholds


def _micro_f1(probs, labels, thresholds) -> float:
    import numpy as np

    guess = probs >= np.asarray(thresholds)
    tp = int((guess & labels.astype(bool)).sum())
    denominator = int(guess.sum()) + int(labels.sum())
    return 2 * tp / denominator if denominator else 0.0


def fit(vectors, labels, slugs: list[str], prototypes) -> dict:
    """Train on (n, d) vectors and an (n, areas) 0/1 label matrix; returns JSON-safe
    parameters. With too few examples it is the prototypes-only cold-start model.

    The blend weight and the per-area thresholds are chosen on out-of-fold probabilities of
    the training examples (5-fold cross-validation), never on held-back examples."""
    import numpy as np

    prototypes = np.asarray(prototypes, dtype=np.float64)
    parameters = {
        "areas": list(slugs),
        "prototypes": prototypes.tolist(),
        "linear": None,
        "lr_weight": 0.0,
        "max_areas": COLD_START_MAX_AREAS,
        "thresholds": [COLD_START_THRESHOLD] * len(slugs),
    }
    X = np.asarray(vectors, dtype=np.float64).reshape(-1, prototypes.shape[1])
    labels = np.asarray(labels, dtype=int).reshape(len(X), len(slugs))
    if len(X) < 2 * FOLDS or labels.sum(axis=0).min() < 2:
        return parameters  # too few coded examples to fit or to choose thresholds
    out_of_fold = np.zeros(labels.shape)
    order = np.random.default_rng(15).permutation(len(X))
    for fold in range(FOLDS):
        held = order[fold::FOLDS]
        kept = np.setdiff1d(order, held)
        fold_parameters = dict(
            parameters, linear=fit_one_vs_rest(X[kept], labels[kept]), lr_weight=1
        )
        out_of_fold[held] = probabilities(fold_parameters, X[held])
    proto = probabilities(parameters, X)
    best = (-1.0, 1.0, None)
    for weight in LR_WEIGHTS:
        blended = weight * out_of_fold + (1 - weight) * proto
        thresholds = best_thresholds(blended, labels)
        f1 = _micro_f1(blended, labels, thresholds)
        if f1 > best[0]:
            best = (f1, weight, thresholds)
    _, parameters["lr_weight"], parameters["thresholds"] = best
    parameters["max_areas"] = MAX_AREAS
    parameters["linear"] = fit_one_vs_rest(X, labels)
    return parameters
