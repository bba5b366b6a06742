"""`make bench`: run the site under gunicorn with production settings on PostgreSQL and drive
it with loadgen.py from a separate process. Not part of the test suite.

    .venv/bin/python bench/run_load.py [--duration 20] [--concurrency 16] [--only "home page"]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and Redis on 127.0.0.1:6379.
The database `vru_bench` is dropped and created on every run. See docs/performance.md.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "site")]

from bench.scenarios import SCENARIOS  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "vru_bench"
REDIS_URL = "redis://127.0.0.1:6379/5"
TARGET_PAGE_RATIO = 0.5
TARGET_PAGE_P99_MS = 100


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(static_root: str, conn_max_age: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "site")]),
            "SECRET_KEY": "bench-only-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{POSTGRES_SERVER}/{DATABASE_NAME}",
            "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": "25",
            "DEFAULT_FROM_EMAIL": "no-reply@vru.example.org",
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": REDIS_URL,
            "CONN_MAX_AGE": str(conn_max_age),
            "BENCH_STATIC_ROOT": static_root,
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True)


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run_scenario(port, scenario, path, args, env) -> dict:
    result = subprocess.run(
        [
            PYTHON,
            str(REPO_ROOT / "bench" / "loadgen.py"),
            "--port",
            str(port),
            "--path",
            path,
            "--flow",
            scenario.flow,
            "--concurrency",
            str(args.concurrency),
            "--duration",
            str(args.duration),
            "--warmup",
            str(args.warmup),
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": env["PYTHONPATH"]},
        capture_output=True,
        text=True,
        check=True,
        timeout=args.duration + args.warmup + 60,
    )
    raw = json.loads(result.stdout)
    latencies = sorted(raw["latencies_ms"])
    row = {
        "scenario": scenario.name,
        "path": path,
        "requests": raw["requests"],
        "rate": raw["requests"] / raw["elapsed"],
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
        "errors": raw["errors"],
        "error_messages": raw["error_messages"],
        "is_page": scenario.is_page,
        "problems": [],
    }
    if scenario.verify:
        row["problems"] = verify(scenario.verify, env)
    return row


def verify(dotted: str, env: dict[str, str]) -> list[str]:
    module_name, function_name = dotted.split(":")
    code = (
        "import django, json, importlib; django.setup(); "
        f"print(json.dumps(getattr(importlib.import_module({module_name!r}), {function_name!r})()))"
    )
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_table(rows: list[dict], args) -> str:
    static_rate = next((row["rate"] for row in rows if row["scenario"] == "static file"), None)
    header = (
        "| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | errors | vs static | target |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        ratio = f"{row['rate'] / static_rate:.0%}" if static_rate else "-"
        if row["is_page"] and static_rate:
            met = row["rate"] >= TARGET_PAGE_RATIO * static_rate and row["p99"] < TARGET_PAGE_P99_MS
            target = "met" if met and not row["errors"] else "MISSED"
        else:
            target = "-"
        if row["problems"]:
            target = "FAILED: " + "; ".join(row["problems"])
        lines.append(
            f"| {row['scenario']} | {row['requests']} | {row['rate']:.0f} | {row['p50']:.1f} "
            f"| {row['p95']:.1f} | {row['p99']:.1f} | {row['errors']} | {ratio} | {target} |"
        )
    table = "\n".join(lines)
    print()
    print(
        f"{args.concurrency} clients, {args.duration:.0f} s per scenario, {args.workers} gunicorn "
        f"workers, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(table)
    for row in rows:
        for message in row["error_messages"]:
            print(f"  {row['scenario']}: {message}")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--page-cache-seconds", type=int, default=None, help="0 turns it off")
    parser.add_argument("--only", action="append", help="run only these scenarios")
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument(
        "--minimal-site", action="store_true", help="seed a small page tree, not seed_demo"
    )
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="vru-bench-static-")
    env = bench_env(static_root, args.conn_max_age)
    if args.page_cache_seconds is not None:
        env["PAGE_CACHE_SECONDS"] = str(args.page_cache_seconds)
    server = None
    try:
        step(f"recreating database {DATABASE_NAME}")
        recreate_database()
        step("migrating")
        manage(env, "migrate", "--noinput", "-v", "0")
        step("seeding demo content")
        seed_args = ["--minimal"] if args.minimal_site else []
        subprocess.run([PYTHON, "bench/seed.py", *seed_args], cwd=REPO_ROOT, env=env, check=True)
        step("collecting static files")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        flush_redis()

        port = free_port()
        step(f"starting gunicorn with {args.workers} workers on 127.0.0.1:{port}")
        server = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi:application",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env=env,
        )
        wait_until_up(port, server)
        discovered = subprocess.run(
            [PYTHON, "bench/discover.py"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        site = json.loads(discovered.stdout)

        rows = []
        for scenario in SCENARIOS:
            if args.only and scenario.name not in args.only:
                continue
            path = scenario.start(site)
            if path is None:
                step(f"skipping {scenario.name}: nothing to run it against yet")
                continue
            step(f"{scenario.name}: {path}")
            rows.append(run_scenario(port, scenario, path, args, env))
        print_table(rows, args)
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=2))
        failed = any(row["problems"] for row in rows)
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
