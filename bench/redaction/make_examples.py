"""Build bench/redaction_examples.jsonl from the marked-up bench/redaction/examples.txt.

`[[kind|text]]` marks a span; " ## " starts the note. Offsets come from this script, never
from hand counting. NHS and NI placeholders are filled with random numbers that are valid in
form (fixed seed). Every fourth line by hash of its text is held back as the dev part.

    python bench/redaction/make_examples.py
"""

import hashlib
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "examples.txt"
OUTPUT = HERE.parent / "redaction_examples.jsonl"
MARK = re.compile(r"\[\[(\w+)\|(.+?)\]\]")
NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NI_BANNED = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def ni_number(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(NI_FIRST) + rng.choice(NI_SECOND)
        if prefix not in NI_BANNED:
            digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
            return prefix + digits + rng.choice("ABCD")


def fill(text: str, rng: random.Random) -> str:
    def nhs(style):
        n = nhs_number(rng)
        return {"": f"{n[:3]} {n[3:6]} {n[6:]}", "-": f"{n[:3]}-{n[3:6]}-{n[6:]}", "u": n}[style]

    def ni(style):
        n = ni_number(rng)
        if style == "s":
            return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"
        return n.lower() if style == "l" else n

    text = re.sub(r"\{NHS([-u]?)\}", lambda m: nhs(m.group(1)), text)
    return re.sub(r"\{NI([sl]?)\}", lambda m: ni(m.group(1)), text)


def parse(line: str, rng: random.Random) -> dict:
    body, _, notes = line.partition(" ## ")
    body = fill(body.replace("{nil}", "{NIl}"), rng)  # {nil}: lower case
    text, spans, position = "", [], 0
    for match in MARK.finditer(body):
        text += body[position : match.start()]
        start = len(text)
        text += match.group(2)
        spans.append({"start": start, "end": len(text), "kind": match.group(1)})
        position = match.end()
    text += body[position:]
    part = "dev" if hashlib.sha256(text.encode()).digest()[0] % 4 == 0 else "tune"
    return {"text": text, "spans": spans, "notes": notes.strip(), "part": part}


def main() -> None:
    rng = random.Random(14)
    rows = [
        parse(line, rng)
        for line in SOURCE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with OUTPUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    dev = sum(row["part"] == "dev" for row in rows)
    print(f"{len(rows)} lines ({dev} dev), {sum(len(r['spans']) for r in rows)} spans")


if __name__ == "__main__":
    main()
