"""Sections other apps add to a consultation's own page, below "You said, we did".

Consultations never imports the apps above it: an app that has something to show on a
consultation page (commitments: "What we are doing about it") registers a function in its
`AppConfig.ready()`. Each function takes the request and the page and returns HTML (safe,
rendered from its own template) or "" to show nothing. The page is cached for anonymous
visitors, so whatever a section shows must purge the page cache when it changes.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

Section = Callable[[HttpRequest, object], SafeString | str]

_sections: list[tuple[str, Section]] = []


def register_page_section(name: str, render: Section) -> None:
    """Add (or replace, by name) a section of every consultation page."""
    global _sections
    _sections = [(existing, section) for existing, section in _sections if existing != name]
    _sections.append((name, render))


def page_sections(request: HttpRequest, page) -> list[SafeString]:
    """The registered sections' HTML for this page, in registration order, empty ones left
    out."""
    rendered = (render(request, page) for _name, render in _sections)
    return [SafeString(html) for html in rendered if html]
