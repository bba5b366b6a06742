"""Campaign finding on 100,000 made-up responses with planted near-duplicate campaigns.

    python bench/campaigns_bench.py [--responses 100000] [--seed 15]

What is generated (fixed seed, nothing read from real answers):
- campaigns: 150 templates (two to five sentences, names and places in slots), copied 3 to
  2,000 times each, about 20% of all responses. Each copy is exact or gets small edits:
  typos, an added sentence of the sender's own, two words or two sentences swapped, the names
  and places changed;
- organic answers, about 70%: each one different, two to four sentences with many slots and
  the writer's own openers and endings; most share one or two common phrases ("there is
  nothing for young people to do") with thousands of others, so answers that say the same
  thing in similar words but are not copies are there to be grouped by mistake;
- short answers, about 10%: "yes", "idk", "more youth clubs", many times each.

Measures (defined once, here and in docs/assisted-coding.md):
- recall: of the planted copies (every response of a campaign), the share that end up in the
  found group holding most of their own campaign. A campaign split in two counts the smaller
  part as missed.
- false grouping: of all the responses placed in a group, the share that do not belong there:
  an organic or short answer in any group, or a copy in a group where most members come from
  another campaign.
Time is the engine's wall time (normalising, signatures, candidate pairs, confirmation,
union-find); memory is the process's peak resident size.
"""

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "site"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from assisted_coding.campaigns import find_groups  # noqa: E402
from bench.campaign_data import generate  # noqa: E402


def score(rows, groups) -> dict:
    """Recall and false grouping as defined in the module docstring."""
    source = {index: src for index, _, src in rows}
    planted = Counter(src for src in source.values() if src[0] == "campaign")
    best: dict = {}  # campaign -> (members in its main group, group index)
    wrong = grouped = 0
    for number, group in enumerate(groups):
        inside = Counter(source[item] for item in group)
        majority, _ = inside.most_common(1)[0]
        grouped += len(group)
        for src, members in inside.items():
            if src[0] != "campaign" or src != majority:
                wrong += members
            elif members > best.get(src, (0, None))[0]:
                best[src] = (members, number)
    found = sum(members for members, _ in best.values() if members > 1)
    return {
        "planted": sum(planted.values()),
        "campaigns": len(planted),
        "found": found,
        "recall": found / max(sum(planted.values()), 1),
        "grouped": grouped,
        "wrongly_grouped": wrong,
        "false_rate": wrong / max(grouped, 1),
        "groups": len(groups),
    }


def run(responses: int = 100_000, seed: int = 15) -> dict:
    rows = generate(responses, seed)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    groups = find_groups((index, text) for index, text, _ in rows)
    seconds = time.perf_counter() - started
    result = score(rows, groups)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.update(seconds=seconds, peak_mb=peak / 1024, engine_mb=(peak - before) / 1024)
    result["responses"] = responses
    return result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    result = run(args.responses, args.seed)
    print(
        f"{result['responses']:,} responses, {result['planted']:,} planted copies in "
        f"{result['campaigns']} campaigns; {result['groups']} groups found"
    )
    print(
        f"recall {result['recall']:.3f} ({result['found']:,} of {result['planted']:,}); "
        f"false grouping {100 * result['false_rate']:.2f}% "
        f"({result['wrongly_grouped']:,} of {result['grouped']:,} grouped)"
    )
    print(
        f"time {result['seconds']:.1f} s; peak memory {result['peak_mb']:.0f} MB "
        f"(engine added {result['engine_mb']:.0f} MB)"
    )
    return result


if __name__ == "__main__":
    main()
