"""What the ``monitor`` and ``eval`` commands do, callable from Python without the CLI."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux import ConfigurationError
from instrux_finance.monitor import Monitor, MonitorResult, Scorer, replay
from instrux_finance.records import (
    read_alerts,
    read_daily,
    write_alerts,
    write_daily,
    write_summary,
)
from instrux_finance.sentiment import LABELS, load_sentiment
from instrux_finance.sinks import AlertSinks
from instrux_finance.stream import Post, posts_from_lines, read_prices, read_tweets, tweet_posts

if TYPE_CHECKING:
    from instrux import ModelSpec, Settings

__all__ = ["EvalOptions", "MonitorOptions", "listen_for_posts", "run_eval", "run_monitor"]


@dataclass(frozen=True)
class MonitorOptions:
    tweets: Path | None = None  # None: lines on stdin
    prices: Path | None = None
    out: Path | None = None
    plot: Path | None = None
    alerts_file: Path | None = None
    webhook: str | None = None
    stdout: bool = True
    batch_size: int = 2048
    limit: int | None = None
    artifact: Path | None = None
    int8: bool = True  # the head's int8 graph (docs/finance.md: its speed and accuracy)
    progress: bool = True
    listen: int | None = None  # a port on 127.0.0.1: posts arrive over HTTP (listen.py)


def run_monitor(
    settings: Settings, models: Mapping[str, ModelSpec], options: MonitorOptions
) -> dict[str, Any]:
    """Replay (or listen), send alerts as they come, then write the tables and plots; the
    summary."""
    if options.plot is not None and options.prices is None:
        raise ConfigurationError("--plot needs --prices.", hint="Add --prices FILE.")
    if options.listen is not None and options.tweets is not None:
        raise ConfigurationError(
            "--listen and --tweets are two sources; give one.",
            hint="Replay a file with --tweets, or receive posts over HTTP with --listen PORT.",
        )
    model = load_sentiment(settings, models, artifact=options.artifact, int8=options.int8)
    posts, total = _posts(options) if options.listen is None else (iter(()), None)
    monitor = Monitor()
    started, cpu_started = time.perf_counter(), time.process_time()
    with AlertSinks(
        stdout=options.stdout, file=options.alerts_file, webhook=options.webhook
    ) as sinks:
        if options.listen is not None:
            listen_for_posts(model.score, monitor, sinks, options.listen)
        else:
            with _progress(total, options.progress) as bar:
                for alert in replay(
                    posts, model.score, monitor, batch_size=options.batch_size, on_batch=bar
                ):
                    sinks.send(alert)
    seconds = time.perf_counter() - started
    summary = _summary(monitor.result, seconds, time.process_time() - cpu_started, model.artifact)
    _write_outputs(options, monitor.result, summary)
    return summary


def listen_for_posts(score: Scorer, monitor: Monitor, sinks: AlertSinks, port: int) -> None:
    """Serve the monitor's HTTP input on 127.0.0.1:``port`` until Ctrl-C (or SIGTERM), then
    judge the days still open: the stream has ended."""
    import signal

    from instrux.serve.config import ServeConfig
    from instrux.serve.server import bind, run_app
    from instrux_finance.listen import POSTS, MonitorService, create_monitor_app

    config = ServeConfig(port=port, warmup=False)
    try:
        sock = bind(config.host, port)
    except OSError as err:
        raise ConfigurationError(
            f"Cannot listen on {config.host}:{port}: {err.strerror or err}.",
            hint="Give a free port to --listen, or stop the program that holds this one.",
        ) from None
    service = MonitorService(score, monitor, sinks, config)
    print(
        f"monitor listening on http://127.0.0.1:{port}{POSTS} (docs at /docs); Ctrl-C ends "
        "the stream",
        file=sys.stderr,
    )
    # uvicorn re-raises the signal that stopped it: both end the stream the same way.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        run_app(create_monitor_app(service), config, sock)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        service.pool.shutdown(wait=True)
    service.close_all()


def _posts(options: MonitorOptions) -> tuple[Iterator[Post], int | None]:
    if options.tweets is None:
        posts: Iterator[Post] = posts_from_lines(sys.stdin)
        total = None
    else:
        frame = read_tweets(options.tweets)
        if options.limit is not None:
            frame = frame.head(options.limit)
        posts, total = tweet_posts(frame), len(frame)
    if options.limit is not None and options.tweets is None:
        from itertools import islice

        posts = islice(posts, options.limit)
    return posts, total


class _progress:
    """A tqdm bar on stderr (posts replayed), or nothing; called with each batch's size."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> _progress:
        if self.enabled:
            from tqdm import tqdm  # type: ignore[import-untyped]

            self._bar = tqdm(total=self.total, unit="post", desc="replay", file=sys.stderr)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def __call__(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)


