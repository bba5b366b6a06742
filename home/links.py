"""Absolute links for emails and anything else read away from the site.

Every link the site sends out starts with one configured address, `WAGTAILADMIN_BASE_URL`
(Wagtail's own notification emails use it too). It never comes from the request's Host header
or from a Wagtail `Site` record: a booking confirmed by the task worker, a consent email sent
from the admin and a password reset asked for on a phone must all point at the same place.
See docs/decisions/0015-one-site-address-and-govuk-dates.md.
"""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Page


def site_base_url() -> str:
    """The configured site address, without a trailing slash: "https://vru.example.org"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_url(target: "str | Page" = "/") -> str:
    """An absolute link to a path ("/my-account/") or a page, on the configured site address.

    An absolute URL someone else built (allauth builds its links from the request) keeps its
    path, query and fragment and is moved onto the configured address.
    """
    if isinstance(target, Page):
        parts = target.get_url_parts()
        path = parts[2] if parts else "/"
    else:
        split = urlsplit(target)
        path = split.path or "/"
        if split.query:
            path += f"?{split.query}"
        if split.fragment:
            path += f"#{split.fragment}"
    if not path.startswith("/"):
        path = "/" + path
    return site_base_url() + path


class InvalidLink(Exception):
    """A signed link from an email that is broken, expired, changed or already replaced."""
