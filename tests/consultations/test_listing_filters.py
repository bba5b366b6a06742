"""The have-your-say listing's filters (decision 0029): folded in a <details>, left out while
the listing is too short to need them, always there once a filter is chosen."""

from home.models import PriorityArea
from home.templatetags.site_format import FILTERS_MIN_ITEMS


def filters_markup(client, url, query=None) -> str:
    body = client.get(url, query or {}).content.decode()
    start = body.find('<details class="filters"')
    return "" if start == -1 else body[start : body.index("</details>", start)]


def test_filters_appear_from_six_consultations_closed_until_used(
    client, index_page, make_consultation
):
    assert FILTERS_MIN_ITEMS == 6
    for number in range(FILTERS_MIN_ITEMS - 1):
        make_consultation(f"c-{number}")
    assert filters_markup(client, index_page.url) == ""

    make_consultation("c-last")
    folded = filters_markup(client, index_page.url)
    assert "<summary" in folded and "Filter consultations" in folded
    assert " open" not in folded.split(">", 1)[0]
    assert "Clear filters" not in folded


def test_chosen_filters_stay_open_even_when_nothing_matches(client, index_page, make_consultation):
    make_consultation("only-one")
    area = PriorityArea.objects.first()
    chosen = filters_markup(client, index_page.url, {"priority_area": area.slug})
    assert chosen.startswith('<details class="filters" data-module="filters" open>')
    assert f'value="{area.slug}" selected' in chosen
    assert f'href="{index_page.url}">Clear filters' in chosen
    junk = client.get(index_page.url, {"borough": "atlantis"})
    assert junk.status_code == 200 and "Clear filters" in junk.content.decode()
