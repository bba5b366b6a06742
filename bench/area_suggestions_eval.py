"""Measure suggested priority areas (issue 15) on labelled answers.

    .venv/bin/python bench/area_suggestions_eval.py                  # the seed set's dev split
    .venv/bin/python bench/area_suggestions_eval.py --examples PATH  # any text,areas CSV
    .venv/bin/python bench/area_suggestions_eval.py --methods        # alternatives + curve
    .venv/bin/python bench/area_suggestions_eval.py --throughput     # suggestions per second

The model scored is the one a fresh install gets: trained on the seed set's tuning split (the
same as assisted_coding/area_model.json). Prints precision, recall and F1 per area, micro and
macro F1, how many answers got no suggestion, and how many coded examples the model had.
`--methods` compares prototypes only, logistic regression, the blend and kNN on the dev split
and prints the learning curve (0, 50, 100, 200, 400 and all tuning examples). Runs on a
throwaway database built from the migrations (DATABASE_URL's server, or SQLite).
"""

import argparse
import os
import sys
import time
from pathlib import Path

CURVE = (0, 50, 100, 200, 400)


def line(name: str, scores) -> str:
    areas = " ".join(f"{s.f1:.2f}" for s in scores.per_area.values())
    return (
        f"{name:34s} micro F1 {scores.micro_f1:.3f} macro F1 {scores.macro_f1:.3f} "
        f"P {scores.micro_precision:.3f} R {scores.micro_recall:.3f} "
        f"none {scores.abstention_rate:.0%} | {areas}"
    )


def full_report(scores, trained_on: int) -> str:
    rows = [f"examples: {scores.examples}; the model had {trained_on} coded examples"]
    rows.append(f"{'area':24s} precision recall   F1  support")
    for slug, s in scores.per_area.items():
        rows.append(f"{slug:24s} {s.precision:9.3f} {s.recall:6.3f} {s.f1:5.3f} {s.support:8d}")
    rows.append(f"micro F1 {scores.micro_f1:.3f}  macro F1 {scores.macro_f1:.3f}")
    rows.append(f"no suggestion (abstained): {scores.abstention_rate:.1%}")
    return "\n".join(rows)


def suggest(parameters, examples):
    """Text rules first (abstain.py), then the vector model, as the worker does."""
    from assisted_coding.abstain import abstain_reason
    from assisted_coding.services import predict_vectors
    from assisted_coding.training import vectors_of

    predictions = predict_vectors(parameters, vectors_of(examples))
    return [
        [] if abstain_reason(example.text) else prediction.areas
        for example, prediction in zip(examples, predictions, strict=True)
    ]


def knn_predictions(train_x, train_y, x, slugs, k=10):
    import numpy as np

    from assisted_coding import engine

    def votes(a, ay, b):
        sims = b @ a.T
        nearest = np.argsort(-sims, axis=1)[:, :k]
        out = np.zeros((len(b), ay.shape[1]))
        for i, idx in enumerate(nearest):
            weights = np.maximum(sims[i, idx], 0)
            out[i] = (weights[:, None] * ay[idx]).sum(0) / max(weights.sum(), 1e-9)
        return out

    order = np.random.default_rng(15).permutation(len(train_x))
    out_of_fold = np.zeros(train_y.shape)
    for fold in range(5):
        held = order[fold::5]
        kept = np.setdiff1d(order, held)
        out_of_fold[held] = votes(train_x[kept], train_y[kept], train_x[held])
    parameters = {"areas": slugs, "thresholds": engine.best_thresholds(out_of_fold, train_y)}
    return [p.areas for p in engine.decide(parameters, votes(train_x, train_y, x))]


