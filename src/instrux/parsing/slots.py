"""Typed slots: the pattern a ``{slot}`` matches and how its text becomes a value.

The slot's type comes from the argument model's field annotation:

==========================  ==================================================================
annotation                  matches
==========================  ==================================================================
int, float, Decimal, unions  numbers (see :mod:`instrux.parsing.numbers`)
bool                         true/false, yes/no, on/off
Enum, Literal[...]           one of the values (or enum member names), case-insensitive
anything else (str, ...)     quoted text ('...', "...", “...”) or free text
==========================  ==================================================================
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from instrux.parsing.numbers import NUMBER_PATTERN, parse_number

__all__ = ["Slot", "slot_for"]

_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}
_QUOTED = r"'[^']*'|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019"


@dataclass(frozen=True, slots=True)
class Slot:
    """How one slot type matches and parses."""

    kind: str  # "number", "bool", "choice", "text"
    pattern: str
    parse: Callable[[str], Any]

    @property
    def free_text(self) -> bool:
        return self.kind == "text"


def slot_for(annotation: Any) -> Slot:
    """The slot for a field annotation."""
    base = _unwrap(annotation)
    if base is bool:
        return Slot("bool", r"(?:true|false|yes|no|on|off)\b", _parse_bool)
    if _is_number(base):
        return Slot("number", NUMBER_PATTERN, parse_number)
    choices = _choices(base)
    if choices:
        return _choice_slot(choices)
    return Slot("text", rf"(?:{_QUOTED}|.+?)", _parse_text)


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
    return isinstance(tp, type) and tp is not bool and issubclass(tp, (int, float, Decimal))


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


def _choice_slot(choices: dict[str, Any]) -> Slot:
    spoken = sorted(choices, key=len, reverse=True)  # longest first: "km/h" before "km"
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spoken)
    pattern = rf"(?:{alternatives})(?:e?s)?(?![\w])"  # tolerate plurals: "meters", "inches"

    def parse(text: str) -> Any:
        key = " ".join(text.lower().split())
        for candidate in (key, key[:-1], key[:-2]):
            if candidate in choices:
                return choices[candidate]
        raise ValueError(f"{text!r} is not one of {sorted(choices)}")

    return Slot("choice", pattern, parse)


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
