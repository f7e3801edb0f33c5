"""Umm al-Qura calendar helpers (a thin wrapper around ``hijridate``).

Holiday dates are always computed here from the calendar, never typed into a table.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from hijridate import Gregorian, Hijri

MIN_YEAR, MAX_YEAR = 1343, 1500  # the range Umm al-Qura tables cover


@lru_cache(maxsize=4096)
def to_gregorian(year: int, month: int, day: int) -> _dt.date | None:
    """The Gregorian date of a Hijri date, or None when it is outside the tables or invalid."""
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return _dt.date(g.year, g.month, g.day)


@lru_cache(maxsize=4096)
def to_hijri(day: _dt.date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


@lru_cache(maxsize=4096)
def month_range(year: int, month: int) -> tuple[_dt.date, _dt.date] | None:
    """First and last Gregorian day of a Hijri month."""
    first = to_gregorian(year, month, 1)
    if first is None:
        return None
    try:
        length = Hijri(year, month, 1).month_length()
    except (ValueError, OverflowError):
        return None
    return first, first + _dt.timedelta(days=length - 1)


def year_range(year: int) -> tuple[_dt.date, _dt.date] | None:
    first = month_range(year, 1)
    last = month_range(year, 12)
    if first is None or last is None:
        return None
    return first[0], last[1]


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1
