"""Background jobs of the language layer (run by the task worker)."""

from django_tasks import task

from .services import forget_orphans


@task()
def forget_orphan_vectors() -> int:
    """Daily: vectors of answers that no longer exist are deleted."""
    return forget_orphans()
