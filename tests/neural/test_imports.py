"""The inference path stays light: no torch ever, onnxruntime only once arithmetic runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
stages = {}
import instrux
stages["import"] = sorted(m for m in ("torch", "onnxruntime", "numpy") if m in sys.modules)
engine = instrux.Engine(load_entry_points=False)
stages["engine"] = sorted(m for m in ("torch", "onnxruntime") if m in sys.modules)
result = engine.run("add 123456 and 654321")
stages["run"] = sorted(m for m in ("torch", "onnxruntime") if m in sys.modules)
stages["value"] = [result.value, result.executor]
print(json.dumps(stages))
"""


def test_import_engine_and_run_never_import_torch() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUX_")}
    env["INSTRUX_PLUGINS"] = ""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    )
    stages = json.loads(done.stdout.strip().splitlines()[-1])
    assert stages["import"] == []
    assert "torch" not in stages["engine"] and "onnxruntime" not in stages["engine"]
    assert stages["run"] == ["onnxruntime"]
    assert stages["value"] == [777777, "math.add.onnx"]
