"""The Python examples of docs/llm.md run (on the tiny model) and their assertions hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "llm.md"


def test_python_examples_run(
    tiny_genai: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_LLM_MODEL", str(tiny_genai))
    monkeypatch.setenv("INSTRUX_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("INSTRUX_PLUGINS", "")
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert namespace["result"].value in ("positive", "negative")  # type: ignore[attr-defined]
