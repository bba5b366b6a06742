"""Contact details: email addresses (also spelled out), links, handles, phones, postcodes.

Each finder returns `Span`s over the original text; `language.redaction` merges them.
"""

import re

import phonenumbers

from .lexicon import is_word, word_set
from .spans import Span

# --- Email ----------------------------------------------------------------------------------
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s?@\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)
# Written out: "sam dot jones at gmail dot com", "kerry(at)hotmail.co.uk", "d.walker [at]
# outlook [dot] com", "lola (at) yahoo (dot) co (dot) uk".
_AT = r"(?:\s*[\[({]\s*at\s*[\])}]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({]\s*dot\s*[\])}]\s*|\s+dot\s+|\.)"
_PART = r"[A-Za-z0-9][A-Za-z0-9_%+-]*"
_PROVIDERS = (
    "gmail|googlemail|hotmail|outlook|live|yahoo|ymail|icloud|me|aol|btinternet|sky|"
    "virginmedia|talktalk|protonmail|proton|msn|mail"
)
_SPELLED_EMAIL_RE = re.compile(
    rf"(?<![\w.+-])(?P<local>{_PART}(?:{_DOT}{_PART})*){_AT}"
    rf"(?P<domain>{_PART}(?:{_DOT}{_PART})*{_DOT}(?:co{_DOT}uk|org{_DOT}uk|ac{_DOT}uk|"
    r"com|net|org|uk|co|io|me))\b",
    re.IGNORECASE,
)


def emails(text: str) -> list[Span]:
    found = [Span(m.start(), m.end(), "email") for m in _EMAIL_RE.finditer(text)]
    for match in _SPELLED_EMAIL_RE.finditer(text):
        local, domain = match.group("local"), match.group("domain").lower()
        spelled_at = not re.search(r"[\[({]", text[match.end("local") : match.start("domain")])
        # With a bare " at ", ask for more than two ordinary words: "meet at youth.org" is not
        # an email, "tunde_b at yahoo.com" and "sam dot jones at gmail dot com" are.
        if spelled_at and not (
            re.match(_PROVIDERS, domain)
            or re.search(r"[\d_.]|\sdot\s", local)
            or not is_word(local)
        ):
            continue
        found.append(Span(match.start(), match.end(), "email"))
    return found


# --- Links ----------------------------------------------------------------------------------
# Common top-level domains for bare addresses such as example.co.uk or youtube.com; a bare
# "word.word" is only treated as a link when it ends in one of these, so "e.g." and "etc."
# and sentences missing a space after a full stop survive.
_TLDS = (
    "co.uk|org.uk|ac.uk|gov.uk|nhs.uk|sch.uk|police.uk|ltd.uk|me.uk|net.uk|london|"
    "com|org|net|info|biz|io|co|uk|me|tv|ly|gg|app|dev|tk|be|to|fm|xyz|site|online|link|ee"
)
_URL_RE = re.compile(
    r"(?:\b(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|\b(?<![@\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:" + _TLDS + r")\b"
    r"(?:/[^\s<>\"'()\[\]]*)?)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?"


def links(text: str) -> list[Span]:
    found = []
    for match in _URL_RE.finditer(text):
        stripped = match.group(0).rstrip(_TRAILING_PUNCTUATION)
        found.append(Span(match.start(), match.start() + len(stripped), "link"))
    return found


# --- Handles --------------------------------------------------------------------------------
# @name on social media, but not the middle of an email address and not a time ("see you
# @5pm", "@10:30").
_AT_HANDLE_RE = re.compile(
    r"(?<![\w@.])@(?!\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.?m\.?)?(?!\w))"
    r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b",
    re.IGNORECASE,
)
# A handle named by its platform without "@": "my snap is ella_bellaxo", "insta: bigmike.24",
# "add me on snap jaydenx07", "my discord is shadowfox#2231", "psn BlazeRunner_7".
_PLATFORMS = (
    r"snap(?:chat)?|sc|insta(?:gram)?|ig|tik\s?tok|twitter|discord|xbox(?:\s+live)?|psn|"
    r"playstation|ps[45]|twitch|youtube|yt|telegram|threads|steam|roblox|fortnite|epic|kik|"
    r"gamertag|bereal"
)
_PLATFORM_HANDLE_RE = re.compile(
    rf"\b(?:{_PLATFORMS})(?:\s+(?:name|username|user\s?name|handle|id|tag|gamertag|account|acc))?"
    r"(?:\s+me)?(?P<separator>\s*(?:['’]s|is|=|:|-|->|=>)\s*|\s+)(?:@\s?)?"
    r"(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?:#\d{4})?)",
    re.IGNORECASE,
)
# After "my snap is" almost anything is a handle, except words saying what the account is.
_NOT_A_HANDLE = word_set(
    """private public down broken deleted banned blocked gone hacked new old dead dry
    locked the a an my not on in off where what how when why so just only better worse
    full where's and or but because cos is are was were it that this there here"""
)


def handles(text: str) -> list[Span]:
    found = [Span(m.start(), m.end(), "social_handle") for m in _AT_HANDLE_RE.finditer(text)]
    for match in _PLATFORM_HANDLE_RE.finditer(text):
        handle = match.group("handle")
        start = match.start("handle")
        if text[start - 1 : start] == "@" or text[start - 2 : start] == "@ ":
            start = text.rindex("@", 0, start)
        # "insta: x", "my snap is x" name the handle; "snap is toxic" does not.
        separator = match.group("separator").strip().lower()
        possessive = re.search(r"\b(?:my|his|her|ur|your|their)\s+$", text[: match.start()], re.I)
        named = bool(separator) and (separator != "is" or bool(possessive))
        if handle.lower() in _NOT_A_HANDLE:
            continue
        if re.search(r"[\d_.#]", handle) or named or not (is_word(handle) or handle.isupper()):
            found.append(Span(start, match.end("handle"), "social_handle"))
    return found


# --- Phones ---------------------------------------------------------------------------------
def phones(text: str) -> list[Span]:
    """UK numbers found by `phonenumbers`, kept only when they are a full subscriber number.

    POSSIBLE leniency (not VALID) so that numbers in Ofcom's drama ranges and new ranges count;
    the national number must then be 9 or 10 digits and start as UK numbers do, which leaves
    years, counts, amounts, bus routes and short helplines (0800 1111, 116 123) alone.
    """
    found = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string
        if not re.match(r"[+(]|0", raw):
            continue
        national = phonenumbers.national_significant_number(match.number)
        if (
            match.number.country_code == 44
            and 9 <= len(national) <= 10
            and national[0] in "1235789"
        ):
            found.append(Span(match.start, match.end, "phone"))
    return found


# --- Postcodes ------------------------------------------------------------------------------
# Full UK postcodes, any case, with or without the space: SW1A 1AA, e17 4pq, N11AB. An outward
# district alone ("SE15") is an area and stays.
_POSTCODE_RE = re.compile(
    r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b",
    re.IGNORECASE,
)


def postcodes(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "postcode") for m in _POSTCODE_RE.finditer(text)]
