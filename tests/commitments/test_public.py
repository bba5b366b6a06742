"""What the public sees: "What we are doing" with its filters, each commitment's own page,
and "What we are doing about it" on the consultation page (cached pages included)."""

from datetime import date

import pytest

from django.test import Client

from commitments.models import Commitment

from .conftest import publish_changes, update

IN_PROGRESS = Commitment.Status.IN_PROGRESS
DONE = Commitment.Status.DONE


@pytest.fixture
def bus_stops(make_commitment, consultation, areas):
    return make_commitment(
        title="Trusted adults at bus stops",
        consultation=consultation,
        areas=[areas[0]],
        status=IN_PROGRESS,
        progress=40,
        updates=[update(date(2026, 11, 2), "Eight youth workers start after half term.")],
    )


@pytest.fixture
def guide(make_commitment, areas):
    return make_commitment(title="A guide for parents", areas=[areas[2]], status=DONE, progress=100)


def test_the_listing_shows_published_commitments_only(
    client, what_we_are_doing, bus_stops, guide, make_commitment
):
    make_commitment(publish=False, title="A draft nobody may see")
    html = client.get(what_we_are_doing.url).content.decode()
    assert "Trusted adults at bus stops" in html
    assert "A guide for parents" in html
    assert "A draft nobody may see" not in html
    assert "2 commitments" in html
    assert '<progress class="progress__bar" max="100" value="40"' in html
    assert "40% done" in html  # in words, not only the bar


def test_filters_by_priority_area_and_status(client, what_we_are_doing, bus_stops, guide, areas):
    by_area = client.get(what_we_are_doing.url, {"priority_area": areas[0].slug})
    assert "Trusted adults at bus stops" in by_area.content.decode()
    assert "A guide for parents" not in by_area.content.decode()
    by_status = client.get(what_we_are_doing.url, {"status": DONE}).content.decode()
    assert "A guide for parents" in by_status
    assert "Trusted adults at bus stops" not in by_status
    assert "1 commitment match your filters" in by_status


def test_broken_filter_values_show_everything_and_never_fail(client, what_we_are_doing, guide):
    response = client.get(what_we_are_doing.url, {"priority_area": "nope", "status": "\x00<b>"})
    assert response.status_code == 200
    assert "A guide for parents" in response.content.decode()


def test_each_commitment_has_its_own_page_with_its_history(
    client, what_we_are_doing, bus_stops, consultation
):
    page = client.get(what_we_are_doing.commitment_url(bus_stops))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Eight youth workers start after half term." in html
    assert "2 November 2026" in html
    assert "VRU Youth Programmes team" in html
    assert f'href="{consultation.url}"' in html


def test_a_draft_or_unpublished_commitment_has_no_page(
    client, what_we_are_doing, make_commitment, bus_stops
):
    draft = make_commitment(publish=False, title="Still a draft")
    assert client.get(what_we_are_doing.commitment_url(draft)).status_code == 404
    bus_stops.unpublish()
    assert client.get(what_we_are_doing.commitment_url(bus_stops)).status_code == 404
    assert client.get(what_we_are_doing.url + "no-such-thing/").status_code == 404


def test_a_draft_change_is_not_public_until_published(client, what_we_are_doing, bus_stops):
    draft = bus_stops.get_latest_revision_as_object()
    draft.title = "A new title still in draft"
    draft.save_revision()
    html = client.get(what_we_are_doing.url).content.decode()
    assert "Trusted adults at bus stops" in html
    assert "A new title still in draft" not in html


def test_the_consultation_page_shows_what_we_are_doing_about_it(
    client, consultation, what_we_are_doing, bus_stops, guide
):
    html = client.get(consultation.url).content.decode()
    assert "What we are doing about it" in html
    assert "Trusted adults at bus stops" in html
    assert "Eight youth workers start after half term." in html  # the latest update
    assert "A guide for parents" not in html  # it answers no consultation
    assert f'href="{what_we_are_doing.commitment_url(bus_stops)}"' in html


def test_a_consultation_without_commitments_has_no_such_section(client, consultation, guide):
    assert "What we are doing about it" not in client.get(consultation.url).content.decode()


def test_the_cached_consultation_page_shows_a_newly_published_update(
    settings, consultation, what_we_are_doing, bus_stops
):
    settings.PAGE_CACHE_SECONDS = 300
    assert Client().get(consultation.url)["X-Cache"] == "MISS"
    assert Client().get(consultation.url)["X-Cache"] == "HIT"
    draft = bus_stops.get_latest_revision_as_object()
    draft.updates.append(
        ("update", {"date": date(2026, 11, 20), "note": "Four bus stops now.", "status": ""})
    )
    publish_changes(bus_stops, updates=draft.updates)
    after = Client().get(consultation.url)
    assert after["X-Cache"] == "MISS"
    assert "Four bus stops now." in after.content.decode()


def test_unpublishing_purges_the_cached_pages(settings, consultation, bus_stops):
    settings.PAGE_CACHE_SECONDS = 300
    Client().get(consultation.url)
    bus_stops.unpublish()
    after = Client().get(consultation.url)
    assert after["X-Cache"] == "MISS"
    assert "Trusted adults at bus stops" not in after.content.decode()
