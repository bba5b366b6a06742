"""Settings for the two web servers the scale-out tests start (tests/scaleout/conftest.py):
the test settings, with the shared Redis cache and the anonymous page cache on, as in
production. The database comes from DATABASE_URL (the test database)."""

import os

from config.settings.test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
}
PAGE_CACHE_SECONDS = 300
