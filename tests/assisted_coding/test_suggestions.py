"""Suggested priority areas: the sweep over stored vectors (in the real worker), answers that
get no suggestion, refusing a worse retrain, per-scope models, and forgetting."""

import ast
import functools
from pathlib import Path

import numpy as np
import pytest

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import override_settings

from assisted_coding import services, tasks, training
from assisted_coding.abstain import abstain_reason
from assisted_coding.examples import is_held_back, load_examples
from assisted_coding.models import AreaModel, AreaSuggestion
from home.models import Borough, Network
from home.scheduling import registered_jobs
from language.encoder import encode
from language.models import TextVector
from language.services import forget, forget_orphans, store_vectors
from tests.support.language import language_model  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = {
    "Your idea": "Open the youth club on Friday nights and run football sessions for free",
    "How could schools help?": "Stop excluding kids, my son was sent to a PRU and it got worse",
    "Anything else?": "idk",
}


@pytest.fixture
def shipped_model(db, language_model):  # noqa: F811
    area_model = training.install_shipped_model()
    assert area_model is not None, "area_model.json was not trained on the current model"
    return area_model


def network(name, borough=None):
    return Network.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), kind="myends", borough=borough
    )


def suggestions_of(owner):
    return AreaSuggestion.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk)
    )


def suggested(owner, key):
    suggestion = suggestions_of(owner).get(key=key)
    return [slug for slug, _ in suggestion.suggested()]


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweep_writes_suggestions_for_stored_vectors(language_model):  # noqa: F811
    assert "assisted_coding.sweep_area_suggestions" in {job.name for job in registered_jobs()}
    assert "assisted_coding.retrain_area_models" in {job.name for job in registered_jobs()}
    owner = network("Sweep network")
    store_vectors(owner, ANSWERS)  # as the safeguarding semantic stage leaves them
    assert not AreaSuggestion.objects.exists()

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        tasks.sweep_area_suggestions.enqueue()
        call_command("db_worker", batch=True, verbosity=0)

    assert AreaModel.objects.get(is_active=True).notes.startswith("shipped")
    assert suggestions_of(owner).count() == 3
    assert suggested(owner, "Your idea")[0] == "positive-opportunities"
    assert "education" in suggested(owner, "How could schools help?")
    idk = suggestions_of(owner).get(key="Anything else?")
    assert idk.areas.count() == 0  # a non-answer gets no suggestion, even from its vector
    confidences = suggestions_of(owner).get(key="Your idea").confidences
    assert set(confidences) == {area.slug for area in training._areas()}
    assert 0.5 < confidences["positive-opportunities"] <= 1
    assert services.sweep() == 0  # nothing left; running it again is harmless


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "ok",
        "idk",
        "IDK!!",
        "No comment.",
        "n/a",
        "nothing really",
        "asdfghjkl qwrtzp",
        "jjjjjjjj kkkk",
        "..... ....",
    ],
)
def test_empty_and_meaningless_answers_are_refused_by_the_text_rules(text):
    assert abstain_reason(text)


@pytest.mark.parametrize(
    "text", ["More youth clubs", "Better lighting on the estate", "my son got excluded"]
)
def test_short_real_answers_are_not_refused(text):
    assert abstain_reason(text) == ""


def test_suggest_for_gives_no_suggestion_for_empty_or_mash(shipped_model):
    owner = network("Direct network")
    result = services.suggest_for(
        owner,
        {
            "Empty": "",
            "Mash": "sdkfjh qwpoeiru zxcmvn",
            "No comment": "no comment",
            "Real": "Put more police and CCTV by the station, it is not safe walking home",
        },
    )
    assert set(result) == {"Mash", "No comment", "Real"}  # nothing at all for the empty one
    assert result["Mash"].areas.count() == 0 and result["Mash"].abstain_reason == "not words"
    assert result["No comment"].areas.count() == 0
    assert result["No comment"].abstain_reason == "no answer"
    assert "communities-and-place" in [slug for slug, _ in result["Real"].suggested()]
    # The vectors were stored, so the safeguarding stage and themes reuse them.
    assert TextVector.objects.filter(object_id=str(owner.pk)).count() == 3


@functools.cache
def _encoded_sample(count=90):
    rows = load_examples()[:count]
    return rows, encode([row.text for row in rows])


def coded_sample(shift=2):
    """Seed answers coded as one consultation's staff code them: consistently, but not as the
    seed set does (each area moved `shift` places along), as (vector, slugs) pairs. The
    global model cannot know this consultation's way of coding; its own model can learn it."""
    rows, vectors = _encoded_sample()
    return [(vector, moved(row.areas, shift)) for vector, row in zip(vectors, rows, strict=True)]


def moved(areas, shift):
    slugs = [area.slug for area in training._areas()]
    return {slugs[(slugs.index(slug) + shift) % len(slugs)] for slug in areas}


def held_back(vector) -> bool:
    return is_held_back(training.as_examples([(vector, set())])[0].text)


