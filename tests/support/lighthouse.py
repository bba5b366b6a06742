"""Lighthouse scores for pages of the running test site (issue 18): `lighthouse.mjs` runs
Lighthouse's mobile profile on each URL in one Debian Chromium and returns its scores.

Performance scores vary from run to run with what else the machine is doing (Total Blocking
Time is measured, then multiplied by the simulated CPU slowdown). Lighthouse's own advice is to
run several times and take the median run, so each page is run RUNS times and judged by the
run with the median performance score; every run's score is kept for the printout."""

import json
import os
import shutil
import subprocess

from .a11y import REPO_ROOT, missing_tool

RUNNER = REPO_ROOT / "tests" / "support" / "lighthouse.mjs"
LIGHTHOUSE = REPO_ROOT / "node_modules" / "lighthouse"
RUNS = 3


def lighthouse_reports(urls: list[str], timeout: int = 900) -> dict[str, dict]:
    """{url: {"scores": {category: 0-100}, "bytes": transferred, "failing": [audit, ...],
    "runtimeError": message or None, "performance_runs": [score, ...]}} from the median run."""
    node = shutil.which("node")
    if not LIGHTHOUSE.exists() or node is None:
        missing_tool("Lighthouse is not installed (npm ci)")
    finished = subprocess.run(  # noqa: S603 - fixed arguments: our script and our own URLs
        [node, str(RUNNER), *urls],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        env={**os.environ, "LIGHTHOUSE_RUNS": str(RUNS)},
        check=False,
    )
    if finished.returncode != 0:
        raise AssertionError(f"Lighthouse did not run:\n{finished.stderr[-4000:]}")
    return {url: median_run(runs) for url, runs in json.loads(finished.stdout).items()}


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (a failed load counts as the lowest)."""
    ordered = sorted(runs, key=lambda run: run["scores"].get("performance") or -1)
    return {
        **ordered[len(ordered) // 2],
        "performance_runs": [run["scores"].get("performance") for run in runs],
    }
