"""Check the format of the blind priority-area set and print its counts: the seed set's
checker (bench/priority_areas/check_seed.py), without its minimum sizes.

Standard library only. It does not score anything.

    python bench/blind/check_priority_blind.py [path]
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent))

from bench.priority_areas.check_seed import check  # noqa: E402

DEFAULT = pathlib.Path(__file__).with_name("priority_areas_blind_2026-12.csv")


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    sys.exit(check(path, min_rows=0, min_per_area=0))
