"""England and Wales bank holidays and working days.

The warehouse computes response times in SQL (`int_working_days`) from the bank-holiday table the
loader writes with `bank_holidays()`; the demo generator uses `add_working_days()` to place
response dates. Two independent implementations of the contract's rule, so the calibration test
checks one against the other.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# Holidays are written for this span of years: wide enough for ten years of history before any
# recent export and for mistyped years that still parse, narrow enough to keep the calendar small.
FIRST_CALENDAR_YEAR = 2010
LAST_CALENDAR_YEAR = 2040


@lru_cache(maxsize=8)
def bank_holidays(first_year: int = FIRST_CALENDAR_YEAR, last_year: int = LAST_CALENDAR_YEAR) -> dict[date, str]:
    """England and Wales bank holidays (the `holidays` package, GB subdivision ENG)."""
    return dict(sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1)).items()))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The date that is `days` working days after `start` (0 gives `start` itself)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days d with start < d <= end (the contract's definition; end >= start)."""
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))
