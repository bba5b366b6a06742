"""The one redaction service: personal contact details out of free text.

`redact(text)` replaces email addresses, UK phone numbers, UK postcodes, web addresses and
social media handles with placeholders ("[email]", "[phone]", "[postcode]", "[link]",
"[handle]"). Exports, highlighted quotes, "you said, we did" quotes and the retention job all
call it; nothing else should grow its own patterns.

It is deliberately conservative about ordinary text: times (10:30), years (2025), amounts
(£7m, 2,000 people) and dates are left alone. Names of people are out of scope: analysts
redact those by hand on a quote.
"""

import re
from collections.abc import Iterable

EMAIL = "[email]"
PHONE = "[phone]"
POSTCODE = "[postcode]"
LINK = "[link]"
HANDLE = "[handle]"

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)

# Common top-level domains for bare addresses such as example.co.uk or youtube.com; a bare
# "word.word" is only treated as a link when it ends in one of these, so "e.g." and "etc."
# and sentences missing a space after a full stop survive.
_TLDS = (
    "co.uk|org.uk|ac.uk|gov.uk|nhs.uk|sch.uk|police.uk|ltd.uk|me.uk|net.uk|london|"
    "com|org|net|info|biz|io|co|uk|me|tv|ly|gg|app|dev|tk|be|to|fm|xyz|site|online|link"
)
_URL_RE = re.compile(
    r"(?:\b(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|\b(?<![@\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:" + _TLDS + r")\b"
    r"(?:/[^\s<>\"'()\[\]]*)?)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?"

# UK numbers: +44 / 0044 / (+44) / 0 followed by 9 or 10 digits, with spaces, dashes, dots
# or brackets between groups. The digit count is checked after matching.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(\+44\)\s?|\(?0)"
    r"[\d()\s.-]{8,16}\d(?![\w])"
)

# Full UK postcodes, any case, with or without the space: SW1A 1AA, e17 4pq, N11AB.
_POSTCODE_RE = re.compile(
    r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b",
    re.IGNORECASE,
)

# @name on social media, but not the middle of an email address (already replaced by then)
# and not a time ("see you @5pm", "@10:30").
_HANDLE_RE = re.compile(
    r"(?<![\w@.])@(?!\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.?m\.?)?(?!\w))"
    r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b",
    re.IGNORECASE,
)


def _phone(match: re.Match) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("44") and ("+" in text or text.lstrip("(").startswith("44")):
        national = digits[2:]
    else:
        national = digits[1:] if digits.startswith("0") else digits
    if national.startswith("0"):  # "+44 (0)20 ..."
        national = national[1:]
    # National significant numbers are 9 or 10 digits and never start with 0.
    if 9 <= len(national) <= 10 and national[0] in "1235789":
        return PHONE
    return text


def _postcode(match: re.Match) -> str:
    text = match.group(0)
    # A bare lower-case run like "n11ab" is a postcode; so is "e17 4pq". Reject all-letter
    # words that only fit by accident (none can, since the inward part needs a digit) and
    # strings such as "24h7am"-style noise without a letter-led outward part.
    if not text[0].isalpha():
        return text
    return POSTCODE


def _link(match: re.Match) -> str:
    text = match.group(0)
    stripped = text.rstrip(_TRAILING_PUNCTUATION)
    return LINK + text[len(stripped) :]


def redact(text: str) -> str:
    """Replace contact details in `text` with placeholders. Safe to call twice."""
    if not text:
        return text
    text = _EMAIL_RE.sub(EMAIL, text)
    text = _URL_RE.sub(_link, text)
    text = _HANDLE_RE.sub(HANDLE, text)
    text = _PHONE_RE.sub(_phone, text)
    text = _POSTCODE_RE.sub(_postcode, text)
    return text


def redact_many(texts: Iterable[str]) -> list[str]:
    """`redact` over a list of answers, keeping the order."""
    return [redact(text) for text in texts]


def contains_personal_data(text: str) -> bool:
    """True when `redact` would change the text."""
    return bool(text) and redact(text) != text
