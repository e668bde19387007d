"""Replay, daily aggregation, alerts and their sinks (stdout, file, local webhook), plots."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from instrux import ConfigurationError, InvalidInputError
from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance.monitor import Alert, Monitor, rejudge, replay
from instrux_finance.records import read_alerts, read_daily, write_alerts, write_daily
from instrux_finance.sinks import AlertSinks
from instrux_finance.stream import Post, posts_from_lines
from instrux_finance.surge import SurgeRule

from tests.apps.finance.fakes import START, keyword_score, quiet_then_surge, webhook_receiver


def _replay(posts: list[Post], batch_size: int = 7) -> tuple[Monitor, list[Alert], list[int]]:
    calls: list[int] = []

    def score(texts: list[str]):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return keyword_score(texts)

    monitor = Monitor()
    alerts = list(replay(posts, score, monitor, batch_size=batch_size))
    return monitor, alerts, calls


def test_a_negative_surge_alerts_with_its_evidence_once_the_day_is_over() -> None:
    monitor, alerts, _ = _replay(quiet_then_surge())
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.ticker, alert.day, alert.rule, alert.value, alert.count) == (
        "AAPL",
        START + timedelta(days=20),
        "negative",
        8,
        8,
    )
    assert alert.negative_share == 1.0 and alert.z == 8.0
    assert len(alert.evidence) == 3
    assert all("fell" in e.text for e in alert.evidence)
    assert len(monitor.result.daily) == 21 and monitor.result.posts == 48


def test_each_distinct_text_is_scored_once_in_batches() -> None:
    day = START
    posts = [
        Post(day, t, "RT @a: $AAPL $MSFT fell http://t.co/x", str(i))
        for i, t in enumerate(["AAPL", "MSFT"] * 5)
    ]
    posts.append(Post(day, "AAPL", "$AAPL $MSFT fell http://t.co/other", "y"))  # same to the head
    monitor, _, calls = _replay(posts, batch_size=4)
    assert sum(calls) == 1 == monitor.result.texts_scored
    assert [(r.ticker, r.count, r.negative) for r in monitor.result.daily] == [
        ("AAPL", 6, 6),
        ("MSFT", 5, 5),
    ]


def test_the_daily_table_rejudged_offline_gives_the_same_alerts(tmp_path: Path) -> None:
    posts = quiet_then_surge("AAPL") + [
        Post(START + timedelta(days=i), "MSFT", f"msft fell {i}" if i == 25 else f"m {i}", "")
        for i in range(26)
    ]
    posts.sort(key=lambda p: p.day)
    monitor, alerts, _ = _replay(posts)
    write_daily(tmp_path / "daily.csv", monitor.result.daily)
    daily = read_daily(tmp_path / "daily.csv")
    offline = rejudge(daily, SurgeRule())
    assert [(s.ticker, s.day, s.z) for s in offline] == [(a.ticker, a.day, a.z) for a in alerts]
    volume = rejudge(daily, SurgeRule(signal="volume"))
    assert [(s.ticker, s.day) for s in volume] == [
        (a.ticker, a.day) for a in monitor.result.volume_alerts
    ]
    write_alerts(tmp_path / "alerts.jsonl", monitor.result.alerts)
    assert read_alerts(tmp_path / "alerts.jsonl") == monitor.result.alerts


def test_alerts_go_to_stdout_a_file_and_a_local_webhook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with webhook_receiver() as (url, received):
        _, alerts, _ = _replay(quiet_then_surge())
        with AlertSinks(file=tmp_path / "out" / "alerts.jsonl", webhook=url) as sinks:
            for alert in alerts:
                sinks.send(alert)
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    written = [
        json.loads(line) for line in (tmp_path / "out" / "alerts.jsonl").read_text().splitlines()
    ]
    assert printed == written == received
    assert printed[0]["ticker"] == "AAPL" and printed[0]["day"] == "2015-03-22"


def test_a_remote_or_unreachable_webhook_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="not a local"):
        AlertSinks(webhook="https://example.com/hook")
    _, alerts, _ = _replay(quiet_then_surge())
    with (
        AlertSinks(stdout=False, webhook="http://127.0.0.1:9/none") as sinks,
        pytest.raises(ConfigurationError, match="failed"),
    ):
        sinks.send(alerts[0])


def test_lines_on_stdin_are_json_or_text_and_text_finds_its_tickers() -> None:
    lines = [
        '{"text": "Apple fell", "ticker": "AAPL", "date": "2015-01-02", "id": "a"}',
        "Microsoft and $GOOG rose today",
        "",
        "nothing about any stock",
    ]
    posts = list(posts_from_lines(lines, today=date(2015, 1, 3)))
    assert posts == [
        Post(date(2015, 1, 2), "AAPL", "Apple fell", "a"),
        Post(date(2015, 1, 3), "MSFT", "Microsoft and $GOOG rose today", "2"),
        Post(date(2015, 1, 3), "GOOG", "Microsoft and $GOOG rose today", "2"),
    ]
    with pytest.raises(InvalidInputError, match="Line 1"):
        list(posts_from_lines(['{"text": broken']))
    with pytest.raises(InvalidInputError, match="not YYYY-MM-DD"):
        list(posts_from_lines(['{"text": "Apple fell", "date": "yesterday"}']))


def test_plots_one_png_per_alerted_ticker(tmp_path: Path) -> None:
    import pandas as pd  # type: ignore[import-untyped]
    from instrux_finance.plots import plot_alerts

    monitor, _, _ = _replay(quiet_then_surge())
    prices = pd.DataFrame(
        {
            "ticker": ["AAPL"] * 21,
            "day": [START + timedelta(days=i) for i in range(21)],
            "adj_close": [100.0 + i for i in range(21)],
        }
    )
    written = plot_alerts(monitor.result.daily, monitor.result.alerts, prices, tmp_path)
    assert written == [tmp_path / "AAPL.png"]
    assert (tmp_path / "AAPL.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
