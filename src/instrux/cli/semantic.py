"""``instrux train router`` and ``instrux eval router``: the semantic tier's commands.

Heavy imports (numpy work, onnxruntime, torch) happen inside the commands, so that importing
this module (which every ``instrux`` invocation does) stays cheap.
"""

from __future__ import annotations

import json
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.cli.errors import instrux_errors

if TYPE_CHECKING:
    from instrux.semantic.data import IntentDataset

__all__ = ["register"]


class Dataset(StrEnum):
    clinc150 = "clinc150"
    snips = "snips"


class Confidence(StrEnum):
    softmax = "softmax"
    knn = "knn"


JsonFlag = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
RejectShare = Annotated[
    float,
    typer.Option(
        help="Share of in-scope validation rows the threshold may reject (0 disables rejection)."
    ),
]
ConfidenceOption = Annotated[
    Confidence,
    typer.Option(
        help="Score thresholded for out-of-scope: top softmax probability "
        "or nearest-example cosine."
    ),
]


def register(app: typer.Typer, train_app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``train router`` and ``eval router``."""
    train_app.command("router")(train_router_command)
    eval_app.command("router")(eval_router_command)


def train_router_command(
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="JSONL (text, intent[, split]), CSV, CLINC150 JSON or a SNIPS folder."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Artifact directory to write (replaced if it exists).")
    ],
    prefix: Annotated[
        str, typer.Option(help="Instruction names become PREFIX.<intent>.")
    ] = "intent",
    fine_tune: Annotated[
        bool, typer.Option("--fine-tune", help="Fine-tune the encoder end to end (slow on CPU).")
    ] = False,
    epochs: Annotated[int, typer.Option(help="Fine-tuning epochs.")] = 5,
    lr_head: Annotated[float, typer.Option(help="Fine-tuning learning rate of the head.")] = 1e-2,
    oos_class: Annotated[
        bool, typer.Option("--oos-class", help="Train out-of-scope rows as an extra class.")
    ] = False,
    confidence: ConfidenceOption = Confidence.softmax,
    reject_share: RejectShare = 0.01,
    val_fraction: Annotated[
        float, typer.Option(help="Carve a validation split from train when the data has none.")
    ] = 0.1,
    json_output: JsonFlag = False,
) -> None:
    """Train an intent router (linear head on MiniLM embeddings) and save it as an artifact."""
    with instrux_errors(json_output):
        from instrux.semantic.data import describe, load_file
        from instrux.semantic.finetune import FineTuneConfig
        from instrux.semantic.train import TrainSettings, train_router

        dataset = load_file(data, val_fraction=val_fraction)
        typer.echo(describe(dataset), err=True)
        settings = TrainSettings(
            prefix=prefix,
            fine_tune=FineTuneConfig(epochs=epochs, lr_head=lr_head) if fine_tune else None,
            oos_class=oos_class,
            confidence=confidence.value,
            reject_share=reject_share,
        )
        artifact = train_router(dataset, out, settings)
        report = {k: v for k, v in artifact.metrics.items() if k != "sweep"}
        report["artifact"] = str(out)
        _print(report, json_output)


def eval_router_command(
    dataset: Annotated[Dataset, typer.Option(help="Benchmark to read from --data-dir.")],
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir", help="Folder with clinc150/ or jointbert_snips/ (../shared/data)."
        ),
    ],
    artifact: Annotated[
        Path | None,
        typer.Option(help="A trained router; default: train a frozen-encoder head now."),
    ] = None,
    int8: Annotated[bool, typer.Option("--int8", help="Use the int8 (per-channel) graph.")] = False,
    confidence: ConfidenceOption = Confidence.softmax,
    reject_share: RejectShare = 0.01,
    latency_samples: Annotated[int, typer.Option(help="Texts timed one at a time.")] = 1000,
    json_output: JsonFlag = False,
) -> None:
    """Evaluate a router on a benchmark's test split: accuracy, out-of-scope, latency."""
    with instrux_errors(json_output):
        from instrux.semantic.data import load_named

        data = load_named(dataset.value, data_dir)
        if artifact is None:
            report = _eval_fresh(
                data, dataset.value, confidence.value, reject_share, int8, latency_samples
            )
        else:
            report = _eval_artifact(data, dataset.value, artifact, int8, latency_samples)
        _print(report, json_output)


def _eval_fresh(
    data: IntentDataset, name: str, confidence: str, reject_share: float, int8: bool, samples: int
) -> dict[str, object]:
    from instrux.semantic.train import TrainSettings, train_router

    with tempfile.TemporaryDirectory(prefix="instrux-router-") as folder:
        settings = TrainSettings(prefix=name, confidence=confidence, reject_share=reject_share)  # type: ignore[arg-type]
        train_router(data, Path(folder) / "router", settings)
        return _eval_artifact(data, name, Path(folder) / "router", int8, samples)


def _eval_artifact(
    data: IntentDataset, name: str, path: Path, int8: bool, samples: int
) -> dict[str, object]:
    from instrux.semantic.artifact import load_artifact
    from instrux.semantic.evaluate import evaluate_router
    from instrux.semantic.quantize import artifact_int8_graph

    loaded = load_artifact(path)
    encoder = loaded.encoder(graph=artifact_int8_graph(loaded) if int8 else None)
    kind = "fine-tuned" if loaded.config["settings"]["fine_tune"] else "frozen"
    label = f"{kind} MiniLM + head ({'int8' if int8 else 'fp32'})"
    report = evaluate_router(
        label,
        name,
        data.split("test"),
        loaded.config["intents"],
        encoder,
        loaded.router(),
        latency_samples=samples,
    )
    return report.as_dict()


def _print(report: dict[str, object], json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        typer.echo(f"{key:>36}  {shown}")
