"""``finance.topic``: which StockNet stocks a text is about, and a coarse event type.

Both are rules, documented here, not learned: stocks are found by cashtag (``$AAPL``, any
case) or by a company name or alias from :mod:`instrux_finance.tickers` (whole words, case as
written, so "apple pie" is not Apple but "Apple" is); the event type is the category with the
most keyword hits in :data:`EVENT_KEYWORDS` (ties go to the earlier category), ``other`` when
none hits. There is no labelled event data here to measure the keyword rule against, so it is
a coarse filter, not a classifier with a known accuracy.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

import instrux
from instrux_finance.tickers import STOCKS, Stock

__all__ = ["EVENT_KEYWORDS", "EventType", "Text", "Topic", "find_stocks", "text_topic", "topic"]

EventType = Literal["earnings", "analyst", "deal", "legal", "product", "macro", "other"]

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
    event: EventType = Field(description="Coarse event type (keyword rule; 'other': none).")


Text = Annotated[str, Field(min_length=1, description="A finance text: a headline or a tweet.")]


def topic(text: str) -> Topic:
    """The stocks ``text`` names (cashtags and company names) and its event type."""
    found = find_stocks(text)
    return Topic(
        tickers=[s.symbol for s in found],
        companies=[s.company for s in found],
        event=event_type(text),
    )


@instrux.executor("finance.topic", examples=[], tags=["finance", "topic"])
def text_topic(text: Text) -> Topic:
    """The StockNet stocks a finance text names and a coarse event type (earnings, analyst,
    deal, legal, product, macro, other). Say: 'what is the finance topic of TEXT'.

    No examples: the plugin's exact tier (route.py) routes it, never the semantic tier.
    """
    return topic(text)


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
