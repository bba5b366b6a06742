from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import EventPage
from home.models import Network

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def test_single_event_ics_has_london_times_in_summer_and_winter(client, make_event):
    summer = make_event(title="Summer seminar", start=datetime(2031, 7, 10, 18, 30, tzinfo=LONDON))
    winter = make_event(title="Winter seminar", start=datetime(2031, 12, 10, 18, 30, tzinfo=LONDON))
    for event, utc_hour in ((summer, 17), (winter, 18)):
        calendar = parse(client.get(f"/events/{event.pk}/calendar.ics"))
        assert calendar["VERSION"] == "2.0"
        assert calendar["PRODID"]
        [vevent] = vevents(calendar)
        start = vevent.decoded("DTSTART")
        assert start == datetime(start.year, start.month, 10, 18, 30, tzinfo=LONDON)
        assert start.astimezone(ZoneInfo("UTC")).hour == utc_hour
        assert vevent["DTSTART"].params["TZID"] == "Europe/London"
        assert vevent.decoded("DTEND") - start == event.end - event.start
        assert str(vevent["UID"]) == f"event-{event.pk}@events.london-vru.invalid"
        assert vevent.decoded("DTSTAMP").tzinfo is not None
        assert str(vevent["SUMMARY"]) == event.title
        assert "1 High Street London E8 1AA" in str(vevent["LOCATION"])
        assert str(vevent["URL"]).endswith(event.url)
        [timezone_component] = calendar.walk("VTIMEZONE")
        assert str(timezone_component["TZID"]) == "Europe/London"
    summer_ics = client.get(f"/events/{summer.pk}/calendar.ics").content.decode()
    assert "DTSTART;TZID=Europe/London:20310710T183000" in summer_ics
    assert "attachment" in client.get(f"/events/{summer.pk}/calendar.ics")["Content-Disposition"]


def test_draft_and_unknown_events_have_no_calendar_file(client, make_event):
    event = make_event()
    event.unpublish()
    assert client.get(f"/events/{event.pk}/calendar.ics").status_code == 404
    assert client.get("/events/999999/calendar.ics").status_code == 404


def test_feed_lists_upcoming_public_events_and_network_feeds_their_own(client, make_event):
    ypag = Network.objects.get(slug="young-peoples-action-group")
    housing = Network.objects.get(slug="housing-association-youth-network")
    open_event = make_event(title="Open seminar", networks=[ypag])
    members_only = make_event(title="Members meeting", open_to_all=False, networks=[housing])
    online = make_event(
        title="Online chat", format=EventPage.Format.ONLINE, joining_link="https://x.example/j"
    )
    make_event(title="Finished", start=datetime(2020, 1, 1, 10, tzinfo=LONDON))
    draft = make_event(title="Draft")
    draft.unpublish()

    feed = parse(client.get("/events/feed.ics"))
    assert {str(v["SUMMARY"]) for v in vevents(feed)} == {open_event.title, online.title}
    assert [str(v["LOCATION"]) for v in vevents(feed) if v["SUMMARY"] == online.title] == ["Online"]
    assert len({str(v["UID"]) for v in vevents(feed)}) == 2
    assert feed.walk("VTIMEZONE")

    ypag_feed = parse(client.get(f"/events/feed/{ypag.slug}.ics"))
    assert [str(v["SUMMARY"]) for v in vevents(ypag_feed)] == [open_event.title]
    housing_feed = parse(client.get(f"/events/feed/{housing.slug}.ics"))
    assert [str(v["SUMMARY"]) for v in vevents(housing_feed)] == [members_only.title]
    assert client.get("/events/feed/no-such-network.ics").status_code == 404


def test_calendar_files_and_feeds_link_to_the_configured_site_address(client, make_event, settings):
    """Like every email, calendar entries link to the one configured address, whatever Host
    the request came in on (a calendar app keeps the link for months)."""
    settings.WAGTAILADMIN_BASE_URL = "https://vru.example.org"
    event = make_event(title="Linked seminar")
    single = parse(client.get(f"/events/{event.pk}/calendar.ics", HTTP_HOST="localhost"))
    [vevent] = vevents(single)
    assert str(vevent["URL"]) == f"https://vru.example.org{event.url}"
    feed = parse(client.get("/events/feed.ics", HTTP_HOST="localhost"))
    urls = {str(entry["URL"]) for entry in vevents(feed)}
    assert f"https://vru.example.org{event.url}" in urls
