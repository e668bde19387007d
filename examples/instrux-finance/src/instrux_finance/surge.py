"""The surge rule: a day's value against the same ticker's own rolling baseline.

For ticker ``k`` on day ``d`` with tweets, the baseline is the previous ``window`` calendar
days of the same signal (days without tweets count as 0), from the ticker's first day on. The
day alerts when all of these hold:

- the ticker has at least ``min_history`` days of baseline (a new ticker is not a surge);
- ``z = (x - mean) / max(sd, min_sd) >= z_threshold`` (``min_sd`` keeps a quiet ticker,
  whose baseline is all zeros, from alerting on two tweets);
- ``x >= min_count``;
- for the ``negative`` signal only, the day's negative share is above the baseline's (more
  negative tweets *and* a more negative mix: a volume surge with the usual mix is not a
  negative surge).

``x`` is the day's number of negative tweets (signal ``negative``) or of all tweets (signal
``volume``: the volume-only rule the evaluation compares against). The rule is online: a
day's decision uses only earlier days, so replaying a stream and rescoring its daily table
give the same alerts (tested). river's rolling statistics would do the same; a
20-value window needs no dependency.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DayCounts", "Surge", "SurgeDetector", "SurgeRule"]

Signal = Literal["negative", "volume"]


class SurgeRule(BaseModel):
    """The parameters of the rule (defaults used for every number in docs/finance.md)."""

    model_config = ConfigDict(frozen=True)

    signal: Signal = "negative"
    window: int = Field(default=20, ge=2, description="Baseline length, in calendar days.")
    min_history: int = Field(default=10, ge=1, description="Baseline days needed first.")
    z_threshold: float = Field(default=3.0, gt=0)
    min_count: int = Field(default=3, ge=1)
    min_sd: float = Field(default=1.0, gt=0)


@dataclass(frozen=True, slots=True)
class DayCounts:
    count: int  # tweets
    negative: int  # tweets whose label is negative

    def value(self, signal: Signal) -> int:
        return self.negative if signal == "negative" else self.count


@dataclass(frozen=True, slots=True)
class Surge:
    ticker: str
    day: date
    value: int
    z: float
    baseline_mean: float
    baseline_sd: float
    baseline_negative_share: float


@dataclass
class _History:
    last_day: date
    days: deque[DayCounts] = field(default_factory=deque)


class SurgeDetector:
    """Feed it each ticker's days in order (:meth:`observe`); it returns the surges."""

    def __init__(self, rule: SurgeRule) -> None:
        self.rule = rule
        self._history: dict[str, _History] = {}

    def observe(self, ticker: str, day: date, counts: DayCounts) -> Surge | None:
        """Judge ``day`` against the baseline, then add it to the baseline."""
        history = self._history.get(ticker)
        if history is None:
            self._history[ticker] = _History(day, deque([counts], maxlen=self.rule.window))
            return None
        if day <= history.last_day:
            raise ValueError(f"{ticker}: day {day} is not after {history.last_day}")
        self._skip_quiet_days(history, day)
        surge = self._judge(ticker, day, counts, list(history.days))
        history.days.append(counts)
        history.last_day = day
        return surge

    def _skip_quiet_days(self, history: _History, day: date) -> None:
        gap = (day - history.last_day).days - 1
        for _ in range(min(gap, self.rule.window)):
            history.days.append(DayCounts(0, 0))

    def _judge(
        self, ticker: str, day: date, counts: DayCounts, baseline: list[DayCounts]
    ) -> Surge | None:
        rule = self.rule
        if len(baseline) < rule.min_history:
            return None
        values = [c.value(rule.signal) for c in baseline]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        x = counts.value(rule.signal)
        z = (x - mean) / max(sd, rule.min_sd)
        total = sum(c.count for c in baseline)
        share = sum(c.negative for c in baseline) / total if total else 0.0
        if z < rule.z_threshold or x < rule.min_count:
            return None
        if rule.signal == "negative" and counts.negative / counts.count <= share:
            return None
        return Surge(ticker, day, x, round(z, 3), round(mean, 3), round(sd, 3), round(share, 4))
