"""Background work for consultations. Tasks take primary keys."""

from django_tasks import task


@task()
def notify_respondents_of_results(consultation_id: int) -> int:
    """Email 'you said, we did' to everyone who opted in. Idempotent."""
    from consultations.services import notify_respondents

    return notify_respondents(consultation_id)


@task()
def purge_expired_continue_later_links() -> int:
    """Scheduled: unfinished answers behind expired links are deleted."""
    from consultations.services import purge_expired_continue_later_links as purge

    return purge()
