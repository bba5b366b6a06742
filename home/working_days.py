"""Working days in England and Wales, for promises like "within 5 working days".

Bank holidays, substitute days included, come from the `holidays` package (subdivision ENG,
which is England's and Wales's list), so no year ever runs out.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in `year`."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself never counts)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
