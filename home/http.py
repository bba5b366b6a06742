"""The client's IP address, worked out one way for the whole site.

Rate limits (allauth's and ours) key on it. Behind a load balancer every request comes from
the balancer, so production sets `ALLAUTH_TRUSTED_PROXY_COUNT` (env `TRUSTED_PROXY_COUNT`) to
the number of proxies in front of gunicorn, and the address is read from X-Forwarded-For
counting that many entries from the right (entries further left can be forged by the client).
"""

from allauth.account.adapter import get_adapter

from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):
        # Fewer X-Forwarded-For entries than trusted proxies (a request that skipped the
        # balancer), or no address at all: fall back to the socket's address.
        return request.META.get("REMOTE_ADDR", "")
