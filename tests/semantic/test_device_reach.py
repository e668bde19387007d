"""``instrux --device cpu`` reaches every ONNX Runtime session: arithmetic nets and encoder."""

from __future__ import annotations

import json
from typing import Any

import onnxruntime
import pytest
from typer.testing import CliRunner

from instrux.cli.main import app
from instrux.runtime.loaded import forget


@pytest.mark.slow
def test_device_option_reaches_every_session(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[tuple[str, list[str]]] = []
    real = onnxruntime.InferenceSession

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, path: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(path, *args, **kwargs)
            created.append((str(path), list(kwargs.get("providers") or [])))

    forget()  # models loaded by earlier tests (sessions, encoders) would hide the creation
    monkeypatch.setattr(onnxruntime, "InferenceSession", Recording)
    monkeypatch.setenv("INSTRUX_DEVICE", "cuda")  # the option must win over the variable
    runner = CliRunner()
    texts = ["add 123456 and 654321", "could you tell me what 3 and 5 add up to"]
    for text in texts:
        result = runner.invoke(app, ["--device", "cpu", "run", text, "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["value"] in (777777, 8)
    forget()
    kinds = {"encoder" if "encoder" in path else "arithmetic" for path, _ in created}
    assert kinds == {"encoder", "arithmetic"}
    assert all(providers == ["CPUExecutionProvider"] for _, providers in created), created
