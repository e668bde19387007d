"""The monitor's output folder: ``daily.csv``, ``alerts.jsonl``, ``volume_alerts.jsonl``,
``summary.json``; written at the end of a replay, each file through a temporary sibling and a
rename, so a killed run never leaves a half-written table for ``instrux finance eval``."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from instrux import ConfigurationError
from instrux_finance.monitor import Alert, DailyRow

__all__ = ["read_alerts", "read_daily", "write_alerts", "write_daily", "write_summary"]

DAILY_COLUMNS = ("ticker", "day", "count", "negative", "positive", "polarity_sum")


@contextmanager
def _atomic(path: Path) -> Iterator[IO[str]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            yield file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_daily(path: Path, rows: Iterable[DailyRow]) -> None:
    with _atomic(path) as file:
        writer = csv.writer(file)
        writer.writerow(DAILY_COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    r.ticker,
                    r.day.isoformat(),
                    r.count,
                    r.negative,
                    r.positive,
                    f"{r.polarity_sum:.6f}",
                ]
            )


def read_daily(path: Path) -> list[DailyRow]:
    if not path.is_file():
        raise ConfigurationError(
            f"{path} does not exist.",
            hint="Give --from the --out folder of `instrux finance monitor`, or --tweets.",
        )
    with path.open(encoding="utf-8", newline="") as file:
        return [
            DailyRow(
                row["ticker"],
                date.fromisoformat(row["day"]),
                int(row["count"]),
                int(row["negative"]),
                int(row["positive"]),
                float(row["polarity_sum"]),
            )
            for row in csv.DictReader(file)
        ]


def write_alerts(path: Path, alerts: Sequence[Alert]) -> None:
    with _atomic(path) as file:
        for alert in alerts:
            file.write(alert.model_dump_json() + "\n")


def read_alerts(path: Path) -> list[Alert]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [Alert.model_validate_json(line) for line in lines if line.strip()]


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    with _atomic(path) as file:
        file.write(json.dumps(summary, indent=2, sort_keys=True, default=str) + "\n")
