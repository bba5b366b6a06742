"""Screening each sentence as well as the whole answer.

One vector for a long answer dilutes the one sentence that matters: blind round 3 missed 13
disclosures that sat in the last sentence of an ordinary answer ("…keep that before anything
else. Also I've been saving up my tablets in a sock in my drawer"). So the semantic stage
classifies the whole answer and, when it has more than one sentence, each sentence too, and
takes the most concerning of them. The sentence vectors are only used here and never stored
(the stored vector per answer stays the whole answer's, for the feedback workspace).
"""

import re

# Where one sentence ends: ., ! or ? (any run of them) followed by a space, or a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*")
# A piece shorter than this many words joins the one before it ("Thanks. Bye." is one unit),
# so a short sign-off is never judged on its own.
MIN_WORDS = 4
# Past this many sentences, the answer's units are capped (the rest are joined to the last),
# so one very long answer cannot take the worker's whole batch.
MAX_UNITS = 12


def split_sentences(text: str) -> list[str]:
    """The sentences of an answer worth classifying on their own; [] for a single sentence."""
    pieces = [piece.strip() for piece in _BOUNDARY.split(text or "") if piece and piece.strip()]
    units: list[str] = []
    for piece in pieces:
        if units and len(piece.split()) < MIN_WORDS:
            units[-1] = f"{units[-1]} {piece}"
        else:
            units.append(piece)
    if len(units) > 1 and len(units[0].split()) < MIN_WORDS:
        units[1] = f"{units[0]} {units[1]}"
        units.pop(0)
    if len(units) > MAX_UNITS:
        units[MAX_UNITS - 1 :] = [" ".join(units[MAX_UNITS - 1 :])]
    return units if len(units) > 1 else []
