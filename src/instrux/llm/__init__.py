"""Prompt executors (the ``llm`` executor kind) and the LLM router tier.

- :func:`prompt_instruction` declares an instruction run by a prompt: zero-shot from a
  template or few-shot from examples; labels by label scoring with the prefix cache reused,
  structured outputs by JSON-schema-constrained generation validated by pydantic.
- Backends (:mod:`instrux.llm.backend`): onnxruntime-genai (default, no torch),
  transformers + torch (reference), any OpenAI-compatible endpoint.
- :mod:`instrux.llm.build`: ``instrux llm setup`` builds SmolLM2-135M-Instruct, offline, into
  the cache directory.
- :mod:`instrux.llm.router`: the opt-in last tier of the cascade, which declines unless the
  instruction it chose and every argument it filled check out against the text.

Nothing heavy is imported here: onnxruntime-genai, torch and transformers load on first use.
"""

from instrux.llm.backend import Backend, Generation, Scores, default_model_dir, open_backend
from instrux.llm.instruction import BoundPrompt, PromptInstruction, get_backend, prompt_instruction
from instrux.llm.prompts import Example, PromptOutputError, PromptSpec, run_prompt

__all__ = [
    "Backend",
    "BoundPrompt",
    "Example",
    "Generation",
    "PromptInstruction",
    "PromptOutputError",
    "PromptSpec",
    "Scores",
    "default_model_dir",
    "get_backend",
    "open_backend",
    "prompt_instruction",
    "run_prompt",
]
