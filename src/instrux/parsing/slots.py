"""Typed slots: the pattern a ``{slot}`` matches and how its text becomes a value.

The slot's type comes from the argument model's field annotation (``Optional[...]`` and
``Annotated[...]`` wrappers are looked through):

=============================  ===============================================================
annotation                     matches
=============================  ===============================================================
int, float, Decimal, unions    numbers (see :mod:`instrux.parsing.numbers`); a percent sign is
                               part of the number: "45%" is 45 in an int slot or a slot named
                               like a percentage (percent, pct, volume_percent), else 0.45
bool                           true/false, yes/no, on/off
datetime.date                  2024-03-01, 1 March 2024, March 1st, 13/03/2024 (see
                               :mod:`instrux.parsing.dates`; day/month swaps are refused)
datetime.time                  5pm, 8:15am, 17:30, noon, quarter past 8 pm (see
                               :mod:`instrux.parsing.times`; "at 5" with no am/pm is refused)
datetime.timedelta             90 seconds, 1h30, an hour and a half, half an hour, 1.5 hours
datetime.datetime              1 March 2024 at 5pm, 5pm on March 1st, 2024-03-01T17:30
Enum, Literal[...]             a value or an enum member name, case-insensitive, plural
                               tolerant; int-valued ones (IntEnum) also take numbers ("two")
list[X], Sequence[X],          "1, 2 and 3", "red and blue": items of a number, bool, Enum or
tuple[X, ...]                  Literal type X (see :mod:`instrux.parsing.lists`)
str (and other scalars)        quoted text ('...', "...", “...”) or free text
=============================  ===============================================================

Other containers (``dict``, ``set``, fixed tuples, lists of text), pydantic models and
dataclasses cannot be filled from text: :func:`check_fillable` refuses them as slots.

A date, time, duration or date-time slot has an *exact shape* (:attr:`Slot.exact_shape`): text
of its shape that does not parse ("31 February 2025", "25:00", "at 5") is a bad value of that
argument, which the template tier reports as ``invalid_arguments``, not another reading of
the text.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import enum
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from instrux.parsing.dates import DATE_PATTERN, parse_date
from instrux.parsing.lists import ListReader, list_pattern, number_list_reader
from instrux.parsing.numbers import NUMBER_PATTERN, parse_number
from instrux.parsing.times import (
    DATETIME_PATTERN,
    DURATION_PATTERN,
    TIME_PATTERN,
    parse_datetime,
    parse_duration,
    parse_time,
)
from instrux.schemas.errors import InvalidSpecError
from instrux.schemas.instruction import InstructionSpec, example_slots

__all__ = ["SUPPORTED_TYPES", "Slot", "check_fillable", "fillable", "slot_for"]

SUPPORTED_TYPES = (
    "int, float, Decimal and unions of them; bool; datetime.date, datetime.time, "
    "datetime.timedelta, datetime.datetime; Enum (IntEnum, StrEnum, ...); Literal[...]; str; "
    "list[X], Sequence[X] or tuple[X, ...] of one of the number, bool, Enum or Literal types "
    "(each also as Optional[...] or Annotated[...])"
)

_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}
_QUOTED = r"'[^']*'|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019"
_LIST_ITEM_KINDS = ("number", "bool", "choice")


@dataclass(frozen=True, slots=True)
class Slot:
    """How one slot type matches and parses."""

    # "number", "bool", "date", "time", "duration", "datetime", "choice", "text", "list"
    kind: str
    pattern: str
    parse: Callable[[str], Any]
    spellings: tuple[str, ...] = ()  # choice slots: the spoken forms, longest first
    # Choice slots: what an example's slot reads as when it is embedded (the longest name of a
    # member, not of an alias: "kilometer", not the French "kilomètre" alias).
    sample: str = ""
    item: Slot | None = None  # list slots: the slot of one item
    # Characters of a match that do not count toward template specificity: all of free text,
    # the separators of a list; None (the common case, checked per match) when all count.
    unscored: Callable[[str], int] | None = None
    # Whether text of this slot's shape is a value of its type: when it does not parse
    # ("31 February 2025", "25:00") that is a bad value, not another reading of the text. A
    # number or a choice has no such shape ("one two" is two words, "level 7" maybe no level).
    exact_shape: bool = False

    @property
    def free_text(self) -> bool:
        return self.kind == "text"


def _parse_bool(text: str) -> bool:
    word = text.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{text!r} is not a yes/no value")


def _parse_text(text: str) -> str:
    if len(text) >= 2 and text[0] + text[-1] in ("''", '""', "\u201c\u201d", "\u2018\u2019"):
        return text[1:-1]
    return text


def _parse_percent_as_written(text: str) -> int | float:
    """A number whose percent sign is a unit, not a fraction: "100%" is 100 (see slot_for)."""
    return parse_number(text[:-1].rstrip() if text.endswith("%") else text)


_BOOL = Slot("bool", r"(?:true|false|yes|no|on|off)\b", _parse_bool)
_NUMBER = Slot("number", NUMBER_PATTERN, parse_number)
_PERCENT_AS_WRITTEN = Slot("number", NUMBER_PATTERN, _parse_percent_as_written)
_TEXT = Slot("text", rf"(?:{_QUOTED}|.+?)", _parse_text, unscored=len)
_EXACT = {  # the slots of an exact shape, by type (datetime is no date here: `is` below)
    dt.date: Slot("date", DATE_PATTERN, parse_date, exact_shape=True),
    dt.time: Slot("time", TIME_PATTERN, parse_time, exact_shape=True),
    dt.timedelta: Slot("duration", DURATION_PATTERN, parse_duration, exact_shape=True),
    dt.datetime: Slot("datetime", DATETIME_PATTERN, parse_datetime, exact_shape=True),
}
_PERCENT_NAME = re.compile(r"(?:^|_)(?:percent|percentage|pct)(?:_|$)", re.IGNORECASE)


def slot_for(annotation: Any, name: str = "") -> Slot:
    """The slot for a field annotation; ``name``, the field's name, says what a percent sign
    means in a number slot.

    A percent sign is part of the number everywhere, and its meaning follows the field: in an
    ``int`` field, or a field named like a percentage (``percent``, ``pct``, ``volume_percent``),
    it is the unit the number is written in ("100%" is 100, "12.5%" is 12.5); in any other
    number field (``float``, ``Decimal``, unions), it is the fraction ("45%" is 0.45), so that
    "add 1000 and 50%" is 1000.5.
    """
    base = _unwrap(annotation)
    if base is bool:
        return _BOOL
    exact = _EXACT.get(base) if isinstance(base, type) else None
    if exact is not None:
        return exact
    choices = _choices(base)  # before numbers: an IntEnum is an int too
    if choices:
        return _choice_slot(choices, _canonical_sample(base, choices))
    if _is_number(base):
        percent_as_written = issubclass(base, int) or _PERCENT_NAME.search(name) is not None
        return _PERCENT_AS_WRITTEN if percent_as_written else _NUMBER
    item = _list_item(base)
    if item is not None:
        item_slot = slot_for(item)
        if item_slot.kind in _LIST_ITEM_KINDS:
            return _list_slot(item_slot)
    return _TEXT


def fillable(annotation: Any) -> bool:
    """Whether text can fill a slot of this annotation (see :data:`SUPPORTED_TYPES`)."""
    base = _unwrap(annotation)
    if get_origin(base) in (Union, types.UnionType):
        return all(fillable(a) for a in get_args(base) if a is not type(None))
    return slot_for(base).kind != "text" or not _is_structured(base)


def check_fillable(spec: InstructionSpec) -> None:
    """Raise :class:`InvalidSpecError` when an example uses a slot that text cannot fill.

    Fields that no example uses are fine: they can still be given as JSON or through
    ``Engine.make_call``.
    """
    fields = spec.arguments.model_fields
    first_use: dict[str, str] = {}
    for example in spec.examples:
        for name in example_slots(example):
            first_use.setdefault(name, example)
    bad = [
        (name, example)
        for name, example in first_use.items()
        if name in fields and not fillable(fields[name].annotation)
    ]
    if not bad:
        return
    problems = "; ".join(
        f"argument {name!r} ({_type_name(fields[name].annotation)}) is a slot in {example!r}"
        for name, example in bad
    )
    raise InvalidSpecError(
        f"{spec.name}: text cannot fill {problems}. Supported slot types: {SUPPORTED_TYPES}.",
        hint=f"Give {', '.join(repr(name) for name, _ in bad)} a supported type, or drop it "
        "from the examples (an argument that is no slot can still be given as JSON or through "
        "Engine.make_call).",
    )


# --- annotations ------------------------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the interesting type."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        unwrapped = [_unwrap(a) for a in args]
        if len(unwrapped) == 1:
            return unwrapped[0]
        if all(_is_number(a) for a in unwrapped):
            return float
        return annotation
    return annotation


def _is_number(tp: Any) -> bool:
    return (
        isinstance(tp, type)
        and tp is not bool
        and issubclass(tp, (int, float, Decimal))
        and not issubclass(tp, enum.Enum)
    )


def _list_item(tp: Any) -> Any:
    """X for list[X], Sequence[X] and tuple[X, ...]; None for anything else."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (list, collections.abc.Sequence) and len(args) == 1:
        return args[0]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _is_structured(tp: Any) -> bool:
    """Containers, models and dataclasses: values that free text cannot spell."""
    origin = get_origin(tp) or tp
    if not isinstance(origin, type) or issubclass(origin, (str, bytes, bytearray)):
        return False
    return issubclass(origin, (collections.abc.Iterable, BaseModel)) or dataclasses.is_dataclass(
        origin
    )


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, type) and not get_args(annotation):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


