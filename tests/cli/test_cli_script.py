"""The installed console script, run as a real process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _instrux() -> list[str]:
    """The ``instrux`` script beside this interpreter (or on PATH), else ``python -m``."""
    beside = Path(sys.executable).with_name("instrux")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("instrux")
    return [found] if found else [sys.executable, "-m", "instrux.cli.main"]


def _run(command: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "command", [_instrux(), [sys.executable, "-m", "instrux.cli.main"]], ids=["script", "module"]
)
def test_run_prints_the_value(command: list[str]) -> None:
    done = _run(command, "run", "what is 3 plus 5")
    assert (done.returncode, done.stdout) == (0, "8\n"), done.stderr


def test_no_match_exits_3_without_traceback() -> None:
    done = _run(_instrux(), "run", "book a table for two")
    assert done.returncode == 3
    assert done.stdout == ""
    assert "No instruction matched 'book a table for two'" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_lists_the_commands() -> None:
    done = _run(_instrux(), "--help")
    assert done.returncode == 0
    for command in ("run", "parse", "list", "show", "plugins"):
        assert command in done.stdout
