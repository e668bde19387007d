"""Tokens of arithmetic text: numbers in digits or words (one token for "two hundred and
five"), words and symbols; and every number of a text (:func:`numbers_in`).

Number words that do not make one number ("two three", "twenty thirty") are refused (``None``)
rather than read as one or two numbers. What a number is comes from :mod:`instrux.parsing`
(the digits of a token, the number words, how a run of them reads); this module only cuts
the text into tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from instrux.parsing.digits import DIGIT_GROUPS, DIGIT_TOKEN
from instrux.parsing.numbers import (
    NUMBER_WORDS,
    SCALE_WORDS,
    UNIT_WORDS,
    parse_number,
    parse_number_words,
)

__all__ = ["Token", "numbers_in", "tokenize"]

_TOKEN = re.compile(
    rf"(?P<num>{DIGIT_TOKEN})"
    r"|(?P<word>[a-z]+(?:-[a-z]+)*)"
    r"|(?P<sym>\*\*|[-+*/^×÷()\u2212,])"
    r"|(?P<space>\s+)",
    re.IGNORECASE,
)
_UNREADABLE = re.compile(r"[^\w\s.,%+*/^×÷()\u2212-]")
_LETTERS = re.compile(r"[a-z]+")  # words, cut at hyphens: "twenty-one" -> twenty, one


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num", "word" or "sym"
    text: str  # lower-cased
    start: int
    end: int
    value: int | float | None = None


def numbers_in(text: str) -> list[int | float] | None:
    """Every number of a text, in digits or words ("twenty-one" is one); ``None`` when its
    number words do not make clear numbers ("two three")."""
    if NUMBER_WORDS.isdisjoint(_LETTERS.findall(text.lower())):  # digits only: no tokenizer
        try:
            return [parse_number(found) for found in DIGIT_GROUPS.findall(text)]
        except ValueError:
            return None
    readable = _UNREADABLE.sub(" ", text)
    tokens = tokenize(readable)
    if tokens is None:
        return None
    return [t.value for t in tokens if t.kind == "num" and t.value is not None]


def tokenize(text: str, offset: int = 0) -> list[Token] | None:
    """Numbers (digits or words), words and symbols; ``None`` for characters it cannot read."""
    raw: list[Token] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            return None
        position = match.end()
        kind = match.lastgroup
        if kind == "space" or kind is None:
            continue
        start, end = match.start() + offset, match.end() + offset
        lowered = match.group().lower()
        if kind == "num":
            raw.append(Token("num", lowered, start, end, parse_number(lowered)))
        else:
            raw.append(Token(kind, lowered, start, end))
    if position != len(text):
        return None
    return _number_words(raw)


def _number_words(tokens: list[Token]) -> list[Token] | None:
    """Runs of number words become one number token ("twenty-one", "two hundred and five")."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        run = _word_run(tokens, index)
        if not run:
            out.append(tokens[index])
            index += 1
            continue
        words = " ".join(t.text for t in run)
        try:
            value = parse_number_words(words)
        except ValueError:
            return None  # "two three": one number or two? Not ours to guess.
        out.append(Token("num", words, run[0].start, run[-1].end, value))
        index += len(run)
    return out


def _word_run(tokens: list[Token], index: int) -> list[Token]:
    run: list[Token] = []
    while index < len(tokens) and tokens[index].kind == "word":
        word = tokens[index].text
        parts = word.split("-")
        if all(p in NUMBER_WORDS for p in parts) or _joins(tokens, index, run):
            run.append(tokens[index])
        else:
            break
        index += 1
    return run


def _joins(tokens: list[Token], index: int, run: list[Token]) -> bool:
    """An "and" after a scale word, or a "point" before a digit word, inside a number."""
    word = tokens[index].text
    after = tokens[index + 1].text if index + 1 < len(tokens) else ""
    if not run:
        return False
    if word == "and":
        return run[-1].text.split("-")[-1] in SCALE_WORDS and after.split("-")[0] in NUMBER_WORDS
    return word == "point" and after in UNIT_WORDS
