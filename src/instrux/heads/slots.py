"""Slot filling at inference: a BIO token-classification head on ONNX Runtime, no torch.

A slots artifact (``instrux train slots``, format ``instrux.slots/1``) holds one graph with two
outputs: ``intent_logits`` ``(batch, intents)`` and ``tag_logits`` ``(batch, tokens, tags)``
(the BertForTokenClassification pattern, joint with the intent as in Joint BERT). Text is
split into words (:data:`WORD`), words into word pieces; each word takes the tag of its first
piece, and B-/I- runs of one slot become a :class:`Span` of the original text.

:func:`fill_from_tags` is the slot filler the built-in ``instrux.heads`` plugin registers for
the instructions a slots artifact serves (an :class:`instrux.SlotFillerSpec`); the semantic tier
asks it when its own extraction does not find the arguments
(:func:`instrux.semantic.tier.conclude`): the spans become the instruction's typed arguments
(parsed like template slots, :func:`instrux.parsing.slots.slot_for`), with the spans they came
from so that the caller can check the words left over. It declines (an
:class:`instrux.SlotFill` with a ``reason``, no arguments)
rather than guess: when the tagger reads another intent, is unsure of the intent or of any
word's tag (probability under :data:`MIN_INTENT_SCORE` / :data:`MIN_TAG_SCORE`, or what the
artifact's config sets), tags an inconsistent run (``I-x`` with no ``B-x``), gives a
single-valued argument two values, or leaves a required argument out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from instrux.heads.artifact import SLOTS_FORMAT, HeadArtifact, load_head
from instrux.models.tokenize import load_tokenizer
from instrux.parsing.slots import slot_for
from instrux.runtime.loaded import loaded
from instrux.runtime.numeric import softmax
from instrux.runtime.onnx import make_session
from instrux.schemas.instruction import InstructionSpec, SlotFill

__all__ = [
    "MIN_INTENT_SCORE",
    "MIN_TAG_SCORE",
    "WORD",
    "SlotModel",
    "Span",
    "Tagged",
    "bio_spans",
    "fill_from_tags",
    "slot_model",
    "split_words",
]

# Below these probabilities the tagger's reading is not trusted: under one half, the other
# readings together are at least as likely as the one it picked. An artifact's config can
# set stricter ones (``min_intent_score``, ``min_tag_score``).
MIN_INTENT_SCORE = 0.5
MIN_TAG_SCORE = 0.5

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
    tag_scores: list[float]  # the probability of each word's tag


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
        self.artifact = artifact
        self.intents: list[str] = artifact.config["intents"]
        self.tags: list[str] = artifact.config["tags"]
        self.instructions: dict[str, str] = artifact.config.get("instructions", {})
        self._tokenizer = load_tokenizer(artifact.tokenizer, int(artifact.config["max_tokens"]))
        self._tokenizer.no_padding()
        self._session = make_session(artifact.graph, device=device, threads=threads)

    def tag_words(self, words: Sequence[str]) -> tuple[str, float, list[str]]:
        """``(intent, its probability, one tag per word)`` for pre-split words."""
        intent, score, tags, _ = self._tag_scored(words)
        return intent, score, tags

    def _tag_scored(self, words: Sequence[str]) -> tuple[str, float, list[str], list[float]]:
        """:meth:`tag_words` and the probability of each word's tag."""
        if not words:
            return self.intents[0], 0.0, [], []
        encoding = self._tokenizer.encode(list(words), is_pretokenized=True)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        intent_logits, tag_logits = self._session.run(
            None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        )
        probs = softmax(intent_logits[0])
        tags = ["O"] * len(words)
        # A word cut off by the token limit has no tag to trust: probability 0, never read.
        scores = [0.0] * len(words)
        seen: set[int] = set()
        for position, word in enumerate(encoding.word_ids):
            if word is not None and word not in seen:  # a word's first piece tags it
                seen.add(word)
                tag_probs = softmax(tag_logits[0, position])
                best_tag = int(tag_probs.argmax())
                tags[word], scores[word] = self.tags[best_tag], float(tag_probs[best_tag])
        best = int(probs.argmax())
        return self.intents[best], float(probs[best]), tags, scores

    def tag(self, text: str) -> Tagged:
        pieces = split_words(text)
        words = [w for w, _, _ in pieces]
        intent, score, tags, tag_scores = self._tag_scored(words)
        spans = [
            Span(slot, text[pieces[a][1] : pieces[b - 1][2]], pieces[a][1], pieces[b - 1][2])
            for slot, a, b in bio_spans(tags)
        ]
        return Tagged(intent, score, words, tags, spans, tag_scores)

    def min_scores(self) -> tuple[float, float]:
        """The intent and tag probabilities below which this tagger's reading is declined."""
        config = self.artifact.config
        return (
            max(MIN_INTENT_SCORE, float(config.get("min_intent_score", MIN_INTENT_SCORE))),
            max(MIN_TAG_SCORE, float(config.get("min_tag_score", MIN_TAG_SCORE))),
        )


