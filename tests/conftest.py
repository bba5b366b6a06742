import os

import pytest

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
