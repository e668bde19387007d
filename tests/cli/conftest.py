"""Fixtures for the CLI tests: a runner that invokes the real app in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner, Result

from instrux.cli.main import app

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The engine reads these; a developer's shell must not change what the tests see.
    # (The cache directory and thread count are kept: they change no output.)
    for name in ("EXECUTOR_KIND", "DISABLE_BUILTINS", "TRACE", "DEVICE", "MAX_TEXT_LENGTH",
                 "ARITHMETIC_ARTIFACTS", "SEMANTIC_ROUTER", "SEMANTIC_INT8"):  # fmt: skip
        monkeypatch.delenv(f"INSTRUX_{name}", raising=False)
    # Only built-ins: third-party plugins installed in the environment would change listings
    # and near misses (the console-script test still runs with whatever is installed).
    monkeypatch.setenv("INSTRUX_PLUGINS", "")
    yield


@pytest.fixture
def invoke() -> Invoke:
    """``invoke("run", "what is 3 plus 5", input=b"...")`` -> click's Result."""
    runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that table cells never wrap

    def _invoke(*args: str, input: bytes | str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return _invoke
