"""Score the redaction service on a labelled file.

    python bench/redaction_eval.py --examples bench/redaction_examples.jsonl [--part dev]
    python bench/redaction_eval.py --examples bench/redaction_examples.jsonl --show-misses

Each line is {"text", "spans": [{"start", "end", "kind"}], "notes"} (and, in our own file,
"part": "tune" or "dev"). A span is caught when the redacted output no longer contains its
text. Over-redaction: of the words outside every span, the share that redaction changed; and
of the lines with no span at all, the share whose output differs from the text.
"""

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from language.redaction import redact  # noqa: E402

WORD = re.compile(r"\S+")


def changed_positions(text: str, output: str) -> set[int]:
    changed = set()
    matcher = difflib.SequenceMatcher(None, text, output, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(i1, max(i2, i1 + 1)))
    return changed


def score(rows: list[dict]) -> dict:
    caught, total = Counter(), Counter()
    benign_words = benign_words_changed = benign_lines = benign_lines_changed = 0
    misses, over = [], []
    for row in rows:
        text = row["text"]
        output = redact(text)
        for span in row["spans"]:
            kind = span["kind"]
            total[kind] += 1
            if text[span["start"] : span["end"]] not in output:
                caught[kind] += 1
            else:
                misses.append((kind, text[span["start"] : span["end"]], text))
        inside = {i for span in row["spans"] for i in range(span["start"], span["end"])}
        changed = changed_positions(text, output)
        for word in WORD.finditer(text):
            positions = set(range(word.start(), word.end()))
            if positions & inside:
                continue
            benign_words += 1
            if positions & changed:
                benign_words_changed += 1
                over.append((word.group(0), output))
        if not row["spans"]:
            benign_lines += 1
            benign_lines_changed += output != text
    return {
        "lines": len(rows),
        "spans": sum(total.values()),
        "recall": sum(caught.values()) / max(1, sum(total.values())),
        "per_kind": {k: (caught[k], total[k]) for k in sorted(total)},
        "benign_words": benign_words,
        "over_redaction_words": benign_words_changed / max(1, benign_words),
        "benign_lines": benign_lines,
        "over_redaction_lines": benign_lines_changed / max(1, benign_lines),
        "misses": misses,
        "over": over,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", required=True, type=Path)
    parser.add_argument("--part", choices=["tune", "dev"], help="only lines of this part")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    rows = [
        json.loads(line)
        for line in args.examples.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if args.part:
        rows = [row for row in rows if row.get("part") == args.part]
    result = score(rows)
    print(f"{args.examples} {args.part or 'all'}: {result['lines']} lines, {result['spans']} spans")
    print(f"recall {result['recall']:.3f}")
    for kind, (hit, count) in result["per_kind"].items():
        print(f"  {kind:<15} {hit:>3}/{count:<3} {hit / count:.2f}")
    print(
        f"over-redaction: {result['over_redaction_words']:.3%} of {result['benign_words']} words "
        f"outside spans, {result['over_redaction_lines']:.1%} of {result['benign_lines']} lines "
        "with no span"
    )
    if args.show_misses:
        for kind, span, text in result["misses"]:
            print(f"MISS {kind}: {span!r} in {text!r}")
        for word, output in result["over"]:
            print(f"OVER {word!r}: {output!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
