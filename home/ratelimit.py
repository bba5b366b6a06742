"""The site's one rate limiter: a fixed-window counter in the shared cache.

Lives in the lowest layer so every app uses the same one (consultations, events, accounts).
The default cache is Redis in production, so a limit holds across every web process. Keys
never hold a raw email or internet address: callers pass `keyed_hash(email)` or
`hashed_client_address(address)`, enough to count and useless to identify.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60
# What a person sees when a public form's limit is reached.
TOO_MANY_TRIES = "You have tried too many times. Wait an hour, then try again."


def keyed_hash(value: str) -> str:
    """A keyed hash (HMAC with the secret key) of a personal value, for counting it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()[:32]


def hashed_client_address(address: str) -> str:
    """A keyed hash of the client's address. IPv6 addresses count by their /64, which one
    household or device usually holds whole; IPv4-mapped addresses as the IPv4 address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return keyed_hash(address or "unknown")
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return keyed_hash(str(parsed.ipv4_mapped))
        return keyed_hash(str(ipaddress.ip_network(f"{parsed}/64", strict=False)))
    return keyed_hash(str(parsed))


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
