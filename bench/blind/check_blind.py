"""Check that the blind evaluation files parse and print their counts.

    python bench/blind/check_blind.py

Checks only the files' shape (columns, labels, span offsets, NHS check digits, NI format).
It does not score anything: the screener and redaction are scored on these files by the
lead, once per round (see README.md).
"""

import collections
import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SLUGS = {
    "self-harm-suicide",
    "abuse-at-home",
    "sexual-exploitation",
    "criminal-exploitation",
    "weapons",
    "threats-to-others",
    "missing-or-unsafe",
}
KINDS = {
    "name",
    "address",
    "school",
    "date_of_birth",
    "nhs_number",
    "ni_number",
    "social_handle",
    "profile_url",
    "email",
    "phone",
    "postcode",
}


def nhs_valid(digits):
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(c) * w for c, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def ni_valid(value):
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D])", value.replace(" ", "").upper())
    return (
        bool(m)
        and m[1] not in "DFIQUV"
        and m[2] not in "DFIOQUV"
        and m[1] + m[2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
    )


def check_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["text", "expected_flag", "expected_category", "notes"], (
            reader.fieldnames
        )
        rows = list(reader)
    per_cat = collections.Counter()
    flags = collections.Counter()
    for i, r in enumerate(rows, start=2):
        assert r["text"].strip(), f"{path.name}:{i} empty text"
        assert r["expected_flag"] in ("yes", "no"), f"{path.name}:{i} flag"
        cats = [c for c in r["expected_category"].split(";") if c]
        if r["expected_flag"] == "yes":
            assert cats and set(cats) <= SLUGS, f"{path.name}:{i} categories {cats}"
            per_cat.update(cats)
        else:
            assert not cats, f"{path.name}:{i} category on a 'no' row"
        assert r["notes"].strip(), f"{path.name}:{i} notes"
        flags[r["expected_flag"]] += 1
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts)), f"{path.name}: duplicate texts"
    multi = sum(1 for r in rows if ";" in r["expected_category"])
    print(
        f"{path.name}: {len(rows)} rows, {flags['yes']} yes, {flags['no']} no, "
        f"{multi} with several categories"
    )
    for c in sorted(SLUGS):
        print(f"  {c:24} {per_cat[c]}")
    return texts


def check_jsonl(path):
    per_kind = collections.Counter()
    n = with_spans = 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            item = json.loads(line)
            assert set(item) == {"text", "spans", "notes"}, f"line {i} keys"
            text, spans = item["text"], item["spans"]
            last_end = 0
            for s in sorted(spans, key=lambda s: s["start"]):
                assert set(s) == {"start", "end", "kind"}, f"line {i} span keys"
                assert s["kind"] in KINDS, f"line {i} kind {s['kind']}"
                assert last_end <= s["start"] < s["end"] <= len(text), f"line {i} offsets"
                value = text[s["start"] : s["end"]]
                assert value == value.strip() and value, f"line {i} span {value!r}"
                if s["kind"] == "nhs_number":
                    assert nhs_valid(re.sub(r"\D", "", value)), f"line {i} NHS {value}"
                if s["kind"] == "ni_number":
                    assert ni_valid(value), f"line {i} NI {value}"
                last_end = s["end"]
                per_kind[s["kind"]] += 1
            n += 1
            with_spans += bool(spans)
    print(
        f"{path.name}: {n} lines, {with_spans} with spans, {n - with_spans} with none, "
        f"{sum(per_kind.values())} spans"
    )
    for k in sorted(KINDS):
        print(f"  {k:14} {per_kind[k]}")


def main():
    a = check_csv(HERE / "safeguarding_blind_2026-12.csv")
    b = check_csv(HERE / "safeguarding_blind_2026-12_round2.csv")
    assert not set(a) & set(b), "the rounds share a text"
    c = check_csv(HERE / "safeguarding_blind_2026-12_round3.csv")
    assert not set(c) & (set(a) | set(b)), "round 3 shares a text with an earlier round"
    d = check_csv(HERE / "safeguarding_blind_2026-12_round4.csv")
    assert not set(d) & (set(a) | set(b) | set(c)), "round 4 shares a text with an earlier round"
    check_jsonl(HERE / "redaction_blind_2026-12.jsonl")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
