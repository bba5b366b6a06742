"""Periodic tasks owned by home. Registered with the scheduler in HomeConfig.ready()."""

from django_tasks import task

from home import email, workers


@task()
def retry_due_emails() -> int:
    return email.retry_due_emails()


@task()
def purge_sent_emails() -> int:
    return email.purge_sent_emails()


@task()
def recover_stalled_tasks() -> dict[str, int]:
    return workers.recover_stalled_tasks()
