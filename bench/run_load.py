"""`make bench`: run the site under gunicorn with production settings on PostgreSQL and drive
it with loadgen.py from a separate process. Not part of the test suite.

    .venv/bin/python bench/run_load.py [--duration 20] [--concurrency 16] [--only "home page"]

Each page runs in slices alternating with the static file, and is compared with the static
file's rate over those same slices (the static-file row adds up all of them), so a change in
the machine's other load affects both sides of the ratio alike.

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
# The seed's and gunicorn's output (including the app's own log lines) go here.
LOG_PATH = Path(tempfile.gettempdir()) / "vru-bench.log"
STATIC_SCENARIO = "static file"
TARGET_PAGE_RATIO = 0.5
TARGET_PAGE_P99_MS = 100
# p99 targets for write scenarios' headline rows (survey submissions: the issue's target).
TARGET_WRITE_P99_MS = {"survey submission": 300}


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


def run_loadgen(port, flow, path, args, env, duration, warmup) -> dict:
    """One loadgen.py run; its JSON report."""
    result = subprocess.run(
        [
            PYTHON,
            str(REPO_ROOT / "bench" / "loadgen.py"),
            "--port",
            str(port),
            "--path",
            path,
            "--flow",
            flow,
            "--concurrency",
            str(args.concurrency),
            "--duration",
            str(duration),
            "--warmup",
            str(warmup),
        ],
        cwd=REPO_ROOT,
        # The booking flow reads the booker's email from the outbox in the database.
        env={
            **os.environ,
            "PYTHONPATH": env["PYTHONPATH"],
            "BENCH_DATABASE_URL": env["DATABASE_URL"],
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + warmup + 120,
    )
    return json.loads(result.stdout)


def merge(reports: list[dict]) -> dict:
    """Several loadgen reports for the same flow and path, as one."""
    merged = {
        "elapsed": 0.0,
        "samples": {},
        "errors": {},
        "error_messages": [],
        "acks": [],
        "errors_including_warmup": {},
        "run_id": reports[0]["run_id"],
    }
    for report in reports:
        merged["elapsed"] += report["elapsed"]
        for label, values in report["samples"].items():
            merged["samples"].setdefault(label, []).extend(values)
        for key in ("errors", "errors_including_warmup"):
            for label, count in report[key].items():
                merged[key][label] = merged[key].get(label, 0) + count
        merged["error_messages"] = (merged["error_messages"] + report["error_messages"])[:5]
        merged["acks"].extend(report["acks"])
    return merged


def run_page_with_static(port, scenario, path, static, static_path, args, env):
    """A page and the static file in alternating slices of the duration, so both meet the
    same background load even when the machine's other work comes and goes. Returns
    (the page's report, the static file's report over the same slices)."""
    page_reports, static_reports = [], []
    slice_seconds = args.duration / args.slices
    for number in range(args.slices):
        warmup = args.warmup if number == 0 else 0
        static_reports.append(
            run_loadgen(port, static.flow, static_path, args, env, slice_seconds, warmup)
        )
        page_reports.append(
            run_loadgen(port, scenario.flow, path, args, env, slice_seconds, warmup)
        )
    return merge(page_reports), merge(static_reports)


def scenario_rows(scenario, path, raw, env) -> list[dict]:
    """One row per label of a scenario's report, the headline first; runs its data check."""
    labels = sorted(
        set(raw["samples"]) | set(raw["errors"]) | {scenario.headline},
        key=lambda label: label != scenario.headline,
    )
    rows = []
    for label in labels:
        latencies = sorted(raw["samples"].get(label, []))
        headline = label == scenario.headline
        rows.append(
            {
                "scenario": scenario.name if headline else f"{scenario.name}: {label} requests",
                "path": path,
                "requests": len(latencies),
                "rate": len(latencies) / raw["elapsed"],
                "p50": percentile(latencies, 0.50),
                "p95": percentile(latencies, 0.95),
                "p99": percentile(latencies, 0.99),
                "mean": statistics.fmean(latencies) if latencies else float("nan"),
                "errors": raw["errors"].get(label, 0),
                "error_messages": raw["error_messages"] if headline else [],
                "is_page": scenario.is_page and headline,
                "problems": [],
                "summary": "",
                "static_rate": None,
            }
        )
    if scenario.verify:
        checked = verify(scenario.verify, env, raw)
        rows[0]["problems"] = checked["problems"]
        rows[0]["summary"] = checked["summary"]
    return rows


