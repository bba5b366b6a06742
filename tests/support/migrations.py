"""Running the real migrations backwards and forwards inside a test (transactional tests
only: `@pytest.mark.django_db(transaction=True)`)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to `targets` ([(app, name)]), or to the latest migrations when it is None.
    Returns the executor, whose `loader.project_state(...)` gives the historical models."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor
