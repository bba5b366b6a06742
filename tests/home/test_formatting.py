"""GOV.UK dates and times, written once (home.formatting) and used by every template."""

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.template import Context, Template

from home.formatting import format_date, format_datetime, format_time

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(19, 30), "7:30pm"),
        (time(20, 1), "8:01pm"),
        (time(19, 0), "7pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(0, 30), "12:30am"),
        (time(9, 5), "9:05am"),
        (time(12, 15), "12:15pm"),
        (None, ""),
    ],
)
def test_times(value, expected):
    assert format_time(value) == expected


def test_dates_and_datetimes_in_london_time():
    winter = datetime(2026, 12, 1, 19, 30, tzinfo=ZoneInfo("UTC"))
    summer = datetime(2026, 7, 1, 11, 0, tzinfo=ZoneInfo("UTC"))  # midday in London
    assert format_date(date(2026, 12, 1)) == "1 December 2026"
    assert format_date(winter, weekday=True) == "Tuesday 1 December 2026"
    assert format_date(winter, short=True) == "1 Dec 2026"
    assert format_date(winter, year=False) == "1 December"
    assert format_datetime(winter) == "1 December 2026 at 7:30pm"
    assert format_datetime(summer, weekday=True) == "Wednesday 1 July 2026 at midday"
    assert format_datetime(None) == ""


def test_template_filters_are_built_in():
    rendered = Template(
        '{{ when|govuk_datetime:"weekday" }}; {{ when|govuk_time }}; {{ when|govuk_date:"short" }}'
    ).render(Context({"when": datetime(2026, 12, 1, 20, 1, tzinfo=LONDON)}))
    assert rendered == "Tuesday 1 December 2026 at 8:01pm; 8:01pm; 1 Dec 2026"


def test_no_template_formats_dates_for_people_with_djangos_date_filter():
    """`|date` gives "7:30p.m."; only machine-readable formats ('c', 'Ymd') may use it."""
    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/**/templates/**/*"):
        if ".venv" in path.parts or "node_modules" in path.parts or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        for match in re.finditer(r"""\|(date|time)(?![a-z_])(?::(["'])(.*?)\2)?""", text):
            if match.group(1) == "date" and match.group(3) in ("c", "Ymd"):
                continue
            offenders.append(f"{path}: {match.group(0)}")
        offenders += [f"{path}: {m}" for m in re.findall(r"\{% now [^%]*%\}", text)]
    assert not offenders, "\n".join(offenders)
