"""The one way tests build the page tree (decision 0026).

`site_home()` is the page every test hangs its pages under: the default site's root page, or
the minimal site (`site_content.build_minimal_site`) when a transactional test's flush has
removed it. `add_page(parent, page)` adds a page as an editor saving it would, and with
`publish=True` as an editor publishing it (a revision, then the live page read back). Each
app's builders (`tests/events/factories.py`, the consultation fixtures) only fill in the
fields their page type needs, and every one of them goes through these two.
"""

from wagtail.models import Page, Site

from tests.support.site_content import build_minimal_site


def site_home() -> Page:
    """The default site's root page, building the minimal site if there is none."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    return build_minimal_site()


def add_page(parent: Page, page: Page, *, publish: bool = False) -> Page:
    """Add `page` under `parent`; with `publish`, publish a revision and return it fresh."""
    parent.add_child(instance=page)
    if not publish:
        return page
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)
