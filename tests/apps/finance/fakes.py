"""Stand-ins for the finance tests: a keyword scorer instead of the head, and a made-up
stream, a local webhook receiver (imported by the test modules after they checked that the
package is installed)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

from instrux_finance.sentiment import Scored
from instrux_finance.stream import Post

NEGATIVE_WORDS = ("fell", "loss", "weak", "down", "lawsuit")
POSITIVE_WORDS = ("rose", "gain", "strong", "up")


def keyword_score(texts: list[str]) -> list[Scored]:
    """A stand-in for the head: negative / positive by keyword, else neutral."""
    scored = []
    for text in texts:
        words = set(text.lower().split())
        if words & set(NEGATIVE_WORDS):
            scores = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
        elif words & set(POSITIVE_WORDS):
            scores = {"negative": 0.05, "neutral": 0.15, "positive": 0.8}
        else:
            scores = {"negative": 0.1, "neutral": 0.8, "positive": 0.1}
        label = max(scores, key=scores.__getitem__)
        scored.append(Scored(label, scores[label], scores))
    return scored


START = date(2015, 3, 2)  # a Monday


def quiet_then_surge(ticker: str = "AAPL", quiet_days: int = 20, surge_day: int = 20) -> list[Post]:
    """Two neutral posts a day for ``quiet_days`` days, then one day of 8 negative posts."""
    posts = []
    for offset in range(quiet_days):
        day = START + timedelta(days=offset)
        posts += [
            Post(day, ticker, f"{ticker} news item {offset} {i}", f"{offset}-{i}") for i in range(2)
        ]
    day = START + timedelta(days=surge_day)
    posts += [Post(day, ticker, f"shares fell on weak guidance {i}", f"s-{i}") for i in range(8)]
    return posts


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """A local HTTP server that keeps the JSON body of every POST: ``(url, bodies)``."""
    received: list[dict[str, object]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/alerts", received
    finally:
        server.shutdown()
