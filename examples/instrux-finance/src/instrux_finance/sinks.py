"""Where alerts go: JSON lines on stdout, appended to a file, or POSTed to a local webhook.

A webhook must be on this machine (``http://localhost``, ``127.0.0.1`` or ``[::1]``): the
monitor sends tweets' text as evidence, and the issue asks for a local URL; a remote one is a
``ConfigurationError`` before anything is replayed. Each alert is one POST of its JSON
(``Content-Type: application/json``); a failed POST stops the monitor with the URL and the
reason, rather than silently dropping alerts.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO
from urllib.parse import urlparse

from instrux import ConfigurationError
from instrux_finance.monitor import Alert

__all__ = ["AlertSinks", "check_webhook"]

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_webhook(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or parsed.hostname not in LOCAL_HOSTS:
        raise ConfigurationError(
            f"The webhook {url!r} is not a local http(s) URL.",
            hint="Use http://localhost:PORT/PATH (or 127.0.0.1 / [::1]).",
        )
    return url


class AlertSinks:
    """Sends each alert to every configured sink; use as a context manager."""

    def __init__(
        self, *, stdout: bool = True, file: Path | None = None, webhook: str | None = None
    ) -> None:
        self.stdout = stdout
        self.path = file
        self.webhook = check_webhook(webhook) if webhook else None
        self._file: IO[str] | None = None
        self.sent = 0

    def __enter__(self) -> AlertSinks:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()

    def send(self, alert: Alert) -> None:
        line = alert.model_dump_json()
        if self.stdout:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        if self._file is not None:
            self._file.write(line + "\n")
            self._file.flush()
        if self.webhook is not None:
            _post(self.webhook, line)
        self.sent += 1


def _post(url: str, body: str) -> None:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url, data=body.encode("utf-8"), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except (urllib.error.URLError, OSError) as err:
        raise ConfigurationError(
            f"Posting an alert to {url} failed: {err}",
            hint="Start the receiver first, or leave --webhook out.",
        ) from None
