"""The anonymous page cache (home/cache.py): hits for anonymous readers, never for anyone
signed in, and purged the moment content changes."""

import pytest

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import resolve

from wagtail import hooks

from home.cache import AnonymousPageCacheMiddleware, purge_on_content_change
from home.models import StandardPage
from tests.support.site_content import build_minimal_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def about_page():
    build_minimal_site()
    return StandardPage.objects.get(slug="about-us")


def test_second_anonymous_request_is_served_from_the_cache(client, about_page):
    first = client.get(about_page.url)
    second = client.get(about_page.url)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.status_code == 200
    assert second.content == first.content
    # Headers set inside the cached layer are replayed; security headers are still there.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert not client.cookies


def test_query_strings_are_cached_separately(client, about_page):
    client.get(about_page.url)
    assert client.get(about_page.url + "?page=2")["X-Cache"] == "MISS"
    assert client.get(about_page.url + "?page=2")["X-Cache"] == "HIT"
    assert client.get(about_page.url + "?" + "x" * 300).get("X-Cache") is None


def test_signed_in_users_never_get_or_fill_the_cache(client, about_page):
    client.get(about_page.url)
    assert client.get(about_page.url)["X-Cache"] == "HIT"

    editor = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(editor)
    for _ in range(2):
        response = client.get(about_page.url)
        assert response.status_code == 200
        assert response.get("X-Cache") is None

    # A signed-in visit to an uncached page does not store it for anonymous visitors either.
    client.get("/")
    client.logout()
    client.cookies.clear()
    assert client.get("/")["X-Cache"] == "MISS"


def test_requests_with_a_session_cookie_bypass_the_cache(client, about_page):
    client.get(about_page.url)
    client.cookies["sessionid"] = "a" * 32
    assert client.get(about_page.url).get("X-Cache") is None
    client.cookies["csrftoken"] = "b" * 32
    assert client.get(about_page.url).get("X-Cache") is None


def test_a_csrf_cookie_alone_still_gets_cached_pages_but_never_fills_the_cache(client, about_page):
    client.cookies["csrftoken"] = "a" * 32
    # Rendered for someone with a token: not stored, so no page holding it is ever shared.
    assert client.get(about_page.url)["X-Cache"] == "MISS"
    assert client.get(about_page.url)["X-Cache"] == "MISS"

    client.cookies.clear()
    assert client.get(about_page.url)["X-Cache"] == "MISS"  # a visitor with no cookies fills it
    client.cookies["csrftoken"] = "a" * 32
    response = client.get(about_page.url)
    assert response["X-Cache"] == "HIT"
    assert b"csrfmiddlewaretoken" not in response.content


def test_publishing_changes_what_anonymous_visitors_see_at_once(client, about_page):
    client.get(about_page.url)
    assert client.get(about_page.url)["X-Cache"] == "HIT"

    about_page.title = "About the Violence Reduction Unit"
    about_page.save_revision().publish()

    response = client.get(about_page.url)
    assert response["X-Cache"] == "MISS"
    assert "About the Violence Reduction Unit" in response.content.decode()


def test_unpublishing_removes_the_page_at_once(client, about_page):
    client.get(about_page.url)
    about_page.unpublish()
    assert client.get(about_page.url).status_code == 404


def test_moving_a_page_purges_the_cache(client, about_page):
    home = about_page.get_parent()
    strategy = home.get_children().get(slug="strategy")
    client.get(about_page.url)
    about_page.move(strategy, pos="last-child")
    assert client.get("/strategy/about-us/").status_code == 200
    # Not the cached copy: Wagtail now redirects the old address to the new one.
    old_address = client.get("/about-us/")
    assert old_address.status_code == 301
    assert old_address["Location"] == "/strategy/about-us/"


def test_admin_hooks_purge_the_cache():
    for hook_name in (
        "after_publish_page",
        "after_unpublish_page",
        "after_delete_page",
        "after_move_page",
        "after_edit_snippet",
    ):
        assert purge_on_content_change in hooks.get_hooks(hook_name), hook_name


def test_missing_pages_are_not_cached(client, about_page):
    client.get("/no-such-page/")
    assert client.get("/no-such-page/").get("X-Cache") == "MISS"


def test_responses_that_use_a_csrf_token_are_not_stored(about_page, rf: RequestFactory):
    def page_with_a_form(request):
        request.resolver_match = resolve(about_page.url)
        get_token(request)
        return HttpResponse("<form>...</form>")

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    for _ in range(2):
        request = rf.get(about_page.url)
        assert middleware(request)["X-Cache"] == "MISS"


def test_page_responses_are_stored_when_nothing_is_personal(about_page, rf: RequestFactory):
    def plain_page(request):
        request.resolver_match = resolve(about_page.url)
        return HttpResponse("<p>Same for everyone</p>")

    middleware = AnonymousPageCacheMiddleware(plain_page)
    assert middleware(rf.get(about_page.url))["X-Cache"] == "MISS"
    assert middleware(rf.get(about_page.url))["X-Cache"] == "HIT"
