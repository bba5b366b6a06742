"""Privacy by default: public pages set no cookies beyond session and CSRF (and those only
when a page needs them), and load nothing from another origin: no third-party scripts, fonts,
images, frames, analytics or trackers."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from django.conf import settings

from wagtail.models import Page

from tests.support.site_content import public_page_paths, seed_site

pytestmark = pytest.mark.django_db

ALLOWED_COOKIES = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
TEST_ORIGINS = {("http", "testserver"), ("https", "testserver")}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
# (tag, attribute) pairs that make the browser fetch something when the page loads.
FETCHING_ATTRIBUTES = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
]
# Every <link> rel that fetches or contacts a host.
FETCHING_LINK_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "manifest",
    "mask-icon",
}


@pytest.fixture
def site_paths():
    seed_site()
    paths = {path: kind for kind, path in public_page_paths()}
    # Every live public page in the tree, so consultation, event and YPAG pages are covered
    # as soon as seed_demo creates them.
    for page in Page.objects.live().public().specific().filter(depth__gt=1):
        url = page.get_url()
        if url:
            paths.setdefault(url, type(page).__name__)
    return paths


def is_same_origin(url: str, base: str = "http://testserver/") -> bool:
    if url.startswith("data:"):
        return True
    parts = urlsplit(urljoin(base, url.strip()))
    return (parts.scheme, parts.netloc) in TEST_ORIGINS


def fetched_urls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    urls = []
    for tag, attribute in FETCHING_ATTRIBUTES:
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                urls += [candidate.split()[0] for candidate in value.split(",") if candidate]
            else:
                urls.append(value)
    for link in soup.find_all("link"):
        rels = {rel.lower() for rel in link.get("rel", [])}
        if rels & FETCHING_LINK_RELS and link.get("href"):
            urls.append(link["href"])
    for element in soup.find_all(style=True):
        urls += [first or second for first, second in CSS_URL.findall(element["style"])]
    for style in soup.find_all("style"):
        urls += [first or second for first, second in CSS_URL.findall(style.get_text())]
    return urls


def test_helpers_catch_third_party_assets():
    html = """
        <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
        <link rel="preconnect" href="https://fonts.gstatic.com">
        <script src="//www.googletagmanager.com/gtag/js"></script>
        <img srcset="/static/a.png 1x, https://cdn.example.com/b.png 2x">
        <iframe src="https://www.youtube.com/embed/x"></iframe>
        <link rel="canonical" href="https://elsewhere.example.org/">
        <script src="/static/js/site.js"></script>
    """
    outside = [url for url in fetched_urls(html) if not is_same_origin(url)]
    assert outside == [
        "//www.googletagmanager.com/gtag/js",
        "https://cdn.example.com/b.png",
        "https://www.youtube.com/embed/x",
        "https://fonts.googleapis.com/css2?family=Inter",
        "https://fonts.gstatic.com",
    ]


def test_public_pages_load_nothing_from_another_origin(client, site_paths):
    assert len(site_paths) >= 6, site_paths
    stylesheets = set()
    for path, kind in site_paths.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (kind, path, response.status_code)
        html = response.content.decode()
        urls = fetched_urls(html)
        outside = [url for url in urls if not is_same_origin(url, "http://testserver" + path)]
        assert outside == [], (kind, path)
        stylesheets |= {
            urljoin("http://testserver" + path, link["href"])
            for link in BeautifulSoup(html, "html.parser").find_all("link", rel="stylesheet")
        }
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp, (kind, path)
        assert "http" not in csp, (kind, path, csp)
    # Fonts and images referenced from our own stylesheets must be ours too.
    assert stylesheets
    for stylesheet in stylesheets:
        response = client.get(urlsplit(stylesheet).path)
        assert response.status_code == 200, stylesheet
        css = b"".join(response.streaming_content if response.streaming else [response.content])
        for first, second in CSS_URL.findall(css.decode()):
            assert is_same_origin(first or second, stylesheet), (stylesheet, first or second)


def test_public_pages_set_only_necessary_cookies(client, site_paths):
    for path, kind in site_paths.items():
        client.cookies.clear()
        response = client.get(path)
        html = response.content.decode()
        cookies = set(response.cookies)
        assert cookies <= ALLOWED_COOKIES, (kind, path, cookies)
        # A CSRF cookie only where there is a form that needs it; never a session for a
        # visitor who has only read a page without a form.
        has_post_form = "csrfmiddlewaretoken" in html
        if not has_post_form:
            assert cookies == set(), (kind, path, cookies)
        for name in cookies:
            morsel = response.cookies[name]
            assert morsel["samesite"].lower() in ("lax", "strict"), (path, name)
            assert not morsel["domain"], (path, name)
