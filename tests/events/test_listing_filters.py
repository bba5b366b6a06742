"""The events listing's filters (decision 0029): the same partial as have-your-say's, keeping
?when=past across filtering."""

from home.models import Borough
from home.templatetags.site_format import FILTERS_MIN_ITEMS


def test_event_filters_need_six_events_or_a_chosen_filter(client, event_index, make_event):
    for _ in range(FILTERS_MIN_ITEMS - 1):
        make_event()
    assert '<details class="filters"' not in client.get(event_index.url).content.decode()

    borough = Borough.objects.first()
    filtered = client.get(event_index.url, {"borough": borough.slug}).content.decode()
    assert '<details class="filters" data-module="filters" open>' in filtered
    assert "There are no events that match" in filtered

    make_event()
    assert '<details class="filters"' in client.get(event_index.url).content.decode()


def test_past_listing_keeps_when_past_in_the_filter_form_and_clear_link(
    client, event_index, make_event
):
    borough = Borough.objects.first()
    body = client.get(event_index.url, {"when": "past", "borough": borough.slug}).content.decode()
    assert '<input type="hidden" name="when" value="past">' in body
    assert f'href="{event_index.url}?when=past">Clear filters' in body
