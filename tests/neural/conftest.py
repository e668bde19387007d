"""Fixtures for the neural executor tests: clean environment, copies of the shipped artifacts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from instrux import Engine
from instrux.arithmetic.plugin import artifacts_root

SHIPPED = artifacts_root()
ENV_VARS = (
    "INSTRUX_EXECUTOR_KIND",
    "INSTRUX_DISABLE_BUILTINS",
    "INSTRUX_ARITHMETIC_ARTIFACTS",
    "INSTRUX_DEVICE",
    "INSTRUX_ORT_THREADS",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("INSTRUX_PLUGINS", "")  # no third-party plugins
    yield


@pytest.fixture(scope="module")
def onnx_engine() -> Engine:
    """Built-ins only; the ONNX executors are the default for math.*."""
    return Engine(load_entry_points=False, prefer_executor_kind="onnx")


@pytest.fixture(scope="module")
def reference_engine() -> Engine:
    """Built-ins only, exact Python executors preferred."""
    return Engine(load_entry_points=False, prefer_executor_kind="python")


@pytest.fixture
def artifacts_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped arithmetic artifacts, safe to damage."""
    target = tmp_path / "arithmetic"
    shutil.copytree(SHIPPED, target)
    return target
