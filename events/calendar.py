"""iCalendar (RFC 5545) files: one event to add to a calendar, and subscribable feeds.

Times carry TZID=Europe/London with a VTIMEZONE, so calendars show the right local time on
both sides of a clock change. Public files never contain an online event's joining link.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

from home.links import site_url

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


def _vevent(event, *, joining_link: str = "", url: str = "", check_in: str = "") -> Event:
    vevent = Event()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.start, LONDON))
    vevent.add("dtend", timezone.localtime(event.end, LONDON))
    vevent.add("summary", event.title)
    description = event.summary
    if joining_link:
        description = f"{description}\n\nJoin online: {joining_link}"
    if check_in:
        description = f"{description}\n\n{check_in}"
    if url:
        description = f"{description}\n\nDetails: {url}"
        vevent.add("url", url)
    vevent.add("description", description)
    vevent.add("location", joining_link or event.location_text)
    return vevent


def event_calendar(event, *, url: str = "", joining_link: str = "", check_in: str = "") -> bytes:
    """One event. Pass `joining_link` and `check_in` only in a confirmed attendee's own copy
    (`booking_calendar`)."""
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vevent(event, joining_link=joining_link, url=url, check_in=check_in))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def booking_calendar(registration) -> bytes:
    """A booker's own copy of the event. A confirmed place adds the joining link (online
    events), the booking reference and the QR code's check-in link, which only the event's
    coordinators can use (docs/decisions/0028)."""
    event = registration.event
    joining_link = check_in = ""
    if registration.can_see_joining_link:
        joining_link = event.joining_link if event.is_online else ""
        check_in = (
            f"Your booking reference: {registration.reference}. Say it, or show the QR code "
            "on your booking page, at the door.\nCheck-in link (for the people at the door): "
            f"{site_url(registration.get_check_in_path())}"
        )
    return event_calendar(event, url=site_url(event), joining_link=joining_link, check_in=check_in)


def events_feed(events: Iterable, *, name: str, url_for) -> bytes:
    """A feed of public events; `url_for(event)` gives each event's full URL."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, url=url_for(event)))
    calendar.add_missing_timezones()
    return calendar.to_ical()
