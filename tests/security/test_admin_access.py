"""Every URL under /admin/ refuses anonymous visitors: it sends them to sign in.

The list of URLs is read from the URL configuration, so admin screens added later are
covered without editing this test.
"""

import re
import uuid

import pytest

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Screens that must work before signing in.
PUBLIC_ADMIN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",  # the icon sprite: public SVG, no data
}
SAMPLE_VALUES = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": str(uuid.UUID(int=1)),
    "path": "sample/path",
}


def route_to_path(route: str) -> str:
    """Fill a path() route's <converter:name> parts with sample values."""

    def sample(match: re.Match) -> str:
        converter = match.group(1) or "str"
        return SAMPLE_VALUES.get(converter, "1")

    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def regex_to_path(regex: str) -> str | None:
    """Turn a simple re_path() regex into a concrete path; None when it is too clever."""
    path = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    path = re.sub(r"\([^)]*\)", "1", path)
    path = path.replace("\\.", ".").replace("\\-", "-").replace("/?", "/")
    if any(char in path for char in "[]()*+?{}|\\"):
        return None
    return path


def admin_urls() -> list[tuple[str, str]]:
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = str(pattern.pattern)
            is_regex = text.startswith("^") or "(?P<" in text
            part = regex_to_path(text) if is_regex else route_to_path(text)
            if part is None:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + part)
            elif isinstance(pattern, URLPattern):
                found.append((pattern.name or "", "/" + prefix + part))

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "admin/":
            walk(pattern.url_patterns, "admin/")
    return sorted(set(found), key=lambda item: item[1])


def test_the_admin_url_list_is_not_empty():
    urls = admin_urls()
    assert len(urls) > 100, urls[:10]


def login_paths() -> set[str]:
    paths = {reverse("wagtailadmin_login")}
    login_url = str(settings.LOGIN_URL)
    paths.add(login_url if login_url.startswith("/") else reverse(login_url))
    return paths


def refused(response, logins: set[str]) -> bool:
    """Sent to sign in, or refused outright. A 404 before sign-in leaks nothing."""
    location = response.get("Location", "")
    if response.status_code in {301, 302}:
        return any(location.startswith(login) or f"{login}?" in location for login in logins)
    return response.status_code in {403, 404, 405}


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_admin_url_refuses_anonymous_visitors(client, method):
    logins = login_paths()
    leaks = []
    for name, path in admin_urls():
        if name in PUBLIC_ADMIN_URL_NAMES:
            continue
        response = getattr(client, method)(path, {"title": "anonymous"} if method == "post" else {})
        if not refused(response, logins):
            location = response.get("Location", "")
            leaks.append(f"{path} ({name}): {response.status_code} {location}")
    assert not leaks, f"Admin URLs open to anonymous {method.upper()}:\n" + "\n".join(leaks)
