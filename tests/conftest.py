import json
import os

import pytest

from django.db import DEFAULT_DB_ALIAS, connections

# Playwright's sync API runs an event loop in the test thread; Django must still allow
# synchronous database access from it (STACK.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: rate limits and cached fragments never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, admin_user):
    """A test client signed in as a superuser who has set up MFA, so the admin lets them in.

    For your own staff user: `from tests.support.mfa import give_mfa`, then `give_mfa(user)`
    before `client.force_login(user)` (see tests/support/mfa.py).
    """
    from tests.support.mfa import give_mfa

    give_mfa(admin_user)
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="session")
def migrated_snapshot(django_db_setup, django_db_blocker) -> str:
    """The database as migrations left it (Wagtail's root page, locale and collection, groups,
    reference data), serialized once per session."""
    connection = connections[DEFAULT_DB_ALIAS]
    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is None:
        with django_db_blocker.unblock():
            snapshot = connection.creation.serialize_db_to_string()
    return snapshot


def _split_content_types(snapshot: str) -> tuple[str, str]:
    rows = json.loads(snapshot)
    first = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    rest = [row for row in rows if row["model"] != "contenttypes.contenttype"]
    return json.dumps(first), json.dumps(rest)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """Transactional tests (real commits, threads, the live server) empty the database when
    they finish, taking the rows data migrations created with them, so whichever test runs
    next would find no root page or locale. Put them back before each such test. (Not with
    Django's serialized rollback: mixed with plain transactional tests, it restores on top of
    the content types post_migrate re-created, and fails.)"""
    if not _is_transactional(request):
        return
    snapshot = request.getfixturevalue("migrated_snapshot")
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from wagtail.models import Page

    connection = connections[DEFAULT_DB_ALIAS]
    if not Page.objects.filter(depth=1).exists():
        # The flush after the last test re-created content types and permissions with new
        # ids (post_migrate); empty the tables again without that, then restore the snapshot.
        call_command(
            "flush",
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,  # restored rows keep their ids; new ones must not clash
            verbosity=0,
        )
        # Content types first, so that restoring pages and tasks (which look theirs up) finds
        # the original rows instead of creating new ones.
        content_types, rest = _split_content_types(snapshot)
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(content_types)
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(rest)
