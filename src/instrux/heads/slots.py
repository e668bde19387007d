"""Slot filling at inference: a BIO token-classification head on ONNX Runtime, no torch.

A slots artifact (``instrux train slots``, format ``instrux.slots/1``) holds one graph with two
outputs: ``intent_logits`` ``(batch, intents)`` and ``tag_logits`` ``(batch, tokens, tags)``
(the BertForTokenClassification pattern, joint with the intent as in Joint BERT). Text is
split into words (:data:`WORD`), words into word pieces; each word takes the tag of its first
piece, and B-/I- runs of one slot become a :class:`Span` of the original text.

:func:`fill_arguments` is what a router tier calls when its own extraction finds nothing: the
spans of a slots artifact that serves the instruction become its typed arguments (parsed
like template slots, :func:`instrux.parsing.slots.slot_for`), or ``None`` when any required
argument is missing or does not parse: never a guess.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from instrux.heads.artifact import SLOTS_FORMAT, HeadArtifact, find_heads, load_head, read_config
from instrux.parsing.slots import slot_for
from instrux.runtime.onnx import make_session
from instrux.schemas.instruction import InstructionSpec

__all__ = [
    "WORD",
    "SlotModel",
    "Span",
    "Tagged",
    "bio_spans",
    "fill_arguments",
    "slot_model_for",
    "split_words",
]

# Words as the JointBERT data splits them: runs of word characters (with inner ' . : -),
# or single punctuation marks.
WORD = re.compile(r"\w(?:[\w'’.:\-]*\w)?|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Span:
    slot: str
    text: str
    start: int  # character offsets in the original text
    end: int


@dataclass(frozen=True, slots=True)
class Tagged:
    intent: str
    intent_score: float
    words: list[str]
    tags: list[str]  # one BIO tag per word
    spans: list[Span]


def split_words(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` for every word of ``text``."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def bio_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(slot, first word, last word + 1)`` runs; a stray I-x starts a span (as seqeval)."""
    spans: list[tuple[str, int, int]] = []
    current: list[Any] | None = None
    for i, tag in enumerate(tags):
        kind, _, slot = tag.partition("-")
        if kind == "I" and current is not None and current[0] == slot:
            current[2] = i + 1
            continue
        if current is not None:
            spans.append((current[0], current[1], current[2]))
            current = None
        if kind in ("B", "I") and slot:
            current = [slot, i, i + 1]
    if current is not None:
        spans.append((current[0], current[1], current[2]))
    return spans


class SlotModel:
    """A slots artifact's graph: text -> intent + BIO tags + spans. Thread-safe."""

    def __init__(self, artifact: HeadArtifact, *, threads: int = 1, device: str = "auto") -> None:
        from instrux.semantic.tokenize import load_tokenizer

        self.artifact = artifact
        self.intents: list[str] = artifact.config["intents"]
        self.tags: list[str] = artifact.config["tags"]
        self.instructions: dict[str, str] = artifact.config.get("instructions", {})
        self._tokenizer = load_tokenizer(artifact.tokenizer, int(artifact.config["max_tokens"]))
        self._tokenizer.no_padding()
        self._session = make_session(artifact.graph, device=device, threads=threads)

    def tag_words(self, words: Sequence[str]) -> tuple[str, float, list[str]]:
        """``(intent, its probability, one tag per word)`` for pre-split words."""
        if not words:
            return self.intents[0], 0.0, []
        encoding = self._tokenizer.encode(list(words), is_pretokenized=True)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        intent_logits, tag_logits = self._session.run(
            None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        )
        probs = np.exp(intent_logits[0] - intent_logits[0].max())
        probs /= probs.sum()
        tags = ["O"] * len(words)
        seen: set[int] = set()
        for position, word in enumerate(encoding.word_ids):
            if word is not None and word not in seen:  # a word's first piece tags it
                seen.add(word)
                tags[word] = self.tags[int(tag_logits[0, position].argmax())]
        best = int(probs.argmax())
        return self.intents[best], float(probs[best]), tags

    def tag(self, text: str) -> Tagged:
        pieces = split_words(text)
        words = [w for w, _, _ in pieces]
        intent, score, tags = self.tag_words(words)
        spans = [
            Span(slot, text[pieces[a][1] : pieces[b - 1][2]], pieces[a][1], pieces[b - 1][2])
            for slot, a, b in bio_spans(tags)
        ]
        return Tagged(intent, score, words, tags, spans)


_MODELS: dict[tuple[str, int, str], SlotModel] = {}
_LOCK = threading.Lock()


def slot_model_for(
    instruction: str, heads_dir: Path, *, threads: int = 1, device: str = "auto"
) -> SlotModel | None:
    """The slots artifact under ``heads_dir`` that serves ``instruction``, loaded once."""
    for folder in find_heads(heads_dir):
        try:
            config = read_config(folder, formats=(SLOTS_FORMAT,))
        except Exception:  # another kind of artifact (or a broken one: the plugin reports it)
            continue
        if instruction not in config.get("instructions", {}).values():
            continue
        key = (str(folder.resolve()), threads, device)
        with _LOCK:
            if key not in _MODELS:
                artifact = load_head(folder, formats=(SLOTS_FORMAT,))
                _MODELS[key] = SlotModel(artifact, threads=threads, device=device)
            return _MODELS[key]
    return None


def fill_arguments(
    spec: InstructionSpec,
    text: str,
    *,
    heads_dir: Path | None = None,
    model: SlotModel | None = None,
) -> BaseModel | None:
    """``spec``'s arguments filled from the slots a slots head tags in ``text``, or ``None``.

    A span's slot fills the argument of the same name (``-`` and ``.`` read as ``_``). ``None``
    when no slots artifact serves ``spec`` (give ``model`` or ``heads_dir``, usually
    ``Settings.heads_dir``), when a slot occurs twice for a single-valued argument, when a
    value does not parse as its type, or when a required argument is missing.
    """
    if model is None:
        if heads_dir is None:
            return None
        model = slot_model_for(spec.name, heads_dir)
        if model is None:
            return None
    found: dict[str, list[str]] = {}
    for span in model.tag(text).spans:
        found.setdefault(re.sub(r"[-.]", "_", span.slot), []).append(span.text)
    values: dict[str, Any] = {}
    for name, field in spec.arguments.model_fields.items():
        if name not in found:
            continue
        slot = slot_for(field.annotation)
        texts = found[name]
        if slot.kind != "list" and len(texts) > 1:
            return None  # two values for one argument: refuse rather than pick one
        try:
            values[name] = slot.parse(" and ".join(texts) if slot.kind == "list" else texts[0])
        except (ValueError, TypeError):
            return None
    if spec.arguments.model_fields and not values:
        return None  # nothing of this instruction was tagged: not understood
    try:
        return spec.arguments.model_validate(values)
    except ValidationError:
        return None


def clear_slot_models() -> None:
    with _LOCK:
        _MODELS.clear()
