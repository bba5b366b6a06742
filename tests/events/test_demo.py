import io

import pytest

from django.core.management import call_command

from events.models import EventIndexPage, EventPage, Registration

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_events_and_is_idempotent(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    index = EventIndexPage.objects.get()
    events = EventPage.objects.live().child_of(index)
    assert events.upcoming().count() == 4
    assert events.past().count() == 1
    networks = {network.slug for event in events for network in event.networks.all()}
    assert {
        "young-peoples-action-group",
        "parent-carer-champions-hackney",
        "housing-association-youth-network",
    } <= networks
    nearly_full = events.get(slug="hackney-parent-carer-meet-up")
    assert (nearly_full.capacity, nearly_full.places_left()) == (20, 1)
    assert events.filter(format=EventPage.Format.ONLINE).count() == 1
    assert events.filter(parent_consent_for_under_16s=True).count() == 1
    assert Registration.objects.count() == 19

    response = client.get(index.url)
    assert response.status_code == 200
    assert nearly_full.title in response.content.decode()
    page = client.get(nearly_full.url)
    assert "1 of 20" in page.content.decode()
