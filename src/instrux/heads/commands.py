"""Commands of trained heads: ``train head|slots|router``, ``eval head|slots|router``, ``heads``.

Added by the built-in plugin ``instrux.heads``. The training options are generated from the
recipes' pydantic models (:class:`~instrux.heads.config.HeadTrainConfig`,
:class:`~instrux.heads.router.RouterConfig`), so a default or its help is written once. Only
typer and pydantic are imported here; torch, numpy and onnxruntime inside the commands.
Progress goes to stderr; ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from instrux.heads.config import HeadTrainConfig
from instrux.heads.distill import Distillation
from instrux.heads.options import (
    CheckpointDir,
    EncoderOption,
    LogDir,
    PlotDir,
    Resume,
    Threads,
    train_encoder,
)
from instrux.heads.router_commands import eval_router_command, train_router_command
from instrux.plugins.commands import (
    JsonOption,
    ProgressOption,
    command_host,
    instrux_errors,
    options_from,
    print_json,
)

if TYPE_CHECKING:
    from instrux.heads.distill import Teacher
    from instrux.plugins.types import CommandGroups

__all__ = ["add_head_commands", "report"]

Artifact = Annotated[Path, typer.Option("--artifact", help="A head artifact directory.")]
TextColumn = Annotated[
    str | None,
    typer.Option(
        "--text-column",
        help="Column of the texts (default: the first of text, sentence, utterance, query, "
        "question, input).",
    ),
]
LabelColumn = Annotated[
    str | None,
    typer.Option(
        "--label-column",
        help="Column of the labels (default: the first of label, intent, sentiment, category, "
        "class, intent_name, target).",
    ),
]
# Fields a command's own options cover, or that do not apply to it.
_RUN_FIELDS = frozenset({"threads"})
_SLOT_FIELDS = _RUN_FIELDS | {
    "mode", "loss", "class_weights", "label_smoothing", "val_fraction", "hidden", "lora_rank",
    "lora_alpha", "setfit_pairs", "setfit_epochs", "setfit_batch_size", "min_batches",
    "reject_share", "calibration_folds",
}  # fmt: skip
_EPOCHS = {"max_epochs": "epochs"}
_DISTILL = {
    name: f"{field.description}"
    + ("" if field.is_required() or field.default is None else f" [default: {field.default}]")
    for name, field in Distillation.model_fields.items()
}
TeacherOption = Annotated[
    Path | None,
    typer.Option("--teacher", help=f"{_DISTILL['teacher']} Distillation: docs/heads.md."),
]
Unlabelled = Annotated[Path | None, typer.Option("--unlabelled", help=_DISTILL["unlabelled"])]
DistillAlpha = Annotated[
    float | None,
    typer.Option("--distill-alpha", help=_DISTILL["alpha"]),
]
DistillTemperature = Annotated[
    float | None,
    typer.Option("--distill-temperature", help=_DISTILL["temperature"]),
]


def add_head_commands(cli: CommandGroups) -> None:
    """``train head|slots|router``, ``eval head|slots|router`` and ``heads add|list``."""
    cli.train.command("head")(train_head_command)
    cli.train.command("slots")(train_slots_command)
    cli.train.command("router")(train_router_command)
    cli.eval.command("head")(eval_head_command)
    cli.eval.command("slots")(eval_slots_command)
    cli.eval.command("router")(eval_router_command)
    heads = typer.Typer(
        help="Manage the fine-tuned heads in the heads directory.", no_args_is_help=True
    )
    heads.command("add")(add_head_command)
    heads.command("list")(list_heads_command)
    cli.app.add_typer(heads, name="heads")


@options_from(HeadTrainConfig, param="cfg", exclude=_RUN_FIELDS, rename=_EPOCHS)
def train_head_command(
    ctx: typer.Context,
    cfg: HeadTrainConfig,
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
            help="Artifact directory (default: the heads directory, INSTRUX_HEADS_DIR, so it is "
            "registered at once).",
        ),
    ] = None,
    examples: Annotated[
        list[str] | None,
        typer.Option(
            "--examples",
            help='A phrasing with a {text} slot (repeatable), e.g. "what is the sentiment of '
            '{text}".',
        ),
    ] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    text_column: TextColumn = None,
    label_column: LabelColumn = None,
    threads: Threads = None,
    int8: Annotated[
        bool, typer.Option("--int8", help="Also write an int8 graph and report the change.")
    ] = False,
    route: Annotated[
        bool | None,
        typer.Option(
            "--route/--no-route",
            help="Route raw sentences to the head when its calibrated score reaches its "
            "out-of-scope threshold (default: for an instruction named *.intent).",
        ),
    ] = None,
    checkpoint_dir: CheckpointDir = None,
    resume: Resume = False,
    log_dir: LogDir = None,
    plot: PlotDir = None,
    progress: ProgressOption = True,
    encoder: EncoderOption = None,
    teacher: TeacherOption = None,
    unlabelled: Unlabelled = None,
    distill_alpha: DistillAlpha = None,
    distill_temperature: DistillTemperature = None,
    json_output: JsonOption = False,
) -> None:
    """Train a head on labelled text; the artifact becomes an instruction (see docs/heads.md).

    Rows labelled oos (or out_of_scope) are no label: they set the out-of-scope threshold.
    With --teacher the head also learns a teacher head's soft labels (distillation).
    """
    with instrux_errors(json_output):
        from instrux.heads.build import HeadRecipe, build_head, plots
        from instrux.schemas.errors import ConfigurationError
        from instrux.train.data import describe
        from instrux.train.progress import Watcher
        from instrux.train.readers import load_any

        settings = command_host(ctx).settings()
        labelled = load_any(data, text_column=text_column, label_column=label_column, oos=True)
        name = instruction or labelled.meta.get("instruction")
        if not name:
            raise ConfigurationError("No instruction name.", hint="Give --instruction NAME.")
        recipe = HeadRecipe(
            str(name),
            description or labelled.meta.get("description"),
            tuple(examples or labelled.meta.get("phrasings", ())),
            int8,
            routes=route if route is not None else labelled.meta.get("route"),
        )
        cfg = cfg.with_changes(threads=threads or settings.ort_threads)
        target = out or settings.heads_dir / recipe.instruction
        distilling = {"teacher": teacher, "unlabelled": unlabelled, "alpha": distill_alpha,
                      "temperature": distill_temperature}  # fmt: skip
        teacher_head = _teacher(ctx, distilling, cfg.threads)
        typer.echo(describe(labelled), err=True)
        with Watcher(progress=progress, log_dir=log_dir) as watcher:
            metrics = build_head(
                labelled, cfg, recipe, target, encoder=train_encoder(ctx, encoder, cfg.threads),
                watcher=watcher, checkpoint_dir=checkpoint_dir, resume=resume,
                teacher=teacher_head,
            )  # fmt: skip
        metrics["artifact"] = str(target)
        if plot is not None:
            metrics["plots"] = plots(metrics, plot)
    report(metrics, json_output, title=f"Head {recipe.instruction} -> {target}")


@options_from(
    HeadTrainConfig,
    param="cfg",
    exclude=_SLOT_FIELDS,
    rename=_EPOCHS,
    defaults={"min_steps": 0, "lr_head": 1e-2, "lr_encoder": 2e-4, "patience": 2},
)
def train_slots_command(
    ctx: typer.Context,
    cfg: HeadTrainConfig,
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
    threads: Threads = None,
    checkpoint_dir: CheckpointDir = None,
    resume: Resume = False,
    log_dir: LogDir = None,
    plot: PlotDir = None,
    progress: ProgressOption = True,
    encoder: EncoderOption = None,
    json_output: JsonOption = False,
) -> None:
    """Train a joint intent + BIO slot tagger and export it as one ONNX graph."""
    with instrux_errors(json_output):
        from instrux.heads.build import plots
        from instrux.heads.slots_train import build_slots
        from instrux.train.benchmarks import load_jointbert
        from instrux.train.progress import Watcher

        settings = command_host(ctx).settings()
        slot_data = load_jointbert(data, limit=limit, seed=cfg.seed)
        cfg = cfg.with_changes(mode="finetune", threads=threads or settings.ort_threads)
        target = out or settings.heads_dir / f"{prefix}-slots"
        with Watcher(progress=progress, log_dir=log_dir) as watcher:
            metrics = build_slots(
                slot_data, cfg, target, encoder=train_encoder(ctx, encoder, cfg.threads),
                watcher=watcher, prefix=prefix, checkpoint_dir=checkpoint_dir, resume=resume,
            )  # fmt: skip
        metrics["artifact"] = str(target)
        if plot is not None:
            metrics["plots"] = plots(metrics, plot)
    report(metrics, json_output, title=f"Slots {prefix} -> {target}")


def eval_head_command(
    ctx: typer.Context,
    artifact: Artifact,
    data: Annotated[Path, typer.Option("--data", help="Labelled rows (as for train head).")],
    split: Annotated[
        str, typer.Option("--split", help="Split to evaluate when the data has several.")
    ] = "test",
    text_column: TextColumn = None,
    label_column: LabelColumn = None,
    int8: Annotated[bool, typer.Option("--int8", help="Evaluate the int8 graph.")] = False,
    plot: PlotDir = None,
    json_output: JsonOption = False,
) -> None:
    """Accuracy, macro-F1 and a per-label report of a head on your data (ONNX graph)."""
    with instrux_errors(json_output):
        from instrux.heads.artifact import load_head
        from instrux.heads.evaluate import evaluate_head
        from instrux.heads.runtime import HeadModel, head_encoder
        from instrux.train.progress import plot_confusion

        host = command_host(ctx)
        settings = host.settings()
        rows = _load_split(data, split, text_column, label_column)
        loaded = load_head(artifact)
        encoder = head_encoder(loaded.config, host.engine().registry.model_specs(), settings)
        model = HeadModel.from_artifact(
            loaded, encoder=encoder, int8=int8, threads=settings.ort_threads, device=settings.device
        )
        metrics = evaluate_head(model, rows)
        metrics.update(artifact=str(artifact), graph=model.graph.name, split=split)
        if plot is not None and "confusion" in metrics:
            figure = plot / f"confusion_{split}.png"
            metrics["plots"] = [
                str(plot_confusion(metrics["confusion"], metrics["labels"], figure))
            ]
    report(metrics, json_output, title=f"{artifact} on {data} ({split})")


def eval_slots_command(
    artifact: Artifact,
    data: Annotated[Path, typer.Option("--data", help="JointBERT folder.")],
    split: Annotated[str, typer.Option("--split", help="test or val.")] = "test",
    json_output: JsonOption = False,
) -> None:
    """Slot F1 (seqeval), intent accuracy and sentence accuracy of a slots artifact."""
    with instrux_errors(json_output):
        from instrux.heads.artifact import SLOTS_FORMAT, load_head
        from instrux.heads.slots_train import evaluate_slots
        from instrux.train.benchmarks import load_jointbert

        rows = load_jointbert(data).split(split)
        metrics = evaluate_slots(load_head(artifact, formats=(SLOTS_FORMAT,)), rows)
        metrics.update(artifact=str(artifact), split=split)
    report(metrics, json_output, title=f"{artifact} on {data} ({split})")


def add_head_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A head (or slots) artifact directory.")],
    name: Annotated[
        str | None, typer.Option("--name", help="Directory name in the heads directory.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Copy a verified head artifact into the heads directory: its instruction is registered."""
    with instrux_errors(json_output):
        from instrux.heads.manage import add_head

        settings = command_host(ctx).settings()
        target = add_head(source, settings.heads_dir, name)
    result = {"added": str(target), "heads_dir": str(settings.heads_dir)}
    if json_output:
        print_json(result)
        return
    typer.echo(f"Added {source} as {target}")


