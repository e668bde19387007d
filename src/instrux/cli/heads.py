"""Commands for fine-tuned heads: ``train head|slots``, ``eval head|slots``, ``heads add|list``.

A command plugin (``instrux.commands.heads``): :mod:`instrux.cli.main` loads it and pluggy
calls :func:`instrux_register_commands`. Only typer and the standard library are imported
here; torch, numpy and onnxruntime are imported inside the commands. Progress goes to stderr;
``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from instrux.cli.errors import instrux_errors
from instrux.cli.options import settings_from_context
from instrux.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from instrux.heads.config import Loss as LossName
    from instrux.heads.config import Mode as ModeName
    from instrux.heads.config import Optimizer as OptimizerName
    from instrux.plugins.types import CommandGroups

__all__ = [
    "add_head_command",
    "eval_head_command",
    "eval_slots_command",
    "instrux_register_commands",
    "list_heads_command",
    "train_head_command",
    "train_slots_command",
]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
Artifact = Annotated[Path, typer.Option("--artifact", help="A head artifact directory.")]
TextColumn = Annotated[str, typer.Option("--text-column", help="Column holding the text.")]
LabelColumn = Annotated[
    str | None,
    typer.Option(
        "--label-column",
        help="Column holding the label (default: label, intent, "
        "sentiment or class, whichever exists).",
    ),
]
Mode = Annotated[str, typer.Option("--mode", help="linear, mlp, setfit, finetune or lora.")]
Loss = Annotated[
    str, typer.Option("--loss", help="cross_entropy (labels), or mse / mae (numeric labels).")
]
Optimizer = Annotated[str, typer.Option("--optimizer", help="adamw or sgd.")]
Epochs = Annotated[
    int | None,
    typer.Option(
        "--epochs", min=1, help="Most epochs (default: per mode, raised to reach --min-steps)."
    ),
]
MinSteps = Annotated[int, typer.Option("--min-steps", min=0, help="Fewest optimizer steps.")]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1)]
LrHead = Annotated[float | None, typer.Option("--lr-head", help="Head learning rate.")]
LrEncoder = Annotated[
    float | None, typer.Option("--lr-encoder", help="Encoder (or LoRA adapter) learning rate.")
]
Seed = Annotated[int, typer.Option("--seed", help="Seed of weights, shuffling and splits.")]
Patience = Annotated[
    int,
    typer.Option(
        "--patience",
        min=0,
        help="Epochs without a better validation score before stopping (0: never stop early).",
    ),
]
ValFraction = Annotated[
    float,
    typer.Option(
        "--val-fraction",
        help="Share of train held out for validation when the data has no validation split.",
    ),
]
MaxTokens = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        help="Word pieces per text (default: the longest training text, at most 256).",
    ),
]
Threads = Annotated[
    int | None,
    typer.Option("--threads", min=1, help="torch threads (default: INSTRUX_ORT_THREADS)."),
]
CheckpointDir = Annotated[
    Path | None, typer.Option("--checkpoint-dir", help="Write a checkpoint after every epoch.")
]
Resume = Annotated[
    bool, typer.Option("--resume", help="Continue from the checkpoint in --checkpoint-dir.")
]
LogDir = Annotated[Path | None, typer.Option("--log-dir", help="Write TensorBoard logs here.")]
PlotDir = Annotated[
    Path | None, typer.Option("--plot", help="Write learning-curve and confusion PNGs here.")
]
Progress = Annotated[bool, typer.Option(help="Show progress bars on stderr.")]
BaseModel = Annotated[
    Path | None,
    typer.Option(
        "--base-model",
        help="Encoder directory (Hugging Face BERT-style; default: the bundled all-MiniLM-L6-v2).",
    ),
]


@hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """Add ``train head``, ``train slots``, ``eval head``, ``eval slots`` and ``heads``."""
    cli.train.command("head")(train_head_command)
    cli.train.command("slots")(train_slots_command)
    cli.eval.command("head")(eval_head_command)
    cli.eval.command("slots")(eval_slots_command)
    heads = typer.Typer(
        help="Manage the fine-tuned heads in the heads directory.", no_args_is_help=True
    )
    heads.command("add")(add_head_command)
    heads.command("list")(list_heads_command)
    cli.app.add_typer(heads, name="heads")


def train_head_command(
    ctx: typer.Context,
    data: Annotated[
        Path,
        typer.Option("--data", help="CSV, JSONL, YAML (inline examples) or a `datasets` folder."),
    ],
    instruction: Annotated[
        str | None,
        typer.Option(
            "--instruction",
            help="Instruction name, e.g. text.sentiment (default: the YAML file's `instruction`).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Artifact directory (default: the heads "
            "directory, INSTRUX_HEADS_DIR, so it is registered at once).",
        ),
    ] = None,
    examples: Annotated[
        list[str] | None,
        typer.Option(
            "--examples",
            help="A phrasing with a {text} slot "
            '(repeatable), e.g. "what is the sentiment of {text}".',
        ),
    ] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    text_column: TextColumn = "text",
    label_column: LabelColumn = None,
    mode: Mode = "linear",
    loss: Loss = "cross_entropy",
    optimizer: Optimizer = "adamw",
    epochs: Epochs = None,
    min_steps: MinSteps = 300,
    batch_size: BatchSize = 32,
    lr_head: LrHead = None,
    lr_encoder: LrEncoder = None,
    class_weights: Annotated[
        bool, typer.Option("--class-weights", help="Weight the loss by inverse label frequency.")
    ] = False,
    lora_rank: Annotated[int, typer.Option("--lora-rank", min=1)] = 8,
    seed: Seed = 0,
    patience: Patience = 5,
    val_fraction: ValFraction = 0.1,
    max_tokens: MaxTokens = None,
    threads: Threads = None,
    int8: Annotated[
        bool, typer.Option("--int8", help="Also write an int8 graph and report the change.")
    ] = False,
    checkpoint_dir: CheckpointDir = None,
    resume: Resume = False,
    log_dir: LogDir = None,
    plot: PlotDir = None,
    progress: Progress = True,
    base_model: BaseModel = None,
    json_output: JsonFlag = False,
) -> None:
    """Train a head on labelled text; the artifact becomes an instruction (see docs/heads.md)."""
    with instrux_errors(json_output):
        from instrux.heads.build import HeadRecipe, build_head, plots
        from instrux.heads.config import HeadTrainConfig
        from instrux.heads.data import describe, load_any
        from instrux.heads.watch import Watcher
        from instrux.schemas.errors import ConfigurationError
        from instrux.semantic.encoder import default_model_dir

        settings = settings_from_context(ctx)
        labelled = load_any(data, text_column=text_column, label_column=label_column)
        name = instruction or labelled.meta.get("instruction")
        if not name:
            raise ConfigurationError("No instruction name.", hint="Give --instruction NAME.")
        recipe = HeadRecipe(
            str(name),
            description or labelled.meta.get("description"),
            tuple(examples or labelled.meta.get("phrasings", ())),
            int8,
        )
        cfg = HeadTrainConfig(
            mode=cast("ModeName", mode),
            loss=cast("LossName", loss),
            optimizer=cast("OptimizerName", optimizer),
            max_epochs=epochs,
            min_steps=min_steps,
            batch_size=batch_size,
            lr_head=lr_head,
            lr_encoder=lr_encoder,
            class_weights=class_weights,
            lora_rank=lora_rank,
            seed=seed,
            patience=patience,
            val_fraction=val_fraction,
            max_tokens=max_tokens,
            threads=threads or settings.ort_threads,
        )
        target = out or settings.heads_dir / recipe.instruction
        typer.echo(describe(labelled), err=True)
        with Watcher(progress=progress, log_dir=log_dir) as watcher:
            metrics = build_head(
                labelled,
                cfg,
                recipe,
                target,
                model_dir=base_model or default_model_dir(),
                cache_dir=settings.cache_dir,
                watcher=watcher,
                checkpoint_dir=checkpoint_dir,
                resume=resume,
            )
        metrics["artifact"] = str(target)
        if plot is not None:
            metrics["plots"] = plots(metrics, plot)
    _report(metrics, json_output, title=f"Head {recipe.instruction} -> {target}")


def train_slots_command(
    ctx: typer.Context,
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="JointBERT folder (train/dev/test with seq.in, seq.out, label)."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Artifact directory (default: the heads directory / PREFIX-slots)."
        ),
    ] = None,
    prefix: Annotated[
        str, typer.Option("--prefix", help="Instructions served are PREFIX.<intent>.")
    ] = "slots",
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Train on a random sample of this many.")
    ] = None,
    epochs: Epochs = None,
    min_steps: MinSteps = 0,
    batch_size: BatchSize = 32,
    lr_head: LrHead = None,
    lr_encoder: LrEncoder = None,
    optimizer: Optimizer = "adamw",
    seed: Seed = 0,
    patience: Patience = 2,
    max_tokens: MaxTokens = None,
    threads: Threads = None,
    checkpoint_dir: CheckpointDir = None,
    resume: Resume = False,
    log_dir: LogDir = None,
    plot: PlotDir = None,
    progress: Progress = True,
    base_model: BaseModel = None,
    json_output: JsonFlag = False,
) -> None:
    """Train a joint intent + BIO slot tagger and export it as one ONNX graph."""
    with instrux_errors(json_output):
        from instrux.heads.build import plots
        from instrux.heads.config import HeadTrainConfig
        from instrux.heads.slots_train import build_slots, load_jointbert
        from instrux.heads.watch import Watcher
        from instrux.semantic.encoder import default_model_dir

        settings = settings_from_context(ctx)
        slot_data = load_jointbert(data, limit=limit, seed=seed)
        cfg = HeadTrainConfig(
            mode="finetune",
            optimizer=cast("OptimizerName", optimizer),
            max_epochs=epochs,
            min_steps=min_steps,
            batch_size=batch_size,
            lr_head=lr_head or 1e-2,
            lr_encoder=lr_encoder or 2e-4,
            seed=seed,
            patience=patience,
            max_tokens=max_tokens,
            threads=threads or settings.ort_threads,
        )
        target = out or settings.heads_dir / f"{prefix}-slots"
        with Watcher(progress=progress, log_dir=log_dir) as watcher:
            metrics = build_slots(
                slot_data,
                cfg,
                target,
                model_dir=base_model or default_model_dir(),
                watcher=watcher,
                prefix=prefix,
                checkpoint_dir=checkpoint_dir,
                resume=resume,
            )
        metrics["artifact"] = str(target)
        if plot is not None:
            metrics["plots"] = plots(metrics, plot)
    _report(metrics, json_output, title=f"Slots {prefix} -> {target}")


def eval_head_command(
    ctx: typer.Context,
    artifact: Artifact,
    data: Annotated[Path, typer.Option("--data", help="Labelled rows (as for train head).")],
    split: Annotated[
        str, typer.Option("--split", help="Split to evaluate when the data has several.")
    ] = "test",
    text_column: TextColumn = "text",
    label_column: LabelColumn = None,
    int8: Annotated[bool, typer.Option("--int8", help="Evaluate the int8 graph.")] = False,
    plot: PlotDir = None,
    json_output: JsonFlag = False,
) -> None:
    """Accuracy, macro-F1 and a per-label report of a head on your data (ONNX graph)."""
    with instrux_errors(json_output):
        from instrux.heads.artifact import load_head
        from instrux.heads.evaluate import evaluate_head
        from instrux.heads.runtime import HeadModel
        from instrux.heads.watch import plot_confusion

        settings = settings_from_context(ctx)
        labelled = _load_split(data, split, text_column, label_column)
        loaded = load_head(artifact)
        model = HeadModel.from_artifact(
            loaded, int8=int8, threads=settings.ort_threads, device=settings.device
        )
        metrics = evaluate_head(model, labelled)
        metrics.update(artifact=str(artifact), graph=model.graph.name, split=split)
        if plot is not None and "confusion" in metrics:
            metrics["plots"] = [
                str(
                    plot_confusion(
                        metrics["confusion"], metrics["labels"], plot / f"confusion_{split}.png"
                    )
                )
            ]
    _report(metrics, json_output, title=f"{artifact} on {data} ({split})")


def eval_slots_command(
    artifact: Artifact,
    data: Annotated[Path, typer.Option("--data", help="JointBERT folder.")],
    split: Annotated[str, typer.Option("--split", help="test or val.")] = "test",
    json_output: JsonFlag = False,
) -> None:
    """Slot F1 (seqeval), intent accuracy and sentence accuracy of a slots artifact."""
    with instrux_errors(json_output):
        from instrux.heads.artifact import SLOTS_FORMAT, load_head
        from instrux.heads.slots_train import evaluate_slots, load_jointbert

        rows = load_jointbert(data).split(split)
        metrics = evaluate_slots(load_head(artifact, formats=(SLOTS_FORMAT,)), rows)
        metrics.update(artifact=str(artifact), split=split)
    _report(metrics, json_output, title=f"{artifact} on {data} ({split})")


def add_head_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A head (or slots) artifact directory.")],
    name: Annotated[
        str | None, typer.Option("--name", help="Directory name in the heads directory.")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Copy a verified head artifact into the heads directory: its instruction is registered."""
    with instrux_errors(json_output):
        from instrux.heads.manage import add_head

        settings = settings_from_context(ctx)
        target = add_head(source, settings.heads_dir, name)
    result = {"added": str(target), "heads_dir": str(settings.heads_dir)}
    typer.echo(json.dumps(result, indent=2) if json_output else f"Added {source} as {target}")


