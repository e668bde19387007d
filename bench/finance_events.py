"""Event types of finance posts: the keyword rule, zero-shot prototypes and trained heads.

Measured on a blind set of labelled StockNet tweets (tests/data/blind/events), after choosing
anything that needs choosing on the labelled training tweets
(examples/instrux-finance/data/events): the prototypes' decline thresholds (best macro-F1 on
the training posts); the heads are trained by ``instrux finance events``. Reported per
method: accuracy, macro-F1 over the seven types, and for the event types alone (``other`` is
the decline) precision (of the posts given an event, how many got the right one) and recall
(of the posts with an event, how many got it). docs/finance.md has the commands.

Zero-shot prototypes: each type has prototype texts (below: written from the label
definitions before any labelled tweet was read, with made-up companies); a post's
similarity to a type is the mean of its two highest cosines to that type's prototypes; it
gets the most similar type, or ``other`` when that similarity or its lead over the runner-up
is below the thresholds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from instrux_finance.events import EVENT_TYPES
from instrux_finance.sentiment import model_text
from instrux_finance.topic import event_type

from instrux import Engine
from instrux.models import Encoder

EVENT_PROTOTYPES: dict[str, tuple[str, ...]] = {
    "earnings": (
        "Company reports quarterly earnings per share above estimates",
        "Q3 revenue came in below expectations, profit fell 12%",
        "$XYZ beats on EPS and raises full-year guidance",
        "Earnings preview: what to expect from the retailer's results on Tuesday",
        "The bank misses profit forecasts as trading revenue slumps",
        "Company cuts its outlook for next year, sales growth slows",
        "Board raises the quarterly dividend and announces a $5B share buyback",
        "Net income doubled year over year on strong iPhone sales",
        "Earnings call tonight after the close, consensus is $1.12 a share",
        "Same-store sales rose 4% in the holiday quarter",
        "The chipmaker posts record quarterly revenue and margins",
        "Weak guidance sends the stock lower after hours",
    ),
    "analyst": (
        "Analyst upgrades the stock to buy with a $150 price target",
        "Downgraded to neutral at Goldman Sachs",
        "Morgan Stanley raises its price target on $XYZ to $90",
        "Broker initiates coverage with an outperform rating",
        "Analysts cut their earnings estimates for the company",
        "Moody's downgrades the company's credit rating",
        "JPMorgan reiterates overweight, sees 20% upside",
        "Price target lowered to $40 from $55 by Barclays",
        "Wall Street analysts are split on the stock after the report",
        "Rating changed to underperform, citing slowing growth",
    ),
    "deal": (
        "Company agrees to acquire its rival for $10 billion in cash",
        "Merger talks between the two drugmakers confirmed",
        "Activist investor takes a 5% stake in the retailer",
        "The group plans to spin off its cable unit",
        "Tech startup files for an IPO on the Nasdaq",
        "Takeover bid rejected by the board as too low",
        "The two firms form a joint venture and a partnership on cloud services",
        "Company wins a $2 billion defense contract",
        "Buffett's Berkshire buys more shares of the bank",
        "Deal to buy the streaming service closes next quarter",
        "Hedge fund sells its entire stake in the company",
    ),
    "legal": (
        "Company sued over patent infringement",
        "Regulators open an investigation into the bank's trading practices",
        "Court rules against the company in an antitrust case",
        "Firm agrees to pay $1 billion to settle fraud charges",
        "The SEC fines the company for misleading investors",
        "Automaker recalls 500,000 cars over faulty airbags",
        "EU probe into the tech giant's tax deals",
        "Class action lawsuit filed on behalf of shareholders",
        "Judge blocks the merger on competition grounds",
        "Justice Department charges former executives with bribery",
    ),
    "product": (
        "Company launches a new smartphone with a bigger screen",
        "The new watch goes on sale next month",
        "FDA approves the company's new cancer drug",
        "Drug trial results show the treatment works in late-stage study",
        "The retailer opens 50 new stores this year",
        "Company unveils its streaming service at the event",
        "CEO steps down, a new chief executive is named",
        "The company plans to cut 5,000 jobs in a restructuring",
        "Review: the new tablet is faster but the battery is weaker",
        "Service outage hits millions of users worldwide",
        "Airline adds new routes and orders 100 planes",
        "Preorders for the new console sold out in hours",
    ),
    "macro": (
        "Fed holds interest rates steady and signals a hike later this year",
        "Inflation rises more than expected in the latest report",
        "Jobs report: the economy added 200,000 jobs, unemployment falls",
        "Oil prices drop below $50 a barrel",
        "The dollar strengthens against the euro and the yen",
        "GDP growth slows in the first quarter",
        "Dow and S&P 500 close at record highs as markets rally",
        "Stocks fall worldwide on fears about China's economy",
        "Treasury yields climb after the central bank's statement",
        "Geopolitical tensions weigh on global markets",
        "The stock market is overdue for a correction",
    ),
    "other": (
        "$XYZ up 3% today, breaking out above resistance",
        "Stock hits a new 52-week high on heavy volume",
        "Bought more shares this morning, holding long",
        "Huge call option activity in $XYZ",
        "Top stock picks for this week: $ABC $XYZ $DEF",
        "Chart looks bullish, watching the 50-day moving average",
        "Should I buy or sell this stock? What do you think?",
        "Sign up for our free newsletter for the best penny stocks",
        "Short squeeze coming, target 120",
        "Stocks to watch today $ABC $DEF $GHI $XYZ",
        "Technical analysis: RSI oversold, MACD crossover",
        "Closed my position for a nice gain",
        "Most active stocks in premarket trading",
    ),
}

TYPES = list(EVENT_TYPES)
SIMILARITY_GRID = [round(x, 2) for x in np.arange(0.0, 0.61, 0.02)]
MARGIN_GRID = [round(x, 3) for x in np.arange(0.0, 0.081, 0.005)]


class EventPrototypes:
    """Prototype embeddings of one encoder."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        texts = [t for event in TYPES for t in EVENT_PROTOTYPES[event]]
        self.owner = np.array([event for event in TYPES for _ in EVENT_PROTOTYPES[event]])
        self.vectors = encoder.encode(texts)

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), len(TYPES))``: each post's similarity to each type."""
        cosine = self.encoder.encode([model_text(t) for t in texts]) @ self.vectors.T
        columns = [np.sort(cosine[:, self.owner == event], axis=1)[:, -2:].mean(axis=1)
                   for event in TYPES]  # fmt: skip
        return np.stack(columns, axis=1)


def scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and the event types' precision and recall."""
    n = len(truth)
    f1: dict[str, float] = {}
    for label in TYPES:
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        if tp + fp + fn:
            f1[label] = round(2 * tp / (2 * tp + fp + fn), 4)
    given = [(t, p) for t, p in zip(truth, predicted, strict=True) if p != "other"]
    having = [(t, p) for t, p in zip(truth, predicted, strict=True) if t != "other"]
    return {
        "n": n,
        "accuracy": round(sum(t == p for t, p in zip(truth, predicted, strict=True)) / n, 4),
        "macro_f1": round(float(np.mean(list(f1.values()))), 4),
        "event_precision": round(sum(t == p for t, p in given) / max(len(given), 1), 4),
        "event_recall": round(sum(t == p for t, p in having) / max(len(having), 1), 4),
        "given_an_event": len(given),
        "f1": f1,
    }


def decide(similarities: np.ndarray, min_similarity: float, min_margin: float) -> list[str]:
    out = []
    for row in similarities:
        order = row.argsort()[::-1]
        best, runner_up = int(order[0]), int(order[1])
        weak = row[best] < min_similarity or row[best] - row[runner_up] < min_margin
        out.append("other" if weak else TYPES[best])
    return out


def choose(similarities: np.ndarray, truth: Sequence[str]) -> tuple[float, float]:
    """The thresholds with the best macro-F1 on this half (ties: the smaller thresholds)."""
    best = (-1.0, 0.0, 0.0)
    for s, m in itertools.product(SIMILARITY_GRID, MARGIN_GRID):
        f1 = scores(truth, decide(similarities, s, m))["macro_f1"]
        if f1 > best[0]:
            best = (f1, s, m)
    return best[1], best[2]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path, required=True, help="Labelled training posts.")
    parser.add_argument("--test", type=Path, required=True, help="The blind labelled posts.")
    parser.add_argument("--head", type=Path, action="append", default=[], help="Event heads.")
    parser.add_argument("--encoder", help="The prototypes' encoder (default: the engine's).")
    parser.add_argument("--write-train", type=Path, help="Write the training posts minus any "
                        "whose cleaned text is a test post's, and stop.")  # fmt: skip
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    train, test = read_rows(args.train), read_rows(args.test)
    if args.write_train:
        seen = {model_text(r["text"]).lower() for r in test}
        kept = [r for r in train if model_text(r["text"]).lower() not in seen]
        args.write_train.write_text("".join(json.dumps(r) + "\n" for r in kept), "utf-8")
        print(f"{len(kept)} of {len(train)} training posts kept ({args.write_train})")
        return 0
    truth = [r["event"] for r in test]
    engine = Engine()
    prototypes = EventPrototypes(engine.encoder(args.encoder))
    s, m = choose(prototypes.similarities([r["text"] for r in train]), [r["event"] for r in train])
    test_similarities = prototypes.similarities([r["text"] for r in test])
    predictions = {
        "keywords": [event_type(r["text"]) for r in test],
        f"prototypes ({prototypes.encoder.name})": decide(test_similarities, s, m),
    }
    for head in args.head:
        predictions[f"head {head.name}"] = head_events(engine, head, [r["text"] for r in test])
    report = {
        "train": str(args.train),
        "test": str(args.test),
        "labels": {t: truth.count(t) for t in TYPES},
        "prototype_thresholds": {"min_similarity": s, "min_margin": m},
        "methods": {name: scores(truth, p) for name, p in predictions.items()},
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def head_events(engine: Engine, folder: Path, texts: list[str]) -> list[str]:
    """What ``finance.topic`` answers with this head (below its threshold: ``other``)."""
    from instrux_finance.events import EventHead

    from instrux.heads.runtime import get_head, head_encoder
    from instrux.runtime.artifacts import read_json

    config = read_json(folder, "config.json")
    models = engine.registry.model_specs()
    head = get_head(folder, encoder=head_encoder(config, models, engine.settings))
    return [s.event for s in EventHead(head, folder).classify(texts)]


if __name__ == "__main__":
    sys.exit(main())
