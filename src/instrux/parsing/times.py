"""Times of day, durations and date-times as people write them.

- :data:`TIME_PATTERN` / :func:`parse_time`: ``5pm``, ``5 p.m.``, ``8:15am``, ``17:30``,
  ``noon``, ``midnight``, ``quarter past 8 pm``, ``ten to midnight``, ``five o'clock in the
  evening``. Digits with a colon are clock notation, read on the 24-hour clock when no am/pm
  follows (``7:30`` is 07:30, as a digital clock shows it). A spoken hour with no half of the
  day (``at 5``, ``5 o'clock``, ``quarter past 8``) could be morning or evening: it is an
  error that says how to write it, never a guess.
- :data:`DURATION_PATTERN` / :func:`parse_duration`: ``90 seconds``, ``45 sec``, ``2 mins``,
  ``1.5 hours``, ``1h30``, ``1 hour 30 minutes``, ``an hour and a half``, ``half an hour``,
  ``two and a half hours``, ``3 days``; units from milliseconds to weeks (months and years
  have no fixed length: no ``timedelta`` holds them).
- :data:`DATETIME_PATTERN` / :func:`parse_datetime`: a date and a time in either order
  (``1 March 2024 at 5pm``, ``5pm on March 1st``, ``2024-03-01 17:30``,
  ``2024-03-01T17:30``); naive, no time zone.

Numbers, in digits or words ("ninety seconds", "five pm"), are read by the one number reader,
:mod:`instrux.parsing.numbers`; dates by :mod:`instrux.parsing.dates`. The patterns hold no
named groups (a template may use two such slots); the parsers use named copies, compiled on
first use so that importing the slot types costs no regular-expression compilation.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache

from instrux.parsing.dates import DATE_PATTERN, parse_date
from instrux.parsing.numbers import NUMBER_PATTERN, UNIT_WORDS, parse_number, read_number

__all__ = [
    "DATETIME_PATTERN",
    "DURATION_PATTERN",
    "TIME_PATTERN",
    "parse_datetime",
    "parse_duration",
    "parse_time",
]


def _group(name: str, pattern: str, named: bool) -> str:
    return f"(?P<{name}>{pattern})" if named else f"(?:{pattern})"


# --- times of day -----------------------------------------------------------------------------

_HOUR_WORDS = sorted((w for w in UNIT_WORDS if 1 <= parse_number(w) <= 12), key=len, reverse=True)
_HOUR = rf"(?:\d{{1,2}}|(?:{'|'.join(_HOUR_WORDS)})\b)"
# "pm", "p.m." (normalised to "p m"), "in the evening": which half of the day.
_MERIDIEM = r"(?:[ap]\.?\s?m(?![a-z])\.?|in\s+the\s+(?:morning|afternoon|evening))"
_OCLOCK = r"o['\u2019]?\s?clock"
_NAMED_TIMES = {"noon": dt.time(12), "midday": dt.time(12), "midnight": dt.time(0)}
_NAMED = r"(?:(?:12|twelve)\s+)?(?:noon|midday|midnight)"
_MINUTES = rf"(?:(?:a\s+)?quarter|half|{NUMBER_PATTERN}(?:\s+minutes?)?)"
_PAST_OR_TO = r"(?:past|after|to|before|till)"
_CLOCK_HOUR, _SIXTY = r"\d{1,2}", r"\d{2}"


def _time_pattern(named: bool, bare: bool = True) -> list[str]:
    """The forms of a time of day, each a pattern (with named groups for the parser);
    ``bare``: with a bare hour ("5"), matched to be refused with a hint."""
    meridiem = _group("meridiem", _MERIDIEM, named)
    hour = _group("hour", _HOUR, named)
    return [
        # 17:30, 8:15am, 5.30pm (a dot only before am/pm: "5.30" alone is a decimal number)
        rf"{_group('hour', _CLOCK_HOUR, named)}(?::|\.(?=\d{{2}}\s*{_MERIDIEM}))"
        rf"{_group('minute', _SIXTY, named)}(?::{_group('second', _SIXTY, named)})?"
        rf"(?:\s*{meridiem})?",
        # quarter past 8 pm, ten to midnight
        rf"{_group('minutes', _MINUTES, named)}\s+{_group('direction', _PAST_OR_TO, named)}\s+"
        rf"(?:{_group('named', r'noon|midday|midnight', named)}|{hour}(?:\s+{meridiem})?)",
        # 5pm, five pm, 5 o'clock in the evening, and a bare hour (refused, with a hint)
        rf"{hour}(?:\s+{_OCLOCK})?(?:\s*{meridiem})?"
        if bare
        else rf"{hour}(?:\s+{_OCLOCK}(?:\s*{meridiem})?|\s*{meridiem})",
        # noon, 12 midnight
        _group("named", _NAMED, named),
    ]


TIME_PATTERN = f"(?:{'|'.join(_time_pattern(named=False))})(?![\\w:])"
# A time that says it is one: no bare hour ("1 March" is a date, not 1 o'clock and March).
_MARKED_TIME = f"(?:{'|'.join(_time_pattern(named=False, bare=False))})(?![\\w:])"


@cache
def _time_forms() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(form, re.IGNORECASE) for form in _time_pattern(named=True))


def parse_time(text: str) -> dt.time:
    """The time of day ``text`` names; ``ValueError`` when it is none, or none for sure."""
    raw = " ".join(text.split())
    clock, spoken, hour_only, named = _time_forms()
    if (match := named.fullmatch(raw)) is not None:
        return _NAMED_TIMES[match["named"].lower().split()[-1]]
    if (match := clock.fullmatch(raw)) is not None:
        return _clock_time(raw, match)
    if (match := spoken.fullmatch(raw)) is not None:
        return _spoken_time(raw, match)
    if (match := hour_only.fullmatch(raw)) is not None:
        hour = _hour_of_day(raw, parse_number(match["hour"]), match["meridiem"])
        return dt.time(hour)
    raise ValueError(f"{raw!r} is not a time of day")


def _clock_time(raw: str, match: re.Match[str]) -> dt.time:
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    if match["meridiem"] is not None:
        hour = _hour_of_day(raw, hour, match["meridiem"])
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        raise ValueError(f"{raw!r} is not a time of day (24-hour clock: 00:00 to 23:59)") from None


def _spoken_time(raw: str, match: re.Match[str]) -> dt.time:
    minutes = _minutes(match["minutes"])
    if match["named"] is not None:
        base = _NAMED_TIMES[match["named"].lower()]
        hour = base.hour
    else:
        hour = _hour_of_day(raw, parse_number(match["hour"]), match["meridiem"])
    sign = -1 if match["direction"].lower() in ("to", "before", "till") else 1
    total = (hour * 60 + sign * minutes) % (24 * 60)
    return dt.time(total // 60, total % 60)


def _minutes(text: str) -> int:
    words = text.lower().split()
    if words[-1] == "quarter":
        return 15
    if words[-1] == "half":
        return 30
    number = " ".join(w for w in words if w not in ("minute", "minutes"))
    value, kind = read_number(number)
    if kind not in ("digits", "words") or value not in range(1, 60):  # no 2.5, inf or nan
        raise ValueError(f"{text!r} is not a number of minutes (1 to 59)")
    return int(value)


def _hour_of_day(raw: str, hour: float, meridiem: str | None) -> int:
    """The hour on the 24-hour clock of a 12-hour-clock ``hour`` and its half of the day."""
    if hour != int(hour) or not 0 <= hour <= 23:
        raise ValueError(f"{raw!r} is not a time of day ({hour} is no hour)")
    hour = int(hour)
    if meridiem is None:
        if hour > 12 or hour == 0:
            raise ValueError(f"{raw!r} is not a time of day: write the minutes too ({hour:02d}:00)")
        raise ValueError(
            f"{raw!r} could be in the morning or in the evening: add am or pm ({hour}pm), or "
            "write it on the 24-hour clock"
        )
    if not 1 <= hour <= 12:
        raise ValueError(f"{raw!r} is not a time of day: am/pm hours go from 1 to 12")
    folded = meridiem.lower()
    evening = folded.startswith("p") or "afternoon" in folded or "evening" in folded
    return hour % 12 + (12 if evening else 0)


# --- durations --------------------------------------------------------------------------------

_UNIT = (
    r"(?:milliseconds?|millisecs?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m"
    r"|hours?|hrs?|h|days?|d|weeks?|wks?|w)(?![a-z])"
)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_HALF_OR_QUARTER = r"(?:half|quarter)"
# "half an hour", "a quarter of an hour", "three quarters of an hour", "a half hour", "half-hour"
_FRACTION = (
    rf"(?:(?:a|one)\s+)?{_HALF_OR_QUARTER}(?:\s+of)?\s+an?\s+|three\s+quarters\s+of\s+an?\s+"
    rf"|(?:a\s+)?{_HALF_OR_QUARTER}[\s-]"
)
_AND_A = rf"\s+and\s+(?:an?\s+)?{_HALF_OR_QUARTER}"  # "two and a half", "an hour and a half"
_SEPARATOR = r"(?:\s*,\s*|\s+and\s+|\s*)"


def _duration_part(named: bool) -> str:
    amount = (
        rf"{_group('amount', NUMBER_PATTERN, named)}{_group('plus', _AND_A, named)}?\s*"
        rf"|{_group('article', 'an?', named)}\s+(?=[a-z]{{2}})"  # "a minute", never "a m"
    )
    return (
        rf"(?:{_group('fraction', _FRACTION, named)}|{amount})"
        rf"{_group('unit', _UNIT, named)}{_group('extra', _AND_A, named)}?"
    )


# "1h30": minutes after hours (seconds after minutes) with no unit of their own.
_TRAILING = r"\s*\d{1,2}(?![\w.])"
DURATION_PATTERN = (
    f"(?:{_duration_part(named=False)}(?:{_SEPARATOR}{_duration_part(named=False)})*"
    f"(?:{_TRAILING})?)"
)


@cache
def _duration_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(_duration_part(named=True), re.IGNORECASE),
        re.compile(_SEPARATOR, re.IGNORECASE),
    )


def parse_duration(text: str) -> dt.timedelta:
    """The length of time ``text`` names; ``ValueError`` when it is none."""
    raw = " ".join(text.lower().split())
    try:
        return dt.timedelta(seconds=_seconds(raw))
    except OverflowError:  # past float or timedelta range: "1e400 days", 10**400 weeks
        raise ValueError(f"{raw!r} is longer than a duration can be") from None


def _seconds(raw: str) -> float:
    part_regex, separator = _duration_regexes()
    seconds, at, unit = 0.0, 0, ""
    while True:
        between = separator.match(raw, at) if unit else None  # ", ", " and ", " " or ""
        part = part_regex.match(raw, between.end() if between else at)
        if part is None:
            break
        amount, unit = _part_amount(raw, part)
        seconds += amount * _UNIT_SECONDS[unit]
        at = part.end()
    if not unit:
        raise ValueError(f"{raw!r} is not a duration (e.g. 90 seconds, 1h30, half an hour)")
    rest = raw[at:].strip()
    return seconds + (_trailing_seconds(raw, rest, unit) if rest else 0.0)


def _part_amount(raw: str, part: re.Match[str]) -> tuple[float, str]:
    """How many of which unit ("ms", "s", "m", "h", "d", "w") one part of a duration says."""
    unit = part["unit"]
    key = "ms" if unit.startswith(("ms", "milli")) else unit[0]
    if part["fraction"] is not None:
        fraction = part["fraction"]
        amount = 0.75 if fraction.startswith("three") else 0.5 if "half" in fraction else 0.25
    elif part["article"] is not None:
        amount = 1.0
    else:
        value, kind = read_number(part["amount"])
        if kind not in ("digits", "words") or not math.isfinite(value):
            raise ValueError(f"{raw!r} is not a duration ({part['amount']!r} is no amount)")
        if value < 0:
            raise ValueError(f"{raw!r} is not a duration (a duration cannot be negative)")
        amount = float(value) + _half_or_quarter(part["plus"])
    return amount + _half_or_quarter(part["extra"]), key


def _half_or_quarter(text: str | None) -> float:
    if text is None:
        return 0.0
    return 0.5 if text.endswith("half") else 0.25


def _trailing_seconds(raw: str, rest: str, unit: str) -> float:
    """1h30 is 1 hour 30 minutes, 2m30 2 minutes 30 seconds; nothing else may trail."""
    if not rest.isdecimal() or unit not in ("h", "m") or int(rest) >= 60:
        raise ValueError(f"{raw!r} is not a duration ({rest!r} has no unit)")
    return int(rest) * _UNIT_SECONDS["m" if unit == "h" else "s"]


# --- date-times -------------------------------------------------------------------------------

_ISO = r"\d{4}-\d{1,2}-\d{1,2}t\d{1,2}:\d{2}(?::\d{2})?"
_DATE_THEN_TIME = r"{date},?(?:\s+at)?\s+{time}"
_TIME_THEN_DATE = r"{marked_time},?(?:\s+on)?\s+{date}"


def _datetime_pattern(named: bool) -> list[str]:
    date, time = _group("date", DATE_PATTERN, named), _group("time", TIME_PATTERN, named)
    marked_time = _group("time", _MARKED_TIME, named)
    return [
        _DATE_THEN_TIME.format(date=date, time=time),
        _TIME_THEN_DATE.format(date=date, marked_time=marked_time),
    ]


DATETIME_PATTERN = f"(?:{_ISO}|{'|'.join(_datetime_pattern(named=False))})"


@cache
def _datetime_forms() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(form, re.IGNORECASE) for form in _datetime_pattern(named=True))


def parse_datetime(text: str, today: dt.date | None = None) -> dt.datetime:
    """The date and time ``text`` names (naive); ``ValueError`` when it is none for sure."""
    raw = " ".join(text.split())
    if re.fullmatch(_ISO, raw, re.IGNORECASE):  # 2024-03-01T17:30
        date, time = re.split("[tT]", raw, maxsplit=1)
        return dt.datetime.combine(parse_date(date, today), parse_time(time))
    for form in _datetime_forms():
        match = form.fullmatch(raw)
        if match is not None:
            return dt.datetime.combine(parse_date(match["date"], today), parse_time(match["time"]))
    raise ValueError(f"{raw!r} is not a date and time (e.g. 1 March 2024 at 5pm)")
