"""Suggested priority areas behind the scenes: each consultation's answers use its own model
(registered scope), the weekly retrain learns from what its staff coded (through the real
worker), older answers are backfilled by a command, and suggestions go with the answer."""

from datetime import timedelta

import pytest

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assisted_coding import services as suggesting
from assisted_coding import tasks, training
from assisted_coding.models import AreaModel, AreaSuggestion
from consultations.feedback import services
from consultations.feedback.suggestions import coded_examples
from consultations.models import Response
from consultations.retention import apply as apply_retention
from home.models import PriorityArea
from language.models import TextVector
from language.services import store_vectors
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.language import language_model  # noqa: F401

LABEL = "What would help?"


@pytest.fixture
def shipped_model(db, language_model):  # noqa: F811
    area_model = training.install_shipped_model()
    assert area_model is not None
    return area_model


def answer_of(response):
    return response.answers.get(question_id="q-long")


def suggestions_of(response):
    return AreaSuggestion.objects.filter(
        content_type=ContentType.objects.get_for_model(Response), object_id=str(response.pk)
    )


def coded_sample(consultation, moderator, count=24):
    """Answers from the seed set, coded by a person through the coding service."""
    from assisted_coding.examples import load_examples

    areas = {area.slug: area for area in PriorityArea.objects.all()}
    rows = [row for row in load_examples() if row.areas][:count]
    for row in rows:
        response = make_response(consultation, free_text=row.text)
        store_vectors(response, {LABEL: row.text})
        services.set_answer_coding(
            answer_of(response), [areas[slug] for slug in row.areas], [], moderator
        )
    return rows


def test_consultations_register_their_scope_and_coded_answers():
    assert suggesting._scopes[Response] == "consultation"
    assert coded_examples in tasks._coded_sources


@pytest.mark.django_db(transaction=True)
def test_the_weekly_retrain_learns_per_consultation_in_the_worker(
    language_model,  # noqa: F811
    moderator,
    monkeypatch,
):
    training.install_shipped_model()
    ours, theirs = make_consultation(), make_consultation(title="Another one")
    rows = coded_sample(ours, moderator)
    make_response(theirs, free_text="Not coded by anyone yet")
    uncoded = make_response(ours, free_text="Nobody coded this one")
    monkeypatch.setattr(training, "load_examples", _small_seed)  # a small seed, for speed

    (scope, labelled), *others = list(coded_examples())
    assert (scope, others) == (ours, [])  # only consultations with coded answers
    assert len(labelled) == len(rows)
    assert all(hasattr(vector, "shape") for vector, _ in labelled)  # stored, not re-encoded
    assert sorted(sorted(areas) for _, areas in labelled) == sorted(
        sorted(row.areas) for row in rows
    )
    assert answer_of(uncoded).pk  # uncoded answers are not examples

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        tasks.retrain_area_models.enqueue()
        call_command("db_worker", batch=True, verbosity=0)

    scoped = AreaModel.objects.get(
        scope_content_type=ContentType.objects.get_for_model(ours),
        scope_object_id=str(ours.pk),
    )
    assert scoped.coded_examples + scoped.coded_held_back == len(rows)
    assert not AreaModel.objects.filter(scope_object_id=str(theirs.pk)).exists()

    # Once active, that consultation's new answers are suggested by its own model only.
    AreaModel.objects.filter(pk=scoped.pk).update(is_active=True)
    mine = make_response(ours, free_text="A mentor for my little brother")
    other = make_response(theirs, free_text="A mentor for my little brother")
    for response in (mine, other):
        store_vectors(response, {LABEL: "A mentor for my little brother"})
    suggesting.sweep()
    assert suggestions_of(mine).get().area_model_id == scoped.pk
    assert suggestions_of(other).get().area_model.scope_content_type is None


def _small_seed():
    from assisted_coding.examples import load_examples

    return load_examples()[:40]


def test_backfill_suggests_for_older_answers_without_a_vector(shipped_model, consultation):
    older = [
        make_response(consultation, free_text="Youth clubs open later at weekends"),
        make_response(consultation, free_text="Teachers who listen and do not exclude"),
    ]
    withdrawn = make_response(consultation, free_text="Free boxing sessions", is_withdrawn=True)
    already = make_response(consultation, free_text="Better lighting in the park")
    store_vectors(already, {LABEL: "Better lighting in the park"})
    assert not AreaSuggestion.objects.exists()

    call_command("backfill_area_suggestions", "--batch", "1")

    for response in older:
        assert TextVector.objects.filter(object_id=str(response.pk), key=LABEL).exists()
        assert suggestions_of(response).get().key == LABEL
    assert not suggestions_of(withdrawn).exists()  # never counted, so never coded
    assert not suggestions_of(already).exists()  # the sweep's job, not the backfill's
    vectors = TextVector.objects.count()
    call_command("backfill_area_suggestions")  # resumable: nothing left to do
    assert TextVector.objects.count() == vectors


def test_backfill_refuses_a_bad_batch_size(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("backfill_area_suggestions", "--batch", "0")


def test_suggestions_go_with_the_answer(shipped_model, consultation, moderator):
    deleted = make_response(consultation, free_text="Youth clubs on Friday nights")
    redacted = make_response(
        consultation, free_text="Youth clubs on Friday nights, email me at sam@example.org"
    )
    kept = make_response(consultation, free_text="Safer routes to school")
    for response in (deleted, redacted, kept):
        store_vectors(response, {LABEL: answer_of(response).value_text})
    suggesting.sweep()
    assert AreaSuggestion.objects.count() == 3

    services.delete_response(deleted, moderator)  # the feedback workspace's delete
    assert not suggestions_of(deleted).exists()

    # Retention redacts personal data in the words and forgets what was derived from them.
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=500),
        closes_at=timezone.now() - timedelta(days=400),
        retention_days=30,
    )
    apply_retention(timezone.now())
    assert "sam@example.org" not in answer_of(redacted).value_text
    assert not suggestions_of(redacted).exists()
    assert suggestions_of(kept).count() == 1


def test_suggestions_are_never_shown_to_the_public(shipped_model, client, consultation):
    from tests.accounts.helpers import make_user

    resident = make_user(email="resident@example.org")
    response = make_response(consultation, free_text="Youth clubs open late", user=resident)
    store_vectors(response, {LABEL: "Youth clubs open late"})
    suggesting.sweep()
    assert suggestions_of(response).exists()
    client.force_login(resident)
    listing = client.get(reverse("accounts:my_responses"))
    assert listing.status_code == 200 and response.reference in listing.content.decode()
    download = client.get(reverse("accounts:download_my_data"))
    assert download.status_code == 200
    for page in (listing.content.decode(), download.content.decode()):
        assert "Suggested" not in page and "suggestion" not in page.lower()
