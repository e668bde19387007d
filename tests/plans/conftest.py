"""Engines for the plan tests: templates only (fast, exact), Python executors (exact values)."""

from __future__ import annotations

import pytest

from instrux import Engine


@pytest.fixture(scope="session")
def exact() -> Engine:
    """Built-ins without the semantic tier, exact Python executors."""
    return Engine(load_entry_points=False, disable_builtins=["semantic"],
                  prefer_executor_kind="python")  # fmt: skip
