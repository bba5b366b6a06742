"""Demo content for the home app: the home page, the strategy, "Get help now" and the standard
pages (about us, programmes, partners, privacy, accessibility, reporting a concern).

Written in the project's own words from the facts in the VRU's published strategy. Called by
`manage.py seed_demo` before any other app's demo module (see that command for the contract).

Safe to run again: every page is matched on its slug under its parent and left alone if it
exists, so editors' changes to demo pages survive a second run.
"""

from collections.abc import Callable

from django.db import transaction

from wagtail.models import Page, Site
from wagtail.search.index import insert_or_update_object

from home.models import GetHelpPage, HomePage, StandardPage, StrategyPage

from .demo_content import GET_HELP_WORRIED, HOME, STRATEGY, _body
from .demo_standard_pages import standard_pages

SITE_NAME = "London Violence Reduction Unit"
HOME_SLUG = "home"


def seed(stdout) -> None:
    """Build (or complete) the home app's demo pages and make the home page the site root."""
    with transaction.atomic():
        home = ensure_home_page(stdout)
        strategy = ensure_child(
            home,
            "our-strategy",
            lambda: StrategyPage(title="Our strategy", show_in_menus=True, **STRATEGY),
            stdout,
        )
        get_help = ensure_child(
            home,
            "get-help",
            lambda: GetHelpPage(
                title="Get help now",
                show_in_menus=True,
                introduction=(
                    "You are not on your own. These services are free, and you can talk to "
                    "them without giving your name."
                ),
                body=_body(
                    ("heading", {"text": "Worried about someone else?", "level": "h2"}),
                    ("paragraph", GET_HELP_WORRIED),
                ),
            ),
            stdout,
        )
        for slug, title, in_menu, introduction, body in standard_pages(strategy, get_help):
            ensure_child(
                home,
                slug,
                lambda title=title, in_menu=in_menu, introduction=introduction, body=body: (
                    StandardPage(
                        title=title,
                        show_in_menus=in_menu,
                        introduction=introduction,
                        body=_body(*body),
                    )
                ),
                stdout,
            )


def ensure_home_page(stdout) -> HomePage:
    """Return the HomePage, creating it under the tree root if needed, and make it the default
    site's root. Wagtail's own "Welcome" placeholder page is removed once nothing points to it."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        slug_taken = root.get_children().filter(slug=HOME_SLUG).exists()
        home = HomePage(
            title="Home",
            slug=f"{HOME_SLUG}-vru" if slug_taken else HOME_SLUG,
            **HOME,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write(f"Created page: {home.title}")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            site_name=SITE_NAME,
            root_page=home,
            is_default_site=True,
        )
        stdout.write("Created the default site")
    elif site.root_page_id != home.pk:
        previous_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or SITE_NAME
        site.save()
        stdout.write("Made the home page the root of the default site")
        if _is_wagtail_placeholder(previous_root):
            previous_root.delete()
            stdout.write("Removed Wagtail's placeholder welcome page")

    if home.slug != HOME_SLUG and not root.get_children().filter(slug=HOME_SLUG).exists():
        home.slug = HOME_SLUG
        home.save_revision().publish()
        # Publishing saved a copy from the revision: reload the new url_path, which children
        # build theirs from, and drop the cached site root path that still has the old slug.
        home.refresh_from_db()
        Site.clear_site_root_paths_cache()
    insert_or_update_object(home)
    return home


def _is_wagtail_placeholder(page: Page) -> bool:
    """Wagtail's first migration makes a plain `Page` as the site root. Only that page, with
    nothing below it and no other site using it, is ever deleted."""
    return (
        page.depth == 2
        and page.specific_class is Page
        and not page.get_children().exists()
        and not Site.objects.filter(root_page=page).exists()
    )


def ensure_child(parent: Page, slug: str, build: Callable[[], Page], stdout) -> Page:
    """Return the child of `parent` with this slug, creating and publishing it if missing.

    Other apps' demo modules may use this too: it is the one place that decides what
    "already seeded" means."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision().publish()
    # Index now: outside tests, publishing only queues the search update for the worker.
    insert_or_update_object(page)
    stdout.write(f"Created page: {page.title}")
    return page
