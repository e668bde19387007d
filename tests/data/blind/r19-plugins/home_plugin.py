"""A home-assistant plugin for instrux: timer, reminder, thermostat and lights.

Written from README.md and docs/plugins.md only. Every executor is deterministic: its value
depends on the validated arguments alone (no clock, no device, no network).

instrux has no slot type for durations or times of day (docs/plugins.md, "Template syntax and
slot types"), so:
- a duration is a number plus a unit from an enum (`TimeUnit`), turned into seconds;
- a time of day is a free-text (`str`) argument that the argument model's validator reads
  ("7pm", "7:30 am", "19:30", "seven pm", "noon") and normalises to a 24-hour "HH:MM" string.
  (Integer hour/minute slots were tried first: the number slot cannot read a glued "7pm".)
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

import instrux
from instrux.plugins import RegisterInstruction

# --------------------------------------------------------------------------- home.timer


class TimeUnit(StrEnum):
    second = "second"
    minute = "minute"
    hour = "hour"
    # aliases (same value = same member): spoken short forms
    sec = "second"
    min = "minute"
    hr = "hour"


SECONDS_PER_UNIT = {TimeUnit.second: 1, TimeUnit.minute: 60, TimeUnit.hour: 3600}


class TimerArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Annotated[float, Field(gt=0, description="how many units")]
    unit: TimeUnit = TimeUnit.minute

    @model_validator(mode="after")
    def _at_most_a_day(self) -> TimerArguments:
        if self.amount * SECONDS_PER_UNIT[self.unit] > 86_400:
            raise ValueError("a timer can run for at most 24 hours")
        return self


@instrux.executor(
    "home.timer",
    examples=[
        "(set|start) a timer for {amount} {unit}",
        "(set|start|put on) a {amount} {unit} timer",
        "[put] a {amount} {unit} timer on",
        "timer for {amount} {unit}",
        "count down [from] {amount} {unit}",
        "(alert|ping|wake) me [up] in {amount} {unit}",
    ],
    arguments=TimerArguments,
    tags=("home",),
)
def timer(amount: float, unit: TimeUnit = TimeUnit.minute) -> int:
    """Start a countdown timer; returns its length in whole seconds."""
    return int(round(amount * SECONDS_PER_UNIT[unit]))


# --------------------------------------------------------------------------- time of day

HOUR_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
TIME_OF_DAY = re.compile(
    r"(?P<hour>\d{1,2}|[a-z]+)(?:[:.](?P<minute>\d{2}))?\s*(?:o'?clock)?\s*"
    r"(?P<period>a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)
ENDS_WITH_TIME = re.compile(r"(?P<before>.*\S)\s+at\s+(?P<time>\S+(?:\s+\S+)?)", re.IGNORECASE)


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


def repair_lazy_split(values: Any, text_field: str) -> Any:
    """The template tier fills free text lazily: "remind me to meet Anna at the station at 7pm"
    gives task="meet Anna", time="the station at 7pm". When the time does not read as one but
    ends with "at <time>", move the words before it back into the free-text field."""
    if not isinstance(values, dict):
        return values
    time, before = values.get("time"), values.get(text_field)
    if not isinstance(time, str) or not isinstance(before, str) or parse_time_of_day(time):
        return values
    found = ENDS_WITH_TIME.fullmatch(time.strip())
    if found and parse_time_of_day(found["time"]):
        return {**values, text_field: f"{before} at {found['before']}", "time": found["time"]}
    return values


def normalise_time(value: Any) -> str:
    parsed = parse_time_of_day(str(value))
    if parsed is None:
        raise ValueError(f"{value!r} is not a time of day (e.g. 7pm, 7:30 am, 19:30, noon)")
    return parsed


# --------------------------------------------------------------------------- home.reminder


class ReminderArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: Annotated[str, Field(min_length=1, description="what to be reminded of")]
    time: Annotated[str, Field(description="time of day; normalised to 24-hour HH:MM")]

    @model_validator(mode="before")
    @classmethod
    def _repair(cls, values: Any) -> Any:
        return repair_lazy_split(values, "task")

    @field_validator("time", mode="before")
    @classmethod
    def _time(cls, value: Any) -> str:
        return normalise_time(value)

    @field_validator("task")
    @classmethod
    def _task(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("say what to be reminded of")
        return value.strip()


@instrux.executor(
    "home.reminder",
    examples=[
        "remind me to {task} at {time}",
        "remind me at {time} to {task}",
        "(set|create|add) a reminder (to|for) {task} at {time}",
        "(set a|i need a|add a) reminder at {time} to {task}",
        "(don't let me forget|don't forget) to {task} at {time}",
        "at {time} remind me to {task}",
    ],
    arguments=ReminderArguments,
    tags=("home",),
)
def reminder(task: str, time: str) -> dict[str, Any]:
    """Set a reminder for a task at a time of day."""
    return {"task": task, "time": time}


# --------------------------------------------------------------------------- home.thermostat


class TemperatureUnit(StrEnum):
    celsius = "C"
    fahrenheit = "F"
    # aliases
    centigrade = "C"


class ThermostatArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float
    unit: TemperatureUnit = TemperatureUnit.celsius

    @model_validator(mode="after")
    def _comfortable_range(self) -> ThermostatArguments:
        if not 5 <= to_celsius(self.temperature, self.unit) <= 35:
            raise ValueError("the thermostat takes 5 to 35 degrees Celsius (41 to 95 Fahrenheit)")
        return self


def to_celsius(temperature: float, unit: TemperatureUnit) -> float:
    if unit is TemperatureUnit.fahrenheit:
        return (temperature - 32) * 5 / 9
    return temperature


@instrux.executor(
    "home.thermostat",
    examples=[
        "(set|change|turn) the (thermostat|temperature|heating) to {temperature} [degrees] [{unit}]",
        "(heat|warm|cool) the (house|room|flat) [up|down] to {temperature} [degrees] [{unit}]",
        "make it {temperature} degrees [{unit}] [in here]",
        "thermostat [to] {temperature} [degrees] [{unit}]",
        "{temperature}°{unit} on the thermostat",
    ],
    arguments=ThermostatArguments,
    tags=("home",),
)
def thermostat(temperature: float, unit: TemperatureUnit = TemperatureUnit.celsius) -> float:
    """Set the thermostat; returns the target in degrees Celsius, rounded to 0.1."""
    return round(to_celsius(temperature, unit), 1)


# --------------------------------------------------------------------------- home.lights


class Room(StrEnum):
    living_room = "living room"
    kitchen = "kitchen"
    bedroom = "bedroom"
    bathroom = "bathroom"
    office = "office"
    hallway = "hallway"
    # aliases
    lounge = "living room"
    hall = "hallway"


class LightsArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    room: Room
    on: bool


@instrux.executor(
    "home.lights",
    examples=[
        "(turn|switch|put) {on} the (light|lights) in the {room}",
        "(turn|switch|put) {on} the {room} (light|lights)",
        "(turn|switch|put) the {room} (light|lights) {on}",
        "(turn|switch|put) the (light|lights) in the {room} {on}",
        "{room} (light|lights) {on}",
        "lights out in the {room}{on=off}",
    ],
    arguments=LightsArguments,
    tags=("home",),
)
def lights(room: Room, on: bool) -> dict[str, Any]:
    """Switch the lights of one room on or off."""
    return {"room": room.value, "on": on}


# --------------------------------------------------------------------------- the plugin


class HomePlugin:
    """Registers home.timer, home.reminder, home.thermostat and home.lights."""

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(timer)
        register(reminder)
        register(thermostat)
        register(lights)


plugin = HomePlugin()  # for an entry point naming the module: `home = "home_plugin:HomePlugin"`
