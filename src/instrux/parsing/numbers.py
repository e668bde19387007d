"""Numbers as people write them: ``1,234.5``, ``-3``, ``minus 3``, ``2e-3``, ``45%``,
``twenty-one``, and ordinals ``8th`` / ``third`` (as in "raise 2 to the 8th").

:data:`NUMBER_PATTERN` is the regular expression a number slot matches; :func:`parse_number`
turns the matched text into an ``int`` (when it has no fraction, exponent or percent sign) or a
``float``. ``inf`` and ``nan`` are matched on purpose, so that they reach argument validation
and get a clear "must be finite" error instead of "no instruction matched".

A number has at most :data:`MAX_NUMBER_DIGITS` digits (Python's own limit for turning text
into an ``int``): a longer one is an ``invalid_input`` error (reason ``number_too_long``), the
same in every path that reads numbers (templates, plans, the semantic tier, HTTP).

This is the English reader of one number; :mod:`instrux.parsing.finder` finds every number of a
text with it, and :mod:`instrux.parsing.digits` holds the coarse digit patterns of fast paths.
"""

from __future__ import annotations

import itertools
import re
from typing import Final, Literal

from instrux.schemas.errors import InvalidInputError

__all__ = [
    "LIST_ITEM_PATTERN",
    "MAX_NUMBER_DIGITS",
    "NUMBER_PATTERN",
    "NUMBER_WORDS",
    "SCALE_WORDS",
    "SIGN_WORDS",
    "UNIT_WORDS",
    "NumberKind",
    "could_continue",
    "number_kind",
    "parse_list_number",
    "parse_number",
    "parse_number_words",
    "read_number",
]

# How a number is written: in digits ("42", "-1.5e3", "minus 8", "inf"), in words
# ("twenty-one"), as an ordinal ("8th", "third") or as a percentage ("45%", read as 0.45).
NumberKind = Literal["digits", "words", "ordinal", "percent"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# "dozen" multiplies like a scale: "a dozen" is 12, "two dozen" 24 (an everyday number word
# that people use in arithmetic: "subtract a dozen from 36").
_SCALES = {
    "dozen": 12, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
_HUNDRED = "hundred"

_word_alternatives = sorted([*_UNITS, *_TENS, _HUNDRED, *_SCALES], key=len, reverse=True)
_WORD = r"(?:" + "|".join(_word_alternatives) + r")\b"
# "and" is allowed only after hundred/thousand/... ("one hundred and five"), so that
# "add three and five" still splits into two numbers.
_AFTER_SCALE_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)|(?<=trillion))\s+and"
_WORDS = (
    rf"(?:(?:minus|negative)\s+)?{_WORD}(?:(?:\s+|-|{_AFTER_SCALE_AND}\s+){_WORD})*"
    rf"(?:\s+point(?:\s+(?:{'|'.join(_UNITS)})\b)+)?"
)
_DIGITS = (
    r"[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?%?"
    r"|[-+\u2212]?\.\d+(?:[eE][-+]?\d+)?%?"
    r"|[-+\u2212]?(?:infinity|inf|nan)\b"
)
_ORDINAL_WORDS = {
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}  # fmt: skip  ("first" and "second" are left out: "first add", "a second")
# "8th", "21st": whole numbers only; "third", ...: see _ORDINAL_WORDS.
_ORDINAL = r"\d+(?:st|nd|rd|th)\b|(?:" + "|".join(_ORDINAL_WORDS) + r")\b"
# A sign word before digits: "minus 8" (whether it is a sign or a subtraction is decided by
# what comes before it, see instrux.semantic.lexicon; a template says it by its shape).
_SIGNED_DIGITS = r"(?:minus|negative)\s+(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
# Plain digits first: the common case matches without trying the rarer forms (an ordinal's
# digits, "8th", are retried as an ordinal when what follows the digits does not fit).
NUMBER_PATTERN = rf"(?:{_DIGITS}|{_ORDINAL}|{_SIGNED_DIGITS}|{_WORDS})"
# One number of a list ("1, 2 and 3"): digits, or one number word or hyphenated words
# ("twenty-one"), maybe after "minus". Space-separated words are never one list item: once
# normalisation has folded the commas away, "twenty one" and "twenty, one" read the same.
LIST_ITEM_PATTERN = rf"(?:{_DIGITS}|(?:(?:minus|negative)\s+)?{_WORD}(?:-{_WORD})*)"
SIGN_WORDS: Final = frozenset({"minus", "negative"})
# The number words, for readers that group words themselves (instrux.plans.tokens): units
# ("zero" .. "nineteen"), scales ("hundred", "thousand", ...: they multiply what comes before).
UNIT_WORDS: Final = frozenset(_UNITS)
SCALE_WORDS: Final = frozenset({_HUNDRED, *_SCALES})
NUMBER_WORDS: Final = frozenset({*_UNITS, *_TENS, *SCALE_WORDS})

_DIGITS_RE = re.compile(rf"^(?:{_DIGITS})$", re.IGNORECASE)
_ORDINAL_RE = re.compile(rf"^(?:{_ORDINAL})$", re.IGNORECASE)
_SIGN_WORD_RE = re.compile(r"^(?:minus|negative)\s+(?=[\d.])", re.IGNORECASE)


