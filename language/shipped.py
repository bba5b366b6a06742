"""Model files shipped with the code: a trained classifier's parameters, saved as JSON beside
the code that uses it, so a fresh install needs no training run.

Safeguarding's screening classifier and assisted coding's area model both use this: the file
records the embedding model version it was trained on, and a file trained on another
version is never loaded (its coefficients would be meaningless for the new vectors).
"""

import json
from pathlib import Path


def write_model_file(path: Path, data: dict) -> None:
    """Write `data` (which must hold "model_version" and "parameters") compactly."""
    Path(path).write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def read_model_file(path: Path) -> dict | None:
    """The shipped file's data if it exists and was trained on the current embedding model;
    None otherwise."""
    from language.encoder import model_version

    if not Path(path).is_file():
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("model_version") != model_version():
        return None
    return data
