"""Run an engine over trust cases and count right / refused / wrong per kind."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from instrux.schemas.errors import InstruxError
from instrux.trust.cases import TrustCase

if TYPE_CHECKING:
    from instrux.engine import Engine

__all__ = ["CaseOutcome", "KindScore", "TrustReport", "evaluate", "same_value"]

Outcome = Literal["right", "refused", "wrong"]


class CaseOutcome(BaseModel):
    """What the engine did with one case."""

    kind: str
    text: str
    expected: Any
    outcome: Outcome
    lang: str = "en"
    answer: Any = None
    instruction: str | None = None  # the instruction (or plan) that answered
    error: str | None = None  # the error code of a refusal


class KindScore(BaseModel):
    kind: str
    cases: int
    lang: str | None = None  # the language of a per-language score (None: every language)
    right: int
    refused: int
    wrong: int


class TrustReport(BaseModel):
    """Counts per kind and in total, and every wrong answer."""

    splits: list[str]
    kinds: list[KindScore]
    total: KindScore
    # Per language and kind, then per language, when the cases are in several languages.
    by_language: list[KindScore] = []
    languages: list[KindScore] = []
    wrong: list[CaseOutcome]
    outcomes: list[CaseOutcome]


def same_value(answer: Any, expected: Any) -> bool:
    """Equal, with numbers compared to a relative tolerance of 1e-9 (float rounding)."""
    if isinstance(answer, bool) or isinstance(expected, bool):
        return answer is expected
    if isinstance(answer, int | float) and isinstance(expected, int | float):
        return math.isclose(answer, expected, rel_tol=1e-9, abs_tol=1e-12)
    return bool(answer == expected)


def evaluate(engine: Engine, cases: Sequence[TrustCase], splits: Sequence[str]) -> TrustReport:
    """Run every case through ``engine.run`` and score it (see :mod:`instrux.trust`)."""
    outcomes = [_run(engine, case) for case in cases]
    kinds = list(dict.fromkeys(case.kind for case in cases))
    scores = [_score(kind, [o for o in outcomes if o.kind == kind]) for kind in kinds]
    languages = list(dict.fromkeys(case.lang for case in cases))
    several = len(languages) > 1
    by_language = [
        _score(kind, found, lang)
        for lang in languages
        for kind in kinds
        if (found := [o for o in outcomes if o.lang == lang and o.kind == kind])
    ]
    return TrustReport(
        splits=list(splits),
        kinds=scores,
        total=_score("all", outcomes),
        by_language=by_language if several else [],
        languages=_language_totals(outcomes, languages) if several else [],
        wrong=[o for o in outcomes if o.outcome == "wrong"],
        outcomes=outcomes,
    )


def _language_totals(outcomes: list[CaseOutcome], languages: list[str]) -> list[KindScore]:
    return [_score("all", [o for o in outcomes if o.lang == lang], lang) for lang in languages]


def _run(engine: Engine, case: TrustCase) -> CaseOutcome:
    base = {"kind": case.kind, "text": case.text, "expected": case.value, "lang": case.lang}
    try:
        result = engine.run(case.text)
    except InstruxError as err:
        if err.kind == "configuration":
            raise  # an engine that cannot run refuses everything: no score, the error
        return CaseOutcome(**base, outcome="refused", error=err.code)
    value = getattr(result, "value", None)
    call = getattr(result, "call", None)  # a plan result names its plan instead
    name = call.instruction if call is not None else type(result).__name__
    right = case.answerable and same_value(value, case.value)
    return CaseOutcome(
        **base, outcome="right" if right else "wrong", answer=value, instruction=str(name)
    )


def _score(kind: str, outcomes: list[CaseOutcome], lang: str | None = None) -> KindScore:
    count = {name: sum(o.outcome == name for o in outcomes) for name in ("right", "refused")}
    return KindScore(
        kind=kind,
        lang=lang,
        cases=len(outcomes),
        right=count["right"],
        refused=count["refused"],
        wrong=len(outcomes) - count["right"] - count["refused"],
    )
