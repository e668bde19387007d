"""Argument roles from the phrase, not from the order numbers appear in.

"take away 6 from 20", "what is 3 more than 5", "divide 6 into 504": which number is which
argument is said by the words around it. The text is aligned with every phrasing of the
chosen instruction (a longest common subsequence over tokens, where a number of the text
matches a number slot and a word matches a literal word of the same form), and the phrasing
that aligns best decides: each number slot takes the number it was aligned with. Phrasings are
compared by how much of them the text matched (matched tokens, then the share of the phrasing
matched: "{a} less {b}" beats "{b} less than {a}" for "7 less 2").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from instrux.schemas.instruction import InstructionSpec
from instrux.semantic.lexicon import GENERIC_WORDS, hyphen_in_word, word_forms
from instrux.templates.compiler import template_variants

__all__ = ["NUMBER", "Phrasing", "assign_numbers", "phrasings"]

# A number of the text, or a number slot of a phrasing: no word form or symbol can equal it
# (a phrasing may have a literal "#": "order #{order_number} status").
NUMBER = "\x00number"


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One plain variant of an example: tokens, and the slot name behind each ``#``."""

    example: str
    tokens: tuple[frozenset[str], ...]  # word forms; {NUMBER} for a number slot
    number_slots: tuple[str, ...]  # in phrasing order
    # It implies an argument ("double {a}{b=2}"): its meaning is in its words, so it is chosen
    # only when the text contains all of them, in order ("cube root of 8" is no "cube of 8").
    implies: bool = False


@lru_cache(maxsize=512)
def phrasings(spec: InstructionSpec, number_fields: frozenset[str]) -> tuple[Phrasing, ...]:
    """Every variant of every example of ``spec``, tokenised for alignment."""
    found: list[Phrasing] = []
    for example in spec.examples:
        for variant in template_variants(example):
            tokens: list[frozenset[str]] = []
            slots: list[str] = []
            implies = False
            for i, (kind, value) in enumerate(variant):
                if hyphen_in_word(variant, i):
                    continue  # "a-t-il": no minus sign to align with
                if kind == "slot" and value in number_fields:
                    tokens.append(frozenset({NUMBER}))
                    slots.append(value)
                elif kind == "slot":
                    tokens.append(frozenset({"@" + value}))  # matches no token of the text
                elif kind in ("word", "sym"):
                    tokens.append(word_forms(value))
                else:
                    implies = True
            found.append(Phrasing(example, tuple(tokens), tuple(slots), implies))
    return tuple(found)


def assign_numbers(
    candidates: Sequence[Phrasing], text_tokens: Sequence[frozenset[str]]
) -> tuple[Phrasing, dict[str, int]] | None:
    """The best-aligned phrasing and, per number slot, the index of its number in the text.

    Only phrasings with as many number slots as the text has numbers compete (and phrasings
    that imply an argument only when the text has all their words). Slots the alignment left
    open take the remaining numbers in text order.
    """
    numbers = sum(1 for token in text_tokens if NUMBER in token)
    present = frozenset().union(*text_tokens)
    # An upper bound of each alignment (its tokens found anywhere in the text) lets the exact
    # alignment skip phrasings that cannot win: most of them, on a typical text.
    bounded = sorted(
        (
            (sum(1 for token in p.tokens if not token.isdisjoint(present)), index, p)
            for index, p in enumerate(candidates)
            if len(p.number_slots) == numbers
        ),
        key=lambda item: (-item[0], item[1]),
    )
    best: tuple[tuple[int, int, int, float], Phrasing, dict[str, int]] | None = None
    for bound, _, phrasing in bounded:
        if best is not None and bound < best[0][0]:
            break  # sorted by bound: no later phrasing can match more (content) tokens
        matched, pairs = _align(phrasing.tokens, text_tokens)
        if phrasing.implies and matched < len(phrasing.tokens):
            continue
        # Words that are not generic first, then numbers: a phrasing that aligns on "how much
        # is" must not outrank one that aligns on "subtracted ... from" ("how much is 6
        # subtracted from 816"), nor one on "than" alone one on "less ... than" ("how much
        # less is 44 than 74" is no "how much more is {a} than {b}").
        content = [
            phrasing.tokens[i] for i, _ in pairs if phrasing.tokens[i].isdisjoint(GENERIC_WORDS)
        ]
        words = sum(1 for token in content if NUMBER not in token)
        rank = (words, len(content), matched, matched / max(len(phrasing.tokens), 1))
        if best is None or rank > best[0]:
            best = (rank, phrasing, _slot_numbers(phrasing, pairs, text_tokens))
    return None if best is None else (best[1], best[2])


def _slot_numbers(
    phrasing: Phrasing, pairs: list[tuple[int, int]], text_tokens: Sequence[frozenset[str]]
) -> dict[str, int]:
    """Number slot -> ordinal of its number among the text's numbers."""
    ordinal: dict[int, int] = {}
    for index, token in enumerate(text_tokens):
        if NUMBER in token:
            ordinal[index] = len(ordinal)
    slot_at: dict[int, str] = {}
    slot_index = 0
    for index, token in enumerate(phrasing.tokens):
        if NUMBER in token:
            slot_at[index] = phrasing.number_slots[slot_index]
            slot_index += 1
    assigned = {slot_at[p]: ordinal[t] for p, t in pairs if p in slot_at}
    rest = iter(sorted(set(ordinal.values()) - set(assigned.values())))
    for slot in phrasing.number_slots:
        if slot not in assigned:
            assigned[slot] = next(rest)
    return assigned


def _align(
    pattern: Sequence[frozenset[str]], text: Sequence[frozenset[str]]
) -> tuple[int, list[tuple[int, int]]]:
    """The best common subsequence of two token lists (tokens match when their forms meet).

    Best by weight, not only length: a word that is not generic weighs most, then a number,
    then a generic word, so that of two alignments of one length the one on the operation's
    words wins ("7 is subtracted from -27" aligns "subtract ... from {a}", not "{b} ... from
    {a}"). Returns the number of matched tokens and the pairs.
    """
    rows, cols = len(pattern), len(text)
    weights = [_weight(token) for token in pattern]
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        row, below = table[i], table[i + 1]
        token, weight = pattern[i], weights[i]
        for j in range(cols - 1, -1, -1):
            skip = max(below[j], row[j + 1])
            row[j] = skip if token.isdisjoint(text[j]) else max(skip, below[j + 1] + weight)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if not pattern[i].isdisjoint(text[j]) and table[i][j] == table[i + 1][j + 1] + weights[i]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return len(pairs), pairs


def _weight(token: frozenset[str]) -> int:
    if NUMBER in token:
        return 2
    return 1 if not token.isdisjoint(GENERIC_WORDS) else 3
