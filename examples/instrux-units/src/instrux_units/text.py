"""``units.word_count``: a text tool with a free-text slot.

A ``str`` argument makes ``{text}`` a text slot: it takes quoted text exactly as written
(``count the words in "Hello, world!"``) or, unquoted, the rest of the instruction with its
punctuation folded away by instrux's normaliser. Quoting is the way to keep punctuation.
"""

from __future__ import annotations

import re

import instrux

__all__ = ["word_count"]

# A word: letters or digits, joined by apostrophes or hyphens ("don't", "well-known"), and
# by a dot or comma only between digits ("3.14", "1,000"), so those stay one word each.
_WORD = re.compile(r"[^\W_]+(?:(?:['\u2019-]|(?<=\d)[.,](?=\d))[^\W_]+)*")


@instrux.executor(
    "units.word_count",
    examples=[
        "count [the] words in {text}",
        "how many words (are|is) [there] in {text}",
        "word count (of|for) {text}",
        "[the] number of words in {text}",
    ],
    tags=["text"],
)
def word_count(text: str) -> int:
    """Count the words in a text (contractions, hyphenated words and numbers count once)."""
    return len(_WORD.findall(text))
