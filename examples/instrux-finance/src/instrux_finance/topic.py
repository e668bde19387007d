"""``finance.topic``: which StockNet stocks a text is about, and a coarse event type.

Stocks are found by rule: by cashtag (``$AAPL``, any case) or by a company name or alias from
:mod:`instrux_finance.tickers` (whole words, case as written, so "apple pie" is not Apple but
"Apple" is). The event type comes from the event head when one is trained
(:mod:`instrux_finance.events`, ``instrux finance events``), else from the keyword rule: the
category with the most keyword hits in :data:`EVENT_KEYWORDS` (ties go to the earlier
category), ``other`` when none hits. Both were measured on a blind set of 500 labelled
StockNet tweets (docs/finance.md); the head is the better one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from instrux import ExecutorSpec, InstructionSpec
from instrux_finance.events import EventType
from instrux_finance.tickers import STOCKS, Stock

if TYPE_CHECKING:
    from instrux import ModelSpec, Settings

__all__ = [
    "EVENT_KEYWORDS",
    "EXECUTOR_NAME",
    "INSTRUCTION",
    "Topic",
    "TopicExecutor",
    "TopicText",
    "event_type",
    "find_stocks",
    "topic",
]

EXECUTOR_NAME = "finance.topic.classifier"

EVENT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "earnings": (
        "earnings",
        "eps",
        "revenue",
        "revenues",
        "profit",
        "profits",
        "quarter",
        "quarterly",
        "q1",
        "q2",
        "q3",
        "q4",
        "guidance",
        "results",
        "dividend",
        "sales",
        "beats",
        "misses",
        "outlook",
        "forecast",
    ),
    "analyst": (
        "upgrade",
        "upgrades",
        "upgraded",
        "downgrade",
        "downgrades",
        "downgraded",
        "price target",
        "target price",
        "rating",
        "analyst",
        "analysts",
        "outperform",
        "underperform",
        "overweight",
        "underweight",
        "initiated",
    ),
    "deal": (
        "merger",
        "merge",
        "acquire",
        "acquires",
        "acquisition",
        "buyout",
        "takeover",
        "deal",
        "stake",
        "spin-off",
        "spinoff",
        "ipo",
    ),
    "legal": (
        "lawsuit",
        "sue",
        "sues",
        "sued",
        "court",
        "settlement",
        "fine",
        "fined",
        "probe",
        "investigation",
        "sec",
        "regulator",
        "regulators",
        "antitrust",
        "fraud",
        "recall",
        "ban",
        "patent",
    ),
    "product": (
        "launch",
        "launches",
        "launched",
        "unveil",
        "unveils",
        "release",
        "releases",
        "product",
        "products",
        "iphone",
        "ipad",
        "watch",
        "device",
        "app",
        "drug",
        "fda",
        "approval",
        "approved",
    ),
    "macro": (
        "fed",
        "rates",
        "rate hike",
        "inflation",
        "jobs report",
        "unemployment",
        "gdp",
        "economy",
        "recession",
        "oil",
        "crude",
        "china",
        "dollar",
        "treasury",
        "s&p",
        "dow",
        "nasdaq",
        "market",
        "markets",
    ),
}


class Topic(BaseModel):
    """The stocks a text names and the kind of event it reports."""

    model_config = ConfigDict(frozen=True)

    tickers: list[str] = Field(description="StockNet symbols, in order of first mention.")
    companies: list[str] = Field(description="The companies of those symbols (StockTable).")
    event: EventType = Field(description="Coarse event type ('other': none, or not sure).")
    event_by: Literal["head", "keywords"] = Field(
        default="keywords",
        description="What chose the event: the trained event head or the keyword rule.",
    )
    event_score: float | None = Field(
        default=None, description="The head's calibrated probability of its best event type."
    )


class TopicText(BaseModel):
    """The argument of ``finance.topic``: the text to read."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1, description="A finance text: a headline or a tweet.")


INSTRUCTION = InstructionSpec(
    name="finance.topic",
    description="The StockNet stocks a finance text names and a coarse event type (earnings, "
    "analyst, deal, legal, product, macro, other). Say: 'what is the finance topic of TEXT'.",
    arguments=TopicText,
    result_type=Topic,
    # No examples: the plugin's exact tier (route.py) routes it, never the semantic tier.
    examples=(),
    tags=("finance", "topic"),
)


def topic(text: str) -> Topic:
    """The stocks ``text`` names (cashtags and company names) and its keyword event type."""
    return _topic(text, event_type(text))


def _topic(text: str, event: EventType, score: float | None = None) -> Topic:
    found = find_stocks(text)
    return Topic(
        tickers=[s.symbol for s in found],
        companies=[s.company for s in found],
        event=event,
        event_by="keywords" if score is None else "head",
        event_score=score,
    )


class TopicExecutor:
    """The executor of ``finance.topic``: the event head when one is trained (loaded on the
    first call), else the keyword rule."""

    def __init__(self, settings: Settings, models: Mapping[str, ModelSpec]) -> None:
        self.settings = settings
        self.models = models

    def run(self, arguments: TopicText) -> Topic:
        return self.run_batch([arguments])[0]

    def run_batch(self, arguments: Sequence[TopicText]) -> list[Topic]:
        from instrux_finance.events import load_event_head

        texts = [a.text for a in arguments]
        head = load_event_head(self.settings, self.models)
        if head is None:
            return [topic(t) for t in texts]
        return [
            _topic(t, s.event, s.score) for t, s in zip(texts, head.classify(texts), strict=True)
        ]

    def spec(self) -> ExecutorSpec:
        return ExecutorSpec(
            name=EXECUTOR_NAME,
            instructions=(INSTRUCTION.name,),
            kind="head",
            description="StockNet tickers by name and cashtag; event type by the trained "
            "event head (instrux finance events), else by keywords",
            run=self.run,
            run_batch=self.run_batch,
        )


def find_stocks(text: str) -> list[Stock]:
    """Stocks named in ``text``, by cashtag or name, in order of first mention."""
    positions: dict[str, int] = {}
    for pattern, stock in _patterns():
        match = pattern.search(text)
        if match is not None and match.start() < positions.get(stock.symbol, len(text) + 1):
            positions[stock.symbol] = match.start()
    by_symbol = {s.symbol: s for s in STOCKS}
    return [by_symbol[symbol] for symbol in sorted(positions, key=positions.__getitem__)]


def event_type(text: str) -> EventType:
    lowered = text.lower()
    best: EventType = "other"
    best_hits = 0
    for event, pattern in _event_patterns():
        hits = len(pattern.findall(lowered))
        if hits > best_hits:
            best, best_hits = event, hits
    return best


@cache
def _patterns() -> list[tuple[re.Pattern[str], Stock]]:
    patterns = []
    for stock in STOCKS:
        # A cashtag ends where the symbol ends: "$C" must not match "$CAT".
        cashtag = re.compile(rf"\${re.escape(stock.symbol)}(?![A-Za-z0-9-])", re.IGNORECASE)
        patterns.append((cashtag, stock))
        for alias in stock.aliases:
            patterns.append((re.compile(rf"(?<![\w$]){re.escape(alias)}(?![\w-])"), stock))
    return patterns


@cache
def _event_patterns() -> list[tuple[EventType, re.Pattern[str]]]:
    compiled: list[tuple[EventType, re.Pattern[str]]] = []
    for event, words in EVENT_KEYWORDS.items():
        alternatives = "|".join(re.escape(w) for w in words)
        compiled.append((event, re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w])")))  # type: ignore[arg-type]
    return compiled
