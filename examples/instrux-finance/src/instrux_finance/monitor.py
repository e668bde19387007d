"""The monitor: score posts in batches, aggregate per ticker per day, alert on surges.

Posts arrive in time order (:mod:`instrux_finance.stream`). Each distinct text is scored
once (a tweet naming three stocks, or a retweet of it, is one text: :func:`model_text`) by the same
:class:`~instrux_finance.sentiment.SentimentModel` that executes ``finance.sentiment``; the
monitor calls it directly rather than through ``Engine.run_many``, because every text gets the
same instruction: routing 120k texts to a call that is known in advance would only add the
router's cost (``run_many`` of "financial sentiment of ..." gives the same labels and
probabilities; a test checks it). When a day is over (the first post of a later day arrives,
or the stream ends), each ticker's day is judged by both surge rules
(:mod:`instrux_finance.surge`): the negative rule's surges are the alerts, the volume rule's
are kept for the evaluation.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from instrux import InvalidInputError
from instrux_finance.sentiment import Scored, model_text
from instrux_finance.stream import Post, batched
from instrux_finance.surge import DayCounts, Surge, SurgeDetector, SurgeRule

__all__ = [
    "Alert",
    "DailyRow",
    "Evidence",
    "Monitor",
    "MonitorResult",
    "add_batch",
    "rejudge",
    "replay",
]

EVIDENCE = 3  # the most negative posts kept per ticker and day, as an alert's evidence


class Evidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    negative: float = Field(description="Calibrated probability that the text is negative.")


class Alert(BaseModel):
    """One negative surge: a JSON line on stdout, in a file or posted to a webhook."""

    model_config = ConfigDict(frozen=True)

    ticker: str
    day: date
    rule: str = Field(description="'negative' (the alert rule) or 'volume' (the comparison).")
    z: float
    value: int = Field(description="The day's negative tweets ('volume': all tweets).")
    count: int
    negative_share: float
    mean_polarity: float = Field(description="Mean P(positive) - P(negative) of the day.")
    baseline_mean: float
    baseline_sd: float
    baseline_negative_share: float
    evidence: list[Evidence]


@dataclass(frozen=True, slots=True)
class DailyRow:
    ticker: str
    day: date
    count: int
    negative: int
    positive: int
    polarity_sum: float

    @property
    def negative_share(self) -> float:
        return self.negative / self.count

    @property
    def mean_polarity(self) -> float:
        return self.polarity_sum / self.count


@dataclass
class _Day:
    count: int = 0
    negative: int = 0
    positive: int = 0
    polarity_sum: float = 0.0
    worst: list[tuple[float, str, str]] = field(default_factory=list)  # min-heap of p(neg)

    def add(self, post: Post, scored: Scored) -> None:
        self.count += 1
        self.negative += scored.label == "negative"
        self.positive += scored.label == "positive"
        self.polarity_sum += scored.polarity
        item = (scored.scores.get("negative", 0.0), post.id, post.text)
        if all(post.text != text for _, _, text in self.worst):  # one copy of a retweet
            (heapq.heappush if len(self.worst) < EVIDENCE else heapq.heappushpop)(self.worst, item)


@dataclass
class MonitorResult:
    daily: list[DailyRow] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    volume_alerts: list[Alert] = field(default_factory=list)
    posts: int = 0
    texts_scored: int = 0


class Monitor:
    """Aggregates scored posts per ticker and day and judges each finished day."""

    def __init__(self, rule: SurgeRule | None = None, volume_rule: SurgeRule | None = None):
        self.rule = rule or SurgeRule()
        self.volume_rule = volume_rule or self.rule.model_copy(update={"signal": "volume"})
        self._detectors = (SurgeDetector(self.rule), SurgeDetector(self.volume_rule))
        self._open: dict[date, dict[str, _Day]] = {}
        self._newest: date | None = None
        self.result = MonitorResult()

    @property
    def newest_day(self) -> date | None:
        """The latest day a post was added for: posts of earlier days are too late."""
        return self._newest

    @property
    def open_days(self) -> list[date]:
        """Days with posts that are not judged yet (the newest, until a later day starts)."""
        return sorted(self._open)

    def check_order(self, day: date) -> None:
        """:raises InvalidInputError: ``day`` is before :attr:`newest_day` (already judged)."""
        if self._newest is not None and day < self._newest:
            raise InvalidInputError(
                f"A post of {day} came after posts of {self._newest}: that day was judged already.",
                hint="Send posts in time order (days never go back); a day is judged when "
                "the first post of a later day arrives.",
                reason="out_of_order",
            )

    def add(self, post: Post, scored: Scored) -> list[Alert]:
        """Add one post; returns the alerts of the days this post's day closes.

        :raises InvalidInputError: the post's day was judged already (:meth:`check_order`).
        """
        self.check_order(post.day)
        self._newest = post.day
        alerts = self.close_before(post.day)
        self._open.setdefault(post.day, {}).setdefault(post.ticker, _Day()).add(post, scored)
        self.result.posts += 1
        return alerts

    def close_before(self, day: date | None) -> list[Alert]:
        """Judge every open day before ``day`` (all of them with ``None``)."""
        alerts: list[Alert] = []
        for open_day in sorted(d for d in self._open if day is None or d < day):
            for ticker, stats in sorted(self._open.pop(open_day).items()):
                alerts += self._judge(ticker, open_day, stats)
        return alerts

    def _judge(self, ticker: str, day: date, stats: _Day) -> list[Alert]:
        row = DailyRow(ticker, day, stats.count, stats.negative, stats.positive, stats.polarity_sum)
        self.result.daily.append(row)
        counts = DayCounts(stats.count, stats.negative)
        negative, volume = (d.observe(ticker, day, counts) for d in self._detectors)
        if volume is not None:
            self.result.volume_alerts.append(_alert(volume, "volume", row, stats))
        if negative is None:
            return []
        alert = _alert(negative, "negative", row, stats)
        self.result.alerts.append(alert)
        return [alert]


def _alert(surge: Surge, rule: str, row: DailyRow, stats: _Day) -> Alert:
    evidence = [
        Evidence(id=i, text=t, negative=round(p, 4))
        for p, i, t in sorted(stats.worst, reverse=True)
    ]
    return Alert(
        ticker=surge.ticker,
        day=surge.day,
        rule=rule,
        z=surge.z,
        value=surge.value,
        count=row.count,
        negative_share=round(row.negative_share, 4),
        mean_polarity=round(row.mean_polarity, 4),
        baseline_mean=surge.baseline_mean,
        baseline_sd=surge.baseline_sd,
        baseline_negative_share=surge.baseline_negative_share,
        evidence=evidence,
    )


def rejudge(daily: Iterable[DailyRow], rule: SurgeRule) -> list[Surge]:
    """The surges of ``rule`` over a daily table (``daily.csv``), judged offline: the same
    detector the monitor runs online, fed the same days in the same order."""
    detector = SurgeDetector(rule)
    surges = []
    for row in sorted(daily, key=lambda r: (r.day, r.ticker)):
        surge = detector.observe(row.ticker, row.day, DayCounts(row.count, row.negative))
        if surge is not None:
            surges.append(surge)
    return surges


Scorer = Callable[[list[str]], list[Scored]]


def add_batch(
    batch: list[Post], score: Scorer, monitor: Monitor, cache: dict[str, Scored]
) -> list[Alert]:
    """Score a batch of posts (each text not in ``cache`` once) and add them to ``monitor``;
    the alerts of the days they close. ``cache`` maps the text the head reads
    (:func:`model_text`) to its score: retweets and multi-stock tweets are scored once."""
    keys = [model_text(p.text) for p in batch]
    new = [k for k in dict.fromkeys(keys) if k not in cache]
    cache.update(zip(new, score(new), strict=True))
    monitor.result.texts_scored += len(new)
    alerts: list[Alert] = []
    for post, key in zip(batch, keys, strict=True):
        alerts += monitor.add(post, cache[key])
    return alerts


def replay(
    posts: Iterable[Post],
    score: Scorer,
    monitor: Monitor,
    *,
    batch_size: int = 2048,
    on_batch: Callable[[int], None] | None = None,
) -> Iterator[Alert]:
    """Score ``posts`` batch by batch (each distinct text once) and yield alerts as days close.

    :param on_batch: called with each batch's size (the progress bar).
    """
    cache: dict[str, Scored] = {}
    for batch in batched(posts, batch_size):
        yield from add_batch(batch, score, monitor, cache)
        if on_batch is not None:
            on_batch(len(batch))
    yield from monitor.close_before(None)
