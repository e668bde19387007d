"""Time-of-day, duration and date-time slots: what they read, and what they refuse."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from instrux.parsing.slots import fillable, slot_for
from instrux.parsing.times import (
    DATETIME_PATTERN,
    DURATION_PATTERN,
    TIME_PATTERN,
    parse_datetime,
    parse_duration,
    parse_time,
)


def _fits(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text, re.IGNORECASE) is not None


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("5pm", dt.time(17)),
        ("5 pm", dt.time(17)),
        ("5 PM", dt.time(17)),
        ("5 p m", dt.time(17)),  # "5 p.m." after normalisation
        ("5 p.m.", dt.time(17)),
        ("five pm", dt.time(17)),
        ("12am", dt.time(0)),
        ("12pm", dt.time(12)),
        ("noon", dt.time(12)),
        ("12 noon", dt.time(12)),
        ("midday", dt.time(12)),
        ("midnight", dt.time(0)),
        ("17:30", dt.time(17, 30)),
        ("7:30", dt.time(7, 30)),  # clock notation without am/pm: the 24-hour clock
        ("00:05", dt.time(0, 5)),
        ("17:30:15", dt.time(17, 30, 15)),
        ("8:15am", dt.time(8, 15)),
        ("8:15 AM", dt.time(8, 15)),
        ("5.30pm", dt.time(17, 30)),
        ("quarter past 8 pm", dt.time(20, 15)),
        ("a quarter to 9 am", dt.time(8, 45)),
        ("half past seven in the evening", dt.time(19, 30)),
        ("twenty-five to six pm", dt.time(17, 35)),
        ("10 minutes past 9 am", dt.time(9, 10)),
        ("ten to midnight", dt.time(23, 50)),
        ("5 o'clock in the afternoon", dt.time(17)),
        ("7 oclock am", dt.time(7)),
    ],
)
def test_times_of_day(text: str, time: dt.time) -> None:
    assert _fits(TIME_PATTERN, text), text
    assert parse_time(text) == time


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("5", "could be in the morning or in the evening"),  # no half of the day: no guess
        ("5 o'clock", "could be in the morning or in the evening"),
        ("quarter past 8", "could be in the morning or in the evening"),
        ("25:00", "24-hour clock"),
        ("17:61", "24-hour clock"),
        ("13pm", "am/pm hours go from 1 to 12"),
        ("17:30 pm", "am/pm hours go from 1 to 12"),
        ("17", "write the minutes too"),
        ("inf past 5 pm", "is not a number of minutes"),
        ("nan to 5 pm", "is not a number of minutes"),
        ("2.5 past 5 pm", "is not a number of minutes"),
    ],
)
def test_times_that_are_no_time_for_sure_say_why(text: str, why: str) -> None:
    assert _fits(TIME_PATTERN, text), text  # the shape of a time: a bad value, not another text
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_time(text)


@pytest.mark.parametrize("text", ["5.30", "at 5pm", "5pmx", "half", "1:5", "tomorrow"])
def test_what_is_no_time_shape(text: str) -> None:
    assert not _fits(TIME_PATTERN, text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90 seconds", 90),
        ("45 sec", 45),
        ("90s", 90),
        ("ninety seconds", 90),
        ("2 mins", 120),
        ("a minute", 60),
        ("1 hour", 3600),
        ("an hour", 3600),
        ("1.5 hours", 5400),
        ("1h30", 5400),
        ("1h 30m", 5400),
        ("1 hour 30", 5400),
        ("1 hour 30 minutes", 5400),
        ("1 hour and 30 minutes", 5400),
        ("2 hours, 15 minutes", 8100),
        ("2m30", 150),
        ("an hour and a half", 5400),
        ("a minute and a half", 90),
        ("two and a half hours", 9000),
        ("half an hour", 1800),
        ("a half hour", 1800),
        ("half-hour", 1800),
        ("a quarter of an hour", 900),
        ("three quarters of an hour", 2700),
        ("one hundred and twenty seconds", 120),
        ("500 ms", 0.5),
        ("3 days", 3 * 86400),
        ("2 weeks", 14 * 86400),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert _fits(DURATION_PATTERN, text), text
    assert parse_duration(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("-5 minutes", "cannot be negative"),
        ("minus five minutes", "cannot be negative"),
        ("5% hours", "is no amount"),
        ("1h75", "has no unit"),  # 75 minutes after an hour: say "1h 75m" if you mean it
        ("5s30", "has no unit"),  # nothing comes after seconds
        ("inf hours", "is no amount"),
        ("1" + "0" * 400 + " weeks", "longer than a duration can be"),
        ("1e300 days", "longer than a duration can be"),
    ],
)
def test_durations_that_cannot_be_say_why(text: str, why: str) -> None:
    assert _fits(DURATION_PATTERN, text), text
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_duration(text)


@pytest.mark.parametrize("text", ["10 months", "a m", "am", "five", "1:30", "1 hour and 30"])
def test_what_is_no_duration_shape(text: str) -> None:
    assert not _fits(DURATION_PATTERN, text)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("1 March 2024 at 5pm", dt.datetime(2024, 3, 1, 17)),
        ("March 1st 2024, 8:15am", dt.datetime(2024, 3, 1, 8, 15)),
        ("5pm on March 1st", dt.datetime(2030, 3, 1, 17)),  # a year left out is this year
        ("noon on 2 May 2024", dt.datetime(2024, 5, 2, 12)),
        ("2024-03-01 17:30", dt.datetime(2024, 3, 1, 17, 30)),
        ("2024-03-01T17:30:15", dt.datetime(2024, 3, 1, 17, 30, 15)),
    ],
)
def test_date_times(text: str, when: dt.datetime) -> None:
    assert _fits(DATETIME_PATTERN, text), text
    assert parse_datetime(text, today=dt.date(2030, 6, 1)) == when


def test_a_date_alone_is_no_date_time_and_its_parts_are_checked() -> None:
    assert not _fits(DATETIME_PATTERN, "1 March 2024")  # not 1 o'clock in March 2024
    with pytest.raises(ValueError, match="could be in the morning"):
        parse_datetime("1 March 2024 at 5")
    with pytest.raises(ValueError, match=r"is not a date \(day is out of range for month\)"):
        parse_datetime("31 February 2025 at 5pm")


@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        (dt.time, "time"),
        (dt.timedelta, "duration"),
        (dt.datetime, "datetime"),  # a datetime is a date too, but not a date slot
        (dt.date, "date"),
        (dt.time | None, "time"),
    ],
)
def test_slot_types_of_exact_shape(annotation: object, kind: str) -> None:
    slot = slot_for(annotation)
    assert slot.kind == kind and slot.exact_shape and fillable(annotation)
    assert not slot_for(int).exact_shape and not slot_for(str).exact_shape


def test_two_time_slots_fit_one_pattern() -> None:
    """No named groups in the patterns: a template may hold two such slots."""
    pattern = re.compile(rf"from (?P<a>{TIME_PATTERN}) to (?P<b>{TIME_PATTERN})", re.IGNORECASE)
    match = pattern.fullmatch("from 9am to quarter past 5 pm")
    assert match is not None and parse_time(match["b"]) == dt.time(17, 15)