def methods(tuning, dev, slugs, proto) -> None:
    import numpy as np

    from assisted_coding import engine
    from assisted_coding.examples import label_matrix, score
    from assisted_coding.training import fit_model, vectors_of

    train_x, train_y = vectors_of(tuning), label_matrix(tuning, slugs)
    dev_x = vectors_of(dev)
    print(f"Methods on the dev split ({len(dev)} answers), trained on {len(tuning)}:")
    cold = fit_model([], slugs, proto)
    print(line("prototypes only (0 examples)", score(suggest(cold, dev), dev, slugs)))
    blended = engine.fit(train_x, train_y, slugs, proto)
    lr_only = fit_lr_only(train_x, train_y, slugs, proto)
    print(line("logistic regression only", score(engine_areas(lr_only, dev_x), dev, slugs)))
    print(
        line(
            f"LR + prototypes (weight {blended['lr_weight']})",
            score(engine_areas(blended, dev_x), dev, slugs),
        )
    )
    full = fit_model(tuning, slugs, proto)
    print(line("LR + prototypes + abstain rules", score(suggest(full, dev), dev, slugs)))
    print(line("kNN (k=10)", score(knn_predictions(train_x, train_y, dev_x, slugs), dev, slugs)))
    print("\nLearning curve (dev F1 by number of coded tuning examples):")
    order = np.random.default_rng(2026).permutation(len(tuning))
    for n in (*CURVE, len(tuning)):
        subset = [tuning[i] for i in order[:n]]
        parameters = fit_model(subset, slugs, proto)
        print(line(f"{n} examples", score(suggest(parameters, dev), dev, slugs)))


def fit_lr_only(train_x, train_y, slugs, proto):
    """Logistic regression alone (blend weight 1), thresholds by the same cross-validation."""
    from assisted_coding import engine

    saved = engine.LR_WEIGHTS
    engine.LR_WEIGHTS = (1.0,)
    try:
        return engine.fit(train_x, train_y, slugs, proto)
    finally:
        engine.LR_WEIGHTS = saved


def engine_areas(parameters, x):
    from assisted_coding import engine

    return [p.areas for p in engine.predict(parameters, x)]


def throughput(parameters, examples) -> None:
    import numpy as np

    from assisted_coding.services import predict_vectors
    from language.encoder import encode

    texts = [e.text for e in examples] * 3
    vectors = np.tile(np.stack([np.asarray(e.vector) for e in examples]), (30, 1))
    start = time.perf_counter()
    predict_vectors(parameters, vectors)
    from_vectors = len(vectors) / (time.perf_counter() - start)
    start = time.perf_counter()
    predict_vectors(parameters, encode(texts))
    from_text = len(texts) / (time.perf_counter() - start)
    print(f"\nThroughput (prediction only, no database), load: {os.getloadavg()[0]:.2f}")
    print(f"  from stored vectors: {from_vectors:,.0f} suggestions/s ({len(vectors)} answers)")
    print(f"  from raw text (encode + predict): {from_text:,.1f} suggestions/s ({len(texts)})")
    sweep_rate(vectors[:2000])


def sweep_rate(vectors) -> None:
    """The scheduled sweep end to end: stored TextVector rows in, AreaSuggestion rows out."""
    from django.contrib.contenttypes.models import ContentType

    from assisted_coding import services
    from home.models import Borough
    from language.encoder import model_version
    from language.models import TextVector

    content_type = ContentType.objects.get_for_model(Borough)
    TextVector.objects.bulk_create(
        TextVector(
            content_type=content_type,
            object_id=str(i),
            key="Your idea",
            model_version=model_version(),
            dimensions=len(vector),
            vector=vector.astype("<f4").tobytes(),
            text_sha256="0" * 64,
        )
        for i, vector in enumerate(vectors)
    )
    services.active_model()  # installs the shipped model, as the first worker run does
    start = time.perf_counter()
    written = 0
    while batch := services.sweep():
        written += batch
    elapsed = time.perf_counter() - start
    print(f"  the sweep, database included: {written / elapsed:,.0f} suggestions/s ({written})")


def run(args) -> None:
    from assisted_coding.examples import load_examples, score, split
    from assisted_coding.training import _areas, fit_model, prototypes, vectors_of

    areas = _areas()
    slugs = [area.slug for area in areas]
    proto = prototypes(areas)
    tuning, dev = split(load_examples())
    parameters = fit_model(tuning, slugs, proto)
    examples = load_examples(args.examples) if args.examples else dev
    vectors_of(examples)
    name = args.examples or "the seed set's dev split"
    print(f"Scored on {name}")
    print(full_report(score(suggest(parameters, examples), examples, slugs), len(tuning)))
    if args.methods:
        print()
        methods(tuning, dev, slugs, proto)
    if args.throughput:
        throughput(parameters, examples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, help="a CSV with columns text and areas")
    parser.add_argument("--methods", action="store_true", help="alternatives + learning curve")
    parser.add_argument("--throughput", action="store_true", help="suggestions per second")
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "site")]
    from bench.test_database import in_test_database

    in_test_database(run, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
