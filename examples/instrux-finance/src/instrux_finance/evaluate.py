"""``instrux finance eval``: how the alerts relate to prices, and next-day up/down accuracy.

**Alerts and big moves.** A ticker's daily return is its adjusted close over the previous
trading day's, minus 1; a *big move* is an absolute return above 2 standard deviations of that
ticker's returns over the days the tweets cover. An event (ticker, day) is *followed by a big
move* when the day itself (if a trading day) or the next trading day has one. We report the
share of alerts so followed, with a 95 % Wilson interval, beside the same share for every
ticker-day with tweets (the base rate) and for the volume-only rule's alerts; and the next
trading day alone, since a same-day move may be what the tweets react to rather than what
they foretell.

**Up/down.** StockNet's protocol (Xu and Cohen 2018): target trading days from 2015-10-01 to
2016-01-01 (its test split); a move of at least +0.55 % is up, at most -0.5 % down, anything
between is left out. Our prediction reads only the tweets StockNet dated in the five calendar
days before the target day: up when their mean polarity (P(positive) - P(negative)) is above
a threshold, down otherwise; target days without such tweets are left out (counted). Two
thresholds: 0, and each ticker's own mean polarity on StockNet's training period
(2014-01-01 .. 2015-08-01), so a ticker whose tweets always sound upbeat is not always "up".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from instrux_finance.monitor import Alert, DailyRow

__all__ = ["AlertReport", "Share", "UpDownReport", "alert_report", "updown_report", "wilson"]

TEST_START, TEST_END = date(2015, 10, 1), date(2016, 1, 1)
TRAIN_START, TRAIN_END = date(2014, 1, 1), date(2015, 8, 1)
UP, DOWN = 0.0055, -0.005
LAG_DAYS = 5


class Share(BaseModel):
    n: int
    hits: int
    share: float | None
    ci95: tuple[float, float] | None = Field(description="Wilson score interval.")


def wilson(hits: int, n: int, z: float = 1.959964) -> Share:
    if n == 0:
        return Share(n=0, hits=0, share=None, ci95=None)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Share(
        n=n, hits=hits, share=round(p, 4), ci95=(round(centre - half, 4), round(centre + half, 4))
    )


class AlertReport(BaseModel):
    """Shares of events followed (same or next trading day) by a move above 2 sd."""

    negative_alerts: Share
    volume_alerts: Share
    base_rate: Share = Field(description="Every ticker-day with at least one tweet.")
    negative_alerts_next_day: Share
    volume_alerts_next_day: Share
    base_rate_next_day: Share
    tickers_with_prices: int


class _Moves:
    """Per ticker: trading days, and which of them had a big move."""

    def __init__(self, prices: Any, start: date, end: date) -> None:
        self.days: dict[str, list[date]] = {}
        self.big: dict[str, dict[date, bool]] = {}
        for ticker, group in prices.groupby("ticker"):
            group = group[(group["day"] >= start - timedelta(days=7)) & (group["day"] <= end)]
            returns = group["adj_close"].pct_change()
            sd = float(returns.std())
            days = list(group["day"])[1:]
            self.days[str(ticker)] = days
            self.big[str(ticker)] = {
                d: abs(r) > 2 * sd for d, r in zip(days, list(returns)[1:], strict=True)
            }

    def followed(self, ticker: str, day: date, *, same_day: bool = True) -> bool | None:
        """Big move on ``day`` (if traded, and ``same_day``) or the next trading day;
        ``None`` when the ticker has no prices there."""
        days = self.days.get(ticker)
        if not days:
            return None
        window = [day] if same_day and day in self.big[ticker] else []
        following = _first_after(days, day)
        if following is not None:
            window.append(following)
        if not window:
            return None
        return any(self.big[ticker][d] for d in window)


def _first_after(days: list[date], day: date) -> date | None:
    from bisect import bisect_right

    i = bisect_right(days, day)
    return days[i] if i < len(days) else None


def _share(moves: _Moves, events: Iterable[tuple[str, date]], same_day: bool) -> Share:
    outcomes = [moves.followed(t, d, same_day=same_day) for t, d in events]
    known = [o for o in outcomes if o is not None]
    return wilson(sum(known), len(known))


def alert_report(
    alerts: Sequence[Alert],
    volume_alerts: Sequence[Alert],
    daily: Sequence[DailyRow],
    prices: Any,
) -> AlertReport:
    start, end = min(r.day for r in daily), max(r.day for r in daily)
    moves = _Moves(prices, start, end + timedelta(days=7))
    negative = [(a.ticker, a.day) for a in alerts]
    volume = [(a.ticker, a.day) for a in volume_alerts]
    every = [(r.ticker, r.day) for r in daily]
    return AlertReport(
        negative_alerts=_share(moves, negative, True),
        volume_alerts=_share(moves, volume, True),
        base_rate=_share(moves, every, True),
        negative_alerts_next_day=_share(moves, negative, False),
        volume_alerts_next_day=_share(moves, volume, False),
        base_rate_next_day=_share(moves, every, False),
        tickers_with_prices=len(moves.days),
    )


class UpDownReport(BaseModel):
    """Next-day movement from the previous days' tweets, StockNet's test period and labels."""

    period: tuple[date, date]
    target_days: int = Field(description="Ticker-days with a move of +0.55 % / -0.5 % or more.")
    without_tweets: int = Field(description="Of those, left out: no tweets in the 5 days before.")
    evaluated: int
    accuracy_sign: float | None = Field(description="Up when mean polarity > 0.")
    mcc_sign: float | None
    accuracy_ticker_mean: float | None = Field(
        description="Up when mean polarity > the ticker's training-period mean."
    )
    mcc_ticker_mean: float | None
    accuracy_always_up: float | None
    up_share: float | None
    published_stocknet: float = 0.5823
    published_random: float = 0.509


def updown_report(
    daily: Sequence[DailyRow], prices: Any, start: date = TEST_START, end: date = TEST_END
) -> UpDownReport:
    by_ticker: dict[str, dict[date, DailyRow]] = {}
    for row in daily:
        by_ticker.setdefault(row.ticker, {})[row.day] = row
    baseline = {
        t: _mean_polarity(rows.values(), TRAIN_START, TRAIN_END) for t, rows in by_ticker.items()
    }
    truth: list[bool] = []
    sign: list[bool] = []
    centred: list[bool] = []
    targets = 0
    for ticker, day, move in _labelled_moves(prices, start, end):
        targets += 1
        rows = by_ticker.get(ticker, {})
        window = [rows[d] for d in _days_before(day) if d in rows]
        if not window:
            continue
        polarity = sum(r.polarity_sum for r in window) / sum(r.count for r in window)
        truth.append(move)
        sign.append(polarity > 0)
        centred.append(polarity > (baseline.get(ticker) or 0.0))
    return UpDownReport(
        period=(start, end),
        target_days=targets,
        without_tweets=targets - len(truth),
        evaluated=len(truth),
        accuracy_sign=_accuracy(sign, truth),
        mcc_sign=_mcc(sign, truth),
        accuracy_ticker_mean=_accuracy(centred, truth),
        mcc_ticker_mean=_mcc(centred, truth),
        accuracy_always_up=_accuracy([True] * len(truth), truth),
        up_share=round(sum(truth) / len(truth), 4) if truth else None,
    )


def _labelled_moves(prices: Any, start: date, end: date) -> Iterable[tuple[str, date, bool]]:
    for ticker, group in prices.groupby("ticker"):
        returns = group["adj_close"].pct_change()
        for day, r in zip(group["day"], returns, strict=True):
            if start <= day < end and not math.isnan(r) and (r >= UP or r <= DOWN):
                yield str(ticker), day, bool(r >= UP)


def _days_before(day: date) -> list[date]:
    return [day - timedelta(days=i) for i in range(1, LAG_DAYS + 1)]


def _mean_polarity(rows: Iterable[DailyRow], start: date, end: date) -> float | None:
    inside = [r for r in rows if start <= r.day < end]
    count = sum(r.count for r in inside)
    return sum(r.polarity_sum for r in inside) / count if count else None


def _accuracy(predicted: Sequence[bool], truth: Sequence[bool]) -> float | None:
    if not truth:
        return None
    return round(sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth), 4)


def _mcc(predicted: Sequence[bool], truth: Sequence[bool]) -> float | None:
    pairs = list(zip(predicted, truth, strict=True))
    tp = sum(p and t for p, t in pairs)
    tn = sum(not p and not t for p, t in pairs)
    fp = sum(p and not t for p, t in pairs)
    fn = sum(not p and t for p, t in pairs)
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return round((tp * tn - fp * fn) / denominator, 4) if denominator else None
