"""Measuring trust: how often the engine answers right, refuses, or answers wrongly.

A *trust case* is a text and the value a right answer has (``None`` when no answer is right:
off-topic requests, operations that have no number answer). :func:`evaluate` runs an engine
over cases and counts, per kind (the file a case came from):

- **right**: the engine answered and the value equals the expected one;
- **refused**: the engine raised an instrux error (no match, ambiguous, invalid arguments, ...);
- **wrong**: the engine answered (exit code 0) with any other value: the worst outcome.

``instrux eval trust`` prints the table; docs/results.md keeps it.
"""

from instrux.trust.cases import TrustCase, default_cases_dir, load_cases
from instrux.trust.evaluate import CaseOutcome, KindScore, TrustReport, evaluate

__all__ = [
    "CaseOutcome",
    "KindScore",
    "TrustCase",
    "TrustReport",
    "default_cases_dir",
    "evaluate",
    "load_cases",
]
