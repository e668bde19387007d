"""``finance.sentiment``: positive / neutral / negative, with calibrated probabilities.

The model is a head trained on Financial PhraseBank with instrux's own head training
(``instrux finance train`` runs it, see :mod:`instrux_finance.commands`), stored under the
engine's cache directory (``Settings.cache_dir / "finance"``), with a temperature fitted on
the validation split (:mod:`instrux_finance.calibration`). It is kept out of the heads
directory on purpose: every head there becomes an instruction of the built-in ``instrux.heads``
plugin, and two plugins registering ``finance.sentiment`` would be a conflict that stops every
engine. If a user did train a ``finance.sentiment`` head into the heads directory, this plugin
leaves the instruction to ``instrux.heads`` (uncalibrated) and registers only ``finance.topic``.

Without a trained head the instruction is still registered (so it is listed and routed), and
running it is a ``ConfigurationError`` whose hint is the one command that builds the head.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from instrux import ConfigurationError, ExecutorSpec, InstructionSpec, Output
from instrux_finance.calibration import read_calibration, scaled_probabilities

if TYPE_CHECKING:
    from instrux import ModelSpec, Settings

__all__ = [
    "BUILD_HINT",
    "EXECUTOR_NAME",
    "INSTRUCTION",
    "LABELS",
    "Scored",
    "SentimentModel",
    "calibration_dir",
    "head_dir",
    "heads_dir_serves",
    "load_sentiment",
    "model_text",
]

LABELS = ("negative", "neutral", "positive")
Sentiment = Literal["negative", "neutral", "positive"]
EXECUTOR_NAME = "finance.sentiment.head"
PHRASEBANK = "../shared/data/financial_phrasebank/Sentences_50Agree.txt"
BUILD_HINT = (
    f"Build it once: `instrux finance train --data {PHRASEBANK}` (Financial PhraseBank; about "
    "two minutes), or install a head trained with `instrux train head`: `instrux finance train "
    f"--artifact HEAD --data {PHRASEBANK}`."
)


class SentimentText(BaseModel):
    """The argument of ``finance.sentiment``: the text to read."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1, description="A finance text: a headline or a tweet.")


INSTRUCTION = InstructionSpec(
    name="finance.sentiment",
    description="Financial sentiment of a text (negative, neutral or positive) with calibrated "
    "probabilities, from a head trained on Financial PhraseBank. Say: 'what is the financial "
    "sentiment of TEXT' or 'market sentiment of TEXT'.",
    arguments=SentimentText,
    result_type=Sentiment,
    # No examples: the plugin's exact tier (route.py) is the only way in, so that the semantic
    # tier never sends another instruction's text here.
    examples=(),
    tags=("finance", "sentiment", *LABELS),
)


def head_dir(settings: Settings) -> Path:
    """Where ``instrux finance train`` writes the head."""
    return settings.cache_dir / "finance" / "sentiment"


def calibration_dir(settings: Settings) -> Path:
    return settings.cache_dir / "finance" / "calibration"


def heads_dir_serves(settings: Settings) -> Path | None:
    """A head for ``finance.sentiment`` in the heads directory (``instrux.heads`` registers
    it), or ``None``. Reads only the small config files, as ``instrux.heads`` does."""
    folder = settings.heads_dir
    if not folder.is_dir():
        return None
    for config in sorted(folder.glob("*/config.json")):
        try:
            if (
                json.loads(config.read_text(encoding="utf-8")).get("instruction")
                == INSTRUCTION.name
            ):
                return config.parent
        except (OSError, ValueError, AttributeError):
            continue  # instrux.heads reports a broken artifact by name; not ours to judge
    return None


@dataclass(frozen=True, slots=True)
class Scored:
    label: str
    score: float  # calibrated probability of ``label``
    scores: dict[str, float]  # every label's calibrated probability

    @property
    def polarity(self) -> float:
        """P(positive) - P(negative): -1 (surely negative) .. 1 (surely positive)."""
        return self.scores.get("positive", 0.0) - self.scores.get("negative", 0.0)


class SentimentModel:
    """A head's graph with its temperature: calibrated probabilities for many texts."""

    def __init__(self, head: Any, temperature: float, artifact: Path) -> None:
        self.head = head  # instrux.heads.runtime.HeadModel
        self.temperature = temperature
        self.artifact = artifact
        self.labels: list[str] = list(head.labels)

    def score(self, texts: Sequence[str], batch_size: int = 64) -> list[Scored]:
        """Calibrated scores, in input order; each distinct :func:`model_text` is run once
        (the head batches texts of similar length)."""
        if not texts:
            return []
        cleaned = [model_text(t) for t in texts]
        distinct = list(dict.fromkeys(cleaned))
        logits = self.head.logits(distinct, batch_size)
        by_text = {}
        for text, row in zip(distinct, scaled_probabilities(logits, self.temperature), strict=True):
            values = {label: float(p) for label, p in zip(self.labels, row, strict=True)}
            best = max(values, key=values.__getitem__)
            by_text[text] = Scored(best, values[best], values)
        return [by_text[text] for text in cleaned]


_NOISE = re.compile(r"https?://\S*|\bRT\b|@\w+:?")


def model_text(text: str) -> str:
    """What the head reads: links, "RT" and @mentions removed, spaces collapsed. They carry
    no sentiment, and a t.co link alone is a dozen word pieces: on StockNet this makes texts
    25 % shorter. A text that is nothing but those is kept as it was."""
    cleaned = " ".join(_NOISE.sub(" ", text).split())
    return cleaned or text


def load_sentiment(
    settings: Settings,
    models: Mapping[str, ModelSpec],
    *,
    artifact: Path | None = None,
    int8: bool | None = None,
) -> SentimentModel:
    """The sentiment model: ``artifact``, else ours in the cache, else the heads directory's.

    :raises ConfigurationError: no head anywhere (the hint says how to build it).
    """
    from instrux.heads.runtime import get_head, head_encoder
    from instrux.runtime.artifacts import read_json

    folder = artifact or _default_head(settings)
    config = read_json(folder, "config.json")
    use_int8 = settings.heads_int8 if int8 is None else int8
    encoder = head_encoder(config, models, settings)
    head = get_head(
        folder, encoder=encoder, int8=use_int8, threads=settings.ort_threads, device=settings.device
    )
    graph = "fp32" if Path(head.graph).name == "model.onnx" else "int8"
    return SentimentModel(head, _temperature(settings, folder, graph), folder)


def _default_head(settings: Settings) -> Path:
    for folder in (head_dir(settings), heads_dir_serves(settings)):
        if folder is not None and (folder / "config.json").is_file():
            return folder
    raise ConfigurationError(
        f"finance.sentiment has no trained head (looked in {head_dir(settings)} and the heads "
        f"directory {settings.heads_dir}).",
        hint=BUILD_HINT,
    )


def _temperature(settings: Settings, folder: Path, graph: str) -> float:
    """The fitted temperature of this head and graph, 1.0 (the raw softmax) when it has none."""
    from instrux.runtime.artifacts import read_json

    calibration = read_calibration(calibration_dir(settings))
    graph_sha = read_json(folder, "manifest.json")["files"]["model.onnx"]
    sha = graph_sha["sha256"] if isinstance(graph_sha, dict) else str(graph_sha)
    if calibration is None or calibration.head_sha256 != sha:
        return 1.0
    return calibration.temperature(graph)


class SentimentExecutor:
    """The executor of ``finance.sentiment``: loads the model on its first call."""

    def __init__(self, settings: Settings, models: Mapping[str, ModelSpec]) -> None:
        self.settings = settings
        self.models = models

    def run(self, arguments: SentimentText) -> Output[Any]:
        return self.run_batch([arguments])[0]

    def run_batch(self, arguments: Sequence[SentimentText]) -> list[Output[Any]]:
        model = load_sentiment(self.settings, self.models)
        return [
            Output(
                s.label,
                {
                    "score": s.score,
                    "scores": s.scores,
                    "polarity": s.polarity,
                    "temperature": model.temperature,
                    "head": str(model.artifact),
                },
            )
            for s in model.score([a.text for a in arguments])
        ]

    def spec(self) -> ExecutorSpec:
        return ExecutorSpec(
            name=EXECUTOR_NAME,
            instructions=(INSTRUCTION.name,),
            kind="head",
            description="Financial PhraseBank head on ONNX Runtime, temperature-calibrated",
            run=self.run,
            run_batch=self.run_batch,
        )
