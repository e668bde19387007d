"""``instrux finance train``: the head (instrux's own head training) and its calibration.

Training is ``instrux train head`` on Financial PhraseBank with FinBERT's split (20 % test,
``train_test_split(random_state=0, stratify=labels)``; validation carved from the rest) and
the artifact written to ``Settings.cache_dir / "finance" / "sentiment"`` (not the heads
directory, see :mod:`instrux_finance.sentiment`). Calibration fits one temperature per graph
on the validation split and reports accuracy, macro-F1 and the expected calibration error on
the test split, before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux import ConfigurationError
from instrux_finance.calibration import (
    Calibration,
    expected_calibration_error,
    fit_temperature,
    scaled_probabilities,
    write_calibration,
)
from instrux_finance.sentiment import INSTRUCTION, LABELS, calibration_dir, head_dir

if TYPE_CHECKING:
    import typer

    from instrux import ModelSpec, Settings
    from instrux.heads.build import HeadRecipe
    from instrux.train.data import LabelledSplits

__all__ = ["build_into", "calibrate", "install", "label_report", "train"]


def train(
    ctx: typer.Context, data: Path, mode: str, epochs: int | None, progress: bool
) -> tuple[Path, dict[str, Any]]:
    """Train the head into the finance folder; returns it and the training metrics."""
    from instrux.heads.build import HeadRecipe
    from instrux.train.benchmarks import load_phrasebank

    recipe = HeadRecipe(
        INSTRUCTION.name,
        INSTRUCTION.description,
        ("what is the financial sentiment of {text}",),
        int8=True,
    )
    target, metrics = build_into(
        ctx, load_phrasebank(data), recipe, head_dir,
        mode=mode, epochs=epochs, encoder=None, progress=progress,
    )  # fmt: skip
    return target, {"artifact": str(target), "mode": mode, "seconds": _seconds(metrics)}


def build_into(
    ctx: typer.Context,
    data: LabelledSplits,
    recipe: HeadRecipe,
    folder: Callable[[Settings], Path],
    *,
    mode: str,
    epochs: int | None,
    encoder: str | None,
    progress: bool,
) -> tuple[Path, dict[str, Any]]:
    """Train a head with instrux's own head training into this plugin's cache folder
    ``folder(settings)`` (the sentiment head, the event head); returns it and its metrics."""
    from instrux.heads.build import build_head
    from instrux.heads.config import HeadTrainConfig
    from instrux.heads.options import train_encoder
    from instrux.plugins.commands import command_host
    from instrux.train.progress import Watcher

    settings = command_host(ctx).settings()
    target = folder(settings)
    cfg = HeadTrainConfig(mode=mode, max_epochs=epochs, threads=settings.ort_threads)  # type: ignore[arg-type]
    with Watcher(progress=progress) as watcher:
        metrics = build_head(
            data,
            cfg,
            recipe,
            target,
            encoder=train_encoder(ctx, encoder, cfg.threads),
            watcher=watcher,
        )
    return target, metrics


def install(settings: Settings, artifact: Path) -> Path:
    """Copy a head trained elsewhere into the finance folder (verified first, written
    atomically); returns where it now is."""
    import shutil

    from instrux.heads.artifact import load_head
    from instrux.runtime.artifacts import atomic_dir

    target = head_dir(settings)
    if artifact.resolve() == target.resolve():
        return target
    load_head(artifact)  # verified against its manifest before anything is replaced
    with atomic_dir(target) as tmp:
        shutil.copytree(artifact, tmp, dirs_exist_ok=True)
    return target


def _seconds(metrics: Mapping[str, Any]) -> Any:
    return metrics.get("training", {}).get("seconds")


def calibrate(
    settings: Settings, models: Mapping[str, ModelSpec], artifact: Path, data: Path
) -> dict[str, Any]:
    """Fit the temperatures of ``artifact`` on PhraseBank's validation split and store them."""
    from instrux.heads.runtime import get_head, head_encoder
    from instrux.runtime.artifacts import read_json
    from instrux.train.benchmarks import load_phrasebank

    config = read_json(artifact, "config.json")
    if sorted(config.get("labels", [])) != sorted(LABELS):
        raise ConfigurationError(
            f"{artifact} has labels {config.get('labels')}, not {list(LABELS)}.",
            hint="Train it on Financial PhraseBank (`instrux finance train --data ...`).",
        )
    splits = load_phrasebank(data)
    manifest = read_json(artifact, "manifest.json")["files"]
    encoder = head_encoder(config, models, settings)
    temperatures: dict[str, float] = {}
    report: dict[str, Any] = {"artifact": str(artifact)}
    for graph in ("fp32", "int8") if "model.int8.onnx" in manifest else ("fp32",):
        head = get_head(
            artifact,
            encoder=encoder,
            int8=graph == "int8",
            threads=settings.ort_threads,
            device=settings.device,
        )
        val, test = (_logits(head, splits.split(s)) for s in ("val", "test"))
        temperatures[graph] = fit_temperature(val[0], val[1])
        report[graph] = {
            "temperature": temperatures[graph],
            "test": label_report(
                scaled_probabilities(test[0], temperatures[graph]),
                test[1],
                list(head.labels),
                raw=scaled_probabilities(test[0], 1.0),
            ),
        }
    sha = manifest["model.onnx"]["sha256"]
    write_calibration(calibration_dir(settings), Calibration(sha, temperatures), report)
    report["calibration"] = str(calibration_dir(settings))
    return report


def _logits(head: Any, rows: Sequence[tuple[str, str]]) -> tuple[Any, list[int]]:
    labels = list(head.labels)
    return head.logits([t for t, _ in rows], 64), [labels.index(label) for _, label in rows]


def label_report(
    probabilities: Any, truth: Any, labels: list[str], raw: Any | None = None
) -> dict[str, Any]:
    """Accuracy, macro-F1, confusion (rows: truth) and ECE (also of ``raw`` probabilities)."""
    import numpy as np
    from sklearn.metrics import confusion_matrix, f1_score  # type: ignore[import-untyped]

    predicted = np.asarray(probabilities).argmax(axis=1)
    truth = np.asarray(truth)
    report: dict[str, Any] = {
        "rows": len(truth),
        "accuracy": round(float((predicted == truth).mean()), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
        "labels": labels,
        "confusion": confusion_matrix(truth, predicted, labels=range(len(labels))).tolist(),
        "ece": expected_calibration_error(probabilities, truth),
    }
    if raw is not None:
        report["ece_uncalibrated"] = expected_calibration_error(raw, truth)
    return report
