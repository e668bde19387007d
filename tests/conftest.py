"""Shared test fixtures: one engine per session (engines are read-only after start-up)."""

from __future__ import annotations

from pathlib import Path

import pytest

from instrux import Engine

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The default engine with built-ins only (no third-party entry points)."""
    return Engine(load_entry_points=False)


@pytest.fixture(scope="session")
def python_engine() -> Engine:
    """Built-ins only, exact Python reference executors preferred."""
    return Engine(load_entry_points=False, prefer_executor_kind="python")
