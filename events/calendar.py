"""iCalendar (RFC 5545) files: one event to add to a calendar, and subscribable feeds.

Times carry TZID=Europe/London with a VTIMEZONE, so calendars show the right local time on
both sides of a clock change. Public files never contain an online event's joining link.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
PRODID = "-//London Violence Reduction Unit//Events//EN"


def _uid(event) -> str:
    domain = getattr(settings, "EVENTS_UID_DOMAIN", "events.london-vru.invalid")
    return f"event-{event.pk}@{domain}"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def _vevent(event, *, joining_link: str = "", url: str = "") -> Event:
    vevent = Event()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.start, LONDON))
    vevent.add("dtend", timezone.localtime(event.end, LONDON))
    vevent.add("summary", event.title)
    description = event.summary
    if joining_link:
        description = f"{description}\n\nJoin online: {joining_link}"
    if url:
        description = f"{description}\n\nDetails: {url}"
        vevent.add("url", url)
    vevent.add("description", description)
    vevent.add("location", joining_link or event.location_text)
    return vevent


def event_calendar(event, *, url: str = "", joining_link: str = "") -> bytes:
    """One event. Pass `joining_link` only in a confirmed attendee's own copy."""
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vevent(event, joining_link=joining_link, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_feed(events: Iterable, *, name: str, url_for) -> bytes:
    """A feed of public events; `url_for(event)` gives each event's full URL."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, url=url_for(event)))
    calendar.add_missing_timezones()
    return calendar.to_ical()
