"""YPAG and network pages list upcoming events and open consultations by themselves, from the
networks and priority areas on those pages (the events and consultations apps' querysets)."""

import datetime

import pytest

from django.utils import timezone

from home.models import Network, PriorityArea
from ypag import services
from ypag.models import NetworkPage, YPAGThemePage

pytestmark = pytest.mark.django_db

EventPage = pytest.importorskip("events.models").EventPage
ConsultationPage = pytest.importorskip("consultations.models").ConsultationPage


@pytest.fixture
def listings(home_page, demo_output):
    from consultations.models import ConsultationIndexPage
    from events.models import EventIndexPage

    now = timezone.now()
    event_index = home_page.add_child(instance=EventIndexPage(title="Events", slug="events-x"))
    consultation_index = home_page.add_child(
        instance=ConsultationIndexPage(title="Have your say", slug="have-your-say-x")
    )
    ypag = Network.objects.get(kind=Network.Kind.YPAG)
    hackney = Network.objects.get(slug="parent-carer-champions-hackney")
    education = PriorityArea.objects.get(slug="education")

    def event(title, days, networks=(), areas=()):
        page = event_index.add_child(
            instance=EventPage(
                title=title,
                summary=f"About {title}",
                start=now + datetime.timedelta(days=days),
                end=now + datetime.timedelta(days=days, hours=2),
                format="online",
                joining_link="https://example.org/join",
            )
        )
        page.networks.set(networks)
        page.priority_areas.set(areas)
        page.save_revision().publish()
        return page

    def consultation(title, opens_days, closes_days, networks=(), areas=()):
        page = consultation_index.add_child(
            instance=ConsultationPage(
                title=title,
                summary=f"About {title}",
                opens_at=now + datetime.timedelta(days=opens_days),
                closes_at=now + datetime.timedelta(days=closes_days),
                privacy_notice="<p>We keep your answers for a year.</p>",
            )
        )
        page.networks.set(networks)
        page.priority_areas.set(areas)
        page.save_revision().publish()
        return page

    return {
        "ypag_event": event("YPAG seminar on exclusion", 5, [ypag], [education]),
        "past_event": event("Last year's YPAG seminar", -30, [ypag], [education]),
        "hackney_event": event("Hackney parents' evening", 3, [hackney]),
        "ypag_consultation": consultation("Your say on school", -1, 10, [ypag], [education]),
        "closed_consultation": consultation("Closed survey", -20, -5, [ypag], [education]),
        "hackney_consultation": consultation("Hackney parks", -1, 10, [hackney]),
    }


def test_services_use_the_public_querysets(listings):
    ypag = services.ypag_network()
    assert services.related_events(network=ypag) == [listings["ypag_event"]]
    assert services.related_consultations(network=ypag) == [listings["ypag_consultation"]]
    education = PriorityArea.objects.get(slug="education")
    assert services.related_events(priority_areas=[education]) == [listings["ypag_event"]]
    assert services.related_events() == [listings["hackney_event"], listings["ypag_event"]]


def test_landing_page_lists_ypag_events_and_open_consultations_only(client, listings):
    content = client.get("/ypag/").content.decode()
    assert "YPAG seminar on exclusion" in content
    assert "Your say on school" in content
    for hidden in ("Last year's", "Closed survey", "Hackney parents", "Hackney parks"):
        assert hidden not in content


def test_theme_page_lists_by_priority_area(client, listings):
    page = YPAGThemePage.objects.get(theme=YPAGThemePage.Theme.SCHOOL_EXCLUSION)
    content = client.get(page.url).content.decode()
    assert "YPAG seminar on exclusion" in content
    assert "Your say on school" in content
    assert "Hackney parents" not in content
    other = YPAGThemePage.objects.get(theme=YPAGThemePage.Theme.ONLINE_HARMS)
    assert "YPAG seminar on exclusion" not in client.get(other.url).content.decode()


def test_network_page_lists_its_own_events_and_consultations(client, listings):
    page = NetworkPage.objects.get(network__slug="parent-carer-champions-hackney")
    content = client.get(page.url).content.decode()
    assert "Hackney parents&#x27; evening" in content
    assert "Hackney parks" in content
    assert "YPAG seminar" not in content


def test_unpublished_events_are_not_listed(client, listings):
    listings["ypag_event"].unpublish()
    assert "YPAG seminar on exclusion" not in client.get("/ypag/").content.decode()
