"""Word lists the redaction rules consult, loaded once per process on first use.

- First names: the name dictionary shipped in the PyPI package `gender-guesser` (Jörg
  Michael's `nam_dict.txt`, about 46,000 first names from many countries, GNU FDL). Only the
  data file is read, found with `importlib.util.find_spec`; the package's code is never run.
- English words: the lower-case words of SCOWL's British English list (Debian `wbritish`),
  shipped here as `data/english_words.txt.gz` with its licence beside it. A first name that
  is also an ordinary word (Hope, Will, Grace, Mark) is only a name where the context says so.
- `data/keep.txt`: boroughs, areas, stations, lines, clubs, venues, public figures and
  organisations that analysts need, never redacted as a name or a school.
- `data/slang.txt`: chat words and slang that happen to be in the name dictionary or are not
  in the English list (innit, peng, wagwan), so they are never taken for a name or a handle.

Memory: about 10 MB; loading takes about half a second, once.
"""

import gzip
import importlib.util
import re
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


class LexiconMissing(RuntimeError):
    """The first-name dictionary is not installed (pip install gender-guesser)."""


def _read_lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [
            line.strip().lower()
            for line in handle
            if line.strip() and not line.lstrip().startswith("#")
        ]


def _name_file() -> Path:
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconMissing("The package gender-guesser (first-name dictionary) is missing.")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "nam_dict.txt"


@cache
def first_names() -> frozenset[str]:
    """Lower-case first names. Two-part names ("Abdul+Aziz") count by each part's own entry."""
    names = set()
    with _name_file().open(encoding="iso-8859-1") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip().lower()
            if "+" not in name and len(name) > 1:
                names.add(name)
    # Spelled as young people in London spell them and missing from a 2008 dictionary.
    names.update(_read_lines(DATA / "names.txt"))
    return frozenset(names)


@cache
def english_words() -> frozenset[str]:
    return frozenset(_read_lines(DATA / "english_words.txt.gz"))


@cache
def slang() -> frozenset[str]:
    return frozenset(_read_lines(DATA / "slang.txt"))


_POSSESSIVE_RE = re.compile(r"['’]s$")


@cache
def _keep() -> tuple[frozenset[str], int]:
    phrases = frozenset(
        " ".join(_POSSESSIVE_RE.sub("", word) for word in phrase.split())
        for phrase in _read_lines(DATA / "keep.txt")
    )
    return phrases, max(len(p.split()) for p in phrases)


_KEEP_TOKEN_RE = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=256)
def protected_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Where `text` names a kept place, club, venue, public figure or organisation.

    Longest phrase first, whole words, any case ("Old Kent Road" is not protected here: it is
    a street, and streets are kept by the address and name rules).
    """
    phrases, longest = _keep()
    tokens = list(_KEEP_TOKEN_RE.finditer(text))
    lowered = [_POSSESSIVE_RE.sub("", t.group(0).lower()) for t in tokens]  # "Duggan's"
    ranges, index = [], 0
    while index < len(tokens):
        for size in range(min(longest, len(tokens) - index), 0, -1):
            if " ".join(lowered[index : index + size]) in phrases:
                ranges.append((tokens[index].start(), tokens[index + size - 1].end()))
                index += size
                break
        else:
            index += 1
    return tuple(ranges)


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` (for short lists written inline)."""
    return frozenset(text.split())


def is_word(token: str) -> bool:
    """An ordinary English or chat word (not a name on its own)."""
    lower = token.lower().strip("'’")
    if lower.endswith(("'s", "’s")):
        lower = lower[:-2]
    return lower in english_words() or lower in slang()


def is_first_name(token: str) -> bool:
    return token.lower() in first_names()
