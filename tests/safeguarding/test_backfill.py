"""`manage.py screen --backfill` queues, in batches and only once, the stored answers that the
semantic stage never screened; the real task worker then screens them."""

import io

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import override_settings

from home.models import Borough
from language.models import TextVector
from safeguarding.models import PendingScreening, SafeguardingFlag
from safeguarding.screening import screen_text
from tests.consultations.feedback.factories import make_consultation, make_response
from tests.support.language import language_model  # noqa: F401
from ypag.models import YPAGInterest

WORKER_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    "SAFEGUARDING_SEMANTIC_ENQUEUE": True,
}
MISSED = "they said if i talk to the feds they know where my mum lives"


def backfill(*args) -> str:
    out = io.StringIO()
    call_command("screen", "--backfill", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_old_answers_are_queued_once_in_batches_and_screened_by_the_worker(
    language_model,  # noqa: F811
):
    assert screen_text(MISSED) == []
    consultation = make_consultation()
    responses = [make_response(consultation, free_text=f"More youth clubs {n}") for n in range(4)]
    disclosure = make_response(consultation, free_text=MISSED)
    no_text = make_response(consultation, free_text="")
    interest = YPAGInterest.objects.create(
        age=15,
        borough=Borough.objects.first(),
        reason="I want to help make my area safer",
        contact_email="a@example.org",
        consent=True,
    )
    assert not PendingScreening.objects.exists()  # made before the semantic stage existed

    with override_settings(**WORKER_SETTINGS):
        out = backfill("--batch-size", "2")
        assert "consultations.response: queued 5, already screened 0" in out
        assert "no free text 1" in out
        assert "ypag.ypaginterest: queued 1" in out
        pending = PendingScreening.objects.all()
        assert {row.object_id for row in pending} == {
            *(str(r.pk) for r in [*responses, disclosure]),
            str(interest.pk),
        }
        assert str(no_text.pk) not in {row.object_id for row in pending}
        assert (
            DBTaskResult.objects.filter(task_path="safeguarding.tasks.screen_pending").count() == 6
        )
        assert PendingScreening.objects.get(object_id=str(disclosure.pk)).texts == {
            "What would help?": MISSED
        }

        again = backfill()  # idempotent while waiting
        assert "queued 0" in again and "already waiting 5" in again
        assert PendingScreening.objects.count() == 6

        call_command("db_worker", batch=True, verbosity=0)

    assert not PendingScreening.objects.exists()
    flag = SafeguardingFlag.objects.get()
    assert flag.source == disclosure
    assert flag.stage == SafeguardingFlag.Stage.SEMANTIC
    assert TextVector.objects.filter(object_id=str(disclosure.pk)).exists()

    with override_settings(**WORKER_SETTINGS):
        done = backfill()
    assert "consultations.response: queued 0, already screened 5" in done
    assert not PendingScreening.objects.exists()


@pytest.mark.django_db
def test_batch_size_must_be_positive():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        backfill("--batch-size", "0")
