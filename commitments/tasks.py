"""Background work for commitments. Tasks take primary keys."""

from django_tasks import task


@task()
def notify_hear_back_of_update(commitment_id: int) -> int:
    """Email a published commitment's newest update to people hearing back. Idempotent."""
    from commitments.services import notify_hear_back

    return notify_hear_back(commitment_id)
