"""The short "Get help now" panel on every page (decision 0029): 999, one helpline and a link
to the get-help page, which alone keeps the whole list."""

import pytest

from home.models import SupportService
from tests.support.site_content import build_minimal_site


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.django_db
def test_footer_panel_names_999_the_first_helpline_and_links_the_full_list(client):
    build_minimal_site()
    footer = footer_of(client.get("/about-us/").content.decode())
    assert 'href="tel:999"' in footer
    assert "<strong>Childline</strong>" in footer and 'href="tel:08001111"' in footer
    assert '<a href="/get-help/">See all free, confidential support services</a>' in footer
    assert "NSPCC" not in footer and "support-list" not in footer

    full_list = client.get("/get-help/").content.decode()
    assert "NSPCC" in full_list and "Citizens Advice" in full_list


@pytest.mark.django_db
def test_editors_choose_the_helpline_by_sort_order(client):
    build_minimal_site()
    SupportService.objects.filter(name="Childline").update(sort_order=500)
    SupportService.objects.get(name="Missing People").save()  # saving clears the cache
    assert SupportService.first_helpline().name == "NSPCC"
    footer = footer_of(client.get("/about-us/").content.decode())
    assert "<strong>NSPCC</strong>" in footer and "Childline" not in footer


@pytest.mark.django_db
def test_without_a_get_help_page_the_panel_still_gives_999_and_a_helpline(client):
    home = build_minimal_site()
    home.get_children().get(slug="get-help").specific.unpublish()
    footer = footer_of(client.get("/about-us/").content.decode())
    assert 'href="tel:999"' in footer and "Childline" in footer
    assert "See all free, confidential support services" not in footer