def _summary(
    result: MonitorResult, seconds: float, cpu_seconds: float, artifact: Path
) -> dict[str, Any]:
    """Counts and speed. ``cpu_seconds`` is this process's CPU time: on a shared machine,
    texts per CPU second says what a free core would do, where wall time says what we got."""
    return {
        "posts": result.posts,
        "texts_scored": result.texts_scored,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "texts_per_s": round(result.texts_scored / seconds, 1) if seconds else None,
        "texts_per_cpu_s": round(result.texts_scored / cpu_seconds, 1) if cpu_seconds else None,
        "posts_per_s": round(result.posts / seconds, 1) if seconds else None,
        "ticker_days": len(result.daily),
        "alerts": len(result.alerts),
        "volume_alerts": len(result.volume_alerts),
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "head": str(artifact),
    }


def _write_outputs(options: MonitorOptions, result: MonitorResult, summary: dict[str, Any]) -> None:
    if options.out is not None:
        write_daily(options.out / "daily.csv", result.daily)
        write_alerts(options.out / "alerts.jsonl", result.alerts)
        write_alerts(options.out / "volume_alerts.jsonl", result.volume_alerts)
        write_summary(options.out / "summary.json", summary)
    if options.plot is not None and options.prices is not None:
        from instrux_finance.plots import plot_alerts

        plots = plot_alerts(result.daily, result.alerts, read_prices(options.prices), options.plot)
        summary["plots"] = len(plots)


@dataclass(frozen=True)
class EvalOptions:
    source: Path | None = None
    tweets: Path | None = None
    prices: Path = Path("../shared/data/stocknet/prices.csv.gz")
    labelled: Path | None = None
    artifact: Path | None = None
    int8: bool = True  # the head's int8 graph (docs/finance.md: its speed and accuracy)
    progress: bool = True


def run_eval(
    settings: Settings, models: Mapping[str, ModelSpec], options: EvalOptions
) -> dict[str, Any]:
    """The evaluation report (see :mod:`instrux_finance.evaluate`)."""
    from instrux_finance.evaluate import TEST_END, TRAIN_START, alert_report, updown_report

    report: dict[str, Any] = {}
    if options.labelled is not None:
        report["labelled"] = _labelled(settings, models, options)
    if options.source is None and options.tweets is None:
        if report:
            return report
        raise ConfigurationError(
            "Nothing to evaluate.",
            hint="Give --from DIR (a monitor's --out), --tweets FILE, or --labelled FILE.",
        )
    if options.source is not None:
        daily = read_daily(options.source / "daily.csv")
        alerts = read_alerts(options.source / "alerts.jsonl")
        volume = read_alerts(options.source / "volume_alerts.jsonl")
    else:
        result = _replay_quietly(settings, models, options)
        daily, alerts, volume = result.daily, result.alerts, result.volume_alerts
    prices = read_prices(options.prices)
    report["alerts"] = alert_report(alerts, volume, daily, prices).model_dump(mode="json")
    report["updown_test"] = updown_report(daily, prices).model_dump(mode="json")
    # All of 2014-2015 as well: more days, but the per-ticker threshold is then partly fitted
    # on the days it is scored on, so only the test period's figure compares with StockNet.
    report["updown_2014_2015"] = updown_report(daily, prices, TRAIN_START, TEST_END).model_dump(
        mode="json"
    )
    return report


def _replay_quietly(
    settings: Settings, models: Mapping[str, ModelSpec], options: EvalOptions
) -> MonitorResult:
    assert options.tweets is not None
    model = load_sentiment(settings, models, artifact=options.artifact, int8=options.int8)
    frame = read_tweets(options.tweets)
    monitor = Monitor()
    with _progress(len(frame), options.progress) as bar:
        for _ in replay(tweet_posts(frame), model.score, monitor, on_batch=bar):
            pass
    return monitor.result


def _labelled(
    settings: Settings, models: Mapping[str, ModelSpec], options: EvalOptions
) -> dict[str, Any]:
    import json

    import numpy as np

    from instrux_finance.training import label_report

    assert options.labelled is not None
    rows = [
        json.loads(line)
        for line in options.labelled.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    unknown = sorted({str(r.get("label")) for r in rows} - set(LABELS))
    if unknown:
        raise ConfigurationError(
            f"{options.labelled} has labels {unknown} besides {list(LABELS)}.",
            hint="One JSON object per line with `text` and `label` (negative/neutral/positive).",
        )
    model = load_sentiment(settings, models, artifact=options.artifact, int8=options.int8)
    scored = model.score([str(r["text"]) for r in rows])
    probabilities = np.array([[s.scores[label] for label in model.labels] for s in scored])
    truth = [model.labels.index(str(r["label"])) for r in rows]
    report = label_report(probabilities, truth, model.labels)
    report["file"] = str(options.labelled)
    report["temperature"] = model.temperature
    return report
