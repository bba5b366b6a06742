"""Safeguarding moved out of `home` into its own app (decision 0018) without losing anything:
run the real migrations back to before the move, grant and record things the old way, migrate
forward, and check that every grant, log entry, queued task and job record still works."""

import pytest
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from safeguarding.models import SafeguardingFlag
from tests.support.migrations import grant_before_the_move, migrate_to

BEFORE = [("safeguarding", None)]  # unapplies home 0007 too, which depends on it


@pytest.mark.django_db(transaction=True)
def test_grants_logs_queued_tasks_and_job_runs_survive_the_move():
    # Queued with today's code, then pointed at the module as it was before the move.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        from safeguarding.tasks import screen_pending

        queued = screen_pending.enqueue(12345)
    DBTaskResult.objects.filter(pk=queued.id).update(
        task_path="home.safeguarding.tasks.screen_pending"
    )
    flag_type_id = ContentType.objects.get_for_model(SafeguardingFlag).pk

    try:
        executor = migrate_to(BEFORE)
        old = executor.loader.project_state(("home", "0006_semantic_screening")).apps
        OldContentType = old.get_model("contenttypes", "ContentType")
        old_type = OldContentType.objects.get(app_label="home", model="safeguardingflag")
        assert old_type.pk == flag_type_id  # the same row, under its old label
        grant_before_the_move(old, old_type.pk, "view_safeguarding_queue", username="moderator")
        OldFlag = old.get_model("home", "SafeguardingFlag")
        flag = OldFlag.objects.create(
            content_type_id=old_type.pk, object_id="1", source_label="Old flag"
        )
        LogEntry = old.get_model("wagtailcore", "ModelLogEntry")
        entry = LogEntry.objects.create(
            content_type_id=old_type.pk,
            object_id=str(flag.pk),
            label="Old flag",
            action="home.safeguarding.flag",
            timestamp=timezone.now(),
            data={},
        )
        JobRun = old.get_model("home", "ScheduledJobRun")
        JobRun.objects.create(name="home.sweep_semantic_screening", last_enqueued_at=None)
    finally:
        migrate_to(None)

    # Permissions and group grants: the same content type row, now under safeguarding.
    moved = ContentType.objects.get_for_model(SafeguardingFlag)
    assert (moved.pk, moved.app_label) == (flag_type_id, "safeguarding")
    assert not ContentType.objects.filter(app_label="home", model="safeguardingflag").exists()
    user = User.objects.get(username="moderator")
    assert user.has_perm("safeguarding.view_safeguarding_queue")
    assert not user.has_perm("home.view_safeguarding_queue")
    # The flag row itself was never copied.
    assert SafeguardingFlag.objects.get(pk=flag.pk).source_label == "Old flag"
    # The audit log entry follows the flag, with its action renamed to the new app.
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(pk=entry.pk)
    assert entry.action == "safeguarding.flag"
    assert list(ModelLogEntry.objects.for_instance(SafeguardingFlag.objects.get(pk=flag.pk))) == [
        entry
    ]
    # The scheduler's record keeps its last run under the job's new name.
    from home.models import ScheduledJobRun

    assert ScheduledJobRun.objects.filter(name="safeguarding.sweep_semantic_screening").exists()
    assert not ScheduledJobRun.objects.filter(name="home.sweep_semantic_screening").exists()
    # The task queued before the upgrade still resolves to a runnable task.
    task_path = DBTaskResult.objects.get(pk=queued.id).task_path
    assert task_path == "safeguarding.tasks.screen_pending"
    assert isinstance(import_string(task_path), Task)
