"""The surge rule against each ticker's own rolling baseline (instrux_finance.surge)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance.surge import DayCounts, SurgeDetector, SurgeRule

DAY = date(2015, 1, 1)


def _feed(detector: SurgeDetector, days: list[DayCounts], ticker: str = "X") -> list[object]:
    return [detector.observe(ticker, DAY + timedelta(days=i), c) for i, c in enumerate(days)]


def test_a_spike_after_a_quiet_baseline_alerts_with_its_z_score() -> None:
    days = [DayCounts(10, 1)] * 20 + [DayCounts(14, 6)]
    surges = _feed(SurgeDetector(SurgeRule()), days)
    assert surges[:-1] == [None] * 20
    last = surges[-1]
    assert last is not None
    # baseline: 20 days of 1 negative (sd 0, floored at 1): z = (6 - 1) / 1
    assert (last.value, last.z, last.baseline_mean, last.baseline_sd) == (6, 5.0, 1.0, 0.0)  # type: ignore[attr-defined]
    assert last.baseline_negative_share == pytest.approx(0.1)  # type: ignore[attr-defined]


def test_no_alert_before_the_baseline_has_min_history_days() -> None:
    days = [DayCounts(10, 1)] * 5 + [DayCounts(20, 15)]
    assert _feed(SurgeDetector(SurgeRule(min_history=10)), days)[-1] is None
    assert _feed(SurgeDetector(SurgeRule(min_history=5)), days)[-1] is not None


def test_a_volume_surge_with_the_usual_mix_is_not_a_negative_surge() -> None:
    days = [DayCounts(10, 2)] * 20 + [DayCounts(100, 20)]  # 20 % negative, as always
    assert _feed(SurgeDetector(SurgeRule()), days)[-1] is None
    volume = _feed(SurgeDetector(SurgeRule(signal="volume")), days)[-1]
    assert volume is not None and volume.value == 100  # type: ignore[attr-defined]


def test_days_without_tweets_count_as_zero_in_the_baseline() -> None:
    detector = SurgeDetector(SurgeRule(min_history=3, window=5))
    assert detector.observe("X", DAY, DayCounts(3, 3)) is None
    # Ten quiet days later the window holds zeros only: 3 negatives is z = 3 (sd floored).
    surge = detector.observe("X", DAY + timedelta(days=11), DayCounts(3, 3))
    assert surge is not None and surge.baseline_mean == 0.0 and surge.z == 3.0


def test_tickers_have_their_own_baselines_and_days_must_advance() -> None:
    detector = SurgeDetector(SurgeRule(min_history=1))
    detector.observe("A", DAY, DayCounts(50, 25))
    assert detector.observe("B", DAY + timedelta(days=1), DayCounts(5, 4)) is None  # B is new
    with pytest.raises(ValueError, match="not after"):
        detector.observe("A", DAY, DayCounts(1, 1))
