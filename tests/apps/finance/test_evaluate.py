"""The evaluation's arithmetic on prices and daily tables made here (instrux_finance.evaluate)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance.evaluate import alert_report, updown_report, wilson
from instrux_finance.monitor import Alert, DailyRow


def _prices(ticker: str, start: date, closes: list[float]):  # type: ignore[no-untyped-def]
    import pandas as pd  # type: ignore[import-untyped]

    days: list[date] = []
    day = start
    while len(days) < len(closes):
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return pd.DataFrame({"ticker": ticker, "day": days, "adj_close": closes})


def _alert(ticker: str, day: date) -> Alert:
    return Alert(
        ticker=ticker,
        day=day,
        rule="negative",
        z=4.0,
        value=5,
        count=9,
        negative_share=0.5,
        mean_polarity=-0.3,
        baseline_mean=1.0,
        baseline_sd=1.0,
        baseline_negative_share=0.1,
        evidence=[],
    )


def test_wilson_interval_matches_the_textbook_values() -> None:
    share = wilson(8, 10)
    assert share.share == 0.8 and share.ci95 == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson(0, 0).share is None


def test_alerts_followed_by_a_big_move_on_the_day_or_the_next_trading_day() -> None:
    # 2015-01-05 is a Monday. Flat at 100 with tiny wiggles, one -20 % day on Thursday 8th.
    closes = [100, 100.1, 100.0, 80.0, 80.1, 80.0, 80.1, 80.0, 80.1, 80.0]
    prices = _prices("X", date(2015, 1, 5), closes)
    daily = [DailyRow("X", date(2015, 1, 5) + timedelta(days=i), 3, 1, 1, 0.0) for i in range(12)]
    alerts = [
        _alert("X", date(2015, 1, 7)),  # next trading day (8th) has the move: hit
        _alert("X", date(2015, 1, 8)),  # the move itself: hit same day, miss next day only
        _alert("X", date(2015, 1, 10)),  # Saturday: next trading day is the 12th: miss
    ]
    report = alert_report(alerts, alerts[:1], daily, prices)
    assert (report.negative_alerts.hits, report.negative_alerts.n) == (2, 3)
    assert (report.negative_alerts_next_day.hits, report.negative_alerts_next_day.n) == (1, 3)
    assert (report.volume_alerts.hits, report.volume_alerts.n) == (1, 1)
    # Every ticker-day with tweets: the 7th and the 8th are followed by the move.
    assert (report.base_rate.hits, report.base_rate.n) == (2, 12)
    # The last day (the 16th) has no next trading day: left out of the next-day share.
    assert (report.base_rate_next_day.hits, report.base_rate_next_day.n) == (1, 11)


def test_updown_uses_the_five_days_before_and_stocknet_thresholds() -> None:
    start = date(2015, 10, 5)  # Monday
    closes = [100.0, 101.0, 100.0, 100.2, 102.0]  # +1 %, -0.99 %, +0.2 % (left out), +1.8 %
    prices = _prices("X", start, closes)
    daily = [
        DailyRow("X", date(2015, 10, 5), 2, 0, 2, 1.2),  # upbeat before the 6th: up, right
        DailyRow("X", date(2015, 10, 6), 2, 2, 0, -1.5),  # the 6th's own tweets: not before it
    ]
    report = updown_report(daily, prices, date(2015, 10, 1), date(2016, 1, 1))
    assert report.target_days == 3  # the 6th, 7th and 9th
    # 6th: window 1st..5th (+0.6: up, truth up). 7th: 2nd..6th (-0.1: down, truth down).
    # 9th: 4th..8th (-0.1: down, truth up).
    assert report.evaluated == 3 and report.without_tweets == 0
    assert report.accuracy_sign == pytest.approx(2 / 3, abs=1e-4)
    assert report.accuracy_always_up == pytest.approx(2 / 3, abs=1e-4)
