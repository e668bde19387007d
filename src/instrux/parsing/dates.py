"""Dates as people write them: ``2024-03-01``, ``1 March 2024``, ``March 1st, 2024``, ``1/3/2024``.

:data:`DATE_PATTERN` finds a date-shaped mention; :func:`parse_date` reads it with
python-dateutil (a well-kept parser of many formats) and refuses what it cannot read for sure:
an all-numeric date whose day and month could be swapped ("03/04/2024": 3 April or March 4?)
is an error that says how to write it, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_PATTERN", "parse_date"]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"\d{4}"
DATE_PATTERN = (
    rf"(?:{_YEAR}-\d{{1,2}}-\d{{1,2}}"  # ISO 8601
    rf"|{_YEAR}/\d{{1,2}}/\d{{1,2}}"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})"  # 1/3/2024, 01.03.24
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"  # 1 March 2024, 1st of March
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"  # March 1, 2024
    rf"|{_MONTH}\s+{_YEAR})(?![\w/.-]\d)"  # March 2024
)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """The date ``text`` names; ``ValueError`` when it is not one, or not one for sure."""
    from dateutil import parser

    raw = " ".join(text.split())
    numeric = _NUMERIC.match(raw)
    if numeric is not None:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first != second and first <= 12 and second <= 12:
            raise ValueError(
                f"{raw!r} could be day/month or month/day; write it as YYYY-MM-DD or with the "
                "month's name (3 April 2024)"
            )
    default = dt.datetime.combine(today or dt.date.today(), dt.time())
    try:
        # dayfirst for all-numeric dates (13/03/2024 is read either way; ambiguous ones were
        # refused above); a year left out is this year.
        year_first = raw[:4].isdigit()  # 2024/03/01 is year, month, day
        return parser.parse(
            raw, dayfirst=not year_first, yearfirst=year_first, default=default
        ).date()
    except (ValueError, OverflowError) as err:
        reason = str(err).removesuffix(f": {raw}")  # dateutil repeats the text
        raise ValueError(f"{raw!r} is not a date ({reason})") from None
