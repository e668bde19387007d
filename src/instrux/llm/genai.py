"""The onnxruntime-genai backend: the default runtime of prompt executors (no torch).

Label scoring keeps one generator per few-shot prefix with the prefix's key/value cache
filled: each item is ``rewind_to(len(prefix))`` then ``append_tokens(item)``, each option is
``rewind_to(len(prefix + item))`` then ``append_tokens(option)``. Only the item's and the
options' tokens are computed again (87 ms instead of 587 ms per 8-shot SST-2 sentence in
../shared/MEASURED.md). Generation is greedy; a JSON schema is enforced with
``GeneratorParams.set_guidance("json_schema", ...)`` (an unconstrained 135M model almost never
writes valid JSON).

One thread by default (``Settings.ort_threads``; 2 threads were slower than 1 on a busy
2-core machine); ``device="cuda"`` (or ``auto`` with onnxruntime-genai-cuda installed) runs
on the GPU when the model was built with ``-e cuda``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from instrux.llm.backend import Generation, TokenBackend, log_softmax
from instrux.runtime.device import genai_provider
from instrux.schemas.errors import ConfigurationError

__all__ = ["GenaiBackend"]

NAME = "onnxruntime-genai"
# Few-shot prefixes kept with their caches (one per prompt instruction, plus the router's).
MAX_CACHED_PREFIXES = 4
# Room after a cached prefix for one item and one option, in tokens. The key/value buffer is
# allocated for the generator's whole max_length and attention runs over it: a generator
# sized for the model's 8192-token context scored an SST-2 sentence ~6x slower.
SCORING_ROOM = 256


class GenaiBackend(TokenBackend):
    """A model directory written by the onnxruntime-genai builder (``genai_config.json``)."""

    name = NAME

    def __init__(self, model: Any, tokenizer: Any, path: Path) -> None:
        self._model = model
        self._tokenizer = tokenizer
        self.path = path
        self.model = path.name
        self._lock = threading.Lock()  # a generator is not thread-safe; scoring shares them
        self._prefixes: OrderedDict[tuple[int, ...], Any] = OrderedDict()
        self.context_length = _context_length(path)

    @classmethod
    def load(cls, path: Path, *, device: str = "auto", threads: int = 1) -> GenaiBackend:
        og = _import_genai()
        config = og.Config(str(path))
        _set_provider(config, device)
        _set_threads(path, config, threads)
        try:
            model = og.Model(config)
        except Exception as err:  # the library raises plain RuntimeErrors
            raise ConfigurationError(
                f"onnxruntime-genai could not load the model at {path}: {err}",
                hint="Rebuild it with `instrux llm setup --force`, or use --device cpu.",
                details={"model": str(path)},
            ) from err
        return cls(model, og.Tokenizer(model), Path(path))

    def encode(self, text: str) -> list[int]:
        return [int(i) for i in self._tokenizer.encode(text)]

    def decode(self, ids: Sequence[int]) -> str:
        import numpy as np

        return str(self._tokenizer.decode(np.asarray(list(ids), dtype=np.int32)))

    @property
    def eos_ids(self) -> frozenset[int]:
        return _eos_ids(self.path)

    # --- label scoring -----------------------------------------------------------------

    def score_ids(
        self, prefix: Sequence[int], item: Sequence[int], options: Sequence[Sequence[int]]
    ) -> list[float]:
        with self._lock:
            need = len(prefix) + len(item) + max((len(o) for o in options), default=0)
            if not prefix:  # nothing shared to cache: one fresh generator for this item
                generator = self._new_generator(self._capacity(need))
                generator.append_tokens(_ids(item))
                return self._options(generator, len(item), _last_row(generator), options)
            generator, last_logits = self._prefix_generator(tuple(prefix), need)
            base = len(prefix)
            if item:
                generator.rewind_to(base)
                generator.append_tokens(_ids(item))
                last_logits = _last_row(generator)
                base += len(item)
            return self._options(generator, base, last_logits, options)

    def _options(
        self, generator: Any, base: int, last_logits: Any, options: Sequence[Sequence[int]]
    ) -> list[float]:
        return [self._option_score(generator, base, last_logits, o) for o in options]

    def _option_score(
        self, generator: Any, base: int, first_logits: Any, option: Sequence[int]
    ) -> float:
        total = float(log_softmax(first_logits)[option[0]])
        if len(option) > 1:
            generator.rewind_to(base)
            generator.append_tokens(_ids(option[:-1]))
            rows = generator.get_output("logits")[0]  # (len(option) - 1, V)
            rows = rows[-(len(option) - 1) :]
            for row, token in zip(rows, option[1:], strict=True):
                total += float(log_softmax(row)[token])
        return total

    def _capacity(self, need: int) -> int:
        if need > self.context_length:
            raise ValueError(f"the prompt needs {need} tokens; the model takes "
                             f"{self.context_length}")  # fmt: skip
        return min(self.context_length, need + SCORING_ROOM)

    def _prefix_generator(self, prefix: tuple[int, ...], need: int) -> tuple[Any, Any]:
        cached = self._prefixes.get(prefix)
        if cached is not None and cached[2] >= need:
            self._prefixes.move_to_end(prefix)
            return cached[0], cached[1]
        capacity = self._capacity(need)
        generator = self._new_generator(capacity)
        generator.append_tokens(_ids(prefix))
        entry = (generator, _last_row(generator), capacity)
        self._prefixes[prefix] = entry
        while len(self._prefixes) > MAX_CACHED_PREFIXES:
            self._prefixes.popitem(last=False)
        return entry[0], entry[1]

    # --- generation --------------------------------------------------------------------

    def generate_ids(
        self,
        prompt: Sequence[int],
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        max_length = min(len(prompt) + max_new_tokens, self.context_length)
        with self._lock:
            generator = self._new_generator(max_length, json_schema)
            generator.append_tokens(_ids(prompt))
            tokens: list[int] = []
            stopped = "budget"
            while not generator.is_done():
                if deadline is not None and time.monotonic() > deadline:
                    stopped = "deadline"
                    break
                generator.generate_next_token()
                tokens.append(int(generator.get_next_tokens()[0]))
        eos = self.eos_ids
        if stopped != "deadline" and tokens and tokens[-1] in eos:
            stopped = "eos"
        kept = [t for t in tokens if t not in eos]
        return Generation(self.decode(kept), len(prompt), len(kept), stopped)

    def _new_generator(self, max_length: int, json_schema: dict[str, Any] | None = None) -> Any:
        og = _import_genai()
        params = og.GeneratorParams(self._model)
        params.set_search_options(max_length=max_length, do_sample=False)
        if json_schema is not None:
            # Compact JSON only: with flexible white space a small model can spend its whole
            # budget on "\t\r \t" between two tokens of the schema (seen on the test model).
            compact = {"x-guidance": {"whitespace_flexible": False}, **json_schema}
            params.set_guidance("json_schema", json.dumps(compact))
        return og.Generator(self._model, params)


def _import_genai() -> Any:
    try:
        import onnxruntime_genai as og  # type: ignore[import-untyped]
    except ImportError as err:
        raise ConfigurationError(
            "The onnxruntime-genai backend needs the onnxruntime-genai package.",
            hint='Install the "llm" extra: pip install "instrux[llm]".',
        ) from err
    return og


def _ids(tokens: Sequence[int]) -> Any:
    import numpy as np

    return np.asarray(list(tokens), dtype=np.int32)


def _last_row(generator: Any) -> Any:
    return generator.get_output("logits")[0][-1]  # (V,)


def _genai_config(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path / "genai_config.json").read_text(encoding="utf-8"))
    return data


def _context_length(path: Path) -> int:
    return int(_genai_config(path)["model"].get("context_length", 2048))


def _eos_ids(path: Path) -> frozenset[int]:
    eos = _genai_config(path)["model"].get("eos_token_id", [])
    return frozenset(eos if isinstance(eos, list) else [eos])


def _set_provider(config: Any, device: str) -> None:
    """The provider of the one device policy (:func:`instrux.runtime.device.genai_provider`)."""
    config.clear_providers()
    provider = genai_provider(device)
    if provider is not None:
        config.append_provider(provider)


def _set_threads(path: Path, config: Any, threads: int) -> None:
    """Intra-op threads of the session (the builder leaves it to onnxruntime: all cores)."""
    options = _genai_config(path)["model"]["decoder"].get("session_options", {})
    if options.get("intra_op_num_threads") == threads:
        return
    overlay = {"model": {"decoder": {"session_options": {"intra_op_num_threads": threads}}}}
    config.overlay(json.dumps(overlay))