def slot_model(folder: Path, *, threads: int = 1, device: str = "auto") -> SlotModel:
    """The slots artifact in ``folder``, verified and loaded once per process."""
    key = ("slots", str(Path(folder).resolve()), threads, device)

    def build() -> SlotModel:
        return SlotModel(load_head(folder, formats=(SLOTS_FORMAT,)), threads=threads, device=device)

    return loaded(key, build)


def fill_from_tags(
    spec: InstructionSpec,
    text: str,
    model: SlotModel,
    *,
    min_intent_score: float | None = None,
    min_tag_score: float | None = None,
) -> SlotFill:
    """``spec``'s arguments from the spans ``model`` tags in ``text``, or why it declines.

    A span's slot fills the argument of the same name (``-`` and ``.`` read as ``_``); spans
    of other slots fill nothing (their words are left for the caller's word check). The
    thresholds default to the model's (:meth:`SlotModel.min_scores`).
    """
    default_intent, default_tag = model.min_scores()
    min_intent = default_intent if min_intent_score is None else min_intent_score
    min_tag = default_tag if min_tag_score is None else min_tag_score
    tagged = model.tag(text)
    source = str(model.artifact.path)

    def decline(reason: str) -> SlotFill:
        return SlotFill(arguments=None, reason=f"its slot tagger {reason}", source=source)

    read_as = model.instructions.get(tagged.intent, tagged.intent)
    if read_as != spec.name:
        return decline(f"reads the text as {read_as}")
    if tagged.intent_score < min_intent:
        return decline(f"is unsure of the intent ({tagged.intent_score:.2f} < {min_intent:.2f})")
    unsure = [(w, p) for w, p in zip(tagged.words, tagged.tag_scores, strict=True) if p < min_tag]
    if unsure:
        word, probability = min(unsure, key=lambda pair: pair[1])
        return decline(f"is unsure of the tag of {word!r} ({probability:.2f} < {min_tag:.2f})")
    stray = _stray_words(tagged.words, tagged.tags)
    if stray:
        return decline(f"tags {stray[0]!r} as inside a slot that does not begin")
    return _arguments_from_spans(spec, tagged.spans, decline, source)


def _stray_words(words: list[str], tags: list[str]) -> list[str]:
    """Words tagged ``I-x`` right after a word that is not of slot ``x``: an inconsistent run."""
    return [
        word
        for i, (word, tag) in enumerate(zip(words, tags, strict=True))
        if tag.startswith("I-") and (i == 0 or tags[i - 1] == "O" or tags[i - 1][2:] != tag[2:])
    ]


def _arguments_from_spans(
    spec: InstructionSpec, spans: list[Span], decline: Callable[[str], SlotFill], source: str
) -> SlotFill:
    fields = spec.arguments.model_fields
    found: dict[str, list[Span]] = {}
    for span in spans:
        name = re.sub(r"[-.]", "_", span.slot)
        if name in fields:
            found.setdefault(name, []).append(span)
    values: dict[str, Any] = {}
    for name, mentions in found.items():
        slot = slot_for(fields[name].annotation)
        texts = [span.text for span in mentions]
        if slot.kind != "list" and len(texts) > 1:
            return decline(f"finds {len(texts)} values for {name}: {texts}")  # never pick one
        try:
            values[name] = slot.parse(" and ".join(texts) if slot.kind == "list" else texts[0])
        except (ValueError, TypeError):
            return decline(f"finds {texts[0]!r} for {name}, which is not a valid {name}")
    if fields and not values:
        return decline("finds none of its arguments")
    missing = [n for n, f in fields.items() if f.is_required() and n not in values]
    if missing:
        return decline(f"does not find {missing[0]}")
    try:
        arguments = spec.arguments.model_validate(values)
    except ValidationError as err:
        return decline(f"finds invalid arguments ({err.errors()[0]['msg']})")
    used = tuple((s.start, s.end) for ss in found.values() for s in ss)
    return SlotFill(arguments=arguments, spans=used, source=source)
