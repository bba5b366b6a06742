"""Themes at scale (issue 15): 20,000 synthetic answers with twelve planted topics and 5%
noise (bench/themes_synthetic.py), grouped by the real theme task. Not part of the suite.

    .venv/bin/python bench/themes_bench.py [--answers 20000] [--cold] [--methods]

Uses the PostgreSQL database `vru_bench_themes` (created and migrated if missing; the answers
are loaded once with bulk_create and kept). `--cold` first deletes the answers' stored vectors,
so the run encodes them all with MiniLM in the worker (the total time); without it, a first
run stores them and the timed run reads them (clustering time with vectors already stored).
Prints the time, the load average, the number of themes and how well the planted topics are
recovered: adjusted Rand index over all answers (noise as its own class), purity of the themes
and the share of noise sent to "Unclear / other". `--methods` compares the alternatives of
decision 0023 on the stored vectors. `measure()` returns (n_answers, seconds) for
`make bench-assisted`.
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "site")]

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "vru_bench_themes"
TARGET_SECONDS = 120


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{DATABASE_NAME}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load(n: int) -> tuple[list[int], list[int]]:
    """The benchmark's answers (loaded once): their pks and planted topics, in order."""
    from django.db import transaction

    from bench.themes_synthetic import make_answers
    from consultations.models import Answer, Response
    from tests.consultations.feedback.factories import make_consultation

    texts, truth = make_answers(n)
    title = f"Themes benchmark {n}"
    answers = Answer.objects.filter(response__consultation__title=title).order_by("pk")
    if answers.count() != n:
        from consultations.models import ConsultationPage

        consultation = ConsultationPage.objects.filter(title=title).first() or make_consultation(
            title, slug=f"themes-bench-{n}"
        )
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    consultation=consultation,
                    reference=f"T{n // 1000:03d}{index:06d}",
                    submission_token=f"themes-bench-{n}-{index}",
                    age_band="16_17",
                )
                for index in range(n)
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question_id="q-safer",
                    question_label="What would make your area feel safer?",
                    question_type="long_text",
                    position=0,
                    value_text=text,
                )
                for response, text in zip(responses, texts, strict=True)
            )
    return list(answers.values_list("pk", flat=True)), truth


def run_themes(answer_ids: list[int]):
    from django.test import override_settings

    from assisted_coding.themes import runs
    from assisted_coding.themes.worker import run_task
    from consultations.feedback.themes import SOURCE

    # Queued as the web asks for it, then run by this process as the worker runs it.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        run = runs.request_run(SOURCE, answer_ids, description="Benchmark", user=None)
    started, cpu = time.perf_counter(), time.process_time()
    assert run_task(run.pk) == "done"
    run.refresh_from_db()
    # CPU time too: on a shared machine the wall clock mostly measures the other sessions.
    run.cpu_seconds = time.process_time() - cpu
    return run, time.perf_counter() - started


def recovery(run, answer_ids: list[int], truth: list[int]) -> dict:
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    from assisted_coding.models import ThemeMember

    topic_of = dict(zip(answer_ids, truth, strict=True))
    members = ThemeMember.objects.filter(theme__run=run).values_list(
        "object_id", "theme_id", "theme__is_unclear"
    )
    found, planted, unclear_noise, noise = [], [], 0, 0
    by_theme: dict[int, list[int]] = {}
    for object_id, theme_id, is_unclear in members:
        topic = topic_of[int(object_id)]
        found.append(-1 if is_unclear else theme_id)
        planted.append(topic)
        noise += topic == -1
        unclear_noise += topic == -1 and is_unclear
        if not is_unclear:
            by_theme.setdefault(theme_id, []).append(topic)
    purity = sum(np.bincount(np.array(t) + 1).max() for t in by_theme.values()) / max(
        1, sum(len(t) for t in by_theme.values())
    )
    in_themes = sum(len(t) for t in by_theme.values())
    return {
        "ari": round(adjusted_rand_score(planted, found), 3),
        "purity": round(float(purity), 3),
        "noise_to_unclear": round(unclear_noise / max(noise, 1), 3),
        "in_themes": round(in_themes / max(len(found), 1), 3),
    }


def measure(n: int = 20_000, *, cold: bool = False) -> tuple[int, float]:
    """For `make bench-assisted`: (answers grouped, seconds of the theme task)."""
    setup_django()
    answer_ids, truth = load(n)
    if cold:
        forget_vectors()
    else:
        run_themes(answer_ids)  # stores any vector still missing
    run, seconds = run_themes(answer_ids)
    return run.item_count, seconds


def reuse_encoded(answer_ids: list[int], truth: list[int]) -> int:
    """Give every answer still without a vector the text and vector of an encoded answer of
    the same planted topic (so the ground truth holds). For a machine too busy to encode all
    20,000 texts in time: the clustering still sees 20,000 real MiniLM vectors, with more
    repeated texts. Returns how many answers were changed."""
    import random

    from django.contrib.contenttypes.models import ContentType

    from consultations.models import Answer, Response
    from language.models import TextVector

    response_type = ContentType.objects.get_for_model(Response)
    answers = Answer.objects.in_bulk(answer_ids)
    vectors = {
        row.object_id: row
        for row in TextVector.objects.filter(
            content_type=response_type,
            object_id__in=[str(answer.response_id) for answer in answers.values()],
        )
    }
    encoded: dict[int, list] = {}
    for pk, topic in zip(answer_ids, truth, strict=True):
        if str(answers[pk].response_id) in vectors:
            encoded.setdefault(topic, []).append(answers[pk])
    rng = random.Random(15)
    changed, rows = [], []
    for pk, topic in zip(answer_ids, truth, strict=True):
        answer = answers[pk]
        if str(answer.response_id) in vectors:
            continue
        donor = rng.choice(encoded[topic])
        source = vectors[str(donor.response_id)]
        answer.value_text = donor.value_text
        changed.append(answer)
        rows.append(
            TextVector(
                content_type=response_type,
                object_id=str(answer.response_id),
                key=source.key,
                model_version=source.model_version,
                dimensions=source.dimensions,
                vector=source.vector,
                text_sha256=source.text_sha256,
            )
        )
    Answer.objects.bulk_update(changed, ["value_text"], batch_size=2000)
    TextVector.objects.bulk_create(rows, batch_size=2000)
    return len(changed)


