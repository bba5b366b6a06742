"""Find campaigns: texts that are the same or nearly the same (a shared template, copy and
paste with small edits, a petition). Generic over (id, text); knows nothing of consultations.

Method (decision 0024): normalise each text; texts that are identical after normalising are
one group at once. The distinct texts get a MinHash signature over their word pairs
(`PERMUTATIONS` hash functions, numpy only); locality-sensitive hashing in `BANDS` bands of
`ROWS` rows makes candidate pairs of texts whose pairs overlap enough; each candidate pair is
confirmed with a real string similarity (rapidfuzz, the better of plain and word-order-free
ratio, at least `SIMILARITY`), and confirmed pairs are joined with union-find. Texts shorter
than `MIN_WORDS` words never join a campaign: "yes", "idk" and "more youth clubs" are said
independently by many people.
"""

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

MIN_WORDS = 12
SHINGLE_WORDS = 2
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
SIMILARITY = 88.0  # rapidfuzz score out of 100 (chosen on bench seed 3, decision 0024)
_PRIME = 4294967311  # the first prime above 2**32
_SEED = 20261202
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True)
class Settings:
    min_words: int = MIN_WORDS
    similarity: float = SIMILARITY
    bands: int = BANDS
    rows: int = ROWS


def normalise(text: str) -> str:
    """Lower case, compatibility forms, curly quotes straightened, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("\u2019", "'")
    return " ".join(_WORD.findall(text))


def _shingles(words: list[str]) -> list[int]:
    if len(words) < SHINGLE_WORDS:
        return [zlib.crc32(" ".join(words).encode())]
    return list(
        {
            zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
            for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    )


def signatures(texts: list[str], permutations: int = PERMUTATIONS, chunk: int = 40_000):
    """MinHash signatures (len(texts) × permutations, uint64) of normalised texts."""
    import numpy as np

    generator = np.random.default_rng(_SEED)
    # a < 2**31 and hashes < 2**32 keep a * h + b below 2**64.
    a = generator.integers(1, 2**31, size=(permutations, 1), dtype=np.uint64)
    b = generator.integers(0, _PRIME, size=(permutations, 1), dtype=np.uint64)
    lengths, hashes = [], []
    for text in texts:
        shingles = _shingles(text.split())
        lengths.append(len(shingles))
        hashes.extend(shingles)
    all_hashes = np.asarray(hashes, dtype=np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    result = np.empty((len(texts), permutations), dtype=np.uint64)
    # Work through whole texts in chunks of about `chunk` shingles to bound memory.
    first = 0
    while first < len(texts):
        last = first
        while last < len(texts) and (last == first or starts[last] - starts[first] < chunk):
            last += 1
        begin = starts[first]
        end = starts[last] if last < len(texts) else len(all_hashes)
        values = (a * all_hashes[None, begin:end] + b) % _PRIME
        result[first:last] = np.minimum.reduceat(values, starts[first:last] - begin, axis=1).T
        first = last
    return result


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, one: int, other: int) -> None:
        one, other = self.find(one), self.find(other)
        if one != other:
            self.parent[max(one, other)] = min(one, other)


def similar(one: str, other: str, threshold: float = SIMILARITY) -> bool:
    """The confirmation: nearly the same words, in the same or another order."""
    from rapidfuzz import fuzz

    return (
        fuzz.ratio(one, other, score_cutoff=threshold) > 0
        or fuzz.token_sort_ratio(one, other, score_cutoff=threshold) > 0
    )


def _buckets(signature, bands: int, rows: int):
    """Per band, the groups of texts whose rows in that band are all equal."""
    import numpy as np

    for band in range(bands):
        block = np.ascontiguousarray(signature[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        breaks = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        for members in np.split(order, breaks):
            if len(members) > 1:
                yield members.tolist()


def find_groups(items: Iterable[tuple[Hashable, str]], settings: Settings | None = None):
    """Groups (lists of ids, two or more, largest first) of items whose texts are the same or
    nearly the same. Items shorter than `settings.min_words` words are never grouped."""
    settings = settings or Settings()
    by_text: dict[str, list] = defaultdict(list)
    for item_id, text in items:
        normalised = normalise(text)
        if len(normalised.split()) >= settings.min_words:
            by_text[normalised].append(item_id)
    texts = list(by_text)
    if not texts:
        return []
    union = _UnionFind(len(texts))
    signature = signatures(texts)
    for bucket in _buckets(signature, settings.bands, settings.rows):
        # Compare with one member of each group found so far in this bucket: a bucket of a
        # thousand copies costs a thousand comparisons, not half a million.
        heads: list[int] = []
        for member in bucket:
            root = union.find(member)
            for head in heads:
                if union.find(head) == root or similar(
                    texts[member], texts[head], settings.similarity
                ):
                    union.union(member, head)
                    break
            else:
                heads.append(member)
    groups: dict[int, list] = defaultdict(list)
    for index, text in enumerate(texts):
        groups[union.find(index)].extend(by_text[text])
    found = [sorted(ids, key=str) for ids in groups.values() if len(ids) > 1]
    return sorted(found, key=lambda ids: (-len(ids), str(ids[0])))
