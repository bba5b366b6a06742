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


def grant_before_the_move(old_apps, content_type_id: int, codename: str, username: str):
    """A user in a group given `codename` on the old content type, as a site would have had
    before a model moved app; returns the user."""
    from django.contrib.auth.models import Group, User

    permission = old_apps.get_model("auth", "Permission")
    grant = permission.objects.get(content_type_id=content_type_id, codename=codename)
    group = Group.objects.create(name=f"Granted {codename} before the move")
    group.permissions.add(grant.pk)
    user = User.objects.create_user(username, f"{username}@example.org", "pw-12345678")
    user.groups.add(group)
    return user
