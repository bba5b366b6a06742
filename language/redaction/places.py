"""House and flat addresses, and school names. Streets without a number are kept."""

import re

from .lexicon import is_word, protected_ranges, word_set
from .spans import Span

_STREET_SUFFIXES = (
    r"road|rd|street|st|lane|ln|avenue|ave|close|way|drive|dr|court|ct|crescent|cres|"
    r"gardens|gdns|grove|place|pl|terrace|hill|park|square|sq|walk|row|mews|rise|green|"
    r"parade|broadway|vale|yard|wharf|passage|gate|approach|embankment|circus|high\s+street|"
    r"high\s+road"
)
_BLOCK_SUFFIXES = r"house|court|tower|towers|block|point|heights|mansions|lodge|building|buildings"
# Words that never sit between a house number and its street name: "the 12 bus down Old Kent
# Road" is not an address.
_NOT_STREET_WORDS = word_set(
    """a an the and or but on in at to of from near by down up for with into onto over past
    bus buses people kids boys girls men women times minutes mins hours miles years days
    weeks police cars shops houses streets roads of us them is are was were i me my we you
    he she they it this that each every more less"""
)
_STREET_WORD = r"[A-Za-z][A-Za-z'’-]*"
_FLAT = r"(?:flat|apartment|apt|unit)\s*\d{1,4}[a-z]?"
_HOUSE_RE = re.compile(
    rf"\b(?:{_FLAT}\s*,?\s*)?(?P<number>\d{{1,4}}[a-z]?)\s*,?\s+"
    rf"(?P<street>(?:{_STREET_WORD}\s+){{1,3}}?)(?:{_STREET_SUFFIXES}|{_BLOCK_SUFFIXES})\b",
    re.IGNORECASE,
)
_BLOCK_RE = re.compile(
    rf"\b{_FLAT}\s*,?\s*(?:{_STREET_WORD}\s+){{1,3}}?(?:{_BLOCK_SUFFIXES}|{_STREET_SUFFIXES})\b"
    rf"|\b{_FLAT}\b",
    re.IGNORECASE,
)


def addresses(text: str) -> list[Span]:
    found = []
    for match in _HOUSE_RE.finditer(text):
        words = match.group("street").lower().split()
        number = int(re.match(r"\d+", match.group("number")).group(0))
        if any(word in _NOT_STREET_WORDS for word in words) or 1900 <= number <= 2099:
            continue  # "the 12 bus down Old Kent Road", "the 2012 Olympic park"
        found.append(Span(match.start(), match.end(), "address"))
    for match in _BLOCK_RE.finditer(text):
        found.append(Span(match.start(), match.end(), "address"))
    return found


# --- Schools --------------------------------------------------------------------------------
_SCHOOL_SUFFIX = (
    r"(?:primary|secondary|high|grammar|community|free|foundation|technology|girls'?|boys'?|"
    r"c\s?of\s?e|catholic|church\s+of\s+england|convent|sixth\s+form|6th\s+form)?\s*"
    r"(?:school|academy|college|primary|high\s+school|sixth\s+form|utc)"
)
# A capitalised name before the suffix: "Stoke Newington School", "Bacon's College",
# "St Saviour's Primary School", "Our Lady's Convent High School", "Ark Walworth Academy".
_NAME_WORD = r"(?:St\.?|Saint|[A-Z][\w'’.-]*)"
_LINK_WORD = r"(?:of|the|and|&|de|la|le)"
_CAPITALISED_SCHOOL_RE = re.compile(
    rf"\b{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_LINK_WORD}))*?\s+"
    r"(?:(?:Primary|Secondary|High|Grammar|Community|Free|Foundation|Technology|Girls'?|Boys'?|"
    r"C\s?of\s?E|Catholic|Convent|Sixth\s+Form|6th\s+Form)\s+)*"
    r"(?:School|Academy|College|Primary|High\s+School|Sixth\s+Form|UTC)\b"
    r"(?:\s+(?!Hospital|Hall|Road|Street|Lane)[A-Z][a-z]+)?"
)
# Lower case: "harris academy peckham", "st marys primary", "st thomas the apostle college".
_SAINT_SCHOOL_RE = re.compile(
    rf"\b(?:st|saint)\.?\s+(?:[\w'’]+\s+){{0,4}}?{_SCHOOL_SUFFIX}\b", re.IGNORECASE
)
_LOWER_SCHOOL_RE = re.compile(
    rf"\b(?P<name>(?:[a-z][\w'’-]*\s+){{1,3}}?){_SCHOOL_SUFFIX}\b(?:\s+(?P<area>[a-z]+))?"
)
# Capitalised words that start a sentence or describe a school rather than name one.
_GENERIC = word_set(
    """the a an my our his her their your this that these those local secondary primary high
    grammar catholic private state new old special boarding free summer sunday saturday
    after before in at to from every each any some no good bad big small nice great best
    worst same other next last first second third year sixth form public independent
    faith church mosque supplementary music dance drama driving football police art
    film night evening morning weekend holiday"""
)
_NOT_SCHOOL_AFTER = re.compile(r"\s*(?:hospital|hall|road|street|lane|fc)\b", re.IGNORECASE)


# Catholic and Church of England schools named after a bishop or cardinal, often written
# without "School": "Bishop Challoner", "Cardinal Vaughan", "Archbishop Tenison's".
_CLERIC_SCHOOL_RE = re.compile(
    r"\b(?:arch)?bishop\s+[\w'’]+(?:\s+[A-Z][\w'’]+)?|\bcardinal\s+[\w'’]+", re.IGNORECASE
)


_ANY_SCHOOL_WORD_RE = re.compile(
    r"school|academy|college|primary|high|sixth|6th|utc|bishop|cardinal", re.IGNORECASE
)


def schools(text: str) -> list[Span]:
    if not _ANY_SCHOOL_WORD_RE.search(text):
        return []
    found = [
        Span(m.start(), m.end(), "school")
        for m in _CLERIC_SCHOOL_RE.finditer(text)
        if not is_word(m.group(0).split()[1])
    ]
    for match in _CAPITALISED_SCHOOL_RE.finditer(text):
        words = [w for w in re.split(r"\s+", match.group(0)) if w]
        name_words = [w for w in words[:-1] if w.lower().strip("'’") not in _GENERIC]
        if not name_words or words[0].lower() in _GENERIC and len(name_words) < 1:
            continue
        start = match.start()
        if words[0].lower() in _GENERIC:  # "The Charter School" keeps "The"
            start += len(words[0]) + 1
        if _NOT_SCHOOL_AFTER.match(text, match.end()):
            continue
        found.append(Span(start, match.end(), "school"))
    for match in _SAINT_SCHOOL_RE.finditer(text):
        found.append(Span(match.start(), match.end(), "school"))
    for match in _LOWER_SCHOOL_RE.finditer(text):
        words = match.group("name").split()
        # Walk back from the suffix over words that are not ordinary words: "harris",
        # "kingsdale". "my school", "after school", "a good college" stay.
        kept = []
        for word in reversed(words):
            if is_word(word) or word in _GENERIC:
                break
            kept.insert(0, word)
        if not kept or _NOT_SCHOOL_AFTER.match(text, match.end()):
            continue
        start = match.start("name") + match.group("name").index(kept[0])
        end = match.end()
        if match.group("area") and is_word(match.group("area")):
            end = match.start("area") - 1
        found.append(Span(start, end, "school"))
    protected = protected_ranges(text)
    # "Brixton Academy" is a music venue: a school span inside a kept phrase is dropped.
    return [s for s in found if not any(a <= s.start and s.end <= b for a, b in protected)]
