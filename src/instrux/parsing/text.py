"""Checking and normalising instruction text before any router sees it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from instrux.schemas.errors import InvalidInputError

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "QUOTED",
    "YES_NO_QUESTION",
    "check_input",
    "decode_input",
    "normalize",
    "starts_as_question",
]

DEFAULT_MAX_LENGTH = 10_000

# Quoted text ("...", '...' not inside a word, curly quotes): kept as written.
QUOTED = re.compile(
    r"(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019"
)
# A yes/no question asks whether something is so ("are the bedroom lights on?"); it does not
# ask for it to be done. The word after the verb must be a subject (a determiner, a pronoun or
# a number): polite requests ("do you know ...", "is it possible to ...", "is there a way
# ...") are not such questions, nor is German "was gibt 16 * 11" ("what gives").
YES_NO_QUESTION = re.compile(
    r"^\W*(are|is|was|were|am|do|does|did|has|have|had)\s+"
    r"(?=(?:the|a|an|my|your|his|her|our|their|this|that|these|those|he|she|they|we|i)\b|[-+]?\d)",
    re.IGNORECASE,
)
_QUESTION_VERB = re.compile(r"^\W*(?:are|is|was|were|am|do|does|did|has|have|had)\b", re.I)


def starts_as_question(example: str) -> bool:
    """Whether an example phrasing starts with the verb of a yes/no question ("is {n} prime"):
    then a text that is such a question may be that instruction's."""
    return _QUESTION_VERB.match(example) is not None


# Punctuation that carries no meaning for routing. Commas and dots are kept between digits
# (1,000 and 3.5) and a dot is kept before a digit (.5).
# A dot after a one-letter word is an abbreviation's ("a.m.", "p.m.", "e.g."), kept: free text
# is read from the normalized text, and "6 a m" is no time of day.
_SOFT = re.compile(
    r"[?!;\u00bf\u00a1\u2026]|(?<!\d),|,(?!\d)|(?<!\b[^\W\d_])\.(?!\d)|(?<!\d):|:(?!\d)"
)
_SPACE = re.compile(r"\s+")
# Anything _fold would change: soft punctuation, runs of white space, white space other than " ".
_NEEDS_FOLDING = re.compile(r"[?!;\u00bf\u00a1\u2026,.:]|\s\s|[^\S ]")
_ALLOWED_CONTROL = {"\t", "\n", "\r"}


def check_input(text: Any, max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """Return the stripped text, or raise :class:`InvalidInputError` saying what is wrong."""
    if not isinstance(text, str):
        raise InvalidInputError(
            f"Instruction text must be a string, not {type(text).__name__}.",
            hint="Pass the instruction as text.",
            reason="not_text",
        )
    if len(text) > max_length:
        raise InvalidInputError(
            f"The instruction is {len(text):,} characters long; the limit is {max_length:,}.",
            hint="Shorten it, or raise the limit (Engine(max_text_length=...) or "
            "`instrux --max-length N`).",
            reason="too_long",
        )
    stripped = text.strip()
    if not stripped:
        raise InvalidInputError(
            "The instruction is empty.",
            hint='Type an instruction, e.g. "what is 3 plus 5".',
            reason="empty",
        )
    if not stripped.isprintable():  # fast path: most text is printable
        _check_characters(stripped)
    return stripped


def _check_characters(text: str) -> None:
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cs":
            raise InvalidInputError(
                f"The instruction contains bytes that are not valid UTF-8 (at {index}).",
                hint="Send UTF-8 encoded text.",
                reason="invalid_utf8",
            )
        if category == "Cc" and char not in _ALLOWED_CONTROL:
            raise InvalidInputError(
                f"The instruction contains control character U+{ord(char):04X} at {index}.",
                hint="Remove control characters (only tabs and newlines are allowed).",
                reason="control_characters",
            )


def decode_input(data: bytes) -> str:
    """Decode bytes (e.g. stdin) as UTF-8, or raise :class:`InvalidInputError`."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidInputError(
            f"The input is not valid UTF-8 (byte {err.start}).",
            hint="Send UTF-8 encoded text.",
            reason="invalid_utf8",
        ) from None


def normalize(text: str) -> str:
    """Fold punctuation and spacing for matching; quoted text is kept as written.

    Case is kept (routers match case-insensitively, and free-text slots keep what the user
    typed). ``"What is 3 plus 5?"`` -> ``"What is 3 plus 5"``.
    """
    if "'" not in text and '"' not in text and "\u201c" not in text and "\u2018" not in text:
        return _fold(text)
    parts: list[str] = []
    last = 0
    for match in QUOTED.finditer(text):
        parts.append(_fold(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_fold(text[last:]))
    return " ".join(p for p in parts if p)


def _fold(text: str) -> str:
    if text.isascii() and _NEEDS_FOLDING.search(text) is None:
        return text.strip()  # the common case: nothing to fold, skip two substitutions
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    return _SPACE.sub(" ", _SOFT.sub(" ", text)).strip()
