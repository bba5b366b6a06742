"""Describing a theme by its words: class-based TF-IDF, as BERTopic does.

All the texts of one theme are treated as one document; a word scores high for a theme when
it is frequent in that theme and rare across themes: tf(word, theme) x log(1 + A / f(word)),
where A is the average number of words per theme and f(word) its frequency over all themes.
"""

import re

import numpy as np

TOP_WORDS = 8
LABEL_WORDS = 3
LABEL_LENGTH = 60

# Words that say nothing about what a theme is about in answers to a consultation.
EXTRA_STOP_WORDS = frozenset(
    [
        "think",
        "really",
        "just",
        "like",
        "need",
        "needs",
        "want",
        "make",
        "lot",
        "lots",
        "things",
        "thing",
        "people",
        "dont",
        "im",
        "would",
        "could",
        "should",
        "also",
        "maybe",
        "get",
        "got",
        "going",
        "way",
        "much",
        "many",
        "yeah",
        "ok",
        "okay",
    ]
)


def _vectorizer():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    return CountVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | EXTRA_STOP_WORDS),
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b",  # noqa: S106 (a regex, not a password)
        ngram_range=(1, 2),
        min_df=2,
        max_features=20000,
        dtype=np.float32,
    )


def class_tfidf_top_words(
    texts: list[str], assignment: np.ndarray, n_themes: int, top: int = TOP_WORDS
) -> list[list[str]]:
    """The `top` words of each theme 0..n_themes-1 (`assignment[i]` is text i's theme; -1 is
    left out of the themes but still counts towards how common a word is)."""
    from scipy import sparse

    if n_themes == 0:
        return []
    vectorizer = _vectorizer()
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no word survives (all stop words, or too few texts)
        return [[] for _ in range(n_themes)]
    words = vectorizer.get_feature_names_out()
    rows = np.where(assignment >= 0, assignment, n_themes)
    membership = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))),
        shape=(n_themes + 1, len(rows)),
    )
    per_theme = np.asarray((membership @ counts).todense())
    frequency = per_theme.sum(axis=0)
    average_words = per_theme.sum() / max(n_themes + 1, 1)
    idf = np.log1p(average_words / np.maximum(frequency, 1))
    totals = per_theme.sum(axis=1, keepdims=True)
    scores = per_theme / np.maximum(totals, 1) * idf
    top_words = []
    for theme in range(n_themes):
        order = np.argsort(-scores[theme])
        chosen = [words[i] for i in order[: top * 3] if per_theme[theme, i] > 0]
        top_words.append(_without_repeats(chosen)[:top])
    return top_words


def _without_repeats(words: list[str]) -> list[str]:
    """Drop a word already said by a phrase kept earlier ("youth" after "youth clubs"), and a
    phrase whose words were all kept earlier."""
    kept: list[str] = []
    for word in words:
        parts = word.split()
        said = {part for earlier in kept for part in earlier.split()}
        if all(part in said for part in parts):
            continue
        kept.append(word)
    return kept


def short_label(top_words: list[str]) -> str:
    """A label from the first top words: "Youth clubs, football, free"."""
    if not top_words:
        return "Unnamed theme"
    label = ", ".join(top_words[:LABEL_WORDS])
    label = re.sub(r"\s+", " ", label)[:LABEL_LENGTH].rstrip(", ")
    return label[:1].upper() + label[1:]
