"""``instrux train slots``: a joint intent + BIO slot tagger on the encoder, exported to ONNX.

Data: a JointBERT folder (``train|dev|test/seq.in``, ``seq.out``, ``label``: one sentence of
space-separated words, one BIO tag per word, one intent per line). The model is the encoder,
then a linear tagger on every token and a linear intent head on the mean-pooled sentence
(Joint BERT's recipe on MiniLM). Words are split into pieces; only a word's first piece is
trained and read, the others are ignored (label -100), as BertForTokenClassification does.
Training uses the one training loop (:mod:`instrux.train.loop`): AdamW/SGD, warm-up, early
stopping on validation (mean of intent accuracy and slot F1), checkpoints, progress and
TensorBoard; the graph is written by the one exporter (:func:`instrux.runtime.export.export_onnx`),
which checks it against torch on real sentences.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from instrux.heads.artifact import SLOTS_FORMAT, HeadArtifact, write_head
from instrux.heads.config import HeadTrainConfig
from instrux.models.load import EncoderRef
from instrux.models.tokenize import load_tokenizer
from instrux.runtime.artifacts import MODEL_FILE, scratch_dir
from instrux.runtime.export import export_onnx
from instrux.train.benchmarks import SlotData
from instrux.train.loop import Stage, run_stage
from instrux.train.progress import Watcher

__all__ = ["build_slots", "evaluate_slots"]

IGNORE = -100
PARITY_ATOL = 1e-3


def tagger_module(encoder: Any, intents: int, tags: int, dropout: float) -> Any:
    """Encoder + token tagger + intent head; ``(intent_logits (B, I), tag_logits (B, T, S))``."""
    import torch

    hidden_size = int(encoder.config.hidden_size)

    class JointTagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(dropout)
            self.intent = torch.nn.Linear(hidden_size, intents)
            self.tagger = torch.nn.Linear(hidden_size, tags)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> Any:
            hidden = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state  # (B, T, H)
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # (B, T, 1)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # (B, H)
            return self.intent(self.dropout(pooled)), self.tagger(self.dropout(hidden))

    return JointTagger()


class _Batcher:
    """Sentences -> padded ids, mask, first-piece tag labels (others -100)."""

    def __init__(self, tokenizer_file: Path, max_tokens: int, tags: dict[str, int]) -> None:
        self.tokenizer = load_tokenizer(tokenizer_file, max_tokens)
        self.tags = tags

    def __call__(self, rows: list[tuple[list[str], list[str], str]]) -> tuple[Any, Any, Any]:
        import torch

        encodings = self.tokenizer.encode_batch([w for w, _, _ in rows], is_pretokenized=True)
        labels = np.full((len(rows), len(encodings[0].ids)), IGNORE, dtype=np.int64)
        for r, (encoding, (_, tags, _)) in enumerate(zip(encodings, rows, strict=True)):
            seen: set[int] = set()
            for position, word in enumerate(encoding.word_ids):
                if word is not None and word not in seen:
                    seen.add(word)
                    labels[r, position] = self.tags.get(tags[word], self.tags["O"])
        ids = torch.tensor([e.ids for e in encodings], dtype=torch.int64)
        mask = torch.tensor([e.attention_mask for e in encodings], dtype=torch.int64)
        return ids, mask, torch.from_numpy(labels)


def build_slots(
    data: SlotData,
    cfg: HeadTrainConfig,
    out: Path,
    *,
    encoder: EncoderRef,
    watcher: Watcher,
    prefix: str = "slots",
    checkpoint_dir: Path | None = None,
    resume: bool = False,
) -> dict[str, Any]:
    """Train, export (one graph, parity-checked), evaluate and write a slots artifact."""
    import torch

    from instrux.heads.train import data_max_tokens
    from instrux.models.torch_modules import load_encoder_module

    model_dir = encoder.folder()
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    train = data.split("train")
    intents = sorted({i for _, _, i in train})
    tags = ["O", *sorted({t for _, ts, _ in train for t in ts} - {"O"})]
    max_tokens = cfg.max_tokens or data_max_tokens(model_dir, [" ".join(w) for w, _, _ in train])
    model = tagger_module(load_encoder_module(model_dir), len(intents), len(tags), cfg.dropout)
    batcher = _Batcher(model_dir / "tokenizer.json", max_tokens, {t: i for i, t in enumerate(tags)})
    stage = _stage(model, train, data.split("val"), intents, tags, batcher, cfg)
    started = time.perf_counter()
    summary = run_stage(stage, cfg, watcher, checkpoint_dir=checkpoint_dir, resume=resume)
    config = {
        "format": SLOTS_FORMAT,
        "task": "slots",
        "intents": intents,
        "tags": tags,
        "instructions": {i: f"{prefix}.{_name(i)}" for i in intents},
        "max_tokens": max_tokens,
        "mode": "finetune",
        "settings": cfg.to_dict(),
    }
    with scratch_dir(out) as work:
        graph = work / MODEL_FILE
        parity = _export(model, batcher, graph, data.split("val") or train)
        artifact = HeadArtifact(work, {**config, "graph": "pipeline"}, {})
        shutil.copyfile(model_dir / "tokenizer.json", work / "tokenizer.json")
        metrics: dict[str, Any] = {
            "training": {**summary, "seconds_total": round(time.perf_counter() - started, 2)},
            "history": watcher.history,
            "parity": parity,
        }
        metrics["eval"] = {
            s: evaluate_slots(artifact, data.split(s)) for s in ("val", "test") if data.split(s)
        }
        weights = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        write_head(
            out,
            {**config, "graph": "pipeline"},
            weights,
            metrics,
            encoder=encoder.record(),
            tokenizer=model_dir / "tokenizer.json",
            graphs={MODEL_FILE: graph},
        )
    return metrics


def _name(intent: str) -> str:
    """``AddToPlaylist`` / ``atis_flight`` -> ``add_to_playlist`` / ``atis_flight``."""
    import re

    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", intent).lower()
    return re.sub(r"[^a-z0-9_]+", "_", snake).strip("_") or "intent"


def _stage(
    model: Any,
    train: list[Any],
    val: list[Any],
    intents: list[str],
    tags: list[str],
    batcher: _Batcher,
    cfg: HeadTrainConfig,
) -> Stage:
    import torch

    intent_index = {i: n for n, i in enumerate(intents)}
    y = torch.tensor([intent_index[i] for _, _, i in train], dtype=torch.int64)

    def loss_of(batch: Any) -> Any:
        ids, mask, labels = batcher([train[i] for i in batch])
        intent_logits, tag_logits = model(ids, mask)
        tag_loss = torch.nn.functional.cross_entropy(
            tag_logits.reshape(-1, len(tags)), labels.reshape(-1), ignore_index=IGNORE
        )
        return torch.nn.functional.cross_entropy(intent_logits, y[batch]) + tag_loss

    def validate() -> tuple[float, float]:
        scores = _torch_scores(model, batcher, val, intents, tags)
        return (scores["intent_accuracy"] + scores["slot_f1"]) / 2, 0.0

    width = int(model.encoder.config.hidden_size)  # the encoder lr goes by its size
    groups = [
        {"params": list(model.encoder.parameters()), "lr": cfg.encoder_lr(width)},
        {"params": [*model.intent.parameters(), *model.tagger.parameters()], "lr": cfg.head_lr()},
    ]
    return Stage(
        "slots",
        model,
        groups,
        len(train),
        loss_of,
        cfg.epochs_for(len(train)),
        validate if val else None,
    )


def _torch_scores(
    model: Any, batcher: _Batcher, rows: list[Any], intents: list[str], tags: list[str]
) -> dict[str, float]:
    predicted_intents, predicted_tags = [], []
    for start in range(0, len(rows), 64):
        chunk = rows[start : start + 64]
        ids, mask, labels = batcher(chunk)
        intent_logits, tag_logits = model(ids, mask)
        predicted_intents += [intents[int(i)] for i in intent_logits.argmax(1)]
        best = tag_logits.argmax(-1)
        for r in range(len(chunk)):
            keep = labels[r] != IGNORE
            predicted_tags.append([tags[int(t)] for t in best[r][keep]])
    return _scores(rows, predicted_intents, predicted_tags)


def _scores(
    rows: list[Any], predicted_intents: list[str], predicted_tags: list[list[str]]
) -> dict[str, Any]:
    from seqeval.metrics import f1_score  # type: ignore[import-untyped]

    truth = [t for _, t, _ in rows]
    # Truncated sentences: words past the limit count as tagged O (an error if they had a slot).
    padded = [p + ["O"] * (len(t) - len(p)) for p, t in zip(predicted_tags, truth, strict=True)]
    intent_ok = [p == i for p, (_, _, i) in zip(predicted_intents, rows, strict=True)]
    exact = [ok and p == t for ok, p, t in zip(intent_ok, padded, truth, strict=True)]
    return {
        "intent_accuracy": float(np.mean(intent_ok)),
        "slot_f1": float(f1_score(truth, padded)),
        "sentence_accuracy": float(np.mean(exact)),
    }


def evaluate_slots(artifact: HeadArtifact, rows: list[Any]) -> dict[str, Any]:
    """Intent accuracy, slot F1 (seqeval, entity level) and sentence accuracy of the graph."""
    from seqeval.metrics import classification_report

    from instrux.heads.slots import SlotModel

    model = SlotModel(artifact, device="cpu")
    started = time.perf_counter()
    results = [model.tag_words(words) for words, _, _ in rows]
    seconds = time.perf_counter() - started
    scores = _scores(rows, [r[0] for r in results], [r[2] for r in results])
    report = classification_report(
        [t for _, t, _ in rows], [r[2] for r in results], digits=4, zero_division=0
    )
    return {**scores, "rows": len(rows), "seconds": round(seconds, 3), "report_text": report}


def _export(model: Any, batcher: _Batcher, graph: Path, probes: list[Any]) -> dict[str, Any]:
    """One graph with both outputs, checked against torch one sentence at a time."""
    model.eval()
    ids, mask, _ = batcher(probes[:2])
    outputs = ("intent_logits", "tag_logits")
    axes = {
        "input_ids": {0: "batch", 1: "tokens"},
        "attention_mask": {0: "batch", 1: "tokens"},
        "intent_logits": {0: "batch"},
        "tag_logits": {0: "batch", 1: "tokens"},
    }
    checks = [batcher([row])[:2] for row in probes[:32]]
    parities = export_onnx(
        model, (ids, mask), graph, input_names=["input_ids", "attention_mask"],
        output_names=outputs, dynamic_axes=axes, probes=checks, rtol=0.0, atol=PARITY_ATOL,
        name="slot tagger",
    )  # fmt: skip
    return {name: parity.to_dict() for name, parity in zip(outputs, parities, strict=True)}
