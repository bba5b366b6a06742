"""Running the real migrations inside a test, for tests of a model moving between apps."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets=None) -> MigrationExecutor:
    """Migrate the test database to `targets` (every app's latest when None) and return the
    executor, whose loader gives the historical models (`loader.project_state(node).apps`)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor
