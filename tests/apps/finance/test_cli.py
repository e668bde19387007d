"""``instrux finance monitor`` and ``eval`` through the real command line, on files made here.

The commands come from the plugin's entry point, so these tests need the package installed
(``make setup``); the tiny seeded head (conftest.py) stands in for the PhraseBank head.
"""

from __future__ import annotations

import csv
import gzip
import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from instrux import Settings
from instrux.cli.main import app
from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance.monitor import Alert
from instrux_finance.sentiment import head_dir

from tests.apps.finance.fakes import START, quiet_then_surge

pytestmark = pytest.mark.slow


def _has_finance_commands() -> bool:
    return "finance" in {g.name for g in app.registered_groups}


def _write_stocknet(folder: Path) -> tuple[Path, Path]:
    tweets, prices = folder / "tweets.csv.gz", folder / "prices.csv.gz"
    with gzip.open(tweets, "wt", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["date", "created_at", "ticker", "tweet_id", "text"])
        for i, post in enumerate(quiet_then_surge("AAPL")):
            created = f"{post.day:%a %b %d} 15:{i % 60:02d}:00 +0000 {post.day:%Y}"
            text = post.text.replace("shares fell on weak guidance", "profits fell sharply weak")
            writer.writerow([post.day.isoformat(), created, post.ticker, str(i), text])
    with gzip.open(prices, "wt", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["ticker", "date", "open", "high", "low", "close", "adj_close", "volume"])
        for offset in range(30):
            day = START + timedelta(days=offset)
            close = 100.0 + (offset % 2) - (10.0 if offset >= 21 else 0.0)
            writer.writerow(["AAPL", day.isoformat(), close, close, close, close, close, 1000])
    return tweets, prices


def test_monitor_then_eval_from_the_command_line(
    tiny_head: tuple[Settings, Path], tmp_path: Path
) -> None:
    if not _has_finance_commands():
        pytest.skip("the finance commands come from the installed entry point (make setup)")
    settings, _ = tiny_head
    tweets, prices = _write_stocknet(tmp_path)
    env = {
        "COLUMNS": "200",
        "INSTRUX_PLUGINS": "finance",
        "INSTRUX_DISABLE_BUILTINS": "semantic",
        "INSTRUX_CACHE_DIR": str(settings.cache_dir),
    }
    runner = CliRunner(env=env)
    out = tmp_path / "run"
    monitored = runner.invoke(
        app,
        [
            "finance",
            "monitor",
            "--tweets",
            str(tweets),
            "--prices",
            str(prices),
            "--out",
            str(out),
            "--plot",
            str(out / "plots"),
            "--artifact",
            str(head_dir(settings)),
            "--no-progress",
        ],
    )
    assert monitored.exit_code == 0, monitored.output
    printed = [Alert.model_validate_json(line) for line in monitored.stdout.splitlines()]
    written = [
        Alert.model_validate_json(line) for line in (out / "alerts.jsonl").read_text().splitlines()
    ]
    assert printed == written
    summary = json.loads((out / "summary.json").read_text())
    assert summary["posts"] == 48 and summary["alerts"] == len(written)
    assert sorted(p.name for p in (out / "plots").glob("*.png")) == sorted(
        {f"{a.ticker}.png" for a in written}
    )
    evaluated = runner.invoke(
        app, ["finance", "eval", "--from", str(out), "--prices", str(prices), "--json"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    report = json.loads(evaluated.stdout)
    assert report["alerts"]["base_rate"]["n"] == 21
    assert report["alerts"]["negative_alerts"]["n"] == len(written)
    assert set(report["updown_test"]) >= {"accuracy_sign", "published_stocknet"}


def test_eval_with_nothing_to_evaluate_says_what_to_give() -> None:
    if not _has_finance_commands():
        pytest.skip("the finance commands come from the installed entry point (make setup)")
    result = CliRunner(env={"INSTRUX_PLUGINS": "finance"}).invoke(app, ["finance", "eval"])
    assert result.exit_code == 10
    assert "--from DIR" in result.output


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_monitor_listens_for_posts_and_ctrl_c_ends_the_stream(
    tiny_head: tuple[Settings, Path], tmp_path: Path
) -> None:
    """The real process: posts over HTTP, then SIGINT judges the open days and writes --out."""
    import os
    import signal
    import subprocess
    import sys
    import time

    httpx = pytest.importorskip("httpx", reason="needs httpx (the 'dev' extra)")
    if not _has_finance_commands():
        pytest.skip("the finance commands come from the installed entry point (make setup)")
    settings, _ = tiny_head
    port, out = _free_port(), tmp_path / "run"
    env = {
        **os.environ,
        "INSTRUX_PLUGINS": "finance",
        "INSTRUX_DISABLE_BUILTINS": "semantic",
        "INSTRUX_CACHE_DIR": str(settings.cache_dir),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    command = [sys.executable, "-m", "instrux.cli.main", "finance", "monitor"]
    command += ["--listen", str(port), "--out", str(out), "--alerts", str(tmp_path / "a.jsonl")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.2)
        posts = [
            {"text": p.text, "ticker": p.ticker, "date": p.day.isoformat()}
            for p in quiet_then_surge()
        ]
        sent = httpx.post(url + "/v1/finance/posts", json={"posts": posts}, timeout=30)
        assert sent.status_code == 200, sent.text
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, stderr.decode()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["posts"] == 48 and summary["ticker_days"] == 21  # the last day judged too
    written = (out / "alerts.jsonl").read_text()
    assert (tmp_path / "a.jsonl").read_text() == written
    assert stdout.decode() == written  # alerts as JSON lines on stdout, as when replaying
