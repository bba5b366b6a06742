"""The one redaction service: what identifies someone, out of free text.

`redact(text)` replaces names of people, house and flat addresses, school names, dates of
birth, NHS and National Insurance numbers, email addresses (also written with "at"/"dot"),
UK phone numbers, UK postcodes, links (profile links included) and social media handles
(with "@" or named by platform) with placeholders. Exports, highlighted quotes, "you said, we
did" quotes, retention and `manage.py redact` all call it; nothing else grows its own rules.

It keeps what analysts need: boroughs, areas, stations, streets without a house number,
public figures, scores, dates of sessions, counts, times and amounts. It uses no model, only
patterns, check digits, context words and word lists (see docs/redaction.md), so it is safe
and fast in a web process.
"""

from .contact import emails, handles, links, phones, postcodes
from .numbers import dates_of_birth, nhs_numbers, ni_numbers
from .people import names
from .places import addresses, schools
from .spans import Span, merge

PLACEHOLDERS = {
    "name": "[name]",
    "address": "[address]",
    "school": "[school]",
    "date_of_birth": "[date of birth]",
    "nhs_number": "[NHS number]",
    "ni_number": "[NI number]",
    "social_handle": "[handle]",
    "email": "[email]",
    "phone": "[phone]",
    "postcode": "[postcode]",
    "link": "[link]",
}
EMAIL, PHONE, POSTCODE, LINK, HANDLE = (
    PLACEHOLDERS[kind] for kind in ("email", "phone", "postcode", "link", "social_handle")
)
# In the order they run; a later finder never sees a placeholder as text to redact.
FINDERS = (
    emails,
    links,
    handles,
    nhs_numbers,
    ni_numbers,
    phones,
    postcodes,
    dates_of_birth,
    addresses,
    schools,
    names,
)


def find(text: str) -> list[Span]:
    """The identifying spans in `text`, merged where they overlap."""
    if not text:
        return []
    placeholders = [(i, i + len(p)) for p in PLACEHOLDERS.values() for i in _all_indexes(text, p)]
    spans = [
        span
        for finder in FINDERS
        for span in finder(text)
        if not any(start < span.end and span.start < end for start, end in placeholders)
    ]
    return merge(spans)


def redact(text: str) -> str:
    """Replace identifying details in `text` with placeholders. Safe to call twice."""
    if not text:
        return text
    out, position = [], 0
    for span in find(text):
        out.append(text[position : span.start])
        out.append(PLACEHOLDERS[span.kind])
        position = span.end
    out.append(text[position:])
    return "".join(out)


def _all_indexes(text: str, needle: str):
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


__all__ = ["PLACEHOLDERS", "Span", "find", "redact"]