def forget_vectors() -> None:
    from language.models import TextVector

    TextVector.objects.all().delete()


def compare_methods(answer_ids, truth) -> None:
    """Decision 0023's alternatives on the same stored vectors (a 5,000-answer sample for the
    ones that do not scale to 20,000)."""
    import numpy as np
    from sklearn.cluster import HDBSCAN, AgglomerativeClustering
    from sklearn.metrics import adjusted_rand_score

    from assisted_coding.themes import engine
    from language.models import TextVector

    rows = TextVector.objects.order_by("object_id")
    vectors = {int(row.object_id): row.as_array() for row in rows.iterator()}
    response_of = dict(
        __import__("consultations.models", fromlist=["Answer"])
        .Answer.objects.filter(pk__in=answer_ids)
        .values_list("pk", "response_id")
    )
    matrix = np.stack([vectors[response_of[pk]] for pk in answer_ids])
    truth = np.array(truth)
    rng = np.random.default_rng(0)
    sample = rng.choice(len(matrix), min(5000, len(matrix)), replace=False)
    texts = ["x"] * len(matrix)

    def report(name, labels, index, seconds):
        print(
            f"  {name:<38} ARI {adjusted_rand_score(truth[index], labels):.3f}  "
            f"themes {len(set(labels.tolist()) - {-1}):>3}  unclear "
            f"{(labels == -1).mean():.1%}  {seconds:.1f} s",
            flush=True,
        )

    everyone = np.arange(len(matrix))
    started = time.perf_counter()
    result = engine.find_themes(matrix, texts)
    labels = np.full(len(matrix), -1)
    for number, theme in enumerate(result.themes):
        if not theme.unclear:
            labels[theme.members] = number
    report(f"k-means, k={result.k} by silhouette", labels, everyone, time.perf_counter() - started)
    for k in (8, 12, 16):
        started = time.perf_counter()
        result = engine.find_themes(matrix, texts, k=k)
        labels = np.full(len(matrix), -1)
        for number, theme in enumerate(result.themes):
            if not theme.unclear:
                labels[theme.members] = number
        report(f"k-means, k={k} fixed", labels, everyone, time.perf_counter() - started)
    started = time.perf_counter()
    labels = (
        AgglomerativeClustering(n_clusters=12, metric="cosine", linkage="average")
        .fit(matrix[sample])
        .labels_
    )
    report("agglomerative (average, k=12), 5k", labels, sample, time.perf_counter() - started)
    started = time.perf_counter()
    labels = HDBSCAN(min_cluster_size=25, copy=True).fit(matrix[sample]).labels_
    report("HDBSCAN (min size 25), 5k", labels, sample, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--cold", action="store_true", help="encode every answer in the run")
    parser.add_argument("--methods", action="store_true", help="compare the alternatives")
    parser.add_argument(
        "--reuse-encoded",
        action="store_true",
        help="answers without a vector take an encoded answer's text of the same topic",
    )
    options = parser.parse_args()
    setup_django()
    started = time.perf_counter()
    answer_ids, truth = load(options.answers)
    print(f"==> {len(answer_ids):,} answers ready in {time.perf_counter() - started:.1f} s")
    if options.reuse_encoded:
        print(f"==> {reuse_encoded(answer_ids, truth):,} answers reuse an encoded text")
    if options.cold:
        forget_vectors()
    else:
        print("==> first run (stores any missing vector)", flush=True)
        run, seconds = run_themes(answer_ids)
        print(f"    {seconds:.1f} s", flush=True)
    load_before = os.getloadavg()[0]
    run, seconds = run_themes(answer_ids)
    load_after = os.getloadavg()[0]
    figures = recovery(run, answer_ids, truth)
    print(
        f"==> theme task: {run.item_count:,} answers in {seconds:.1f} s "
        f"({'encoding every answer' if options.cold else 'vectors already stored'}; "
        f"clustering {run.figures.get('cluster_seconds')} s; CPU time of this process "
        f"{run.cpu_seconds:.1f} s), load average "
        f"{load_before:.1f} -> {load_after:.1f}; target {TARGET_SECONDS} s"
    )
    print(
        f"    k = {run.figures.get('k')}, silhouette {run.figures.get('silhouette') or 0:.3f}, "
        f"{run.themes.filter(is_unclear=False).count()} themes; ARI {figures['ari']}, purity "
        f"{figures['purity']}, noise sent to unclear {figures['noise_to_unclear']:.0%}, "
        f"answers in a theme {figures['in_themes']:.0%}"
    )
    for theme in run.themes.order_by("is_unclear", "position")[:25]:
        print(f"    {theme.members.count():>6}  {theme.label}  [{', '.join(theme.top_words[:6])}]")
    if options.methods:
        print("==> methods on the same vectors")
        compare_methods(answer_ids, truth)


if __name__ == "__main__":
    main()
