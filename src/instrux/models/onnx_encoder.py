"""An ONNX graph that reads token ids: a sentence encoder, or an encoder with a head on top.

The graph takes ``input_ids`` and ``attention_mask`` (int64, ``(batch, tokens)``) and returns
``embeddings`` (mean-pooled, L2-normalised, ``(batch, dim)``) first, then whatever a head adds
(``logits``). Tokenization uses the ``tokenizers`` library (no transformers, no torch); the
session comes from :func:`instrux.runtime.onnx.make_session` with the caller's device and
threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from instrux.models.tokenize import load_tokenizer, tokenize
from instrux.runtime.artifacts import EncoderRecord, GraphLayout, check_encoder
from instrux.runtime.onnx import make_session
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    from instrux.models.encoder import Encoder

__all__ = ["EncoderWithHead", "OnnxEncoder", "graph_runner"]

FloatArray = npt.NDArray[np.float32]
# Texts tokenized at once by :meth:`OnnxEncoder.run_batched`, in batches: enough to sort well,
# small enough that the padded id arrays stay a few MB.
WINDOW_BATCHES = 32


class OnnxEncoder:
    """Texts -> every output of one graph; :meth:`encode` gives the embeddings. Thread-safe.

    :param name: the model this graph is (or was built on), for artifacts' encoder records.
    :param fingerprint: computes the fingerprint of the model's files, on demand (it hashes
        them); ``None``: unknown.
    :param cache_dir: where :func:`instrux.models.vectors.cached_vectors` caches vectors made
        with this encoder (``None``: not cached).
    """

    def __init__(
        self,
        graph: Path,
        tokenizer_file: Path,
        *,
        name: str = "graph",
        fingerprint: Callable[[], str] | None = None,
        max_tokens: int | None = None,
        threads: int = 1,
        device: str = "auto",
        cache_dir: Path | None = None,
    ) -> None:
        self.graph = graph
        self.name = name
        self.key = graph.stem  # names the model and variant, for caches of its vectors
        self.cache_dir = cache_dir
        self._fingerprint = fingerprint
        self._words: frozenset[str] | None = None
        self._tokenizer = (
            load_tokenizer(tokenizer_file, max_tokens)
            if max_tokens
            else load_tokenizer(tokenizer_file)
        )
        self._session = make_session(graph, device=device, threads=threads)
        self.providers: tuple[str, ...] = tuple(self._session.get_providers())
        self.outputs = [o.name for o in self._session.get_outputs()]
        self.dim = int(self._session.get_outputs()[0].shape[1])

    def record(self) -> EncoderRecord:
        return EncoderRecord(self.name, self._fingerprint() if self._fingerprint else None)

    def vocabulary(self) -> frozenset[str]:
        """The tokenizer's whole-word tokens, lower-case (real words; not ``##`` pieces).

        Computed once: the semantic tier asks it whether an unknown word is a typo.
        """
        if self._words is None:
            self._words = frozenset(
                token.lower() for token in self._tokenizer.get_vocab() if token.isalpha()
            )
        return self._words

    def run(self, texts: Sequence[str]) -> list[Any]:
        """Every graph output for one batch (embeddings, and logits when it has a head)."""
        ids, mask = tokenize(self._tokenizer, texts)
        return list(self._session.run(None, {"input_ids": ids, "attention_mask": mask}))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        """Embeddings in input order; batches group texts of similar length (less padding)."""
        embeddings: FloatArray = self.run_batched(texts, batch_size)[0]
        return embeddings

    def run_batched(self, texts: Sequence[str], batch_size: int = 32) -> list[Any]:
        """:meth:`run` over many texts, batched by token count, outputs in input order.

        Batches group texts of the same number of word pieces, so little of a batch is padding.
        Sorting by characters is not enough: on StockNet's tweets (cashtags, emojis) 41 % of a
        character-sorted batch was padding, 7 % of one sorted by token count, which ran 1.7-1.9x
        faster (docs/finance.md). Texts are tokenized once, in windows of ``WINDOW_BATCHES``
        batches taken in character order (a window holds texts of similar length), and sorted
        by token count within each window.
        """
        if not texts:
            return [np.zeros((0, self.dim), dtype=np.float32)]
        by_chars = np.argsort([len(t) for t in texts], kind="stable")
        window = batch_size * WINDOW_BATCHES
        parts: list[list[Any]] = []
        order: list[Any] = []
        for start in range(0, len(texts), window):
            rows = by_chars[start : start + window]
            ids, mask = tokenize(self._tokenizer, [texts[i] for i in rows])
            lengths = mask.sum(axis=1)
            by_tokens = np.argsort(lengths, kind="stable")
            for first in range(0, len(rows), batch_size):
                batch = by_tokens[first : first + batch_size]
                width = int(lengths[batch].max())
                feeds = {"input_ids": ids[batch, :width], "attention_mask": mask[batch, :width]}
                parts.append(list(self._session.run(None, feeds)))
                order.append(rows[batch])
        merged = [np.concatenate([p[k] for p in parts]) for k in range(len(parts[0]))]
        positions = np.concatenate(order)
        inverse = np.empty_like(positions)
        inverse[positions] = np.arange(len(positions))
        return [m[inverse] for m in merged]


class EncoderWithHead:
    """A head graph on a sentence encoder's vectors: texts -> ``[embeddings, logits]``.

    The artifacts of heads and routers on an encoder that cannot be exported with its head
    (the numpy USE encoder) hold the head alone, as a graph that reads ``embeddings``
    ``(batch, dim)``; this runs the named encoder, then that graph, and answers like an
    :class:`OnnxEncoder` whose graph has a head. Thread-safe.
    """

    def __init__(
        self, encoder: Encoder, head_graph: Path, *, threads: int = 1, device: str = "auto"
    ) -> None:
        self.encoder = encoder
        self.graph = head_graph
        self.name = encoder.name
        self.key = encoder.key
        self.dim = encoder.dim
        self.cache_dir = encoder.cache_dir
        self._session = make_session(head_graph, device=device, threads=threads)
        self.providers: tuple[str, ...] = tuple(self._session.get_providers())
        self.outputs = ["embeddings", *(o.name for o in self._session.get_outputs())]

    def record(self) -> EncoderRecord:
        return self.encoder.record()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        return self.encoder.encode(texts, batch_size)

    def run(self, texts: Sequence[str]) -> list[Any]:
        return self.run_batched(texts)

    def run_batched(self, texts: Sequence[str], batch_size: int = 32) -> list[Any]:
        embeddings = self.encoder.encode(texts, batch_size)  # (n, dim)
        if not len(embeddings):
            return [embeddings, np.zeros((0, 0), dtype=np.float32)]
        return [embeddings, *self._session.run(None, {"embeddings": embeddings})]


def graph_runner(
    graph: Path,
    layout: GraphLayout,
    *,
    built_on: EncoderRecord,
    tokenizer: Path | None = None,
    encoder: Encoder | None = None,
    artifact: Path | None = None,
    kind: str = "Artifact",
    threads: int = 1,
    device: str = "auto",
) -> OnnxEncoder | EncoderWithHead:
    """Texts -> ``[embeddings, logits]`` through a head's or a router's graph.

    A ``pipeline`` graph reads token ids (``tokenizer``); a ``head`` graph reads the vectors of
    ``encoder``, which must be the one it was ``built_on`` (checked: a head on another
    encoder's vectors would answer confidently and wrongly).

    :param artifact: the artifact directory, and ``kind`` what it is (``"Head"``), for errors
        (default: the graph's folder).
    :raises ConfigurationError: a ``head`` graph without its encoder.
    :raises EncoderMismatchError: ``encoder`` is not the one it was built on.
    """
    if layout == "pipeline":
        assert tokenizer is not None, "a pipeline graph needs its tokenizer"
        return OnnxEncoder(graph, tokenizer, name=built_on.name, threads=threads, device=device)
    where = artifact if artifact is not None else graph.parent
    if encoder is None:
        raise ConfigurationError(
            f"{kind} {where} runs on the vectors of encoder {built_on.name!r}, which was not "
            "given.",
            hint="Load it through an engine, which loads the encoder it names.",
        )
    check_encoder(where, built_on, encoder.record())
    return EncoderWithHead(encoder, graph, threads=threads, device=device)
