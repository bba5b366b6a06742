"""A disclosure the phrase list misses reaches the Safeguarding queue through the semantic
stage: submitted over HTTP, enqueued when the submission commits, screened by the real task
worker (`db_worker --batch` on the database backend)."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from consultations.models import Response
from language.models import TextVector
from safeguarding.models import PendingScreening, SafeguardingFlag, ScreeningClassifier
from safeguarding.screening import screen_text
from tests.support.language import language_model  # noqa: F401

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, submission_token, submit

# Threats for talking to the police, in words the phrase list does not have.
MISSED = "Some boys told my son that if he gives a statement to police his sister gets hurt"

WORKER_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    "SAFEGUARDING_SEMANTIC_ENQUEUE": True,
}


@pytest.fixture
def lead(transactional_db):
    user = User.objects.create_user("lead", "lead@example.org", "pw-lead-123456")
    user.groups.add(Group.objects.get(name="Safeguarding lead"))
    return user


@pytest.mark.django_db(transaction=True)
def test_the_worker_flags_a_disclosure_the_phrase_list_misses(
    client,
    make_consultation,
    skip_min_time,
    lead,
    language_model,  # noqa: F811
):
    assert screen_text(MISSED) == []  # the first stage cannot see it
    survey = make_consultation(slug="semantic")
    survey.survey[2].value["max_length"] = 200
    survey.save_revision().publish()

    with override_settings(**WORKER_SETTINGS):
        answers = {**VALID_ANSWERS, 1: {**VALID_ANSWERS[1], "q-long": MISSED}}
        answer_steps(client, survey, answers)
        submitted = submit(client, survey, submission_token(client, survey))
        assert submitted.status_code == 302
        response = Response.objects.get()
        # Committed with the submission and waiting for the worker; nothing flagged yet.
        assert PendingScreening.objects.filter(object_id=str(response.pk)).exists()
        assert DBTaskResult.objects.filter(task_path="safeguarding.tasks.screen_pending").exists()
        assert not SafeguardingFlag.objects.exists()
        mail.outbox.clear()

        call_command("db_worker", batch=True, verbosity=0)

    flag = SafeguardingFlag.objects.get()
    assert flag.source == response
    assert flag.stage == SafeguardingFlag.Stage.SEMANTIC
    assert 0.5 < flag.semantic_confidence <= 1
    slugs = set(flag.categories.values_list("slug", flat=True))
    assert slugs & {"criminal-exploitation", "threats-to-others"}
    assert [item["text"] for item in flag.flagged_texts] == [MISSED]
    # The first worker run on a fresh install activated the shipped classifier.
    assert ScreeningClassifier.objects.filter(is_active=True).count() == 1
    # Every free-text answer now has its vector; the pending copy of the text is gone.
    assert TextVector.objects.filter(object_id=str(response.pk)).count() >= 1
    assert not PendingScreening.objects.exists()
    alerts = [message for message in mail.outbox if message.to == ["lead@example.org"]]
    assert len(alerts) == 1
    assert "statement" not in alerts[0].subject + alerts[0].body
    assert response.reference in alerts[0].body
