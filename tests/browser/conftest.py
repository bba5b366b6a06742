"""Real-browser journeys: Playwright drives Debian's Chromium against pytest-django's
`live_server`.

How to add a journey (consultations, events, staff):

    import pytest
    from tests.support.a11y import assert_accessible, assert_valid_html

    @pytest.mark.browser
    def test_resident_answers_a_consultation(page, site_url, demo_site):
        page.goto(f"{site_url}/consultations/...")
        assert_accessible(page, context="consultation step 1")
        html = [("step 1", page.content())]
        ...
        assert_valid_html(html, context="consultation journey")  # one Java call per test

Fixtures here:
- `page` / `context` / `browser` come from pytest-playwright (one Chromium per session, a
  fresh context per test). `no_js_page` is a page with JavaScript disabled.
- `site_url`: the live server's address. Browser tests are transactional; rows created by data
  migrations (reference data, Wagtail's root page, groups) are restored before each test by
  `_migrated_data` in tests/conftest.py. `demo_site` builds the demo content (seed_demo when
  present) and returns the home page.
- Every test under tests/browser/ gets the `browser` marker automatically; select or skip
  them with `-m browser` / `-m "not browser"`.

Without /usr/bin/chromium the tests skip with a loud reason; with CI=true they fail.
"""

import os
from pathlib import Path

import pytest

from tests.support.a11y import in_ci
from tests.support.site_content import seed_site

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if in_ci():
            pytest.fail(f"CI=true but {message}: browser tests cannot be skipped in CI.")
        pytest.skip(f"SKIPPED BROWSER TESTS: {message}.")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-playwright's fallback fixture, whose method form pytest 9 deprecates
    (an error under filterwarnings=error). Tests use `site_url` instead."""
    return None


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1024, "height": 768}}


@pytest.fixture
def site_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session", autouse=True)
def _snapshot_before_playwright(migrated_snapshot) -> None:
    """Take the migrated-data snapshot (tests/conftest.py) before Playwright starts: its sync
    API switches the context Django's connection handler lives in, so the copy pytest-django
    attaches for serialized rollback is not on the connection the tests then use."""


@pytest.fixture
def demo_site(site_url):
    """The demo site's page tree; returns the home page."""
    return seed_site()


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
