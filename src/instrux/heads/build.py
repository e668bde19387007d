"""``instrux train head`` end to end: train, export, evaluate the graph, write the artifact.

Metrics come from the exported ONNX graph (what will execute), not from torch. A classification
head is calibrated on the graph's held-out scores before it is evaluated (temperature and
out-of-scope threshold in its config, :mod:`instrux.heads.calibration`). With ``int8`` the
int8 copy is evaluated on the same rows and the accuracy change is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.heads.artifact import HEAD_FORMAT, INT8_FILE, write_head
from instrux.heads.calibration import calibrate_head
from instrux.heads.config import HeadTrainConfig
from instrux.heads.evaluate import evaluate_head
from instrux.heads.runtime import HeadModel
from instrux.models.load import EncoderRef
from instrux.models.onnx_encoder import graph_runner
from instrux.runtime.artifacts import MODEL_FILE, scratch_dir
from instrux.runtime.quantize import quantize_int8
from instrux.schemas.errors import ConfigurationError
from instrux.schemas.instruction import NAME_PATTERN
from instrux.train.data import LabelledSplits, with_val
from instrux.train.metrics import headline
from instrux.train.progress import Watcher, plot_confusion, plot_curves

if TYPE_CHECKING:
    from instrux.heads.distill import Teacher
    from instrux.heads.train import TrainedHead

__all__ = ["HeadRecipe", "build_head", "default_phrasings", "plots", "routes_by_default"]


@dataclass(frozen=True)
class HeadRecipe:
    """What the trained head becomes: which instruction, described and phrased how."""

    instruction: str
    description: str | None = None
    phrasings: tuple[str, ...] = ()  # templates with a {text} slot; default from the name
    int8: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    routes: bool | None = None  # a routing tier for raw sentences (default: routes_by_default)

    def __post_init__(self) -> None:
        if not re.match(NAME_PATTERN, self.instruction):
            raise ConfigurationError(
                f"{self.instruction!r} is not an instruction name.",
                hint="Use a dotted lower-case name such as text.sentiment or shop.intent.",
            )
        bad = [p for p in self.phrasings if "{text}" not in p]
        if bad:
            raise ConfigurationError(
                f"Phrasing(s) {bad} have no {{text}} slot for the text to classify.",
                hint='Write them like "what is the sentiment of {text}".',
            )


def routes_by_default(instruction: str) -> bool:
    """Whether a head routes raw sentences unless told: an intent head (``*.intent``) does,
    since its labels are what a sentence asks for; a sentiment or topic head does not (every
    sentence has a sentiment, so it would take every text no other tier took)."""
    return instruction.rsplit(".", 1)[-1] in ("intent", "intents")


def default_phrasings(instruction: str) -> tuple[str, ...]:
    """``finance.sentiment`` -> "what is the sentiment of {text}", "sentiment of {text}"."""
    topic = instruction.rsplit(".", 1)[-1].replace("_", " ")
    return (
        f"what is the {topic} of {{text}}",
        f"{topic} of {{text}}",
        f"classify the {topic} of {{text}}",
    )


def build_head(
    data: LabelledSplits,
    cfg: HeadTrainConfig,
    recipe: HeadRecipe,
    out: Path,
    *,
    encoder: EncoderRef,
    watcher: Watcher,
    checkpoint_dir: Path | None = None,
    resume: bool = False,
    teacher: Teacher | None = None,
) -> dict[str, Any]:
    """Train a head on ``data`` and write its artifact to ``out``; returns its metrics.

    With a ``teacher`` the head also learns the teacher's soft labels (distillation,
    :mod:`instrux.heads.distill`); the config records the teacher and the settings.
    """
    from instrux.heads.export import export_head
    from instrux.heads.train import train_head

    data = with_val(data, cfg.validation_share(data), cfg.seed)
    trained = train_head(data, cfg, encoder=encoder, watcher=watcher,
                         checkpoint_dir=checkpoint_dir, resume=resume, teacher=teacher)  # fmt: skip
    config = {
        "format": HEAD_FORMAT,
        "task": "regression" if cfg.regression else "classification",
        "instruction": recipe.instruction,
        "description": recipe.description or f"Classify text ({recipe.instruction}).",
        "phrasings": list(recipe.phrasings or default_phrasings(recipe.instruction)),
        "labels": trained.labels,
        "mode": cfg.mode,
        "max_tokens": trained.max_tokens,
        "graph": trained.layout,
        "settings": cfg.to_dict(),
        "routes": not cfg.regression
        and (recipe.routes if recipe.routes is not None else routes_by_default(recipe.instruction)),
        **recipe.extra,
    }
    if "distillation" in trained.summary:
        config["distillation"] = trained.summary["distillation"]
    folder = encoder.folder() if trained.layout == "pipeline" else None
    tokenizer = folder / "tokenizer.json" if folder is not None else None
    with scratch_dir(out) as work:
        graphs = {MODEL_FILE: work / MODEL_FILE}
        probes = [t for t, _ in data.split("val")] or [t for t, _ in data.split("train")]
        metrics: dict[str, Any] = {"training": trained.summary, "history": watcher.history}
        metrics.update(export_head(trained.module, graphs[MODEL_FILE], layout=trained.layout,
                                   model_dir=folder, dim=trained.dim, probes=probes))  # fmt: skip
        model = _model(graphs[MODEL_FILE], tokenizer, config, trained, encoder)
        weights = dict(trained.weights)
        if not model.regression:
            calibration, weights["memory"] = calibrate_head(model, data, cfg)
            config.update(temperature=calibration.temperature, threshold=calibration.threshold,
                          floor=calibration.floor)  # fmt: skip
            metrics["calibration"] = calibration.as_dict()
            model = _model(graphs[MODEL_FILE], tokenizer, config, trained, encoder,
                           weights["memory"])  # fmt: skip
        metrics["eval"] = _evaluate(model, data)
        if recipe.int8:
            graphs[INT8_FILE] = work / INT8_FILE
            quantize_int8(graphs[MODEL_FILE], graphs[INT8_FILE])
            int8 = _model(graphs[INT8_FILE], tokenizer, config, trained, encoder,
                          weights.get("memory"))  # fmt: skip
            metrics["int8"] = _int8_change(metrics["eval"], _evaluate(int8, data))
        # What `instrux list` shows without reading metrics.json: headline numbers per split.
        config["summary"] = {split: headline(m) for split, m in metrics["eval"].items()}
        write_head(out, config, weights, metrics, encoder=trained.encoder,
                   graphs=graphs, tokenizer=tokenizer)  # fmt: skip
    return metrics


def _model(graph: Path, tokenizer: Path | None, config: dict[str, Any], trained: TrainedHead,
           encoder: EncoderRef, memory: Any = None) -> HeadModel:  # fmt: skip
    """The graph being built, evaluated as it will run (on the CPU)."""
    runner = graph_runner(graph, trained.layout, built_on=trained.encoder, tokenizer=tokenizer,
                          encoder=encoder.runtime(), device="cpu")  # fmt: skip
    return HeadModel(runner, config, memory)


def _evaluate(model: HeadModel, data: LabelledSplits) -> dict[str, Any]:
    return {
        split: evaluate_head(model, data.split(split))
        for split in ("val", "test")
        if data.split(split)
    }


def _int8_change(fp32: dict[str, Any], int8: dict[str, Any]) -> dict[str, Any]:
    """Per split: the int8 graph's headline numbers and the change from fp32."""
    change: dict[str, Any] = {}
    for split, metrics in int8.items():
        numbers = headline(metrics)
        deltas = {
            f"{k}_change": numbers[k] - fp32[split][k]
            for k in ("accuracy", "macro_f1", "mae")
            if k in numbers
        }
        change[split] = {**numbers, **deltas}
    return change


def plots(metrics: dict[str, Any], folder: Path) -> list[str]:
    """Learning-curve and confusion-matrix PNGs of a run in ``folder`` (``--plot``)."""
    written = []
    curve = plot_curves(metrics.get("history", []), folder / "learning_curve.png")
    if curve is not None:
        written.append(str(curve))
    evaluated = metrics.get("eval", {})
    split = "test" if "test" in evaluated else "val" if "val" in evaluated else None
    if split is not None and "confusion" in evaluated[split]:
        result = evaluated[split]
        written.append(
            str(
                plot_confusion(
                    result["confusion"], result["labels"], folder / f"confusion_{split}.png"
                )
            )
        )
    return written