# The most digits one number may have: Python's default limit for int(str) (larger ones
# raise ValueError there, and json.loads refuses them). Documented in docs/serving.md.
MAX_NUMBER_DIGITS: Final = 4300


def parse_number(text: str) -> int | float:
    """Parse a matched number; raises ``ValueError`` for text that is not one, and
    ``InvalidInputError`` (reason ``number_too_long``) for one over :data:`MAX_NUMBER_DIGITS`."""
    if text.isdecimal() and len(text) <= MAX_NUMBER_DIGITS:  # the common case, "42"
        return int(text)
    return read_number(text)[0]


def read_number(text: str) -> tuple[int | float, NumberKind]:
    """A matched number's value and how it is written; raises ``ValueError`` for text that is
    not one (the reading of :func:`parse_number`)."""
    _check_length(text)
    if text.isdecimal():
        return int(text), "digits"
    raw = text.strip().replace("\u2212", "-")
    if _DIGITS_RE.match(raw):
        return _parse_digits(raw), "percent" if raw.endswith("%") else "digits"
    if _ORDINAL_RE.match(raw):
        return _ORDINAL_WORDS.get(raw.lower()) or int(raw[:-2]), "ordinal"
    signed = _SIGN_WORD_RE.match(raw)
    if signed is not None:
        return -_parse_digits(raw[signed.end() :]), "digits"
    return parse_number_words(raw), "words"


def _check_length(text: str) -> None:
    digits = sum(1 for char in text if char.isdigit())
    if digits > MAX_NUMBER_DIGITS:
        raise InvalidInputError(
            f"A number in the text has {digits} digits; at most {MAX_NUMBER_DIGITS} are read.",
            hint=f"Write numbers with at most {MAX_NUMBER_DIGITS} digits.",
            reason="number_too_long",
        )


def number_kind(text: str) -> NumberKind:
    """How a number is written (see :func:`read_number`)."""
    return read_number(text)[1]


def parse_list_number(text: str) -> int | float:
    """Parse one list item (see :data:`LIST_ITEM_PATTERN`).

    Refuses an item that starts with a scale word ("hundred", "thousand"): alone it is no way
    to write a number, so it must be the rest of a number the list split in two.
    """
    words = text.lower().split()
    first = words[-1 if words[0] in SIGN_WORDS else 0].split("-", 1)[0]
    if first == _HUNDRED or first in _SCALES:
        raise ValueError(f"{text!r} is not a number on its own")
    return parse_number(text)


def could_continue(left: str, right: str) -> bool:
    """Whether list item ``right``, after ``left`` and only a space, could be part of it.

    "twenty" "one" (twenty-one), "two" "hundred", "one" "minus two" (one minus two): a list
    refuses such text instead of guessing whether the user wrote a comma between them.
    """
    first = right.lower().split(None, 1)[0].split("-", 1)[0]
    if first == _HUNDRED or first in _SCALES or first in SIGN_WORDS:
        return True
    last = left.lower().rsplit("-", 1)[-1]
    return last in _TENS and 0 < _UNITS.get(first, 0) < 10


def _parse_digits(raw: str) -> int | float:
    percent = raw.endswith("%")
    core = raw.rstrip("%").replace(",", "")
    if percent:
        return float(core) / 100.0
    if core.lstrip("+-").isdecimal():
        return int(core)
    return float(core)


def parse_number_words(text: str) -> int | float:
    """``"minus twenty-one"`` -> -21, ``"three point five"`` -> 3.5, ``"two thousand and six"``."""
    words = text.lower().replace("-", " ").split()
    sign = 1
    if words and words[0] in SIGN_WORDS:
        sign, words = -1, words[1:]
    decimals: list[str] = []
    if "point" in words:
        at = words.index("point")
        words, decimals = words[:at], words[at + 1 :]
    # The whole part first: words that are no one number ("six one") are refused with a
    # ValueError whatever follows "point".
    whole = _integer_words([w for w in words if w != "and"])
    fraction = "".join(str(_decimal_digit(w)) for w in decimals)
    if fraction:
        return sign * float(f"{whole}.{fraction}")
    return sign * whole


def _decimal_digit(word: str) -> int:
    """A word after "point" is one digit ("three point one four"): "point five hundred" is
    no number, refused rather than read as something the text did not say."""
    digit = _UNITS.get(word)
    if digit is None or digit > 9:
        raise ValueError(f"{word!r} after 'point' is not a digit word")
    return digit


def _integer_words(words: list[str]) -> int:
    if not words:
        raise ValueError("no number words")
    _check_word_order(words)
    total, current = 0, 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == _HUNDRED:
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            raise ValueError(f"{word!r} is not a number word")
    return total + current


def _check_word_order(words: list[str]) -> None:
    """Refuse runs that are no one number: "one two", "twenty thirty", "five twenty"."""
    for left, right in itertools.pairwise(words):
        small = left in _UNITS  # zero..nineteen
        if (small and (right in _UNITS or right in _TENS)) or (left in _TENS and right in _TENS):
            raise ValueError(f"{left!r} {right!r} is not one number")
        if left in _TENS and right in _UNITS and not 0 < _UNITS[right] < 10:
            raise ValueError(f"{left!r} {right!r} is not one number")
