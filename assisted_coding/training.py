"""Train, score, store and activate area models (worker and commands only: loads the model).

`train(labelled, scope=...)` is the API a consultation's coded answers feed: an iterable of
(text or vector, set of area slugs). Coded examples are split as the seed set is (a keyed
hash, one in four held back); the model learns from the seed set's tuning part, the areas'
own words and the coded examples kept for training, and is scored on the seed set's dev part
plus the held-back coded examples. It is activated only if it does no worse there (micro F1)
than the model now in use for that scope (the scope's own, else the global one).
"""

import logging
from pathlib import Path

from django.db import IntegrityError, transaction

from language import linear
from language.shipped import read_model_file, write_model_file

from . import engine
from .examples import Example, is_held_back, label_matrix, load_examples, prototype_texts, score
from .examples import split as split_examples

logger = logging.getLogger("vru.assisted_coding")

SHIPPED_MODEL = Path(__file__).with_name("area_model.json")
# Encoded at training time and stored with the model: an answer this close to one of them
# is a non-answer whatever the classifier thinks (the vector-only twin of abstain.py).
NON_ANSWER_EXAMPLES = [
    "idk",
    "i don't know",
    "no comment",
    "nothing to add",
    "not sure",
    "n/a",
    "no",
    "yes",
    "ok",
    "same as above",
    "sdfsdf sdfsdf",
    "jkjkjkjk",
    "aaaaaaa",
    "hjkl hjkl",
    "xyz",
]


class TrainingReport(linear.TrainingReport):
    @property
    def area_model(self):  # AreaModel
        return self.model


def _areas():
    from home.models import PriorityArea

    return list(PriorityArea.objects.in_strategy_order())


def prototypes(areas):
    """One unit vector per area: the mean of its own words' vectors."""
    import numpy as np

    from language.encoder import encode

    rows = []
    for area in areas:
        centre = encode(prototype_texts(area)).mean(axis=0)
        rows.append(centre / np.linalg.norm(centre))
    return np.array(rows)


def vectors_of(examples: list[Example]):
    """Each example's vector: the one it came with, else encoded now (one batch)."""
    import numpy as np

    from language.encoder import encode

    missing = [example for example in examples if example.vector is None]
    for example, vector in zip(missing, encode([e.text for e in missing]), strict=True):
        example.vector = vector
    if not examples:
        return np.zeros((0, 384))
    return np.array([np.asarray(example.vector, dtype=np.float64) for example in examples])


def as_examples(labelled) -> list[Example]:
    """(text or vector, slugs) pairs as Examples. A vector's split is decided by its bytes."""
    import numpy as np

    result = []
    for item, slugs in labelled:
        if isinstance(item, str):
            result.append(Example(item, set(slugs)))
        else:
            vector = np.asarray(item, dtype=np.float32)
            result.append(Example(vector.tobytes().hex()[:64], set(slugs), vector=vector))
    return result


def fit_model(training: list[Example], slugs, proto) -> dict:
    import numpy as np

    from language.encoder import encode

    parameters = engine.fit(vectors_of(training), label_matrix(training, slugs), slugs, proto)
    non_answers = encode(NON_ANSWER_EXAMPLES)
    parameters["non_answers"] = np.round(non_answers, 5).tolist()
    return parameters


def evaluate(parameters: dict, examples: list[Example], slugs):
    """Scores of a model on labelled examples (their vectors already set)."""
    from .services import predict_vectors

    predictions = predict_vectors(parameters, vectors_of(examples))
    return score([p.areas for p in predictions], examples, slugs)


def _scope_filter(scope):
    from django.contrib.contenttypes.models import ContentType

    if scope is None:
        return {"scope_content_type__isnull": True}
    return {
        "scope_content_type": ContentType.objects.get_for_model(scope),
        "scope_object_id": str(scope.pk),
    }


def train(labelled=(), *, scope=None, seed=True, activate=True) -> TrainingReport:
    """Train a model from the seed set (unless `seed` is False) plus `labelled` coded
    examples, store it, and activate it unless it scores worse on the held-back examples
    than the model now used for `scope` (None = the global model)."""
    from language.encoder import model_version

    from .models import AreaModel
    from .services import active_model

    areas = _areas()
    slugs = [area.slug for area in areas]
    coded = as_examples(labelled)
    coded_training = [e for e in coded if not is_held_back(e.text)]
    coded_dev = [e for e in coded if is_held_back(e.text)]
    seed_training, seed_dev = split_examples(load_examples()) if seed else ([], [])
    training = seed_training + coded_training
    dev = seed_dev + coded_dev
    parameters = fit_model(training, slugs, prototypes(areas))
    new_scores = evaluate(parameters, dev, slugs)
    version = model_version()

    with transaction.atomic():
        current = active_model(scope, install=False, lock=True)
        current_scores = evaluate(current.parameters, dev, slugs) if current else None
        worse = ""
        if not dev:
            worse = "no held-back examples to score it on"
        elif current_scores and new_scores.micro_f1 < current_scores.micro_f1:
            worse = (
                f"worse on the held-back examples (micro F1 {new_scores.micro_f1:.3f} < "
                f"{current_scores.micro_f1:.3f})"
            )
        should_activate, reason = linear.activation(
            worse, activate=activate, in_use="the model in use"
        )
        area_model = AreaModel.objects.create(
            model_version=version,
            parameters=parameters,
            method="lr+prototypes" if parameters["linear"] else "prototypes",
            seed_examples=len(seed_training),
            coded_examples=len(coded_training),
            coded_held_back=len(coded_dev),
            dev_examples=len(dev),
            dev_metrics=new_scores.as_dict(),
            notes=reason,
            **{k: v for k, v in _scope_filter(scope).items() if not k.endswith("__isnull")},
        )
        if should_activate:
            AreaModel.objects.filter(
                is_active=True, model_version=version, **_scope_filter(scope)
            ).update(is_active=False)
            area_model.is_active = True
            area_model.save(update_fields=["is_active"])
    logger.info(
        "Area model %s trained (%s examples): dev micro F1 %.3f, %s",
        area_model.pk,
        len(training),
        new_scores.micro_f1,
        "activated" if should_activate else f"not activated ({reason})",
    )
    return TrainingReport(area_model, should_activate, new_scores, current_scores, reason)


def export_model(area_model, path: Path = SHIPPED_MODEL) -> None:
    data = {
        "model_version": area_model.model_version,
        "method": area_model.method,
        "seed_examples": area_model.seed_examples,
        "dev_examples": area_model.dev_examples,
        "dev_metrics": area_model.dev_metrics,
        "parameters": area_model.parameters,
    }
    write_model_file(path, data)


def install_shipped_model(path: Path = SHIPPED_MODEL):
    """Activate the global model shipped with the code if it was trained on the current
    embedding model and no global model is active. Returns it, or None."""
    from .models import AreaModel

    data = read_model_file(path)
    if data is None:
        return None
    try:
        with transaction.atomic():
            if AreaModel.objects.filter(
                is_active=True, model_version=data["model_version"], scope_content_type=None
            ).exists():
                return None
            return AreaModel.objects.create(
                model_version=data["model_version"],
                parameters=data["parameters"],
                method=data.get("method", "lr+prototypes"),
                seed_examples=data.get("seed_examples", 0),
                dev_examples=data.get("dev_examples", 0),
                dev_metrics=data.get("dev_metrics", {}),
                is_active=True,
                notes="shipped with the code (assisted_coding/area_model.json)",
            )
    except IntegrityError:  # another worker installed it at the same moment
        return None