def list_heads_command(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """The heads in the heads directory with their labels and headline metrics."""
    with instrux_errors(json_output):
        from instrux.heads.manage import list_heads

        settings = settings_from_context(ctx)
        heads = list_heads(settings.heads_dir)
    if json_output:
        typer.echo(json.dumps(heads, indent=2))
        return
    typer.echo(f"Heads in {settings.heads_dir}: {len(heads)}")
    for head in heads:
        typer.echo(f"  {head['name']:<28} {head['format']:<16} {head['summary']}")


def _load_split(
    data: Path, split: str, text_column: str, label_column: str | None
) -> list[tuple[str, str]]:
    from instrux.heads.data import load_any
    from instrux.schemas.errors import ConfigurationError

    labelled = load_any(data, text_column=text_column, label_column=label_column)
    if len(labelled.splits) == 1:  # a plain file: every row is the evaluation set
        return next(iter(labelled.splits.values()))
    if not labelled.split(split):
        raise ConfigurationError(
            f"{data} has no {split!r} split (it has {sorted(labelled.splits)}).",
            hint="Choose one with --split.",
        )
    return labelled.split(split)


def _report(metrics: dict[str, Any], json_output: bool, *, title: str) -> None:
    if json_output:
        typer.echo(json.dumps(metrics, indent=2, default=float))
        return
    typer.echo(title)
    for line in _lines(metrics):
        typer.echo(line)


def _lines(metrics: dict[str, Any], indent: str = "  ") -> list[str]:
    """Readable lines: headline numbers, reports as printed by scikit-learn/seqeval."""
    lines = []
    for key, value in metrics.items():
        if key in ("history", "confusion", "report", "labels"):
            continue
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines += _lines(value, indent + "  ")
        elif key == "report_text":
            lines += [indent + row for row in str(value).splitlines()]
        else:
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
            lines.append(f"{indent}{key}: {shown}")
    return lines
