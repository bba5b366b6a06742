"""Fixtures for tests that use the language model: it loads once per test session (about
10 to 20 seconds on 2 cores), and the semantic classifier comes from the shipped file rather
than being trained in every test. Import the fixtures into a test module by name."""

import pytest


@pytest.fixture(scope="session")
def language_model():
    """The process-wide model, loaded (and hash-checked) once for the session."""
    from language.encoder import get_model

    return get_model()


@pytest.fixture
def shipped_classifier(db, language_model):
    """The active semantic classifier, as a fresh install gets it."""
    from safeguarding.semantic import install_shipped_classifier

    classifier = install_shipped_classifier()
    assert classifier is not None, "classifier.json was not trained on the current model"
    return classifier
