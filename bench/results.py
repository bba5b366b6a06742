"""What `make bench` reports: one row per scenario label (rate, latency percentiles,
errors, the scenario's data check) and the table printed from them, with each target."""

import json
import os
import platform
import statistics
import subprocess
import tempfile

from bench.server import PYTHON, REPO_ROOT

TARGET_PAGE_RATIO = 0.5
TARGET_PAGE_P99_MS = 100
# p99 targets for write scenarios' headline rows (survey submissions: the issue's target).
TARGET_WRITE_P99_MS = {"survey submission": 300}


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


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
        f"workers on {args.servers} server(s)"
        f"{' behind HAProxy' if args.servers > 1 else ''}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; load average "
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
