"""Match free text against the Safeguarding lead's phrase list.

Text and phrases go through the same normalisation, so a phrase written once in plain words
matches the ways young people actually type it:

- lower case, accents stripped ("Suïcide" -> "suicide");
- letters spelt out with dots, dashes or stars joined ("k.i.l.l", "k-i-l-l") and runs of four
  or more single letters separated by spaces joined ("k i l l");
- number-and-symbol swaps inside words read as letters ("k1ll", "5elf", "h@rm", "d13");
- apostrophes dropped ("don't" -> "dont"), other punctuation becomes a space;
- every run of a repeated letter collapsed to one ("diiiie" -> "die", "kill" -> "kil"), which
  also forgives doubled or missing double letters ("stabing", "kil");
- "-ing" read as "-in", so a dropped g still matches ("cuttin myself", "killin");
- whole words only, so "skill" never matches "kill"; a space inside a phrase may be missing
  or replaced by punctuation ("selfharm", "self-harm");
- a word ending in `*` matches any ending ("stab*" matches stabbed, stabbing);
- `...` between words allows up to three other words there ("hits ... brother" matches
  "hits my little brother");
- a long word (seven letters or more) also matches one typo away ("sucidal" for "suicidal").

The active phrases are compiled once per process and recompiled when any phrase or category
is saved or deleted anywhere (a version number in the shared cache says when).
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from home.versioning import CacheVersion

PHRASES_VERSION = CacheVersion("safeguarding:phrases:version")
FUZZY_MIN_LENGTH = 7
GAP_WORDS = 3

_DIGITS_AS_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_SYMBOLS_AS_LETTERS = {"@": "a", "$": "s", "!": "i", "|": "i"}
_APOSTROPHES = re.compile(r"['’‘`]")
_SPELT_OUT = re.compile(r"(?<![^\W_])[a-z0-9@$](?:[.\-_*~]+[a-z0-9@$])+(?![^\W_])")
_SPACED_LETTERS = re.compile(r"(?<!\S)[a-z](?: [a-z]){3,}(?!\S)")
_SYMBOL_IN_WORD = re.compile(r"(?<=[a-z0-9])[@$!|]+(?=[a-z0-9])")
_WORD_WITH_DIGITS = re.compile(r"[a-z0-9]*(?:[a-z][0-9]|[0-9][a-z])[a-z0-9]*")
_NOT_WORD = re.compile(r"[^a-z0-9*]+")
_REPEATS = re.compile(r"([a-z])\1+")
_DROPPED_G = re.compile(r"(?<=[a-z]{2})ing\b")


@dataclass(frozen=True)
class Match:
    """One phrase found in a text, and the category it belongs to."""

    category: object  # a SafeguardingCategory
    phrase: str


@dataclass(frozen=True)
class _CompiledPhrase:
    category: object
    phrase: str
    pattern: re.Pattern
    fuzzy_word: str  # non-empty for single long words matched one typo away


def normalise(text: str, *, keep_stars: bool = False) -> str:
    """The comparable form of `text` (see the module docstring)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _SPELT_OUT.sub(lambda m: re.sub(r"[.\-_*~]+", "", m.group(0)), text)
    text = _SYMBOL_IN_WORD.sub(
        lambda m: "".join(_SYMBOLS_AS_LETTERS[ch] for ch in m.group(0)), text
    )
    text = _WORD_WITH_DIGITS.sub(lambda m: m.group(0).translate(_DIGITS_AS_LETTERS), text)
    if not keep_stars:
        text = text.replace("*", " ")
    text = _NOT_WORD.sub(" ", text)
    text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _REPEATS.sub(r"\1", text)
    text = _DROPPED_G.sub("in", text)
    return " ".join(text.split())


def phrase_pattern(phrase: str) -> re.Pattern:
    """A regular expression for one phrase, to run on normalised text."""
    marked = phrase.replace("...", " GAPWORDS ").replace("*", " WILDCARDSTAR ")
    words = normalise(marked).split()
    body = ""
    joiner = ""
    for word in words:
        if word == "wildcardstar":
            body += "[a-z0-9]*"
        elif word == "gapwords":
            joiner = f"(?: [a-z0-9]+){{0,{GAP_WORDS}}} "
        else:
            body += (joiner if body else "") + re.escape(word)
            joiner = "[ ]?"
    return re.compile(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])")


def _within_one_edit(word: str, target: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours (optimal string
    alignment distance, from rapidfuzz), with the same first letter."""
    return bool(word) and word[0] == target[0] and OSA.distance(word, target, score_cutoff=1) <= 1


_local = threading.local()


def forget_compiled_phrases() -> None:
    """Make every process recompile the phrase list on its next screening."""
    PHRASES_VERSION.bump()
    _local.__dict__.clear()


def compiled_phrases() -> list[_CompiledPhrase]:
    """The active phrases, compiled; rebuilt only when the list has changed."""
    from safeguarding.models import SafeguardingPhrase

    version = PHRASES_VERSION.current()
    if getattr(_local, "version", None) == version:
        return _local.phrases
    compiled = []
    for phrase in SafeguardingPhrase.objects.filter(is_active=True).select_related("category"):
        normal = normalise(phrase.phrase)
        if not normal:
            continue
        single_long_word = (
            " " not in normal
            and "*" not in phrase.phrase
            and "..." not in phrase.phrase
            and len(normal) >= FUZZY_MIN_LENGTH
        )
        compiled.append(
            _CompiledPhrase(
                category=phrase.category,
                phrase=phrase.phrase,
                pattern=phrase_pattern(phrase.phrase),
                fuzzy_word=normal if single_long_word else "",
            )
        )
    _local.version = version
    _local.phrases = compiled
    return compiled


def screen_text(text: str) -> list[Match]:
    """Every phrase from the active list found in `text`, at most once each."""
    if not text or not text.strip():
        return []
    normal = normalise(text)
    words = set(normal.split())
    long_words = {word for word in words if len(word) >= FUZZY_MIN_LENGTH - 1}
    matches: list[Match] = []
    seen: set[tuple[int, str]] = set()
    for compiled in compiled_phrases():
        found = compiled.pattern.search(normal) is not None
        if not found and compiled.fuzzy_word:
            found = any(_within_one_edit(word, compiled.fuzzy_word) for word in long_words)
        key = (compiled.category.pk, compiled.phrase)
        if found and key not in seen:
            seen.add(key)
            matches.append(Match(category=compiled.category, phrase=compiled.phrase))
    return matches


def screen_texts(texts: dict[str, str]) -> dict[str, list[Match]]:
    """`screen_text` over labelled answers; only the labels with matches are returned."""
    results = {}
    for label, text in texts.items():
        matches = screen_text(text or "")
        if matches:
            results[label] = matches
    return results
