"""Youth-first layout (issue 18, decision 0029), measured in a browser on a 375x667 phone and a
1280px desktop: the header's height, the no-JavaScript menu, question 1 on the first screen,
the quick exit's Shift shortcut and the listing filters' toggle."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from consultations.models import ConsultationPage
from events.models import EventIndexPage, EventPage
from home.models import GetHelpPage, HomePage
from home.templatetags.site_format import FILTERS_MIN_ITEMS
from tests.support.a11y import assert_accessible, assert_valid_html

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
SENSITIVE_SLUG = "what-would-make-your-area-feel-safer"
EXIT_URL = "https://www.bbc.co.uk/weather"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def open_page(browser, browser_context_args):
    """open_page(viewport, javascript=True): a fresh page at that size. Requests to the quick
    exit's site are answered here, so leaving works with no network."""
    contexts = []

    def open_(viewport, javascript=True):
        context = browser.new_context(
            **{**browser_context_args, "viewport": viewport, "java_script_enabled": javascript}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.route(EXIT_URL + "**", lambda route: route.fulfill(body="<title>Weather</title>"))
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def consultation(demo_site):
    return ConsultationPage.objects.get(slug=SENSITIVE_SLUG)


@pytest.fixture
def start_url(site_url, consultation):
    return site_url + consultation.url


@pytest.fixture
def question_one_url(site_url, consultation):
    return site_url + consultation.subpage_url("step_route", number=1)


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_phone_header_is_short_and_its_menu_button_opens_the_navigation(
    open_page, site_url, demo_site, javascript
):
    page = open_page(PHONE, javascript=javascript)
    page.goto(site_url + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= 120

    menu = page.locator("summary.site-menu__button")
    assert menu.inner_text() == "Menu"
    events_link = page.locator(".site-nav").get_by_role("link", name="Events", exact=True)
    assert not events_link.is_visible()
    assert not page.get_by_label("Search this site").is_visible()

    menu.click()
    assert page.locator(".site-nav").get_by_role("link", name="Have your say").is_visible()
    assert page.get_by_label("Search this site").is_visible()
    if javascript:  # axe runs as a script
        assert_accessible(page, context="phone menu open")
    with page.expect_navigation():
        events_link.click()
    assert page.locator("h1").inner_text() == "Events"
    assert page.locator(".site-nav a[aria-current='page']").text_content() == "Events"


def test_desktop_shows_the_navigation_inline_without_a_menu_button(open_page, site_url, demo_site):
    page = open_page(DESKTOP, javascript=False)
    page.goto(site_url + "/")
    assert not page.locator("summary.site-menu__button").is_visible()
    nav = page.locator(".site-nav")
    for name in ("Have your say", "Events", "Sign in"):
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    assert page.get_by_label("Search this site").is_visible()


def test_home_page_first_screen_fits_a_phone(open_page, site_url, demo_site):
    page = open_page(PHONE)
    page.goto(site_url + "/")
    hero = page.locator(".hero")
    assert bottom(hero.locator("h1")) <= PHONE["height"]
    assert bottom(hero.locator(".lead")) <= PHONE["height"]
    assert bottom(hero.get_by_role("link", name="Get help now")) <= PHONE["height"]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_question_one_is_on_the_first_screen_with_a_plain_header(
    open_page, question_one_url, javascript
):
    page = open_page(PHONE, javascript=javascript)
    page.goto(question_one_url)
    assert page.locator(".site-nav, .site-search, .site-menu, .breadcrumbs").count() == 0
    assert page.locator(".site-header__name").is_visible()
    assert page.locator("main .back-link").is_visible()
    assert page.locator(".quick-exit__button").is_visible()
    # The long services list is on the get-help page only; here 999, one helpline, a link.
    assert page.locator(".support-list").count() == 0
    first_field = page.locator("main form .form-group input:visible").first
    assert bottom(first_field) <= PHONE["height"]


LAYOUT_SHIFT = """() => new Promise((resolve) => {
    new PerformanceObserver((list) => resolve(
        list.getEntries().reduce((total, entry) => total + entry.value, 0)
    )).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(0), 500);
})"""


def test_question_pages_do_not_move_when_the_script_runs(open_page, site_url, consultation):
    """The step bar is a <progress> and the character count reuses the page's own limit line,
    so site.js changes nothing's position (Lighthouse's layout shift was 0.13)."""
    page = open_page(PHONE)
    counted = 0
    for number in range(1, len(consultation.steps()) + 1):
        page.goto(site_url + consultation.subpage_url("step_route", number=number))
        assert page.evaluate(LAYOUT_SHIFT) == 0, f"step {number} moved"
        assert page.locator("progress.step-indicator__bar").is_visible()
        for textarea in page.locator("textarea[data-maxlength]").all():
            limit = int(textarea.get_attribute("data-maxlength"))
            message = page.locator(f"#{textarea.get_attribute('id')}-character-count")
            assert message.inner_text() == f"You have {limit} characters remaining"
            textarea.fill("Lights")
            expect(message).to_have_text(f"You have {limit - 6} characters remaining")
            assert message.get_attribute("aria-live") == "polite"
            counted += 1
    assert counted, "the demo consultation has no free-text question with a limit"


def test_start_page_keeps_the_full_header(open_page, start_url):
    page = open_page(PHONE)
    page.goto(start_url)
    assert page.locator("summary.site-menu__button").is_visible()
    assert page.locator(".breadcrumbs").is_visible()


def test_quick_exit_leaves_when_shift_is_pressed_three_times(
    open_page, start_url, question_one_url
):
    page = open_page(PHONE)
    page.goto(start_url)
    page.goto(question_one_url)
    exit_control = page.locator(".quick-exit")
    assert exit_control.get_by_role("link").inner_text() == "Exit this page"
    assert exit_control.locator(".quick-exit__hint").inner_text() == "Or press Shift 3 times"

    # Typing a capital letter (Shift then a key) is not the shortcut.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.wait_for_timeout(500)  # leaving would have started by now
    assert page.url == question_one_url

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    # The question page was replaced in the history: Back goes to the start page.
    page.go_back()
    assert page.url == start_url


def test_quick_exit_without_javascript_is_a_link_with_no_shortcut_hint(open_page, question_one_url):
    page = open_page(PHONE, javascript=False)
    page.goto(question_one_url)
    assert not page.locator(".quick-exit__hint").is_visible()
    with page.expect_navigation():
        page.locator(".quick-exit__button").click()
    assert page.url == EXIT_URL


def test_listing_filters_fold_behind_a_toggle_on_phones_only(open_page, site_url, demo_site):
    from tests.events.factories import create_event

    index = EventIndexPage.objects.live().get()
    while EventPage.objects.live().upcoming().child_of(index).count() < FILTERS_MIN_ITEMS:
        create_event(index)

    phone = open_page(PHONE, javascript=False)
    phone.goto(site_url + index.url)
    borough = phone.get_by_label("Borough")
    assert not borough.is_visible()
    phone.locator("summary", has_text="Filter events").click()
    assert borough.is_visible()
    borough.select_option(label="Hackney")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Show events").click()
    assert phone.get_by_label("Borough").is_visible()  # open again to show what is chosen
    assert phone.get_by_role("link", name="Clear filters").is_visible()

    desktop = open_page(DESKTOP, javascript=False)
    desktop.goto(site_url + index.url)
    assert not desktop.locator("summary", has_text="Filter events").is_visible()
    assert desktop.get_by_label("Borough").is_visible()
    assert desktop.get_by_role("heading", name="Filter events").is_visible()


def test_key_pages_at_phone_and_desktop_widths_are_accessible_with_screenshots(
    open_page, site_url, consultation, start_url, question_one_url
):
    """Writes test-artifacts/screenshots/<page>-<width>.png (git-ignored) for review."""
    from ypag.models import YPAGLandingPage

    key_pages = {
        "home": site_url + HomePage.objects.live().get().url,
        "have-your-say": site_url + consultation.get_parent().url,
        "consultation-start": start_url,
        "question-1": question_one_url,
        "events": site_url + EventIndexPage.objects.live().get().url,
        "event": site_url + EventPage.objects.live().public().upcoming().first().url,
        "ypag": site_url + YPAGLandingPage.objects.live().get().url,
        "get-help": site_url + GetHelpPage.objects.live().get().url,
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    documents = []
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        for name, url in key_pages.items():
            response = page.goto(url)
            assert response.status == 200, name
            context = f"{name} at {viewport['width']}px"
            assert_accessible(page, context=context)
            page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)
            if viewport is PHONE:
                documents.append((name, response.text()))
    assert_valid_html(documents, context="key pages")
