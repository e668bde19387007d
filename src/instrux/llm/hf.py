"""The transformers + torch backend: the reference the onnxruntime-genai backend is tested
against, and the runtime for models the onnxruntime-genai builder cannot export.

Scoring recomputes the whole sequence for every option (no cache tricks to get wrong: it is
the reference). Generation is greedy and *not* schema-constrained: structured outputs are
still validated by pydantic and retried once, but a small model rarely writes valid JSON
unconstrained, so use the onnxruntime-genai backend for them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from instrux.llm.backend import Generation, TokenBackend
from instrux.schemas.errors import ConfigurationError

__all__ = ["TransformersBackend"]


class TransformersBackend(TokenBackend):
    """A transformers model folder (``config.json`` + weights + tokenizer files)."""

    name = "transformers"

    def __init__(self, model: Any, tokenizer: Any, path: Path) -> None:
        self._model = model
        self._tokenizer = tokenizer
        self.path = path
        self.model = path.name

    @classmethod
    def load(cls, path: Path) -> TransformersBackend:
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as err:
            raise ConfigurationError(
                "The transformers backend needs torch and transformers.",
                hint='Install the "train" extra: pip install "instrux[train]".',
            ) from err
        model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32)
        model.eval()  # type: ignore[no-untyped-call]
        return cls(model, AutoTokenizer.from_pretrained(str(path)), Path(path))

    def encode(self, text: str) -> list[int]:
        return [int(i) for i in self._tokenizer.encode(text, add_special_tokens=False)]

    def decode(self, ids: Sequence[int]) -> str:
        return str(self._tokenizer.decode(list(ids), skip_special_tokens=True))

    def score_ids(
        self, prefix: Sequence[int], item: Sequence[int], options: Sequence[Sequence[int]]
    ) -> list[float]:
        import torch

        context = [*prefix, *item]
        scores = []
        with torch.inference_mode():
            for option in options:
                ids = torch.tensor([[*context, *option]])  # (1, T)
                logits = self._model(ids).logits[0].double()  # (T, V)
                log_probs = torch.log_softmax(logits[len(context) - 1 : -1], dim=-1)
                picked = log_probs[torch.arange(len(option)), torch.tensor(list(option))]
                scores.append(float(picked.sum()))
        return scores

    def generate_ids(
        self,
        prompt: Sequence[int],
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        import torch

        eos = self._tokenizer.eos_token_id
        ids = torch.tensor([list(prompt)])
        tokens: list[int] = []
        stopped = "budget"
        past = None
        with torch.inference_mode():
            step_input = ids
            for _ in range(max_new_tokens):
                if deadline is not None and time.monotonic() > deadline:
                    stopped = "deadline"
                    break
                out = self._model(step_input, past_key_values=past, use_cache=True)
                past = out.past_key_values
                token = int(out.logits[0, -1].argmax())
                if token == eos:
                    stopped = "eos"
                    break
                tokens.append(token)
                step_input = torch.tensor([[token]])
        return Generation(self.decode(tokens), len(prompt), len(tokens), stopped)
