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


@task()
def prepare_feedback_export(job_id: int) -> str:
    """Write a large feedback export to private storage (see consultations/feedback/background)."""
    from consultations.feedback.background import prepare_export

    return prepare_export(job_id)


@task()
def purge_expired_feedback_exports() -> int:
    """Scheduled: prepared exports past their expiry lose their files."""
    from consultations.feedback.background import purge_expired_exports

    return purge_expired_exports()


@task()
def reconcile_synthesis_counts() -> list[int]:
    """Scheduled daily: recount any consultation whose dashboard totals drifted."""
    from consultations.tallies import reconcile

    return reconcile()
