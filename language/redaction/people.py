"""People's names: after an introduction or a relationship word, after a title, or a known
first name (with the surname that follows it).

A known first name that is also an ordinary word (Hope, Will, Grace, Rose) counts only after
an introduction, a relationship word or a title. Boroughs, areas, stations, clubs, venues and
public figures (`data/keep.txt`) are never names, nor is a word that starts a street or a
place ("Kent" in "Old Kent Road", "Victoria station").
"""

import re

from .lexicon import is_first_name, is_word, protected_ranges, word_set
from .spans import Span

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TITLES = word_set(
    """mr mrs ms miss mx dr prof sir dame pc dc sgt insp rev pastor imam father sister brother
    auntie aunty uncle nan nana grandma grandad coach"""
)
# Titles that are also ordinary lower-case words ("i miss her", "my sister said") count only
# capitalised.
_LOWER_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "pc", "sgt"})
_INTRODUCTIONS = re.compile(
    r"(?:\bi\s*['’]?\s*m|\bi\s+am|\bmy\s+name\s*['’]?s|\bmy\s+name\s+is|\bname\s*['’]?s|"
    r"\bcall\s+me|\bit\s*['’]?s|\bthis\s+is|\bi\s*['’]?\s*m\s+called|\bthey\s+call\s+me|"
    r"\bask\s+for|\bsigned|\bregards|\bthanks|\bfrom)\s*,?\s*$",
    re.IGNORECASE,
)
_RELATIONS = (
    r"son|daughter|brother|bro|sister|sis|mum|mom|mother|dad|father|nan|nana|gran|grandma|"
    r"grandad|grandson|granddaughter|grandchild|cousin|cuz|friend|mate|bestie|bff|bf|gf|"
    r"boyfriend|girlfriend|partner|husband|wife|uncle|aunt|auntie|niece|nephew|child|kid|"
    r"boy|girl|baby|neighbour|stepdad|stepmum|stepson|stepdaughter|carer|mentor|coach|"
    r"teacher|tutor|form\s+tutor|head\s+of\s+year|senco|keyworker|key\s+worker|case\s+worker|"
    r"caseworker|social\s+worker|support\s+worker|youth\s+worker|worker|manager|boss|colleague"
)
_RELATION_BEFORE = re.compile(
    rf"\b(?:my|our|his|her|their|ur|your|the)\s+(?:[a-z]+\s+){{0,2}}?(?:{_RELATIONS})s?\s*,?\s*$",
    re.IGNORECASE,
)
_WITH_BEFORE = re.compile(r"\b(?:me\s+(?:and|n|&)|with|tell|told|ask|asked)\s+$", re.IGNORECASE)
_WITH_AFTER = re.compile(r"^\s+(?:and|n|&)\s+(?:me|i)\b", re.IGNORECASE)
# "Precious said", "Rose told me": a capitalised first name that is also a word, then a verb
# of speaking or messaging.
_SAID_AFTER = re.compile(
    r"^\s+(?:said|says|told|tells|texted|messaged|rang|called|asked|snapchatted|dm'?d)\b",
    re.IGNORECASE,
)
# "Destiny is my best friend", "Connor from my class", "Kevin, our neighbour".
_RELATION_AFTER = re.compile(
    rf"^\s*,?\s*(?:is|was|who\s+is|from|in)?\s*(?:my|our|his|her|their)\s+(?:[a-z]+\s+){{0,2}}?"
    rf"(?:{_RELATIONS}|class|form|year|school|team|church|mosque|estate|road)s?\b",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(
    r"^\s+(?:road|rd|street|st|lane|avenue|ave|hill|park|green|station|junction|line|"
    r"common|village|square|centre|center|estate|house|court|tower|church|hospital|college|"
    r"school|academy|library|council|fc|gardens|grove|market|stadium|bridge|high\s+street|"
    r"way|place|rise|cross|town|city|borough|county)\b",
    re.IGNORECASE,
)
_STOP_CAPITALISED = word_set(
    """i the a an and or but if so my our we you he she they it this that there here what when
    where why how yes no not hi hello hey dear thanks thank please also just"""
)
_MAX_SURNAME_WORDS = 2


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def _could_be_name(token: str, *, context: bool) -> bool:
    """Whether this token can be a name; with context, ordinary-word names count too."""
    lower = token.lower()
    if lower in _STOP_CAPITALISED or len(token) < 2:
        return False
    capital = token[0].isupper()
    if not capital and not context and len(token) < 4:
        return False  # "al", "da", "mi", "ya": chat and patois far more often than names
    if is_first_name(token):
        return not is_word(token) or (context and capital)
    # Not a first name we know: only in context, and only if it is no ordinary word.
    return context and not is_word(token) and (capital or not lower.isdigit())


def _surname_end(tokens: list[re.Match], index: int, text: str, protected) -> int:
    """Extend a name over the capitalised surname(s) that follow it."""
    end = tokens[index].end()
    all_lower = text == text.lower()
    for following in tokens[index + 1 : index + 1 + _MAX_SURNAME_WORDS]:
        gap = text[end : following.start()]
        word = following.group(0)
        if gap.strip() or _inside(following.start(), protected) or _PLACE_AFTER.match(text[end:]):
            break
        capitalised = word[0].isupper() and word.lower() not in _STOP_CAPITALISED
        if capitalised or (all_lower and not is_word(word)):
            end = following.end()
        else:
            break
    return end


def names(text: str) -> list[Span]:
    protected = protected_ranges(text)
    tokens = list(_TOKEN_RE.finditer(text))
    found = []
    skip_until = -1
    for index, token in enumerate(tokens):
        word = token.group(0)
        lower = word.lower().rstrip(".")
        if word.islower() and is_word(word) and lower not in _LOWER_TITLES:
            continue  # most tokens: an ordinary lower-case word is never a name
        if token.start() < skip_until or _inside(token.start(), protected):
            continue
        before = text[max(0, token.start() - 40) : token.start()]
        after = text[token.end() : token.end() + 30]
        if _PLACE_AFTER.match(after) and not _RELATION_BEFORE.search(before):
            continue
        # Title and surname: "Mrs Okafor", "Dr. Patel", "PC Harris", "mr jones".
        if lower in _TITLES and (word[0].isupper() or lower in _LOWER_TITLES):
            if index + 1 < len(tokens):
                nxt = tokens[index + 1]
                gap = text[token.end() : nxt.start()]
                surname = nxt.group(0)
                if (
                    gap.strip() in ("", ".")
                    and not _inside(nxt.start(), protected)
                    and surname.lower() not in _STOP_CAPITALISED
                    and (surname[0].isupper() or not is_word(surname))
                ):
                    end = _surname_end(tokens, index + 1, text, protected)
                    found.append(Span(token.start(), end, "name"))
                    skip_until = end
            continue
        relation = bool(_RELATION_BEFORE.search(before))
        joined = bool(found) and re.fullmatch(
            r"\s+(?:and|&|n)\s+", text[found[-1].end : token.start()]
        )
        context = bool(
            relation
            or joined
            or _INTRODUCTIONS.search(before)
            or _WITH_BEFORE.search(before)
            or _WITH_AFTER.match(after)
            or _RELATION_AFTER.match(text[token.end() :])
        )
        if word.isupper() and len(word) <= 3 and not relation:
            continue  # "NI", "UK", "PE": initials and acronyms, not names
        said = word[0].isupper() and is_first_name(word) and _SAID_AFTER.match(after)
        # "Rose Okafor", "Grace Mensah": a first name that is also a word, then a surname that
        # is no word (streets and places have ordinary-word endings: "Green Lanes").
        full = (
            word[0].isupper()
            and is_first_name(word)
            and index + 1 < len(tokens)
            and re.fullmatch(r" ", text[token.end() : tokens[index + 1].start()])
            and re.fullmatch(r"[A-Z][a-z'’-]+", tokens[index + 1].group(0))
            and not text[tokens[index + 1].end() :][:1].isdigit()
            and not is_word(tokens[index + 1].group(0))
            and not _inside(tokens[index + 1].start(), protected)
        )
        strong = (
            (relation or joined or said or full)
            and word[0].isupper()
            and lower not in _STOP_CAPITALISED
        )
        if lower == "from" or not (strong or _could_be_name(word, context=context)):
            continue
        # "from Lewisham" is a place unless the word is a known first name.
        from_place = re.search(r"\bfrom\s*$", before, re.IGNORECASE)
        if from_place and (not is_first_name(word) or is_word(word)):
            continue
        end = _surname_end(tokens, index, text, protected)
        found.append(Span(token.start(), end, "name"))
        skip_until = end
    return found
