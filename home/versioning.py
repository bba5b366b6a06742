"""The one version-key cache helper: a number in the shared cache that says "everything cached
before now is stale", so every process can drop what it built from older data at once.

    PHRASES = CacheVersion("safeguarding:phrases-version")
    PHRASES.bump()      # after a change
    PHRASES.current()   # compare with the version a cached value was built under

A version lost from the cache (evicted, or Redis restarted) comes back as a fresh value, never
1 again, so a value cached under an old version can never become current by accident.
"""

import time

from django.core.cache import cache


class CacheVersion:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            version = time.time_ns()
            if not cache.add(self.key, version, timeout=None):
                version = cache.get(self.key, version)
        return version

    def bump(self) -> None:
        """Make everything cached under the current version stale, in every process."""
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache: start again from a fresh value
            cache.set(self.key, time.time_ns(), timeout=None)
