"""`seed_demo` builds the demo site once, however often it runs; `create_demo_admin` makes a
usable administrator with a password shown exactly once."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Site

from home import demo as home_demo
from home.management.commands.seed_demo import demo_seeders
from home.models import Borough, GetHelpPage, HomePage, PriorityArea, StandardPage, StrategyPage

pytestmark = pytest.mark.django_db

HOME_PAGE_SLUGS = {
    "our-strategy",
    "get-help",
    "about-us",
    "our-programmes",
    "partners",
    "privacy-notice",
    "privacy-notice-for-young-people",
    "accessibility-statement",
    "report-a-concern",
}


def seed() -> str:
    """Only the home app's demo content, so these tests do not depend on other apps."""
    out = StringIO()
    home_demo.seed(out)
    return out.getvalue()


def seed_everything() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_makes_the_home_page_the_site_root():
    seed()
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert home.slug == "home"
    # Wagtail's placeholder welcome page is gone; the home page is the only top-level page.
    assert list(Page.get_first_root_node().get_children().values_list("pk", flat=True)) == [home.pk]
    assert set(home.get_children().values_list("slug", flat=True)) >= HOME_PAGE_SLUGS
    assert StrategyPage.objects.live().count() == 1
    assert GetHelpPage.objects.live().count() == 1


def test_home_demo_twice_duplicates_nothing():
    first_output = seed()
    counts = {model: model.objects.count() for model in (Page, HomePage, StandardPage, Site)}
    second_output = seed()
    assert {model: model.objects.count() for model in counts} == counts
    assert "Created page: About us" in first_output
    assert second_output == ""


def test_seed_demo_command_twice_duplicates_nothing():
    """Every app's demo content together: the second run must create nothing anywhere."""
    first_output = seed_everything()
    counts = {model: model.objects.count() for model in (Page, HomePage, StandardPage, Site)}
    second_output = seed_everything()
    assert {model: model.objects.count() for model in counts} == counts
    assert "Created page: About us" in first_output
    assert "Created page" not in second_output
    # Reference data is untouched by seeding.
    assert PriorityArea.objects.count() == 5
    assert Borough.objects.count() == 33


def test_seed_demo_keeps_editors_changes():
    seed()
    about = StandardPage.objects.get(slug="about-us")
    about.title = "About the VRU"
    about.save_revision().publish()
    seed()
    assert StandardPage.objects.get(slug="about-us").title == "About the VRU"


def test_seeded_pages_render_with_one_heading_and_footer_links(client):
    seed()
    home = HomePage.objects.get()
    pages = [home, *home.get_children().live().filter(slug__in=HOME_PAGE_SLUGS)]
    assert len(pages) == len(HOME_PAGE_SLUGS) + 1
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, page.url
        assert '<a href="/privacy-notice-for-young-people/">' in html
        assert '<a href="/accessibility-statement/">' in html
    programmes = client.get("/our-programmes/").content.decode()
    assert "150,000" in programmes and "£6m" in programmes


def test_main_navigation_marks_the_current_section(client):
    seed()
    html = client.get("/our-strategy/").content.decode()
    assert re.search(r'href="/our-strategy/" aria-current="page"', html)
    assert not re.search(r'href="/about-us/" aria-current', html)


def test_home_app_seeds_first_then_installed_apps_in_order():
    from django.apps import apps

    labels = [label for label, _ in demo_seeders()]
    assert labels[0] == "home"
    installed = [config.label for config in apps.get_app_configs()]
    assert labels[1:] == [label for label in installed if label in labels[1:]]


def test_create_demo_admin_prints_a_password_once_and_the_admin_can_sign_in(client):
    out = StringIO()
    call_command("create_demo_admin", stdout=out)
    output = out.getvalue()
    passwords = re.findall(r"with password (\S+) \(shown only this once\)", output)
    assert len(passwords) == 1
    password = passwords[0]
    assert "/admin/" in output

    user = get_user_model().objects.get(email="admin@example.org")
    assert user.is_superuser and user.is_staff
    assert EmailAddress.objects.filter(
        user=user, email="admin@example.org", verified=True, primary=True
    ).exists()

    again = StringIO()
    call_command("create_demo_admin", stdout=again)
    assert "already exists" in again.getvalue()
    assert password not in again.getvalue()
    assert "shown only this once" not in again.getvalue()
    assert get_user_model().objects.filter(email="admin@example.org").count() == 1

    # Email sign-in through allauth works because the address is verified.
    response = client.post("/accounts/login/", {"login": "admin@example.org", "password": password})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
