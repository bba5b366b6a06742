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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "site")]

from bench import balancer  # noqa: E402
from bench.results import load_average, merge, print_table, scenario_rows  # noqa: E402
from bench.scenarios import SCENARIOS  # noqa: E402
from bench.server import (  # noqa: E402
    DATABASE_NAME,
    GUNICORN,
    LOG_PATH,
    PYTHON,
    bench_env,
    flush_redis,
    free_port,
    manage,
    recreate_database,
    step,
    wait_until_up,
)

STATIC_SCENARIO = "static file"


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


def start_site(args, env, log) -> tuple[int, list[subprocess.Popen]]:
    """The site as production runs it: `args.servers` gunicorns (the workers shared out) behind
    HAProxy, the task worker and the scheduler as their own processes. Returns the port to
    load and every process started."""
    processes = []
    ports = [free_port() for _ in range(args.servers)]
    workers = max(1, args.workers // args.servers)
    for port in ports:
        step(f"starting gunicorn with {workers} workers on 127.0.0.1:{port} (log: {LOG_PATH})")
        server = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(server)
        wait_until_up(port, server)
    for command in (["run_worker", "--interval", "1"], ["run_scheduler"]):
        processes.append(
            subprocess.Popen(
                [PYTHON, "manage.py", *command],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    if args.servers == 1:
        return ports[0], processes
    if not balancer.installed():
        raise SystemExit("HAProxy is not installed: run .ci/test-tools, or use --servers 1")
    port = free_port()
    step(f"starting HAProxy on 127.0.0.1:{port} in front of {args.servers} servers")
    haproxy = balancer.start(port, [f"127.0.0.1:{backend}" for backend in ports], log)
    processes.insert(0, haproxy)
    wait_until_up(port, haproxy)
    return port, processes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument(
        "--slices", type=int, default=4, help="alternate each page with the static file this often"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="gunicorn workers in all, shared out between the servers",
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=2,
        help="web servers behind HAProxy (1: one gunicorn, no balancer)",
    )
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
    processes, server_log = [], None
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

        server_log = LOG_PATH.open("a")
        port, processes = start_site(args, env, server_log)
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
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        if server_log is not None:
            server_log.close()
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
