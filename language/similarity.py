"""Cosine similarity over stored vectors, with numpy only: no model is loaded, so this is
safe in a web request as long as the number of vectors read is bounded by the caller."""

from collections.abc import Iterable


def unit(vector):
    """The vector scaled to length 1 (None for a zero vector)."""
    import numpy as np

    norm = float(np.linalg.norm(vector))
    return None if norm == 0 else np.asarray(vector, dtype="<f4") / norm


def centroid(vectors):
    """The unit-length mean of unit vectors: what they have in common."""
    import numpy as np

    vectors = list(vectors)
    return unit(np.mean(np.stack(vectors), axis=0)) if vectors else None


def nearest(seed, rows: Iterable[tuple], *, threshold: float, limit: int) -> list[tuple]:
    """The rows most similar to `seed`, best first: [(similarity, *row[:-1])] for rows of
    (..., vector bytes) whose cosine similarity is at least `threshold`, at most `limit`."""
    import numpy as np

    rows = list(rows)
    if seed is None or not rows:
        return []
    matrix = np.frombuffer(b"".join(bytes(row[-1]) for row in rows), dtype="<f4")
    matrix = matrix.reshape(len(rows), -1)
    if matrix.shape[1] != len(seed):
        return []
    scores = matrix @ np.asarray(seed, dtype="<f4")
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(float(scores[i]), *rows[i][:-1]) for i in order if scores[i] >= threshold]