def test_a_model_for_one_scope_is_used_for_that_scope_only(shipped_model, monkeypatch):
    monkeypatch.setitem(services._scopes, Network, "borough")
    camden, hackney = Borough.objects.order_by("pk")[:2]
    inside, outside = network("Inside", camden), network("Outside", hackney)
    text = {"Your idea": "More youth clubs and free boxing sessions after school"}
    store_vectors(inside, text)
    store_vectors(outside, text)

    report = training.train(coded_sample(), scope=camden, seed=False)
    assert report.activated, report.reason
    scoped = report.area_model
    assert (scoped.scope, scoped.seed_examples, scoped.coded_examples > 40) == (camden, 0, True)
    assert AreaModel.objects.filter(is_active=True).count() == 2  # the global one stays on
    assert services.active_model(camden) == scoped
    assert services.active_model(hackney) == shipped_model
    assert services.active_model() == shipped_model

    assert services.sweep() == 2
    assert suggestions_of(inside).get().area_model == scoped
    assert suggestions_of(outside).get().area_model == shipped_model


def test_a_retrain_that_does_worse_is_stored_but_not_activated(shipped_model, monkeypatch):
    monkeypatch.setitem(services._scopes, Network, "borough")
    borough = Borough.objects.order_by("pk").first()
    good = coded_sample()
    first = training.train(good, scope=borough, seed=False)
    assert first.activated, first.reason
    # Same answers, but every training label is wrong (the held-back ones are still right).
    bad = [(v, areas if held_back(v) else moved(areas, 1) or {"families"}) for v, areas in good]
    second = training.train(bad, scope=borough, seed=False)

    assert not second.activated
    assert second.new.micro_f1 < second.active.micro_f1
    assert "worse" in second.reason
    second.area_model.refresh_from_db()
    assert not second.area_model.is_active and "worse" in second.area_model.notes
    assert services.active_model(borough) == first.area_model


def test_suggestions_are_forgotten_with_the_vector(shipped_model):
    kept, redacted, deleted = network("Kept"), network("Redacted"), network("Deleted")
    for owner in (kept, redacted, deleted):
        store_vectors(owner, {"Your idea": "Safer routes home from school"})
    assert services.sweep() == 3

    forget(Network, [redacted.pk])  # what redaction, retention and anonymising call
    Network.objects.filter(pk=deleted.pk).delete()  # a deletion that bypassed the services
    forget_orphans()  # the daily job

    assert suggestions_of(kept).count() == 1
    assert not suggestions_of(redacted).exists()
    assert not suggestions_of(deleted).exists()
    assert AreaSuggestion.objects.count() == 1


def test_train_area_model_command_reports_per_area_scores(shipped_model, tmp_path, capsys):
    examples = tmp_path / "coded.csv"
    rows = load_examples()[:60]
    examples.write_text(
        "text,areas\n"
        + "".join(f'"{row.text}",{";".join(sorted(row.areas)) or "none"}\n' for row in rows),
        encoding="utf-8",
    )
    borough = Borough.objects.order_by("pk").first()
    call_command(
        "train_area_model",
        "--no-seed",
        "--examples",
        str(examples),
        "--scope",
        f"home.borough:{borough.pk}",
    )
    out = capsys.readouterr().out
    assert "reducing-harm" in out and "micro F1" in out and "Model in use" in out
    assert AreaModel.objects.filter(scope_object_id=str(borough.pk)).count() == 1


def test_assisted_coding_imports_nothing_above_it():
    forbidden = {"consultations", "events", "ypag", "accounts"}
    for path in (ROOT / "assisted_coding").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            assert not {name.split(".")[0] for name in names} & forbidden, (path, names)


def test_prediction_is_the_same_from_stored_parameters(shipped_model):
    vectors = encode(["More youth clubs", "Better street lighting near the park"])
    first = services.predict_vectors(shipped_model.parameters, vectors)
    again = services.predict_vectors(
        AreaModel.objects.get(pk=shipped_model.pk).parameters, np.asarray(vectors)
    )
    assert [p.areas for p in first] == [p.areas for p in again]


def test_the_weekly_retrain_learns_from_new_coding_only(shipped_model, monkeypatch):
    borough = Borough.objects.order_by("pk").first()
    rows, vectors = _encoded_sample()
    coded = [(vector, row.areas) for vector, row in zip(vectors, rows, strict=True)]
    monkeypatch.setattr(tasks, "_coded_sources", [lambda: [(borough, coded)]])
    monkeypatch.setattr(training, "load_examples", lambda: rows[:40])  # a small seed, for speed

    tasks.retrain_area_models.enqueue()
    scoped = AreaModel.objects.get(scope_object_id=str(borough.pk))
    assert scoped.coded_examples + scoped.coded_held_back == len(coded)
    assert scoped.seed_examples > 0  # a consultation's model learns from the seed set too

    assert tasks.retrain_if_new_coding() == 0  # nothing new coded: no training at all
    assert AreaModel.objects.count() == 2

    coded.append((vectors[0], {"families"}))  # one more answer coded
    tasks.retrain_if_new_coding()
    assert AreaModel.objects.count() == 3