def list_heads_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The heads in the heads directory with their labels and headline metrics."""
    with instrux_errors(json_output):
        from instrux.heads.manage import list_heads

        settings = command_host(ctx).settings()
        heads = list_heads(settings.heads_dir)
    if json_output:
        print_json(heads)
        return
    typer.echo(f"Heads in {settings.heads_dir}: {len(heads)}")
    for head in heads:
        typer.echo(f"  {head['name']:<28} {head['format']:<16} {head['summary']}")


def _teacher(ctx: typer.Context, given: dict[str, Any], threads: int) -> Teacher | None:
    """The teacher of ``--teacher`` (with the other distillation options), or ``None``."""
    from instrux.heads.distill import load_teacher
    from instrux.schemas.errors import ConfigurationError
    from instrux.train.config import build_config

    values = {name: value for name, value in given.items() if value is not None}
    if "teacher" not in values:
        if values:
            raise ConfigurationError(
                "--unlabelled, --distill-alpha and --distill-temperature need --teacher.",
                hint="Give --teacher HEAD_DIR (a head artifact with the same labels).",
            )
        return None
    host = command_host(ctx)
    settings = build_config(Distillation, **values)
    return load_teacher(settings, models=host.engine().registry.model_specs(),
                        runtime=host.settings(), threads=threads)  # fmt: skip


def _load_split(
    data: Path, split: str, text_column: str | None, label_column: str | None
) -> list[tuple[str, str]]:
    from instrux.schemas.errors import ConfigurationError
    from instrux.train.readers import load_any

    labelled = load_any(data, text_column=text_column, label_column=label_column, oos=True)
    if len(labelled.splits) == 1:  # a plain file: every row is the evaluation set
        return next(iter(labelled.splits.values()))
    if not labelled.split(split):
        raise ConfigurationError(
            f"{data} has no {split!r} split (it has {sorted(labelled.splits)}).",
            hint="Choose one with --split.",
        )
    return labelled.split(split)


def report(metrics: dict[str, Any], json_output: bool, *, title: str) -> None:
    if json_output:
        print_json(metrics)
        return
    typer.echo(title)
    for line in _lines(metrics):
        typer.echo(line)


def _lines(metrics: dict[str, Any], indent: str = "  ") -> list[str]:
    """Readable lines: headline numbers, reports as printed by scikit-learn/seqeval."""
    lines = []
    for key, value in metrics.items():
        if key in ("history", "confusion", "report", "labels", "sweep"):
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
