"""The site's one rate limiter: a fixed-window counter in the shared cache.

Lives in the lowest layer so every app uses the same one (consultations, events, accounts).
The default cache is Redis in production, so a limit holds across every web process; keys
should be keyed hashes or ids, never raw addresses (see consultations and events services).
"""

from django.core.cache import cache


def within_rate_limit(key: str, *, limit: int, period_seconds: int) -> bool:
    """Count one attempt against `key`; False once `limit` attempts fall in the period.

    Stops anyone using the public forms to flood a stranger's inbox, the staff alerts or an
    event's places.
    """
    cache_key = f"vru.ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=period_seconds):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period_seconds)
        return True
