"""Error pages (400, 403, CSRF failure, 404, 500, 503) and what happens when the database
connection is lost in the middle of a request.

Every error page is rendered from `templates/errors/layout.html` without the request: no
session, no user, no CSRF check and no database query, because any of those may be what
failed (Django's own 400 view re-runs the CSRF check, which reads the broken request body a
second time and raises). If even that fails, a fixed page is sent. Each is logged once on the
`vru.errors` logger with the method, path and reason.
See docs/decisions/0013-error-pages-and-default-groups.md.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, ProgrammingError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("vru.errors")

SAFE_METHODS = frozenset({"GET", "HEAD"})

# Sent when the error page itself cannot be rendered (a missing static manifest entry, say).
FALLBACK_PAGE = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service – London Violence Reduction Unit</title>"
    "</head><body><main><h1>Sorry, there is a problem with the service</h1><p>Try again later."
    '</p><p><a href="/">Go to the home page</a></p></main></body></html>'
)


def _describe(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "-", "-"
    return request.method or "-", request.path


def _page(template: str, status: int, context: dict | None = None) -> HttpResponse:
    try:
        body = render_to_string(template, context)
    except Exception:
        logger.exception("The %s page could not be rendered; sent the fixed page instead", status)
        body = FALLBACK_PAGE
    response = HttpResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a body in an encoding we do not accept, a broken multipart upload, a field too big,
    a bad Host header."""
    method, path = _describe(request)
    logger.warning(
        "400 Bad request: %s %s (%s: %s)", method, path, type(exception).__name__, exception
    )
    return _page("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    method, path = _describe(request)
    logger.warning("403 Forbidden: %s %s", method, path)
    return _page("403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 when a form's CSRF check fails (settings.CSRF_FAILURE_VIEW)."""
    method, path = _describe(request)
    logger.warning("403 CSRF check failed: %s %s (%s)", method, path, reason)
    return _page("403_csrf.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    method, path = _describe(request)
    logger.info("404 Not found: %s %s", method, path)
    return _page("404.html", 404)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) means the database could not be reached or the
    connection was lost: killed by an administrator, a restart, a network failure."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        # SQLite reports a connection closed under it as a programming error.
        if isinstance(error, ProgrammingError) and "closed database" in str(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def drop_broken_connections() -> None:
    """Close every connection that no longer answers, so the next query opens a new one. A
    connection inside an outer transaction (a test's) is left for its owner to end."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        try:
            usable = connection.is_usable()
            if usable and connection.vendor == "sqlite":
                connection.connection.execute("SELECT 1")
        except Exception:
            usable = False
        if not usable:
            try:
                connection.close()
            except Exception:
                logger.exception("Could not close a broken %r connection", connection.alias)
            connection.connection = None


def number_too_big_for_the_database(error: BaseException | None) -> bool:
    """SQLite cannot even bind an integer past 64 bits, in a URL (/events/999...9/) or a form's
    choice, and raises instead of finding nothing. No person types such a number."""
    return isinstance(error, OverflowError) and "SQLite INTEGER" in str(error)


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    """500, or 503 when the database connection was lost: a safe request is then tried once
    more by `RetryAfterLostConnectionMiddleware`; anything else gets a page saying that
    nothing was lost and that sending it again is safe. A number too big for SQLite gets the
    400 page."""
    error = sys.exc_info()[1]
    method, path = _describe(request)
    if number_too_big_for_the_database(error):
        return bad_request(request, error)
    if database_unavailable(error):
        drop_broken_connections()
        if request is not None:
            request.database_unavailable = True
        logger.error("503 Database unavailable: %s %s (%s)", method, path, error)
        response = _page("503.html", 503, {"resubmit": method not in SAFE_METHODS})
        response["Retry-After"] = "5"
        return response
    # django.request logs the traceback; this line ties it to the page the visitor saw.
    logger.error("500 Server error: %s %s (%s)", method, path, type(error).__name__)
    return _page("500.html", 500)


class RetryAfterLostConnectionMiddleware:
    """Outermost middleware: a GET or HEAD whose database connection was lost is run once more
    on a new connection, so the visitor never sees the failure. Requests that change things are
    never repeated here; they get the 503 page and the visitor decides."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "database_unavailable", False) and request.method in SAFE_METHODS:
            request.database_unavailable = False
            logger.warning("Trying %s %s again on a new connection", request.method, request.path)
            response = self.get_response(request)
        return response


class RefuseNulInPathMiddleware:
    """A NUL character in an address is never a real page, and PostgreSQL refuses it in a
    query (`/my-account/responses/%00/withdraw/` was a 500): answer 404 before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return page_not_found(request)
        return self.get_response(request)