# --- choices ----------------------------------------------------------------------------------


def _choices(tp: Any) -> dict[str, Any]:
    """Spoken form (lower case) -> value, for Enum and Literal types."""
    if get_origin(tp) is Literal:
        return {str(v).lower(): v for v in get_args(tp)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        found: dict[str, Any] = {}
        # __members__ includes aliases (``feet = "ft"``), which iterating the enum skips.
        for name, member in tp.__members__.items():
            found[name.lower().replace("_", " ")] = member
            found[str(member.value).lower()] = member
        return found
    return {}


def _canonical_sample(tp: Any, choices: dict[str, Any]) -> str:
    """The longest spoken form among the members proper (iterating an Enum skips aliases)."""
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        names = [member.name.lower().replace("_", " ") for member in tp]
        return max(names, key=len) if names else ""
    return max(choices, key=len)


def _numeric_values(choices: dict[str, Any]) -> dict[Any, Any]:
    """Number -> choice when every choice is a whole number (IntEnum, Literal[1, 2]), else {}."""
    found: dict[Any, Any] = {}
    for choice in choices.values():
        value = choice.value if isinstance(choice, enum.Enum) else choice
        if not isinstance(value, int) or isinstance(value, bool):
            return {}
        found[value] = choice
    return found


def _choice_slot(choices: dict[str, Any], sample: str) -> Slot:
    spoken = tuple(sorted(choices, key=len, reverse=True))  # longest first: "km/h" before "km"
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spoken)
    pattern = rf"(?:{alternatives})(?:e?s)?(?![\w])"  # tolerate plurals: "meters", "inches"
    numbers = _numeric_values(choices)
    if numbers:  # an IntEnum also takes its values as numbers: "level two", "level 2.0"
        pattern = rf"{pattern}|{NUMBER_PATTERN}"

    def parse(text: str) -> Any:
        key = " ".join(text.lower().split())
        for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
            if candidate in choices:
                return choices[candidate]
        if numbers:
            try:
                return numbers[parse_number(text)]
            except (ValueError, KeyError):
                pass
        raise ValueError(f"{text!r} is not one of {sorted(choices)}")

    return Slot("choice", f"(?:{pattern})", parse, spellings=spoken, sample=sample)


# --- lists ------------------------------------------------------------------------------------


def _list_slot(item: Slot) -> Slot:
    if item.kind == "number":
        reader = number_list_reader()
        pattern = list_pattern(reader.item.pattern)
    else:
        pattern = list_pattern(item.pattern)
        reader = ListReader(re.compile(item.pattern, re.IGNORECASE), item.parse, numbers=False)
    return Slot("list", pattern, reader.parse, item=item, unscored=reader.unscored)
