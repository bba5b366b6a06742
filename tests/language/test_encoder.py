"""The language layer: a local, hash-checked model; vectors stored per answer and model
version; and web processes that never load it."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from django.contrib.auth.models import Group
from django.test import override_settings

from language import encoder
from language.models import TextVector
from language.services import store_vectors, vectors_for
from tests.support.language import language_model  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def test_encodes_batches_to_unit_vectors_that_carry_meaning(language_model):  # noqa: F811
    vectors = encoder.encode(
        [
            "they said they would hurt my family if I talk to the police",
            "I was warned not to speak to officers or my mum gets it",
            "the youth club should open on Sundays",
        ]
    )
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similar, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert similar > unrelated + 0.2
    assert encoder.encode([]).shape == (0, 384)


def test_the_installed_model_matches_the_checked_hash():
    folder = encoder.model_path()
    assert encoder.file_sha256(folder / "model.safetensors") == (
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    )


def test_a_weights_file_with_another_hash_is_refused(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the model we checked")
    with pytest.raises(encoder.ModelIntegrityError, match="refusing to load"):
        encoder.load_model(
            tmp_path, "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
        )


def test_missing_weights_or_hash_are_refused(tmp_path):
    with pytest.raises(encoder.ModelNotAvailable, match="No model.safetensors"):
        encoder.verify_weights(tmp_path, "ab" * 32)
    (tmp_path / "model.safetensors").write_bytes(b"x")
    with pytest.raises(encoder.ModelIntegrityError, match="not set"):
        encoder.verify_weights(tmp_path, "")


def test_a_configured_path_is_used_and_checked(tmp_path, monkeypatch):
    (tmp_path / "model.safetensors").write_bytes(b"tampered")
    monkeypatch.setattr(encoder, "_model", None)
    with override_settings(
        LANGUAGE_MODEL={"NAME": "all-MiniLM-L6-v2", "PATH": str(tmp_path), "SHA256": "00" * 32}
    ):
        assert encoder.model_path() == tmp_path
        with pytest.raises(encoder.ModelIntegrityError):
            encoder.get_model()
    assert encoder._model is None


@pytest.mark.django_db
def test_vectors_are_stored_per_answer_and_model_version(language_model):  # noqa: F811
    owner = Group.objects.create(name="Vector owner")
    stored = store_vectors(owner, {"Your idea": "More youth clubs", "Anything else": "  "})
    assert list(stored) == ["Your idea"]  # blank answers are not encoded
    row = TextVector.objects.get()
    assert row.owner == owner
    assert row.model_version == encoder.model_version()
    assert np.allclose(row.as_array(), stored["Your idea"])

    store_vectors(owner, {"Your idea": "More youth clubs, open later"})  # the answer changed
    assert TextVector.objects.count() == 1  # refreshed, not duplicated
    assert TextVector.objects.get().text_sha256 != row.text_sha256

    with override_settings(
        LANGUAGE_MODEL={"NAME": "another-model", "SHA256": encoder._config()["SHA256"]}
    ):
        store_vectors(owner, {"Your idea": "More youth clubs"})
        assert set(vectors_for(owner)) == {"Your idea"}
    assert TextVector.objects.count() == 2  # one per model version, never mixed
    assert set(TextVector.objects.values_list("model_version", flat=True)) == {
        "all-MiniLM-L6-v2@53aa51172d14",
        "another-model@53aa51172d14",
    }


WEB_PROCESS = """
import sys
import django
django.setup()
from django.test import Client
from django.urls import get_resolver

import config.urls  # noqa: F401  every view module the site serves
import consultations.services, events.services, ypag.services  # noqa: E401,F401  submit paths
import safeguarding.services, safeguarding.tasks  # noqa: E401,F401
import assisted_coding.services, assisted_coding.tasks, assisted_coding.training  # noqa: E401,F401


def walk(patterns):
    for pattern in patterns:
        getattr(pattern, "callback", None)
        walk(getattr(pattern, "url_patterns", []))


walk(get_resolver().url_patterns)
Client().get("/healthz")
from language.redaction import redact  # every layer of redaction runs in web requests
redact("I'm Keisha, my snap is kee.07, I go to Kingsdale School")
heavy = sorted(name for name in ("torch", "sentence_transformers", "transformers", "sklearn",
                                 "spacy", "thinc", "presidio_analyzer")
               if name in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def test_the_web_process_never_imports_torch():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WEB_PROCESS],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "HEAVY:\n" in result.stdout, result.stdout
