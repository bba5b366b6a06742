"""Redaction speed and memory, as an export of many answers meets it. Not part of the tests.

    .venv/bin/python bench/redaction_bench.py [--answers 100000]

Measures, in one process: the cost of the first call (loading the word lists: time and RSS
growth, which a web process pays once), then answers redacted per second over `--answers`
answers (the labelled examples, cycled, so every rule is exercised), and the peak RSS.
Prints `uptime` before and after: the figure depends on what else runs on the machine.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    args = parser.parse_args()
    examples = ROOT / "bench" / "redaction_examples.jsonl"
    texts = [json.loads(line)["text"] for line in examples.read_text(encoding="utf-8").splitlines()]
    print("before:", uptime())
    before = rss_mb()
    started = time.perf_counter()
    from language.redaction import redact

    redact("I'm Keisha from Peckham")
    first = time.perf_counter() - started
    loaded = rss_mb()
    started = time.perf_counter()
    characters = 0
    for i in range(args.answers):
        characters += len(redact(texts[i % len(texts)]))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first call (import and word lists): {first:.2f} s, RSS +{loaded - before:.1f} MB")
    print(
        f"{args.answers} answers (mean {characters / args.answers:.0f} characters redacted) in "
        f"{elapsed:.1f} s: {args.answers / elapsed:,.0f} answers/s on one core"
    )
    print(f"peak RSS {peak:.1f} MB")
    print("after:", uptime())


if __name__ == "__main__":
    main()
