"""The plugin object: the class the entry point ``support = "instrux_support.plugin:SupportPlugin"``
names; each engine gets its own instance.

It adds the instruction ``support.answer`` (no example phrasings: neither the template nor the
semantic tier ever routes to it), its executor, a route tier and the ``instrux support``
commands. The route tier is ``trylast``: every other tier sees a text first, so arithmetic,
conversions and every other instruction route exactly as without the plugin; it takes a text
only when an FAQ index is built and the text's best entry scores above the index's refusal
threshold. Without an index it costs one ``stat`` per text that no other tier took and
registers nothing that runs. Importing this module is cheap: numpy, LanceDB, bm25s and the
encoder load on the first question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import instrux
from instrux import Call, ExecutorSpec, InstructionSpec, Output, Route
from instrux_support.models import MAX_QUESTION_CHARS, SupportAnswer, SupportArguments

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from instrux import RouteRequest, Settings
    from instrux.plugins import CommandGroups, RegisterExecutor, RegisterInstruction
    from instrux.registry import Registry
    from instrux_support.retrieve import Ranking, Retriever

__all__ = ["INSTRUCTION", "SupportPlugin"]

NAME = "support.answer"
TIER = "support"

INSTRUCTION = InstructionSpec(
    name=NAME,
    description="Answer a customer's question from the FAQ bank: the best entry's answer, "
    "its id and score and the runners-up, or no_match with the closest entries.",
    arguments=SupportArguments,
    result_type=SupportAnswer,
    tags=("support", "faq"),
)


class SupportPlugin:
    """The FAQ assistant's hooks, bound to one engine's registry and settings."""

    def __init__(self) -> None:
        from instrux_support.session import RecentRankings

        self._registry: Registry | None = None
        self._settings: Settings | None = None
        self._recent = RecentRankings()

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(INSTRUCTION)

    @instrux.hookimpl
    def instrux_register_executors(self, register: RegisterExecutor) -> None:
        register(
            ExecutorSpec(
                name=f"{NAME}.retrieval",
                instructions=(NAME,),
                kind="retrieval",
                description="Hybrid retrieval (dense + BM25 + phrasing head) over the FAQ index.",
                run=self._run,
                accepts_call=True,
            )
        )

    @instrux.hookimpl
    def instrux_startup(self, registry: Registry, settings: Settings) -> None:
        self._registry, self._settings = registry, settings

    @instrux.hookimpl(trylast=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        from instrux_support.session import index_present, open_retriever

        if not index_present(request.settings):
            return None
        retriever = open_retriever(request.registry, request.settings)
        return self._decide(retriever, request.text, retriever.embed([request.text])[0])

    @instrux.hookimpl(trylast=True)
    def instrux_route_many(self, requests: Sequence[RouteRequest]) -> None:
        """As ``instrux_route`` for every pending text, embedded in one encoder call."""
        from instrux_support.session import index_present, open_retriever

        pending = [r for r in requests if r.call is None and r.error is None]
        if not pending or not index_present(pending[0].settings):
            return
        retriever = open_retriever(pending[0].registry, pending[0].settings)
        vectors = retriever.embed([r.text for r in pending])
        for request, vector in zip(pending, vectors, strict=True):
            request.call = self._decide(retriever, request.text, vector)

    def _decide(self, retriever: Retriever, text: str, vector: Any) -> Call | None:
        if len(text) > MAX_QUESTION_CHARS:  # an engine allowing longer texts: not a question
            return None
        ranking = retriever.rank(text, vector=vector)
        if ranking.best_score < retriever.index.threshold:
            return None  # not a question of this FAQ: the next tier (or no_match) decides
        self._recent.put(retriever.index.version, text, ranking)
        return Call(
            instruction=NAME,
            arguments=SupportArguments(question=text),
            route=_route(retriever, ranking),
            text=text,
        )

    @instrux.hookimpl
    def instrux_register_commands(self, cli: CommandGroups) -> None:
        from instrux_support.commands import add_support_commands

        add_support_commands(cli)

    def _run(self, arguments: BaseModel, call: Call) -> Output[SupportAnswer]:
        from instrux_support.session import open_retriever

        if self._registry is None or self._settings is None:
            raise instrux.ConfigurationError(
                "support.answer ran before its engine started.",
                hint="Run it through an instrux.Engine.",
            )
        question = SupportArguments.model_validate(arguments).question
        retriever = open_retriever(self._registry, self._settings)
        ranking = self._recent.get(retriever.index.version, question)
        answer = retriever.answer(question, ranking=ranking)
        return Output(value=answer, details=_details(retriever))


def _route(retriever: Retriever, ranking: Ranking) -> Route:
    entry = retriever.index.entries[int(ranking.order[0])]
    score, threshold = ranking.best_score, retriever.index.threshold
    return Route(
        tier=TIER,
        score=round(min(max(score, 0.0), 1.0), 4),
        explanation=f"The FAQ entry {entry.id!r} ({entry.question!r}) matches with a fused "
        f"score of {score:.2f} (refused below {threshold:.2f}).",
        details={"entry": entry.id, "threshold": threshold, "index": str(retriever.index.path)},
    )


def _details(retriever: Retriever) -> dict[str, Any]:
    index = retriever.index
    return {
        "index": str(index.path),
        "threshold": index.threshold,
        "fusion": {"bm25": index.fusion.bm25, "head": index.fusion.head},
        "head": index.head is not None,
        "encoder": index.encoder_name,
    }
