"""Where the monitor's texts come from: the StockNet tweets file, or JSON lines / text lines.

Every source yields :class:`Post` in time order. The StockNet CSV (``date,created_at,ticker,
tweet_id,text``; a tweet naming several stocks has one row per stock) is sorted by StockNet's
own ``date`` (the trading day it assigned the tweet to), then by ``created_at``. A line of
stdin is a JSON object ``{"text", "ticker"?, "date"?, "id"?}`` or plain text; without a ticker
the stocks come from ``finance.topic`` (one post per stock named; none: the post is skipped),
without a date it is today's (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from instrux import ConfigurationError, InvalidInputError
from instrux_finance.topic import find_stocks

__all__ = ["Post", "batched", "posts_from_lines", "posts_of", "read_prices", "read_tweets"]

TWEET_COLUMNS = ("date", "created_at", "ticker", "tweet_id", "text")
PRICE_COLUMNS = ("ticker", "date", "adj_close", "volume")


@dataclass(frozen=True, slots=True)
class Post:
    day: date
    ticker: str
    text: str
    id: str = ""


def read_tweets(path: Path) -> Any:
    """The tweets as a pandas DataFrame in replay order (``day`` as a date)."""
    import pandas as pd  # type: ignore[import-untyped]

    frame = _read_csv(path, TWEET_COLUMNS)
    frame["day"] = pd.to_datetime(frame["date"]).dt.date
    frame["created"] = pd.to_datetime(frame["created_at"], format="%a %b %d %H:%M:%S %z %Y")
    frame["text"] = frame["text"].fillna("").astype(str)
    frame["tweet_id"] = frame["tweet_id"].astype(str)
    frame = frame.sort_values(["day", "created", "ticker"], kind="stable")
    return frame.reset_index(drop=True)


def tweet_posts(frame: Any) -> Iterator[Post]:
    for day, ticker, text, tweet_id in zip(
        frame["day"], frame["ticker"], frame["text"], frame["tweet_id"], strict=True
    ):
        yield Post(day, str(ticker), text, tweet_id)


def read_prices(path: Path) -> Any:
    """Daily prices: ``ticker, day, adj_close, volume``, sorted by ticker and day."""
    import pandas as pd

    frame = _read_csv(path, PRICE_COLUMNS)
    frame["day"] = pd.to_datetime(frame["date"]).dt.date
    return frame.sort_values(["ticker", "day"]).reset_index(drop=True)


def _read_csv(path: Path, columns: tuple[str, ...]) -> Any:
    import pandas as pd

    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as err:
        raise ConfigurationError(
            f"Cannot read {path}: {err}", hint="Give a CSV file (gzip is fine)."
        ) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ConfigurationError(
            f"{path} lacks the columns {missing} (it has {list(frame.columns)}).",
            hint="StockNet's tweets.csv.gz / prices.csv.gz from ../shared/data/stocknet.",
        )
    return frame


def posts_from_lines(lines: Iterable[str], today: date | None = None) -> Iterator[Post]:
    """Posts from JSON or plain-text lines (see the module docstring); blank lines skipped."""
    default_day = today or datetime.now(UTC).date()
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        record = _record(line, number)
        text = str(record.get("text", "")).strip()
        if not text:
            continue
        day = _day(record, number) if record.get("date") else default_day
        ticker = str(record["ticker"]) if record.get("ticker") else None
        yield from posts_of(text, day, ticker, str(record.get("id", number)))


def posts_of(text: str, day: date, ticker: str | None, post_id: str) -> list[Post]:
    """One post per stock: ``ticker``, else each stock ``finance.topic`` finds in the text
    (none: no post)."""
    tickers = [ticker] if ticker else [stock.symbol for stock in find_stocks(text)]
    return [Post(day, symbol, text, post_id) for symbol in tickers]


def _record(line: str, number: int) -> dict[str, Any]:
    if not line.startswith("{"):
        return {"text": line}
    try:
        record = json.loads(line)
        if isinstance(record, dict):
            return record
    except ValueError:
        pass
    raise InvalidInputError(
        f"Line {number} starts like JSON but is not a JSON object: {line[:80]!r}",
        hint='Write one {"text": ..., "ticker": ..., "date": "YYYY-MM-DD"} per line, or plain '
        "text.",
        reason="not_json_object",
    )


def _day(record: dict[str, Any], number: int) -> date:
    try:
        return date.fromisoformat(str(record["date"])[:10])
    except ValueError:
        raise InvalidInputError(
            f"Line {number} has the date {record['date']!r}, not YYYY-MM-DD.",
            hint='Write dates as "2015-10-01", or leave "date" out (today).',
            reason="bad_date",
        ) from None


def batched(posts: Iterable[Post], size: int) -> Iterator[list[Post]]:
    batch: list[Post] = []
    for post in posts:
        batch.append(post)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
