"""Identity numbers and dates of birth: NHS numbers, National Insurance numbers, birth dates."""

import re
from datetime import date

from .spans import Span

# --- NHS numbers ----------------------------------------------------------------------------
_NHS_RE = re.compile(r"(?<![\w+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w])")
_NHS_CONTEXT_RE = re.compile(r"\bnhs\b", re.IGNORECASE)


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number's mod-11 check: weights 10..2 over the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> list[Span]:
    """Ten digits (3-3-4, spaced, dashed or not) whose check digit is right.

    One random ten-digit number in eleven passes the check, so a number starting with 0 (the
    shape of a UK phone number) also needs the word "NHS" within 40 characters before it.
    """
    found = []
    for match in _NHS_RE.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if not nhs_check_digit_ok(digits):
            continue
        near = text[max(0, match.start() - 40) : match.end() + 20]
        if digits[0] != "0" or _NHS_CONTEXT_RE.search(near):
            found.append(Span(match.start(), match.end(), "nhs_number"))
    return found


# --- National Insurance numbers -------------------------------------------------------------
# Two prefix letters (not D F I Q U V; the second not O; not BG GB NK KN TN NT ZZ), six digits
# in pairs, a suffix A-D. Any case, spaced or not.
_NI_RE = re.compile(
    r"\b(?!(?:bg|gb|nk|kn|tn|nt|zz))([a-ceghj-pr-tw-z][a-ceghj-npr-tw-z])\s?"
    r"(\d{2})\s?(\d{2})\s?(\d{2})\s?([a-d])\b",
    re.IGNORECASE,
)


def ni_numbers(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "ni_number") for m in _NI_RE.finditer(text)]


# --- Dates of birth -------------------------------------------------------------------------
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:{_YEAR}|\d{{2}})"  # 14/03/2010, 03.11.09
    rf"|{_YEAR}-\d{{2}}-\d{{2}}"  # 2011-06-02
    rf"|{_ORD}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"  # 21st of August 2008
    rf"|{_MONTHS}\s+{_ORD},?\s+{_YEAR}"  # August 21st, 2008
    rf"|{_MONTHS},?\s+{_YEAR}"  # March 2012
    rf"|{_ORD}\s+(?:of\s+)?{_MONTHS})"  # 5th june (a birthday without the year)
)
_DATE_RE = re.compile(rf"\b{_DATE}\b", re.IGNORECASE)
_BIRTH_CONTEXT_RE = re.compile(
    r"\b(?:born|dob|d\.o\.b|date\s+of\s+birth|birth\s?date|birthday|b-?day|bday)\b\.?"
    r"(?:['’]s)?[\s:,-]*(?:(?:on|in|is|was|the|of|at|date|:|-)\s+){0,3}$",
    re.IGNORECASE,
)
# Without a birth word, a full date is a birth date only when it is at least this many years
# before today: respondents' and children's birth dates, not sessions, meetings or incidents.
_BARE_DATE_MIN_AGE_YEARS = 8
_FULL_NUMERIC_RE = re.compile(
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?P<y1>{_YEAR})|(?P<y2>{_YEAR})-\d{{2}}-\d{{2}})$"
)


def dates_of_birth(text: str, today: date | None = None) -> list[Span]:
    today = today or date.today()
    found = []
    for match in _DATE_RE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _BIRTH_CONTEXT_RE.search(before):
            found.append(Span(match.start(), match.end(), "date_of_birth"))
            continue
        full = _FULL_NUMERIC_RE.match(match.group(0))
        if (
            full
            and int(full.group("y1") or full.group("y2")) <= today.year - _BARE_DATE_MIN_AGE_YEARS
        ):
            found.append(Span(match.start(), match.end(), "date_of_birth"))
    return found
