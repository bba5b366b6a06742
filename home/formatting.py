"""Dates and times in GOV.UK style, written once for every template, email and message.

    format_date(value)                    "1 December 2026"
    format_date(value, weekday=True)      "Tuesday 1 December 2026"
    format_date(value, short=True)        "1 Dec 2026" (tables only, where space is tight)
    format_date(value, year=False)        "1 December"
    format_time(value)                    "7:30pm", "7pm", "midday", "midnight"
    format_datetime(value)                "1 December 2026 at 7:30pm"

Aware datetimes are shown in London time. Templates use the filters in
home/templatetags/site_format.py (`|govuk_date`, `|govuk_time`, `|govuk_datetime`), which are
built in, so no template needs `{% load %}`. Never use Django's `|date` or `|time` for text
people read: its "a" format gives "p.m." (and "8:01p.m.." at the end of a sentence).
"""

from datetime import date, datetime, time

from django.utils import timezone

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value, *, weekday: bool = False, short: bool = False, year: bool = True) -> str:
    """A date (or the date of a datetime, in London time) in GOV.UK style; "" for None."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    month = MONTHS[value.month - 1]
    text = f"{value.day} {month[:3] if short else month}"
    if year:
        text += f" {value.year}"
    if weekday:
        day_name = WEEKDAYS[value.weekday()]
        text = f"{day_name[:3] if short else day_name} {text}"
    return text


def format_time(value) -> str:
    """A time (or the time of a datetime, in London time) in GOV.UK style; "" for None."""
    if isinstance(value, datetime):
        value = _local(value).time()
    if not isinstance(value, time):
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def format_datetime(value, *, weekday: bool = False, short: bool = False, year: bool = True) -> str:
    """ "1 December 2026 at 7:30pm" (London time); "" for None."""
    if not isinstance(value, datetime):
        return format_date(value, weekday=weekday, short=short, year=year)
    return f"{format_date(value, weekday=weekday, short=short, year=year)} at {format_time(value)}"
