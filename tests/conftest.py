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
