"""`make bench-assisted`: every assisted-coding measure, ending with one line.

    assisted: F1 <f1>, themes <n> answers in <s> s, campaigns recall <r> false <p>%

- F1: bench/area_suggestions_eval.py on the blind set (bench/blind/, written by a helper
  who never saw the seed set; nothing was ever tuned on it), the shipped model's overall
  micro F1. The seed set's dev split is not used here: the method was chosen on it;
- themes: `bench.themes_bench:measure()` returning (answers, seconds) when that module exists,
  else "themes n/a";
- campaigns: bench/campaigns_bench.py (100,000 responses; recall and false grouping as
  defined there).
"""

import importlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "site"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

THEMES = "bench.themes_bench"
BLIND_AREAS = ROOT / "bench" / "blind" / "priority_areas_blind_2026-12.csv"


def area_f1() -> str:
    script = ROOT / "bench" / "area_suggestions_eval.py"
    result = subprocess.run(  # noqa: S603 (our own script, with this interpreter)
        [sys.executable, str(script), "--examples", str(BLIND_AREAS)],
        capture_output=True,
        text=True,
        check=False,
    )
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr, end="", file=sys.stderr)
        return "n/a"
    found = re.findall(r"^micro F1 (\d\.\d+)", result.stdout, flags=re.MULTILINE)
    return found[-1] if found else "n/a"


def themes() -> str:
    try:
        module = importlib.import_module(THEMES)
    except ModuleNotFoundError as missing:
        if missing.name not in (THEMES, "bench.themes_bench"):
            raise
        print("themes: bench/themes_bench.py is not in this tree")
        return "themes n/a"
    answers, seconds = module.measure()
    return f"themes {answers} answers in {seconds:.1f} s"


def main() -> int:
    from bench import campaigns_bench

    print("== Suggested priority areas ==")
    f1 = area_f1()
    print("\n== Themes ==")
    themes_part = themes()
    print("\n== Campaigns ==")
    campaigns = campaigns_bench.main([])
    print(
        f"assisted: F1 {f1}, {themes_part}, campaigns recall {campaigns['recall']:.3f} "
        f"false {100 * campaigns['false_rate']:.2f}%"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
