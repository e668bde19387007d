"""Evidence from the encoder for words no phrasing of the instruction contains.

The word check (:mod:`instrux.semantic.lexicon`) declines a text with a word the chosen
instruction's phrasings do not explain. That keeps "square root" from being a square, but it
also refuses what people actually write: typos ("subract 27 from 78") and context around the
request ("I'm pricing out an order at work, what's 83 multiplied by 17.94?"). Two kinds of
evidence, both from the tier's own encoder and its calibrated thresholds rather than from
word lists, explain such words:

- **Spelling**: a word that is not a whole word of the encoder's tokenizer vocabulary (30,000
  wordpieces learnt from English text) and is one edit (a letter inserted, dropped, changed,
  or two neighbours swapped) from a word of the instruction's vocabulary of at least five
  letters (a word of its phrasings or one of its forms) is read as that word: one reading
  only, two candidate words within one edit are no evidence. A real word one edit away
  ("multiple" for "multiply") is in the tokenizer's vocabulary, so it is never corrected: it
  stays unexplained.
- **Context**: a clause *before* the request (the text split at sentence punctuation, up to the
  clause of its first number) that holds no number and,
  embedded on its own, scores below *every* instruction's threshold by at least the gap that
  separates a threshold from the off-topic ceiling (:data:`instrux.semantic.calibrate.MIN_GAP`)
  asks for nothing the registry does: its words are context ("I'm pricing out an order at
  work"). A clause close to any instruction ("can you add those up", "I need the square
  root") is not context, so its words still have to be explained. Only lead-ins count: a
  clause after the numbers may be a second request ("add 2 and 3, then tell me a joke"), and
  executing the first part alone would drop it.

Encoders without a tokenizer vocabulary (the numpy USE) get no spelling evidence; trained
routers (head probabilities, not cosines against thresholds calibrated on off-topic text) get
no context evidence.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from instrux.models.encoder import Encoder
from instrux.parsing.finder import find_numbers
from instrux.semantic.calibrate import MIN_GAP
from instrux.semantic.lexicon import WORD, Vocabulary
from instrux.semantic.router import SemanticRouter

__all__ = ["CONTEXT", "WordEvidence", "one_edit_apart"]

CONTEXT = ""  # the reading of a word that is context (not an operation, not a typo)

# Clause boundaries: sentence punctuation and dashes between words.
_CLAUSE = re.compile(r"[,;:.!?\u2014\u2013]+(?=\s|$)|\s-\s|[.!?]+$")
_MIN_TYPO_LENGTH = 5


@runtime_checkable
class HasVocabulary(Protocol):
    """An encoder whose tokenizer knows whole words (the transformer encoders)."""

    def vocabulary(self) -> frozenset[str]:
        """Lower-case whole-word tokens of the encoder's tokenizer."""
        ...


class WordEvidence:
    """Spelling and context evidence of one tier (its encoder, its example router)."""

    def __init__(self, encoder: Encoder, router: SemanticRouter | None) -> None:
        self._encoder = encoder
        self._router = router
        self._known = encoder.vocabulary() if isinstance(encoder, HasVocabulary) else None
        self._lock = threading.Lock()
        self._clauses: dict[str, bool] = {}  # clause -> it is context (bounded below)

    def explain(self, text: str, words: Sequence[str], vocabulary: Vocabulary) -> dict[str, str]:
        """What each of ``words`` (unexplained by ``vocabulary``) reads as, where known.

        A word maps to the vocabulary word it misspells, or to :data:`CONTEXT`; words with no
        evidence are left out.
        """
        found: dict[str, str] = {}
        for word in words:
            corrected = self._correction(word, vocabulary.forms)
            if corrected is not None:
                found[word] = corrected
        rest = [word for word in words if word not in found]
        if rest and self._router is not None:
            context = self._context_words(text)
            found.update((word, CONTEXT) for word in rest if word.lower() in context)
        return found

    def respelled(self, text: str, forms: frozenset[str]) -> str:
        """``text`` with each typo of a word of ``forms`` replaced by that word.

        The tier embeds the respelled text: "devide 357 by 7" embeds far from every example,
        "divide 357 by 7" next to math.divide's.
        """
        if self._known is None:
            return text
        return WORD.sub(lambda m: self._correction(m.group(0), forms) or m.group(0), text)

    def _correction(self, word: str, forms: frozenset[str]) -> str | None:
        folded = word.lower()
        if self._known is None or len(folded) < _MIN_TYPO_LENGTH - 1 or folded in self._known:
            return None
        near = [
            form
            for form in forms
            if len(form) >= _MIN_TYPO_LENGTH and form.isalpha() and one_edit_apart(folded, form)
        ]
        return min(near) if len(set(near)) == 1 else None  # two readings: no evidence

    def _context_words(self, text: str) -> frozenset[str]:
        clauses = _lead_ins(text)
        unknown = [c for c in clauses if self._cached(c) is None]
        if unknown:
            self._judge(unknown)
        return frozenset(w.lower() for c in clauses if self._cached(c) for w in WORD.findall(c))

    def _cached(self, clause: str) -> bool | None:
        with self._lock:
            return self._clauses.get(clause)

    def _judge(self, clauses: list[str]) -> None:
        assert self._router is not None
        vectors = self._encoder.encode(clauses)
        per_class, _ = self._router.scores(vectors)
        below = np.all(per_class < self._router.thresholds[None, :] - MIN_GAP, axis=1)
        with self._lock:
            if len(self._clauses) > 4096:
                self._clauses.clear()
            self._clauses.update(zip(clauses, (bool(b) for b in below), strict=True))


def _lead_ins(text: str) -> list[str]:
    """The clauses before the first clause that holds a number."""
    found: list[str] = []
    for part in _CLAUSE.split(text):
        clause = part.strip()
        if not clause:
            continue
        if find_numbers(clause, list_items=False):
            return found
        found.append(clause)
    return []  # no number at all: nothing is a lead-in to a request


@lru_cache(maxsize=8192)
def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one inserted, dropped or changed letter, or one swap of
    neighbouring letters (Damerau-Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]
