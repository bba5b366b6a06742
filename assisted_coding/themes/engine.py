"""Group unit-length sentence vectors into themes (decision 0023).

K-means over the normalised vectors (cosine geometry), with the number of themes chosen by
the silhouette score on a sample, then: answers far from every centre and themes too small to
mean anything go to one "Unclear / other" bucket; each theme gets class-based TF-IDF top words
(`labels`), a short label and the three answers nearest its centre. Generic: it takes arrays
and strings and returns indices, and imports no Django.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .labels import class_tfidf_top_words, short_label

UNCLEAR_LABEL = "Unclear / other"
MIN_THEMES = 2
MAX_THEMES = 20
QUOTES = 3
# An answer less similar than this to its theme's centre is not really about the theme.
# Chosen on the benchmark (bench/themes_bench.py): planted off-topic answers sit below 0.3,
# on-topic ones above 0.4.
OUTLIER_SIMILARITY = 0.32
# A theme with fewer answers than this share of all answers (and never fewer than 3) is too
# small to be a theme of its own.
MIN_THEME_SHARE = 0.005
MIN_THEME_SIZE = 3
# Choosing k fits a few candidate k-means on a sample and scores each with the silhouette on a
# smaller sample: cheap at any size, and stable enough (decision 0023 has the figures).
FIT_SAMPLE = 4000
SCORE_SAMPLE = 2000
# K-means runs on the vectors projected on their first principal components: six to eight
# times faster than on all 384 dimensions, with the same silhouette measured in the full space
# (decision 0023). Centres and similarities are then taken in the full space.
REDUCED_DIMENSIONS = 48

Progress = Callable[[int, str], None]


@dataclass
class Theme:
    members: np.ndarray  # indices into the input, nearest the centre first
    similarities: np.ndarray  # cosine similarity of each member to the centre
    top_words: list[str] = field(default_factory=list)
    label: str = ""
    quotes: list[int] = field(default_factory=list)  # indices of the representative answers
    unclear: bool = False

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass
class Result:
    themes: list[Theme]
    k: int
    silhouette: float | None
    method: str = "kmeans-cosine"


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def reduce(vectors: np.ndarray, seed: int = 0) -> np.ndarray:
    """The normalised vectors projected on their first principal components (fitted on a
    sample) and normalised again, so Euclidean k-means there approximates cosine k-means."""
    from sklearn.decomposition import PCA

    if vectors.shape[1] <= REDUCED_DIMENSIONS or len(vectors) <= 4 * REDUCED_DIMENSIONS:
        return vectors
    rng = np.random.default_rng(seed)
    sample = vectors
    if len(vectors) > FIT_SAMPLE:
        sample = vectors[rng.choice(len(vectors), FIT_SAMPLE, replace=False)]
    pca = PCA(REDUCED_DIMENSIONS, random_state=seed, svd_solver="randomized").fit(sample)
    return _normalise(pca.transform(vectors))


def _kmeans(vectors: np.ndarray, k: int, seed: int, n_init: int = 1):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=100).fit(vectors)


def candidate_ks(n: int, low: int = MIN_THEMES, high: int = MAX_THEMES) -> list[int]:
    """k values worth trying for n answers: no theme smaller than MIN_THEME_SIZE on average
    times two, and a coarse grid above 12 (k-means' silhouette changes slowly there)."""
    high = min(high, max(low, n // (2 * MIN_THEME_SIZE)))
    return [k for k in range(low, high + 1) if k <= 12 or k % 2 == 0]


def choose_k(
    vectors: np.ndarray,
    ks: list[int],
    *,
    seed: int = 0,
    progress: Progress | None = None,
    progress_span: tuple[int, int] = (0, 100),
) -> tuple[int, float | None]:
    """The k with the best silhouette (cosine) on a sample, and that score."""
    from sklearn.metrics import silhouette_score

    if len(ks) == 1:
        return ks[0], None
    rng = np.random.default_rng(seed)
    sample = vectors
    if len(vectors) > FIT_SAMPLE:
        sample = vectors[rng.choice(len(vectors), FIT_SAMPLE, replace=False)]
    best_k, best_score = ks[0], -1.0
    start, end = progress_span
    for step, k in enumerate(ks):
        if k >= len(sample):
            break
        labels = _kmeans(sample, k, seed).labels_
        if len(set(labels.tolist())) < 2:
            continue
        score = float(
            silhouette_score(
                sample,
                labels,
                metric="cosine",
                sample_size=min(SCORE_SAMPLE, len(sample)),
                random_state=seed,
            )
        )
        if score > best_score:
            best_k, best_score = k, score
        if progress:
            progress(start + (end - start) * (step + 1) // len(ks), f"Trying {k} themes")
    return best_k, best_score


def find_themes(
    vectors: np.ndarray,
    texts: list[str],
    *,
    k: int | None = None,
    max_k: int = MAX_THEMES,
    seed: int = 0,
    progress: Progress | None = None,
    set_aside: np.ndarray | None = None,
) -> Result:
    """Themes in `vectors` (one row per answer) whose words are `texts`. `k` fixes the number
    of themes (splitting one theme); otherwise it is chosen by silhouette. Answers marked in
    `set_aside` (non-answers, keyboard mash) go straight to "Unclear / other", which is the
    last theme of the result when any answer is unclear."""
    from threadpoolctl import threadpool_limits

    # One BLAS/OpenMP thread: on 2 shared cores, k-means with two threads spins against the
    # web workers and the encoder and ran five times slower (2.7 s against 13 s, 3,000
    # answers, load average 10); one thread is as fast on a quiet machine.
    with threadpool_limits(limits=1):
        return _find_themes(
            vectors, texts, k=k, max_k=max_k, seed=seed, progress=progress, set_aside=set_aside
        )


def _find_themes(vectors, texts, *, k, max_k, seed, progress, set_aside) -> Result:
    n = len(vectors)
    if n != len(texts):
        raise ValueError("One text per vector.")
    if n == 0:
        return Result(themes=[], k=0, silhouette=None)
    vectors = _normalise(vectors)
    progress = progress or (lambda percent, stage: None)
    aside = np.zeros(n, dtype=bool) if set_aside is None else np.asarray(set_aside, dtype=bool)
    grouped = np.flatnonzero(~aside)
    assignment = np.full(n, -1, dtype=int)
    similarity = np.zeros(n, dtype=np.float32)
    score = None
    if len(grouped):
        progress(2, "Comparing answers")
        reduced = reduce(vectors[grouped], seed)
        if k is None:
            ks = candidate_ks(len(grouped), high=max_k)
            if len(grouped) < 2 * MIN_THEME_SIZE * MIN_THEMES or not ks:
                k = 1
            else:
                k, score = choose_k(
                    reduced, ks, seed=seed, progress=progress, progress_span=(5, 60)
                )
        k = max(1, min(k, len(grouped)))
        progress(60, f"Grouping into {k} themes")
        labels = np.zeros(len(grouped), dtype=int)
        if k > 1:
            labels = _kmeans(reduced, k, seed, n_init=3).labels_
        centres = np.zeros((k, vectors.shape[1]), dtype=np.float32)
        np.add.at(centres, labels, vectors[grouped])
        centres = _normalise(centres)
        assignment[grouped] = labels
        similarity[grouped] = np.einsum("ij,ij->i", vectors[grouped], centres[labels])
        assignment[grouped[similarity[grouped] < OUTLIER_SIMILARITY]] = -1
    else:
        k = 0
    min_size = max(MIN_THEME_SIZE, int(np.ceil(MIN_THEME_SHARE * n)))
    sizes = np.bincount(assignment[assignment >= 0], minlength=k)
    for small in np.flatnonzero(sizes < min_size):
        assignment[assignment == small] = -1
    kept = [theme for theme in range(k) if (assignment == theme).any()]
    renumber = {old: new for new, old in enumerate(kept)}
    assignment = np.array([renumber.get(old, -1) for old in assignment.tolist()], dtype=int)
    progress(80, "Finding the words of each theme")
    top_words = class_tfidf_top_words(texts, assignment, len(kept))
    themes = [
        describe(np.flatnonzero(assignment == theme), similarity, texts, top_words[theme])
        for theme in range(len(kept))
    ]
    themes.sort(key=lambda theme: -theme.count)
    unclear = np.flatnonzero(assignment == -1)
    if len(unclear):
        bucket = describe(unclear, similarity, texts, [])
        bucket.unclear, bucket.label = True, UNCLEAR_LABEL
        themes.append(bucket)
    progress(100, "Done")
    return Result(themes=themes, k=k, silhouette=score)


def describe(members: np.ndarray, similarity: np.ndarray, texts, top_words) -> Theme:
    order = members[np.argsort(-similarity[members], kind="stable")]
    quotes, seen = [], set()
    for index in order:
        text = " ".join(texts[index].split()).lower()
        if text in seen:  # a campaign's copies would otherwise fill all three quotes
            continue
        seen.add(text)
        quotes.append(int(index))
        if len(quotes) == QUOTES:
            break
    return Theme(
        members=order,
        similarities=similarity[order],
        top_words=top_words,
        label=short_label(top_words),
        quotes=quotes,
    )