def verify(dotted: str, env: dict[str, str], report: dict) -> dict:
    """Run a scenario's check against the database, in a process with Django set up."""
    module_name, function_name = dotted.split(":")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(report, handle)
    code = (
        "import django, json, importlib, sys; django.setup(); "
        "report = json.load(open(sys.argv[1])); "
        f"check = getattr(importlib.import_module({module_name!r}), {function_name!r}); "
        "print(json.dumps(check(report)))"
    )
    try:
        result = subprocess.run(
            [PYTHON, "-c", code, handle.name],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(handle.name)
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return {"problems": [f"the check itself failed: {last_line}"], "summary": "not checked"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def print_table(rows: list[dict], args, load_before: str) -> str:
    header = (
        "| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| static req/s alongside | vs static | target |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        static_rate = row["static_rate"]
        alongside = f"{static_rate:.0f}" if static_rate else "-"
        ratio = f"{row['rate'] / static_rate:.0%}" if static_rate else "-"
        verdicts = []
        if row["is_page"] and static_rate:
            met = row["rate"] >= TARGET_PAGE_RATIO * static_rate and row["p99"] < TARGET_PAGE_P99_MS
            verdicts.append("met" if met and not row["errors"] else "MISSED")
        elif row["scenario"] in TARGET_WRITE_P99_MS:
            met = row["p99"] < TARGET_WRITE_P99_MS[row["scenario"]]
            verdicts.append("p99 met" if met and not row["errors"] else "p99 MISSED")
        if row["summary"]:
            verdicts.append(
                "FAILED: " + "; ".join(row["problems"]) if row["problems"] else "data OK"
            )
        target = ", ".join(verdicts) or "-"
        lines.append(
            f"| {row['scenario']} | {row['requests']} | {row['rate']:.0f} | {row['p50']:.1f} "
            f"| {row['p95']:.1f} | {row['p99']:.1f} | {row['errors']} | {alongside} | {ratio} "
            f"| {target} |"
        )
    table = "\n".join(lines)
    print()
    print(
        f"{args.concurrency} clients, {args.duration:.0f} s per scenario, {args.workers} gunicorn "
        f"workers, {os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"(1, 5, 15 min) {load_before} before the scenarios, {load_average()} after"
    )
    print(table)
    if any(row["static_rate"] for row in rows):
        print(
            f"  Each page ran in {args.slices} slices alternating with the static file; "
            "'vs static' compares it with the static-file rate over those same slices."
        )
    for row in rows:
        if row["summary"]:
            print(f"  {row['scenario']}: {row['summary']}")
    for row in rows:
        for message in row["error_messages"]:
            print(f"  {row['scenario']}: {message}")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument(
        "--slices", type=int, default=4, help="alternate each page with the static file this often"
    )
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
        step(f"seeding demo content (log: {LOG_PATH})")
        seed_args = ["--minimal"] if args.minimal_site else []
        with LOG_PATH.open("w") as log:
            subprocess.run(
                [PYTHON, "bench/seed.py", *seed_args],
                cwd=REPO_ROOT,
                env=env,
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        step("collecting static files")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        flush_redis()

        port = free_port()
        step(f"starting gunicorn with {args.workers} workers on 127.0.0.1:{port} (log: {LOG_PATH})")
        server_log = LOG_PATH.open("a")
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
            stdout=server_log,
            stderr=subprocess.STDOUT,
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
        load_before = load_average()
        chosen = [s for s in SCENARIOS if not args.only or s.name in args.only]
        static = next((s for s in SCENARIOS if s.name == STATIC_SCENARIO), None)
        static_path = static.start(site) if static is not None else None
        static_reports = []
        for scenario in chosen:
            path = scenario.start(site)
            if path is None:
                step(f"skipping {scenario.name}: nothing to run it against yet")
                continue
            if scenario is static:
                continue  # measured alongside each page, below
            if scenario.is_page and static_path:
                step(f"{scenario.name}: {path}, alternating with {static_path}")
                raw, static_raw = run_page_with_static(
                    port, scenario, path, static, static_path, args, env
                )
                static_reports.append(static_raw)
                page_rows = scenario_rows(scenario, path, raw, env)
                page_rows[0]["static_rate"] = (
                    len(static_raw["samples"]["request"]) / static_raw["elapsed"]
                )
                rows.extend(page_rows)
            else:
                step(f"{scenario.name}: {path}")
                raw = run_loadgen(port, scenario.flow, path, args, env, args.duration, args.warmup)
                rows.extend(scenario_rows(scenario, path, raw, env))
        if static in chosen and static_path:
            if not static_reports:  # no page was chosen: the static file on its own
                step(f"{static.name}: {static_path}")
                static_reports.append(
                    run_loadgen(
                        port, static.flow, static_path, args, env, args.duration, args.warmup
                    )
                )
            rows[:0] = scenario_rows(static, static_path, merge(static_reports), env)
        print_table(rows, args, load_before)
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=2))
        failed = any(row["problems"] for row in rows)
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            server_log.close()
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
