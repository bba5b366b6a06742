"""The language layer and the semantic safeguarding stage under load. Not part of the tests.

    .venv/bin/python bench/language_bench.py [--answers 512] [--flags 5]

Measures, on this machine:
1. answers encoded per second (all-MiniLM-L6-v2, CPU, LANGUAGE_MODEL["THREADS"] threads,
   batches of 32) on realistic consultation answers (the training examples, cycled);
2. the task worker's peak RSS: a real `manage.py db_worker --batch` subprocess screening
   `--answers` pending submissions (RUSAGE_CHILDREN max RSS), and, for comparison, the RSS of
   a web-like process that imports the URLconf;
3. time from a committed submission to a semantic flag in the queue, with a real
   `db_worker --interval 0.2` running: the first (cold: the worker loads the model) and then
   `--flags` warm ones.

Uses the PostgreSQL database `vru_bench_language` (dropped and created on every run; trust
auth on 127.0.0.1:5432, user postgres). Prints `uptime` before and after.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "vru_bench_language"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DATABASE_URL": DATABASE_URL,
    "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
}
PYTHON = sys.executable
MISSED = "Some boys told my son that if he gives a statement to police his sister gets hurt"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def manage(*args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, **kwargs)


def fresh_database() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        conn.execute(f'CREATE DATABASE "{DB}"')
    manage("migrate", "--noinput", "-v0")


def setup_django():
    os.environ.update(ENV)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()


def measure_encoding(count: int) -> dict:
    from language.encoder import encode, get_model
    from safeguarding.semantic import TRAINING_EXAMPLES, load_examples

    started = time.perf_counter()
    get_model()
    load_seconds = time.perf_counter() - started
    texts = [example.text for example in load_examples(TRAINING_EXAMPLES)]
    texts = (texts * (count // len(texts) + 1))[:count]
    encode(texts[:32])  # warm up
    started = time.perf_counter()
    encode(texts)
    seconds = time.perf_counter() - started
    return {"load_seconds": load_seconds, "per_second": count / seconds, "count": count}


def pending_submissions(count: int) -> None:
    from django.db import transaction

    from home.models import SupportService
    from safeguarding.semantic import TRAINING_EXAMPLES, load_examples
    from safeguarding.services import screen_and_flag

    texts = [example.text for example in load_examples(TRAINING_EXAMPLES)]
    for index in range(count):
        with transaction.atomic():
            source = SupportService.objects.create(name=f"Bench {index}", description="bench")
            screen_and_flag(
                source,
                {"Your answer": texts[index % len(texts)]},
                source_label=f"Bench {index}",
            )


def measure_worker_rss(count: int) -> dict:
    from safeguarding.models import PendingScreening

    pending_submissions(count)
    started = time.perf_counter()
    manage("db_worker", "--batch", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    left = PendingScreening.objects.count()
    worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    web = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django,resource,sys;django.setup();import config.urls;"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'torch' in sys.modules)",
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        "screened": count - left,
        "seconds": seconds,
        "worker_peak_rss_mb": worker_kb / 1024,
        "web_rss_mb": int(web[0]) / 1024,
        "web_imports_torch": web[1],
    }


def measure_latency(flags: int) -> dict:
    from django.db import transaction

    from home.models import SupportService
    from safeguarding.models import SafeguardingFlag
    from safeguarding.services import screen_and_flag

    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    times = []
    try:
        for index in range(flags + 1):
            with transaction.atomic():
                source = SupportService.objects.create(name=f"Latency {index}", description="x")
                screen_and_flag(source, {"Your answer": MISSED}, source_label=f"Latency {index}")
            started = time.perf_counter()
            deadline = started + 300
            while time.perf_counter() < deadline:
                if SafeguardingFlag.objects.filter(object_id=str(source.pk)).exists():
                    times.append(time.perf_counter() - started)
                    break
                time.sleep(0.05)
            else:
                raise RuntimeError("no semantic flag within 300 s")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return {"cold_seconds": times[0], "warm_median_seconds": statistics.median(times[1:])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=512)
    parser.add_argument("--flags", type=int, default=5)
    args = parser.parse_args()
    print("before:", uptime())
    fresh_database()
    setup_django()
    from language.encoder import _config

    print(f"threads: {_config().get('THREADS')}, cores: {os.cpu_count()}")
    latency = measure_latency(args.flags)  # first, so the worker starts with no model loaded
    print(
        f"submission to semantic flag: cold {latency['cold_seconds']:.1f} s (worker loads the "
        f"model), warm median {latency['warm_median_seconds']:.2f} s"
    )
    rss = measure_worker_rss(args.answers)
    print(
        f"worker: screened {rss['screened']} pending submissions in {rss['seconds']:.1f} s "
        f"(including start-up), peak RSS {rss['worker_peak_rss_mb']:.0f} MB; a web process "
        f"importing the URLconf: {rss['web_rss_mb']:.0f} MB, imports torch: "
        f"{rss['web_imports_torch']}"
    )
    encoding = measure_encoding(args.answers)
    print(
        f"encoding: model load {encoding['load_seconds']:.1f} s, {encoding['per_second']:.0f} "
        f"answers/s ({encoding['count']} answers, batches of 32)"
    )
    print("after:", uptime())
    return 0


if __name__ == "__main__":
    sys.exit(main())
