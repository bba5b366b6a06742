"""Every error page (400, 403, CSRF failure, 404, 500, 503) is the site's own, is rendered
without the request's session, user, CSRF check or the database, and is logged.

The browser-facing checks use a client that enforces CSRF, as a real browser meets it: the
test client skips the CSRF check by default, which hid the latin-1 500 (issue 20)."""

import logging

import pytest

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client

from home import errors
from tests.support.site_content import build_minimal_site

LATIN_1 = "application/x-www-form-urlencoded; charset=latin-1"
SITE_SUFFIX = " – London Violence Reduction Unit"
FORM_URLS = ["/email-updates/", "/accessible-formats/", "/accounts/login/", "/accounts/signup/"]


@pytest.fixture
def browser_client(db):
    build_minimal_site()
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def csrf_token_for(client: Client, url: str) -> str:
    client.get(url)
    return client.cookies["csrftoken"].value


def assert_site_error_page(html: str, heading: str) -> None:
    assert html.count("<h1") == 1
    assert f'<h1 class="heading-xl">{heading}</h1>' in html
    assert f"<title>{heading}{SITE_SUFFIX}</title>" in html
    assert 'lang="en-GB"' in html and 'class="skip-link"' in html
    assert "/static/css/site.css" in html
    assert 'href="tel:999"' in html  # the footer's help panel


@pytest.mark.parametrize("url", FORM_URLS)
def test_a_form_sent_as_latin_1_gets_a_clear_400_and_is_logged(browser_client, caplog, url):
    token = csrf_token_for(browser_client, url)
    with caplog.at_level(logging.INFO, logger="vru.errors"):
        response = browser_client.generic(
            "POST",
            url,
            f"csrfmiddlewaretoken={token}&email=caf%E9%40example.org".encode(),
            content_type=LATIN_1,
        )
    assert response.status_code == 400
    assert_site_error_page(
        response.content.decode(), "Sorry, we could not read what your browser sent"
    )
    assert "go back: what you typed should still be there" in response.content.decode()
    assert any(
        record.levelname == "WARNING" and f"400 Bad request: POST {url}" in record.getMessage()
        for record in caplog.records
    )


def test_multipart_without_a_boundary_gets_a_clear_400(browser_client):
    csrf_token_for(browser_client, "/email-updates/")
    response = browser_client.generic(
        "POST", "/email-updates/", b"email=a", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "could not read what your browser sent" in response.content.decode()


def test_a_bad_host_header_gets_the_400_page(browser_client):
    response = browser_client.get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert "could not read what your browser sent" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_the_sites_own_403(browser_client, caplog):
    with caplog.at_level(logging.WARNING, logger="vru.errors"):
        response = browser_client.post("/email-updates/", {"email": "someone@example.org"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_error_page(html, "Your form was not sent")
    assert "What you typed should still be there" in html
    assert any("403 CSRF check failed" in record.getMessage() for record in caplog.records)


def test_an_unknown_address_gets_the_404_page_and_is_logged(browser_client, caplog):
    with caplog.at_level(logging.INFO, logger="vru.errors"):
        response = browser_client.get("/no-such-page/")
    assert response.status_code == 404
    assert_site_error_page(response.content.decode(), "Page not found")
    assert any("404 Not found: GET /no-such-page/" in r.getMessage() for r in caplog.records)


class Exploding:
    """A request whose session, user, body and cookies raise when touched: an error page must
    not need any of them."""

    method = "POST"
    path = "/somewhere/"

    def __getattr__(self, name):
        raise AssertionError(f"the error page touched request.{name}")


HANDLERS = [
    (lambda request: errors.bad_request(request, BadRequest("broken")), 400, "400.html"),
    (lambda request: errors.permission_denied(request, PermissionDenied()), 403, "403.html"),
    (lambda request: errors.csrf_failure(request, reason="no token"), 403, "403_csrf.html"),
    (lambda request: errors.page_not_found(request, Http404()), 404, "404.html"),
    (errors.server_error, 500, "500.html"),
]


@pytest.mark.parametrize(("handler", "status", "template"), HANDLERS)
def test_error_handlers_need_no_request_state_and_no_database(handler, status, template):
    # No `db` fixture: any query raises. Exploding raises on any request attribute but two.
    response = handler(Exploding())
    assert response.status_code == status
    assert b"London Violence Reduction Unit" in response.content
    assert "no-cache" in response["Cache-Control"]


def test_an_error_page_that_cannot_render_falls_back_to_a_fixed_page(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/site.css'")

    monkeypatch.setattr(errors, "render_to_string", broken)
    with caplog.at_level(logging.ERROR, logger="vru.errors"):
        response = errors.bad_request(Exploding(), BadRequest("broken"))
    assert response.status_code == 400
    assert b"<h1>Sorry, there is a problem with the service</h1>" in response.content
    assert any("could not be rendered" in record.getMessage() for record in caplog.records)


def test_a_nul_in_an_address_is_not_found(browser_client, django_user_model):
    """PostgreSQL refuses NUL in a query: /my-account/responses/%00/withdraw/ was a 500."""
    resident = django_user_model.objects.create_user("nul", "nul@example.org", "not-used-123456")
    browser_client.force_login(resident)
    response = browser_client.get("/my-account/responses/%00/withdraw/")
    assert response.status_code == 404
    assert_site_error_page(response.content.decode(), "Page not found")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/events/" + "9" * 30 + "/calendar.ics", {}),
        ("POST", "/email-updates/", {"email": "a@example.org", "priority_areas": "9" * 40}),
    ],
)
def test_a_number_too_big_for_the_database_is_not_a_server_error(
    browser_client, method, path, data
):
    """SQLite raised OverflowError binding these (PostgreSQL finds nothing)."""
    token = csrf_token_for(browser_client, "/email-updates/")
    if method == "GET":
        response = browser_client.get(path)
    else:
        response = browser_client.post(path, data, headers={"x-csrftoken": token})
    assert response.status_code in (200, 400, 404)
