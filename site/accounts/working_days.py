"""Working days in England and Wales, for promises like "within 5 working days"."""

from datetime import date, timedelta

# England and Wales bank holidays (gov.uk/bank-holidays), including substitute days.
# Extend this table each year; a missing year only means bank holidays count as working days.
BANK_HOLIDAYS = frozenset(
    {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),
        date(2027, 12, 28),
    }
)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself never counts)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
