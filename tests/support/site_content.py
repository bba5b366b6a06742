"""Content for tests that need a whole site: the reference data and the demo page tree.

Transactional tests (everything using `live_server`) empty the database afterwards, including
rows that data migrations created, so these helpers put them back.
"""

import importlib

from django.apps import apps
from django.core.management import call_command, get_commands

from wagtail.models import Page, Site

from home.models import GetHelpPage, HomePage, StandardPage, StrategyPage


def create_reference_data() -> None:
    """Re-run the data migration that creates priority areas, boroughs, networks and support
    services (idempotent: it uses get_or_create / update_or_create)."""
    migration = importlib.import_module("home.migrations.0002_reference_data")
    migration.create_reference_data(apps, None)


def seed_site() -> HomePage:
    """The demo site: `seed_demo` when it exists, otherwise a small tree with one page of each
    type. Returns the home page."""
    if "seed_demo" in get_commands():
        call_command("seed_demo", verbosity=0)
        return HomePage.objects.live().get()
    return build_minimal_site()


def ensure_root() -> Page:
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


def build_minimal_site() -> HomePage:
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = ensure_root()
    home = root.add_child(
        instance=HomePage(
            title="London Violence Reduction Unit",
            slug="vru-home",
            hero_heading="Working together so young Londoners are safe",
            introduction="We bring people together to stop violence before it starts.",
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "VRU"},
    )
    home.add_child(
        instance=StandardPage(
            title="About us",
            slug="about-us",
            show_in_menus=True,
            introduction="Who we are and how we work with communities.",
            body=[
                ("heading", {"text": "What we do", "level": "h2"}),
                ("paragraph", "<p>We listen to young people and their families.</p>"),
            ],
        )
    )
    home.add_child(
        instance=StrategyPage(
            title="Our strategy",
            slug="strategy",
            show_in_menus=True,
            introduction="How we plan to reduce violence in London.",
            mission="Stop violence before it starts.",
            vision="A London where every young person is safe.",
            impact_goals="<ul><li>Fewer young people hurt</li></ul>",
            guiding_principles="<ul><li>Nothing about us without us</li></ul>",
        )
    )
    home.add_child(
        instance=GetHelpPage(
            title="Get help now",
            slug="get-help",
            show_in_menus=True,
            introduction="If you are in danger, call 999.",
        )
    )
    return home


def public_page_paths() -> list[tuple[str, str]]:
    """(page type, path) for one live page of every public type that exists, plus the
    search results page and a missing page, for whole-site checks."""
    paths = []
    for model in (HomePage, StandardPage, StrategyPage, GetHelpPage):
        page = model.objects.live().public().order_by("path").first()
        if page is not None:
            paths.append((model._meta.verbose_name, page.url))
    paths.append(("search results", "/search/?q=young+people"))
    paths.append(("empty search", "/search/"))
    paths.append(("page not found", "/no-such-page-here/"))
    return paths
