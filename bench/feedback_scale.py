"""`make bench-feedback`: the feedback workspace at scale. Not part of the test suite.

    .venv/bin/python bench/feedback_scale.py [--sizes 20000 100000] [--answers 10]

Loads synthetic responses (each with `--answers` answers) into the PostgreSQL database
`vru_bench_feedback` (dropped and created on every run) with bulk_create, growing it to each
size in turn; bulk loading bypasses the services, so the dashboard's running totals are then
recounted (`counts.rebuild`, timed) and the tables vacuumed and analysed. At each size it
measures, through the Django test client signed in as a superuser: the responses listing, the
synthesis dashboard (all consultations, one, and one filtered: live aggregates), the CSV export
of all answers and the XLSX export of responses. Exports above the background threshold are
asked for with a POST, which under the test settings (ImmediateBackend) runs the background
task in the same process: its time and peak memory are the worker's; the prepared file is then
downloaded. Every measurement runs in a fresh subprocess so peak memory is its own.
Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres). See docs/performance.md.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "site")]

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "vru_bench_feedback"
CONSULTATIONS = 5
TARGETS = {"listing_ms": 300, "dashboard_ms": 1000, "csv_peak_mb": 200}
FREE_TEXT = [
    "More youth clubs open late in the evening, near the park.",
    "Better street lights on the way home from school, my road is dark.",
    "Someone to talk to who gets it. Call me on 07700 900123.",
    "Safer buses at night and staff at the station.",
    "Jobs and training for young people so they have something to do.",
    "Parents need support too, email me at parent@example.com.",
]
SAFE = ["Very safe", "Safe", "Neither", "Unsafe", "Very unsafe"]
PLACES = ["Park", "Youth club", "Library", "Friend's house", "Shopping centre"]
AGE_BANDS = ["11_15", "16_17", "18_25", "26_39", "40_59"]


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def environment() -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{DATABASE_NAME}"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "site")])
    env.setdefault("PRIVATE_EXPORT_ROOT", str(Path(tempfile.gettempdir()) / "vru-bench-exports"))
    return env


def setup_django() -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"{POSTGRES_SERVER}/{DATABASE_NAME}",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        }
    )
    import django

    django.setup()


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


# --- loading (runs in a subprocess: `--load N`) -----------------------------------------------


def load(target: int, answers_per_response: int) -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from consultations.models import Answer, ConsultationPage, Response, TaggedAnswer
    from home.models import Borough, Network, PriorityArea
    from tests.consultations.feedback.factories import make_consultation
    from tests.support.mfa import give_mfa

    User = get_user_model()
    if not User.objects.filter(username="bench").exists():
        give_mfa(User.objects.create_superuser("bench", "bench@example.com", "bench"))
    consultations = list(ConsultationPage.objects.order_by("pk"))
    while len(consultations) < CONSULTATIONS:
        consultations.append(make_consultation(f"Bench consultation {len(consultations) + 1}"))
    existing = Response.objects.count()
    boroughs = list(Borough.objects.all())
    networks = list(Network.objects.all()[:10])
    areas = list(PriorityArea.objects.all())
    from consultations.models import FeedbackTag

    tags = [FeedbackTag.objects.get_or_create(name=name)[0] for name in ("parks", "lights", "jobs")]
    rng = random.Random(existing)
    now = timezone.now()
    batch = 5000
    started = time.perf_counter()
    for start in range(existing, target, batch):
        count = min(batch, target - start)
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                [
                    Response(
                        consultation=consultations[n % len(consultations)],
                        reference=f"B{n:09d}",
                        submission_token=f"bench-{n}",
                        submitted_at=now - timedelta(minutes=rng.randrange(60 * 24 * 90)),
                        age_band=rng.choice(AGE_BANDS),
                        borough=rng.choice(boroughs),
                        moderation_status=rng.choice(["new", "new", "reviewed", "hidden"])
                        if n % 50 == 0
                        else "new",
                    )
                    for n in range(start, start + count)
                ]
            )
            Response.networks.through.objects.bulk_create(
                [
                    Response.networks.through(response_id=response.pk, network=rng.choice(networks))
                    for response in responses[::3]
                ]
            )
            answers = []
            for response in responses:
                for position in range(answers_per_response):
                    kind = position % 5
                    if kind in (0, 3):
                        answer = Answer(
                            question_type="long_text",
                            value_text=rng.choice(FREE_TEXT),
                        )
                    elif kind == 1:
                        safe = rng.choice(SAFE)
                        answer = Answer(
                            question_type="single_choice", value_text=safe, value_choices=[safe]
                        )
                    elif kind == 2:
                        answer = Answer(
                            question_type="multiple_choice",
                            value_choices=rng.sample(PLACES, rng.randint(1, 3)),
                        )
                    else:
                        answer = Answer(question_type="number", value_number=rng.randint(0, 60))
                    answer.response_id = response.pk
                    answer.question_id = f"q-{position}"
                    answer.question_label = f"Question {position + 1}"
                    answer.position = position + 1
                    answers.append(answer)
            answers = Answer.objects.bulk_create(answers, batch_size=5000)
            coded = [a for a in answers if a.question_type == "long_text" and rng.random() < 0.3]
            Answer.priority_areas.through.objects.bulk_create(
                [
                    Answer.priority_areas.through(answer_id=a.pk, priorityarea=rng.choice(areas))
                    for a in coded
                ],
                batch_size=5000,
            )
            TaggedAnswer.objects.bulk_create(
                [TaggedAnswer(content_object_id=a.pk, tag=rng.choice(tags)) for a in coded[::2]],
                batch_size=5000,
            )
        print(f"    {start + count:,} responses", flush=True)
    loaded_seconds = time.perf_counter() - started
    from consultations.feedback.counts import rebuild

    # This server runs with autovacuum off; vacuum and analyse as autovacuum would, so the
    # planner has statistics and index-only scans see an up-to-date visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    # bulk_create bypasses the services that keep the dashboard's totals: recount them, as
    # migration 0007 does on an existing database.
    started = time.perf_counter()
    rebuild()
    recount_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE consultations_synthesiscount")
    print(
        json.dumps(
            {
                "loaded": target,
                "seconds": round(loaded_seconds, 1),
                "recount_seconds": round(recount_seconds, 1),
            }
        )
    )


# --- measuring (runs in a subprocess: `--measure NAME`) ---------------------------------------


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    return client


def _timed_get(client, url: str, repeat: int) -> dict:
    from django.core.cache import cache

    # Nothing on these pages is cached by Django; clear it anyway so no figure can come from
    # it. The first request in this fresh process is reported as first_ms.
    cache.clear()
    started = time.perf_counter()
    assert client.get(url).status_code == 200, url  # warm up: templates, permissions
    first_ms = round((time.perf_counter() - started) * 1000, 1)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median_ms": round(times[len(times) // 2], 1),
        "max_ms": round(times[-1], 1),
        "first_ms": first_ms,
    }


def _consume(response) -> int:
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    response.close()
    return size


def _timed_export(client, url: str, trace: bool) -> dict:
    """A small export streams from the GET: `seconds` and memory cover the GET and reading it
    to the end. A large one gets a confirmation page from the GET (`request_ms`, what the web
    worker does); `seconds` and memory then cover the POST, which runs the background task in
    this process under ImmediateBackend (what the task worker does), and the prepared file is
    downloaded (`download_seconds`)."""
    from consultations.feedback.background import file_path
    from consultations.models import ExportJob

    client.get("/admin/feedback/")  # warm up everything but the export itself
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    background = not response.streaming and b"Prepare the export" in response.content
    result = {"background": background}
    if background:
        result["request_ms"] = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()
        response = client.post(url)
        assert response.status_code == 302, response.status_code
        job = ExportJob.objects.latest("pk")
        assert job.status == ExportJob.Status.DONE, (job.status, job.error)
        size = job.file_size
        result["rows"] = job.row_count
    else:
        size = _consume(response)
    result.update(seconds=round(time.perf_counter() - started, 1), bytes=size)
    if trace:
        result["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    else:
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["process_peak_mb"] = round(rss_after, 1)
        result["growth_mb"] = round(rss_after - rss_before, 1)
    if background:
        started = time.perf_counter()
        download = client.get(f"/admin/feedback/exports/{job.pk}/download/")
        assert download.status_code == 200, download.status_code
        assert _consume(download) == size
        result["download_seconds"] = round(time.perf_counter() - started, 1)
        file_path(job).unlink()
    return result


def measure(name: str) -> None:
    setup_django()
    from consultations.models import ConsultationPage

    client = _client()
    first = ConsultationPage.objects.order_by("pk").first()
    urls = {
        "listing": "/admin/feedback/",
        "listing_filtered": "/admin/feedback/?status=new&priority_area=1&q=lights",
        "dashboard_all": "/admin/feedback/synthesis/",
        "dashboard_one": f"/admin/feedback/synthesis/{first.pk}/",
        "dashboard_filtered": "/admin/feedback/synthesis/?age_band=16_17",
        "csv_answers": "/admin/feedback/export/answers.csv",
        "xlsx_responses": "/admin/feedback/export/responses.xlsx",
    }
    if name.startswith(("listing", "dashboard")):
        result = _timed_get(client, urls[name], repeat=5)
    else:
        base, _, mode = name.partition(":")
        result = _timed_export(client, urls[base], trace=mode == "trace")
    print(json.dumps(result))


def run(arguments: list[str]) -> dict:
    """Run this script in a fresh Python process; its last line of output is JSON."""
    completed = subprocess.run(
        [sys.executable, __file__, *arguments],
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        print(completed.stdout, completed.stderr, file=sys.stderr)
        raise SystemExit(f"{arguments} failed")
    lines = completed.stdout.strip().splitlines()
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--keep-data", action="store_true", help="grow the existing database")
    parser.add_argument("--trace-up-to", type=int, default=20_000, help="tracemalloc up to N")
    parser.add_argument("--skip-xlsx-over", type=int, default=10**9, help="skip XLSX above N")
    args = parser.parse_args()
    if args.load:
        return load(args.load, args.answers)
    if args.measure:
        return measure(args.measure)

    if args.keep_data:
        step(f"Keeping the responses already in {DATABASE_NAME}")
    else:
        step(f"Recreating database {DATABASE_NAME}")
        recreate_database()
    step("Migrating")
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=environment(),
        check=True,
    )
    results = {}
    for size in sorted(args.sizes):
        step(f"Loading up to {size:,} responses x {args.answers} answers")
        loaded = run(["--load", str(size), "--answers", str(args.answers)])
        figures = {"load_seconds": loaded["seconds"], "recount_seconds": loaded["recount_seconds"]}
        names = ["listing", "listing_filtered", "dashboard_all", "dashboard_one"]
        names += ["dashboard_filtered"]
        # tracemalloc slows Python down several times over: trace only the smaller sizes.
        trace = size <= args.trace_up_to
        names += ["csv_answers", *(["csv_answers:trace"] if trace else [])]
        if size <= args.skip_xlsx_over:
            names += ["xlsx_responses", *(["xlsx_responses:trace"] if trace else [])]
        for name in names:
            step(f"{size:,}: {name}")
            figures[name] = run(["--measure", name])
            print(f"    {json.dumps(figures[name])}", flush=True)
        results[size] = figures
    step("Results")
    print(json.dumps(results, indent=2))
    for size, figures in results.items():
        checks = {
            "listing < 300 ms": figures["listing"]["median_ms"] < TARGETS["listing_ms"],
            "dashboard < 1 s": figures["dashboard_all"]["median_ms"] < TARGETS["dashboard_ms"],
            "CSV peak < 200 MB": figures["csv_answers"]["process_peak_mb"] < TARGETS["csv_peak_mb"],
        }
        print(size, {check: "met" if ok else "MISSED" for check, ok in checks.items()})


if __name__ == "__main__":
    main()
