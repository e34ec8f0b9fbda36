"""When an article was written, and the dates its sentences name.

A web page that says when it was published (``Document.published``: JSON-LD
``datePublished`` or its meta tags) tells FL304 and FL305 what "upcoming" and "will
premiere" meant then: a date already past on that day is a record, not a plan, and one
still ahead is a plan whatever the tense. Without a publication date the rules read the
tense alone (they never use the day factlint runs on, which would make a finding come
and go with the calendar).
"""

from __future__ import annotations

import datetime
import re

from factlint.document import Document

_MONTHS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "April 9, 2023", "9 April 2023", "Apr. 9th 2023", "2023-04-09"
_DATES = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d-])(19\d\d|20\d\d)(?![\d-])")


def written(doc: Document) -> datetime.date | None:
    """The day the article says it was published, if it says."""
    return doc.article.published


def dates_in(text: str) -> list[datetime.date]:
    """The full calendar dates (day, month and year) that ``text`` names."""
    found: list[datetime.date] = []
    for m in _DATES.finditer(text):
        year = m.group("y1") or m.group("y2") or m.group("y3")
        month = m.group("m1") or m.group("m2") or m.group("m3")
        day = m.group("d1") or m.group("d2") or m.group("d3")
        number = int(month) if month.isdigit() else _MONTHS[month.lower()]
        try:
            found.append(datetime.date(int(year), number, int(day)))
        except ValueError:
            continue
    return found


def years_in(text: str) -> list[int]:
    """The years (1900-2099) that ``text`` names."""
    return [int(y) for y in _YEAR.findall(text)]
