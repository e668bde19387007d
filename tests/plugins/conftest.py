"""Shared set-up for the plugin tests: engines start from a known environment."""

from __future__ import annotations

import pytest

# Read by every Engine at start-up; a developer's shell must not change what these tests see.
ENGINE_ENV = (
    "INSTRUX_PLUGINS",
    "INSTRUX_DISABLE_BUILTINS",
    "INSTRUX_TRACE",
    "INSTRUX_EXECUTOR_KIND",
)


@pytest.fixture(autouse=True)
def clean_engine_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENGINE_ENV:
        monkeypatch.delenv(name, raising=False)
