"""Each infrastructure concern has exactly one implementation (counted in the source).

The model layer once had 4 training loops, 3 ONNX exports, 3 int8 quantizers, 3 artifact
writers, 5 model caches and 2 device policies (issue 18); this test keeps them at one each.
A row names what is counted, the source text that marks it, and the one module allowed to
contain it. Adding a second implementation fails here: extend the first instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "instrux"

# concern -> (a regular expression for its implementation, the modules allowed to hold it)
ONE_PLACE: dict[str, tuple[str, set[str]]] = {
    "export from torch": (r"torch\.onnx\.export\(", {"runtime/export.py"}),
    "int8 quantizer": (r"quantize_dynamic\(", {"runtime/quantize.py"}),
    "ONNX Runtime session": (r"InferenceSession\(", {"runtime/onnx.py"}),
    "device policy": (
        r"get_available_providers\(|def genai_provider\(|def select_providers\(",
        {"runtime/device.py"},
    ),
    "parity check": (r"def check_parity\(", {"runtime/parity.py"}),
    "artifact writer": (r"def write_artifact\(|def write_manifest\(", {"runtime/artifacts.py"}),
    "atomic directory": (r"mkdtemp\(", {"runtime/artifacts.py"}),
    "model cache": (r"def loaded\(", {"runtime/loaded.py"}),
    "training loop": (r"\.backward\(\)|optimizer\.step\(\)", {"train/loop.py"}),
    "validation splitter": (r"def with_val\(", {"train/data.py"}),
    "classification metrics": (r"def classification_metrics\(", {"train/metrics.py"}),
    "progress reporter": (r"class Watcher\b", {"train/progress.py"}),
    "softmax": (r"def _?softmax\(", {"runtime/numeric.py"}),
    "tokenizer loading": (r"Tokenizer\.from_file\(", {"models/tokenize.py"}),
    "--json option": (r'"--json"', {"plugins/commands.py"}),
    "HTTP server": (r"uvicorn\.(run|Server)\(|http\.server", {"serve/server.py"}),
}
# Process-wide caches of loaded models would be module-level dicts keyed by paths or settings.
MODULE_CACHE = re.compile(r"^_\w+: dict\[tuple\[", re.MULTILINE)
# Memos of computed numbers, not of loaded models (with the reason they may stay).
MEMOS = {"llm/prompts.py": "content-free label priors per prompt, bounded"}


def _sources() -> dict[str, str]:
    return {
        str(path.relative_to(SRC)): path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")
    }


@pytest.mark.parametrize("concern", sorted(ONE_PLACE))
def test_one_implementation(concern: str) -> None:
    pattern, allowed = ONE_PLACE[concern]
    found = {name for name, text in _sources().items() if re.search(pattern, text)}
    assert found == allowed, f"{concern}: {sorted(found)}"


def test_no_module_keeps_its_own_model_cache() -> None:
    found = sorted(name for name, text in _sources().items() if MODULE_CACHE.search(text))
    assert set(found) - set(MEMOS) == set()
