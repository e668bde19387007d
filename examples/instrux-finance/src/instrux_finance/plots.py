"""``--plot DIR``: one PNG per alerted ticker: daily negative share, close price, alerts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from instrux_finance.monitor import Alert, DailyRow

__all__ = ["plot_alerts"]


def plot_alerts(
    daily: Sequence[DailyRow], alerts: Sequence[Alert], prices: Any, out: Path
) -> list[Path]:
    """Write ``out/TICKER.png`` for every ticker with an alert; returns the files."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ticker in sorted({a.ticker for a in alerts}):
        rows = [r for r in daily if r.ticker == ticker]
        days: Any = [r.day for r in rows]  # matplotlib plots dates; its stubs say floats
        fig, share_axis = plt.subplots(figsize=(11, 4))
        share_axis.plot(
            days,
            [r.negative_share for r in rows],
            color="tab:red",
            lw=0.8,
            label="negative share (daily)",
        )
        share_axis.set_ylabel("negative share of tweets")
        share_axis.set_ylim(0, 1)
        marked = [a for a in alerts if a.ticker == ticker]
        marked_days: Any = [a.day for a in marked]
        share_axis.scatter(
            marked_days,
            [a.negative_share for a in marked],
            marker="v",
            s=60,
            color="black",
            zorder=3,
            label="alert",
        )
        if prices is not None and len(days):
            own = prices[
                (prices["ticker"] == ticker)
                & (prices["day"] >= min(days))
                & (prices["day"] <= max(days))
            ]
            price_axis = share_axis.twinx()
            price_axis.plot(list(own["day"]), list(own["adj_close"]), color="tab:blue", lw=1.0)
            price_axis.set_ylabel("adjusted close", color="tab:blue")
        share_axis.set_title(
            f"{ticker}: negative share of tweets, close price, {len(marked)} alert(s)"
        )
        share_axis.legend(loc="upper left")
        fig.autofmt_xdate()
        path = out / f"{ticker}.png"
        fig.savefig(path, dpi=90, bbox_inches="tight")
        plt.close(fig)
        written.append(path)
    return written
