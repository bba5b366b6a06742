"""Bank holidays come from the `holidays` package: every year is known, not only those typed in."""

from datetime import date

import pytest

from home.working_days import add_working_days, bank_holidays, is_working_day


@pytest.mark.parametrize(
    "day",
    [
        date(2030, 4, 19),  # Good Friday 2030
        date(2030, 4, 22),  # Easter Monday 2030
        date(2030, 5, 27),  # Spring bank holiday 2030
        date(2032, 12, 27),  # Christmas Day 2032 is a Saturday: the Monday is a substitute day
        date(2032, 12, 28),  # and Boxing Day's substitute
    ],
)
def test_later_bank_holidays_are_known(day):
    assert day in bank_holidays(day.year)
    assert not is_working_day(day)


def test_scottish_holidays_are_working_days_in_england_and_wales():
    assert is_working_day(date(2030, 1, 2))  # a bank holiday in Scotland only
    assert is_working_day(date(2030, 8, 5))  # Scotland's summer bank holiday


def test_five_working_days_over_easter_2030():
    # Thursday 18 April: Good Friday and Easter Monday are skipped.
    assert add_working_days(date(2030, 4, 18), 5) == date(2030, 4, 29)
