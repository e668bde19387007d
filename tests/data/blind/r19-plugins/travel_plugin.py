"""A travel and shopping plugin for instrux: trip booking, restaurant booking, order status and
currency conversion.

Written from README.md and docs/plugins.md only. Every executor is deterministic: its value
depends on the validated arguments alone (fixed exchange rates, a status computed from the
order number; no clock, no network).

instrux has no slot type for a time of day (docs/plugins.md, "Template syntax and slot
types"): a time is a free-text (`str`) argument that the argument model's validator reads
("7pm", "7:30 am", "19:30", "seven pm", "noon") and normalises to a 24-hour "HH:MM" string.
Dates use the documented `datetime.date` slot.
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

import instrux
from instrux.plugins import RegisterInstruction

# --------------------------------------------------------------------------- travel.book_trip


class TripArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    city: Annotated[str, Field(min_length=1, description="destination city")]
    date: datetime.date


@instrux.executor(
    "travel.book_trip",
    examples=[
        "book a (trip|flight) to {city} (on|for) {date}",
        "(i want|i would like|i'd like) to (travel|go|fly) to {city} on {date}",
        "plan a trip to {city} (on|for) {date}",
        "fly me to {city} on {date}",
        "get me a (ticket|flight) to {city} for {date}",
        "(travel|go) to {city} on {date}",
    ],
    arguments=TripArguments,
    tags=("travel",),
)
def book_trip(city: str, date: datetime.date) -> dict[str, Any]:
    """Book a trip to a city on a date."""
    return {"city": city.strip().title(), "date": date.isoformat()}


# --------------------------------------------------------------------------- travel.book_table


HOUR_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
TIME_OF_DAY = re.compile(
    r"(?P<hour>\d{1,2}|[a-z]+)(?:[:.](?P<minute>\d{2}))?\s*(?:o'?clock)?\s*"
    r"(?P<period>a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)


def parse_time_of_day(text: str) -> str | None:
    """"7pm", "7 pm", "7:30 a.m.", "19:30", "seven pm", "noon", "midnight" -> "HH:MM"; else None."""
    text = text.strip().lower()
    if text in {"noon", "midday"}:
        return "12:00"
    if text == "midnight":
        return "00:00"
    found = TIME_OF_DAY.fullmatch(text)
    if found is None:
        return None
    hour_text = found["hour"]
    hour = int(hour_text) if hour_text.isdigit() else HOUR_WORDS.get(hour_text)
    minute = int(found["minute"] or 0)
    period = (found["period"] or "").replace(".", "")
    if hour is None or minute > 59:
        return None
    if period:
        if not 1 <= hour <= 12:
            return None
        if period == "pm" and hour != 12:
            hour += 12
        elif period == "am" and hour == 12:
            hour = 0
    if hour > 23:
        return None
    return f"{hour:02d}:{minute:02d}"


def normalise_time(value: Any) -> str:
    parsed = parse_time_of_day(str(value))
    if parsed is None:
        raise ValueError(f"{value!r} is not a time of day (e.g. 7pm, 7:30 am, 19:30, noon)")
    return parsed


class TableArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party_size: Annotated[int, Field(ge=1, le=20, description="number of guests")]
    time: Annotated[str, Field(description="time of day; normalised to 24-hour HH:MM")]

    @field_validator("time", mode="before")
    @classmethod
    def _time(cls, value: Any) -> str:
        return normalise_time(value)


@instrux.executor(
    "travel.book_table",
    examples=[
        "(book|reserve) a table for {party_size} [people|guests] at {time}",
        "table for {party_size} [people|guests] at {time}",
        "[make] a restaurant (reservation|booking) for {party_size} [people|guests] at {time}",
        "book (dinner|lunch) for {party_size} [people|guests] at {time}",
        "(get|find) us a table for {party_size} at {time}",
    ],
    arguments=TableArguments,
    tags=("travel", "restaurant"),
)
def book_table(party_size: int, time: str) -> dict[str, Any]:
    """Book a restaurant table for a party at a time of day."""
    return {"party_size": party_size, "time": time}


# --------------------------------------------------------------------------- travel.order_status

STATUSES = ("processing", "shipped", "in transit", "delivered")


class OrderArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_number: Annotated[int, Field(ge=1, description="the order number")]


@instrux.executor(
    "travel.order_status",
    examples=[
        "where is my (order|package) [number] {order_number}",
        "[what is the] status of [my] order [number] {order_number}",
        "(track|check) [my] (order|package) [number] {order_number}",
        "has [my] (order|package) [number] {order_number} (shipped|arrived) [yet]",
        "order #{order_number} status",
        "(check|look up) the delivery of order [number] {order_number}",
    ],
    arguments=OrderArguments,
    tags=("shopping",),
)
def order_status(order_number: int) -> dict[str, Any]:
    """Look up the status of an order by its number."""
    return {"order": order_number, "status": STATUSES[order_number % 4]}


# --------------------------------------------------------------------------- travel.convert_currency


class Currency(StrEnum):
    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    JPY = "JPY"
    CHF = "CHF"
    # aliases: spoken names
    dollar = "USD"
    euro = "EUR"
    pound = "GBP"
    yen = "JPY"
    franc = "CHF"
    swiss_franc = "CHF"


# value of one unit in US dollars: fixed, so that results are reproducible
USD_PER_UNIT = {
    Currency.USD: 1.0,
    Currency.EUR: 1.10,
    Currency.GBP: 1.25,
    Currency.JPY: 0.0070,
    Currency.CHF: 1.12,
}


class ConvertArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Annotated[float, Field(ge=0)]
    from_currency: Currency
    to_currency: Currency


@instrux.executor(
    "travel.convert_currency",
    examples=[
        "(convert|change|turn) {amount} {from_currency} (to|into) {to_currency}",
        "how much is {amount} {from_currency} in {to_currency}",
        "exchange {amount} {from_currency} for {to_currency}",
        "what (is|are) {amount} {from_currency} worth in {to_currency}",
        "how many {to_currency} (is|are|for) {amount} {from_currency}",
        "{amount} {from_currency} in {to_currency}",
    ],
    arguments=ConvertArguments,
    tags=("travel", "shopping"),
)
def convert_currency(amount: float, from_currency: Currency, to_currency: Currency) -> float:
    """Convert an amount between currencies at fixed rates; rounded to 2 decimals."""
    return round(amount * USD_PER_UNIT[from_currency] / USD_PER_UNIT[to_currency], 2)


# --------------------------------------------------------------------------- the plugin


class TravelPlugin:
    """Registers travel.book_trip, travel.book_table, travel.order_status and
    travel.convert_currency."""

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(book_trip)
        register(book_table)
        register(order_status)
        register(convert_currency)


plugin = TravelPlugin()  # for an entry point: `travel = "travel_plugin:TravelPlugin"`
