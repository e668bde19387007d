"""What a prompt executor needs from a language model, whatever runs it.

A :class:`Backend` does two things (local backends, :class:`TokenBackend`, do them on token
ids, each part encoded on its own and the ids concatenated, never the joined string: BPE
splits ``"\\n\\n" + "Review"`` differently from ``"\\n\\nReview"``, and the cached and
recomputed paths must see the same tokens):

- ``score``: the summed log-probability of each option's tokens after ``prefix + item``, with
  the prefix's key/value cache reused across calls (few-shot label scoring);
- ``generate``: greedy tokens after a prompt, optionally constrained by a JSON schema, within a
  token budget and a deadline.

Backends: :mod:`instrux.llm.genai` (onnxruntime-genai, the default), :mod:`instrux.llm.hf`
(transformers + torch, the reference) and :mod:`instrux.llm.http` (an OpenAI-compatible
endpoint). :func:`open_backend` picks one from the settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from instrux.schemas.errors import ConfigurationError, InvalidInputError

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = [
    "BUILD_HINT",
    "Backend",
    "Generation",
    "Scores",
    "TokenBackend",
    "default_model_dir",
    "model_dir",
    "open_backend",
]

BUILD_HINT = "Run `instrux llm setup` once (it builds SmolLM2-135M-Instruct into the cache)."
DEFAULT_MODEL = "smollm2-135m-instruct"


@dataclass(frozen=True, slots=True)
class Generation:
    """Generated text and what it cost."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    stopped: str  # "eos", "budget" (token budget reached) or "deadline"


@dataclass(frozen=True, slots=True)
class Scores:
    """Summed log-probabilities of some options, and the tokens it took."""

    logprobs: list[float]
    prompt_tokens: int
    cached_tokens: int  # of the prompt, served from the prefix cache
    option_tokens: int
    exact: bool = True  # False: the backend only said which option it picks (HTTP)


class Backend(Protocol):
    """A language model on some runtime (see the module docstring)."""

    name: str  # "onnxruntime-genai", "transformers", "openai"
    model: str  # a readable model name (directory name or endpoint model)

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        """Log-probability of each option after ``prefix + item`` (the prefix cache reused)."""
        ...

    def generate(
        self,
        prompt: str,
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        """Greedy continuation of ``prompt``; ``deadline`` is a ``time.monotonic()`` value."""
        ...


class TokenBackend(ABC):
    """A local model: the text methods of :class:`Backend` on top of token-id methods.

    Each part is encoded on its own and the ids are concatenated, so the cached prefix is
    exactly the tokens the recomputed path would see.
    """

    name: str
    model: str
    # Prompts longer than this many tokens are refused before the model runs (None: the
    # model's context is the only bound). open_backend sets Settings.llm_max_input_tokens.
    max_input_tokens: int | None = None

    def check_length(self, tokens: int) -> None:
        """``InvalidInputError`` (reason ``too_many_tokens``, HTTP 413) over the cap."""
        if self.max_input_tokens is not None and tokens > self.max_input_tokens:
            raise InvalidInputError(
                f"The prompt has {tokens} tokens; this model takes at most "
                f"{self.max_input_tokens} per call.",
                hint="Send a shorter text (about 4 characters make one token).",
                reason="too_many_tokens",
            )

    @abstractmethod
    def encode(self, text: str) -> list[int]: ...

    @abstractmethod
    def decode(self, ids: Sequence[int]) -> str: ...

    @abstractmethod
    def score_ids(
        self, prefix: Sequence[int], item: Sequence[int], options: Sequence[Sequence[int]]
    ) -> list[float]:
        """Sum of log-probabilities of each option's tokens after ``prefix + item``."""

    @abstractmethod
    def generate_ids(
        self,
        prompt: Sequence[int],
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation: ...

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        prefix_ids = self.encode(prefix) if prefix else []
        item_ids = self.encode(item)
        self.check_length(len(prefix_ids) + len(item_ids))
        option_ids = [self.encode(option) for option in options]
        logprobs = self.score_ids(prefix_ids, item_ids, option_ids)
        return Scores(logprobs, len(prefix_ids) + len(item_ids), len(prefix_ids),
                      sum(len(o) for o in option_ids))  # fmt: skip

    def generate(
        self,
        prompt: str,
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        ids = self.encode(prompt)
        self.check_length(len(ids))
        return self.generate_ids(ids, max_new_tokens=max_new_tokens, json_schema=json_schema,
                                 deadline=deadline)  # fmt: skip


def default_model_dir(cache_dir: Path, precision: str = "int8") -> Path:
    """Where ``instrux llm setup`` puts the onnxruntime-genai model."""
    return Path(cache_dir) / "llm" / f"{DEFAULT_MODEL}-{precision}"


def model_dir(settings: Settings) -> Path:
    """The model directory of the settings; a clear error when it was never built.

    The default is the int8 onnxruntime-genai build, or for the transformers backend the
    transformers folder that the same build wrote on its way (``...-hf``).
    """
    precision = "hf" if settings.llm_backend == "transformers" else "int8"
    path = settings.llm_model or default_model_dir(settings.cache_dir, precision)
    if not (path / "genai_config.json").is_file() and not (path / "config.json").is_file():
        raise ConfigurationError(
            f"No language model at {path}.",
            hint=BUILD_HINT + " Or point INSTRUX_LLM_MODEL at a model directory.",
            details={"model": str(path)},
        )
    return path


def open_backend(settings: Settings) -> Backend:
    """The backend the settings name (``Settings.llm_backend``), with its model loaded in
    this process (:func:`instrux.llm.instruction.get_backend` decides which process)."""
    if settings.llm_backend == "openai":
        from instrux.llm.http import HttpBackend

        return HttpBackend.from_settings(settings)
    path = model_dir(settings)
    local: TokenBackend
    if settings.llm_backend == "transformers":
        from instrux.llm.hf import TransformersBackend

        local = TransformersBackend.load(path)
    else:
        from instrux.llm.genai import GenaiBackend

        local = GenaiBackend.load(path, device=settings.device, threads=settings.ort_threads)
    local.max_input_tokens = settings.llm_max_input_tokens
    return local


def log_softmax(row: Any) -> Any:
    """Log-probabilities of one row of logits (numpy, float64 for stable sums)."""
    import numpy as np

    row = np.asarray(row, dtype=np.float64)
    shifted = row - row.max()
    return shifted - np.log(np.exp(shifted).sum())
