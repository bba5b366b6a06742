"""Run an evaluation against a fresh, migrated test database that is dropped afterwards, so
a bench script never reads or changes the development database. Put the repo root and
`site/` on the import path before importing this."""

import os


def set_up_django(settings: str = "config.settings.test") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def in_test_database(function, *args):
    """Set Django up with the test settings and call `function(*args)` in a new database."""
    set_up_django()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return function(*args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
