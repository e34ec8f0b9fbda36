"""Partial dates: a day, a month or only a year, as reference files and articles state them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year; ``months`` widens a month to a span.

    An article's "summer 2024" is ``PartialDate(2024, months=(6, 7, 8))``: it agrees
    with any of those months.
    """

    year: int
    month: int | None = None
    day: int | None = None
    months: tuple[int, ...] = ()

    @property
    def month_set(self) -> tuple[int, ...]:
        return (self.month,) if self.month is not None else self.months

    def __str__(self) -> str:
        if self.day is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def describe(self) -> str:
        """Human form: '3 July 2024', 'July 2024' or '2024'."""
        if self.month is None:
            return str(self.year)
        name = MONTH_NAMES[self.month - 1]
        return f"{self.day} {name} {self.year}" if self.day else f"{name} {self.year}"

    def conflict(self, other: PartialDate) -> str | None:
        """What part of ``other`` disagrees with this (reference) date: year, month, day."""
        if self.year != other.year:
            return "year"
        mine, theirs = self.month_set, other.month_set
        if mine and theirs and not set(mine) & set(theirs):
            return "month"
        if (self.day is not None and other.day is not None and self.month == other.month
                and self.day != other.day):
            return "day"
        return None


def parse_reference_date(value: object) -> PartialDate | None:
    """A reference ``premiere``: a YAML date, ``YYYY-MM``, ``YYYY-MM-DD`` or a year."""
    if isinstance(value, dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return PartialDate(value) if 1800 <= value <= 2200 else None
    if not isinstance(value, str):
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)
