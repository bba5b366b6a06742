"""The error pages (400, 403, CSRF failure, 404, 500, 503) as a browser sees them: accessible,
valid HTML, in the site's layout. They are rendered by the real handlers (home/errors.py) and
served through the browser's request routing, because a browser cannot easily be made to send
a latin-1 form or lose a database connection; their styles come from the live server."""

import pytest

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from home import errors
from tests.support.a11y import assert_accessible, assert_valid_html

pytestmark = pytest.mark.browser


def rendered_error_pages():
    request = RequestFactory().post("/somewhere/")
    yield "400", errors.bad_request(request, BadRequest("broken"))
    yield "403", errors.permission_denied(request, PermissionDenied())
    yield "403 CSRF", errors.csrf_failure(request, reason="no token")
    yield "404", errors.page_not_found(request, Http404())
    yield "500", errors.server_error(request)
    yield "503", errors._page("503.html", 503, {"resubmit": True})
    yield "503 page view", errors._page("503.html", 503, {"resubmit": False})


def serve(html: str, status: int):
    def fulfil(route):
        route.fulfill(status=status, body=html, content_type="text/html; charset=utf-8")

    return fulfil


def test_every_error_page_is_accessible_and_valid(page, site_url):
    documents = []
    for name, response in rendered_error_pages():
        html = response.content.decode()
        url = f"{site_url}/error-page/{name.replace(' ', '-')}/"
        page.route(url, serve(html, response.status_code))
        assert page.goto(url).status == response.status_code
        assert page.locator("h1").count() == 1, name
        assert page.locator("footer").get_by_text("Get help now").is_visible()
        assert_accessible(page, context=f"{name} error page")
        documents.append((f"{name} error page", html))
    assert_valid_html(documents, context="error pages")
