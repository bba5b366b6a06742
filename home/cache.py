"""Whole-page cache for anonymous visitors, purged whenever the site's content changes.

Anonymous readers of strategy, standard and home pages all see the same HTML, so the rendered
response is kept in the default cache (Redis in production) for a few minutes. Anything
personal is never stored: requests that carry cookies, responses that set cookies (a CSRF
token on a form page sets one), signed-in users and anything but a 200 from Wagtail's page
view. Stored pages are served to requests with no cookies or only the CSRF cookie (returning
visitors who once saw a form); a session cookie always bypasses the cache. Publishing,
unpublishing, moving or deleting any page bumps one version number kept in the cache, which
makes every stored page unreachable at once. Each stored page carries the
version it was rendered under, so a lookup reads the version and the page in one round trip
to Redis. A view can keep its page for less time by setting `response.page_cache_seconds`
(a consultation page does, until it opens or closes). See docs/decisions/0003-page-cache.md.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from home.versioning import CacheVersion

PAGE_VERSION = CacheVersion("page-cache:version")
VERSION_KEY = PAGE_VERSION.key
DEFAULT_SECONDS = 300
# Long query strings are almost always junk or attacks; do not let them fill the cache.
MAX_QUERY_STRING_LENGTH = 200
WAGTAIL_PAGE_VIEW = "wagtail_serve"
# Headers computed per response by middleware outside this one, or meaningless on a replay.
SKIPPED_HEADERS = {"set-cookie", "x-cache", "date"}


def cache_seconds() -> int:
    """How long a page is kept. `PAGE_CACHE_SECONDS = 0` switches the cache off."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def current_version() -> int:
    """The content version. A fresh value (not 1) if the key was evicted, so entries written
    under an old version can never become reachable again."""
    return PAGE_VERSION.current()


def purge_page_cache() -> None:
    """Make every cached page stale. Called whenever any page or snippet changes."""
    PAGE_VERSION.bump()


def _cache_key(request: HttpRequest) -> str:
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:page:{digest}"


def _lookup(key: str) -> tuple[int, tuple | None]:
    """The content version and the page stored under `key` if it was stored under that
    version, read together (one MGET on Redis)."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return current_version(), None
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return version, None
    return version, stored[1:]


def _may_read(request: HttpRequest) -> bool:
    # A CSRF cookie alone (anyone who has seen a form) still gets cached pages: only pages
    # that never used a CSRF token are stored, so nothing in them depends on it.
    return (
        request.method == "GET"
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING_LENGTH
    )


def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        match is not None
        and match.url_name == WAGTAIL_PAGE_VIEW
        and response.status_code == 200
        and not response.streaming
        and not request.COOKIES  # rendered for nobody in particular
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        # A nonce must be fresh on every response; replaying one would defeat it.
        and "nonce-" not in response.get("Content-Security-Policy", "")
    )


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous Wagtail page responses. Place it straight after whitenoise so
    a hit skips sessions, authentication and the page lookup, while SecurityMiddleware (outside
    it) still adds its headers to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        connect_publish_signals()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = cache_seconds()
        if seconds <= 0 or not _may_read(request):
            return self.get_response(request)

        key = _cache_key(request)
        version, stored = _lookup(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response

        response = self.get_response(request)
        # A view may say its page goes stale sooner (a consultation opening or closing).
        limit = getattr(response, "page_cache_seconds", None)
        if limit is not None:
            seconds = min(seconds, limit)
        if seconds > 0 and _may_store(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            cache.set(key, (version, response.status_code, headers, response.content), seconds)
        response["X-Cache"] = "MISS"
        return response


def purge_on_content_change(*args, **kwargs) -> None:
    """Wagtail hook and signal receiver: any page or snippet change purges the whole cache.
    Returns None so Wagtail's admin views carry on with their own response."""
    purge_page_cache()


def connect_publish_signals() -> None:
    """Publishing also happens outside the admin (scheduled publishing, `seed_demo`, code), so
    listen to Wagtail's own publish signals as well as the admin hooks."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_on_content_change, dispatch_uid=f"page-cache-{id(signal)}")


PURGING_HOOKS = (
    "after_publish_page",
    "after_unpublish_page",
    "after_delete_page",
    "after_move_page",
    "after_create_snippet",
    "after_edit_snippet",
    "after_delete_snippet",
)
