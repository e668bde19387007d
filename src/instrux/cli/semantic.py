"""``instrux setup``, ``instrux train router`` and ``instrux eval router``: the semantic tier's.

A command plugin (``instrux.commands.semantic``): :mod:`instrux.cli.main` loads it and pluggy
calls :func:`instrux_register_commands`. Heavy imports (numpy work, onnxruntime, torch)
happen inside the commands, so that importing this module (which every ``instrux``
invocation does) stays cheap.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.cli.errors import instrux_errors
from instrux.cli.options import settings_from_context
from instrux.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups
    from instrux.semantic.artifact import RouterArtifact
    from instrux.semantic.data import IntentDataset
    from instrux.semantic.train import TrainSettings
    from instrux.settings import Settings

__all__ = [
    "eval_router_command",
    "instrux_register_commands",
    "setup_command",
    "train_router_command",
]


class Dataset(StrEnum):
    clinc150 = "clinc150"
    snips = "snips"


class RouterMode(StrEnum):
    linear = "linear"
    setfit = "setfit"
    finetune = "finetune"
    lora = "lora"


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


@hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """Add ``setup``, ``train router`` and ``eval router``."""
    cli.app.command("setup")(setup_command)
    cli.train.command("router")(train_router_command)
    cli.eval.command("router")(eval_router_command)


def setup_command(
    ctx: typer.Context,
    int8: Annotated[
        bool,
        typer.Option("--int8", help="Prepare the int8 encoder (default: INSTRUX_SEMANTIC_INT8)."),
    ] = False,
    device: Annotated[
        str | None,
        typer.Option(
            "--device",
            metavar="DEVICE",
            help="ONNX Runtime device to check the encoder on: auto, cpu or cuda "
            "(default: the global --device, else INSTRUX_DEVICE, else auto).",
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Where to write it (default: INSTRUX_CACHE_DIR, else ~/.cache/instrux).",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the settings used and the paths as JSON.")
    ] = False,
) -> None:
    """Export the sentence encoder now (about 30 s), not on the first semantic use.

    Without it, the first instruction that reaches the semantic tier does this silently. It
    writes the ONNX graphs under the cache directory (about 180 MB for fp32) and opens each on
    the device, so that an unusable device fails here; running it again only checks the
    files. Needs the "semantic" extra.
    """
    with instrux_errors(json_output):
        settings = settings_from_context(
            ctx, device=device, cache_dir=cache_dir, semantic_int8=True if int8 else None
        )
        from instrux.semantic.encoder import ensure_encoder

        paths = ensure_encoder(
            cache_dir=settings.cache_dir,
            int8=settings.semantic_int8,
            device=settings.device,
            threads=settings.ort_threads,
        )
    if json_output:
        typer.echo(json.dumps(_setup_report(settings, paths), indent=2))
        return
    typer.echo(f"Sentence encoder ready under {settings.cache_dir}:")
    for path in paths:
        typer.echo(f"  {path}")


def _setup_report(settings: Settings, paths: list[Path]) -> dict[str, object]:
    return {
        "cache_dir": str(settings.cache_dir),
        "int8": settings.semantic_int8,
        "device": settings.device,
        "paths": [str(path) for path in paths],
    }


TextColumn = Annotated[
    str | None,
    typer.Option(
        "--text-column",
        help="CSV/JSONL column of the texts (default: the first of text, sentence, utterance, "
        "query, question, input).",
    ),
]
LabelColumn = Annotated[
    str | None,
    typer.Option(
        "--label-column",
        help="CSV/JSONL column of the intents (default: the first of intent, label, category, "
        "class, intent_name, target). Labels oos / out_of_scope mark out-of-scope rows.",
    ),
]


def train_router_command(
    ctx: typer.Context,
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="CSV or JSONL (a text and an intent column, optional split column), "
            "CLINC150 JSON, or a SNIPS or `datasets` folder.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Artifact directory to write (replaced if it exists).")
    ],
    prefix: Annotated[
        str, typer.Option(help="Instruction names become PREFIX.<intent>.")
    ] = "intent",
    text_column: TextColumn = None,
    label_column: LabelColumn = None,
    mode: Annotated[
        RouterMode | None,
        typer.Option(
            help="Train with the heads trainer in this mode (as `instrux train head`); "
            "default: the router's own trainer (linear head, or --fine-tune).",
        ),
    ] = None,
    fine_tune: Annotated[
        bool, typer.Option("--fine-tune", help="Fine-tune the encoder end to end (slow on CPU).")
    ] = False,
    epochs: Annotated[int, typer.Option(help="Fine-tuning epochs (at least).")] = 5,
    lr_head: Annotated[float, typer.Option(help="Fine-tuning learning rate of the head.")] = 1e-2,
    min_steps: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Add epochs until this many optimizer steps (default: 1000 for the head, "
            "300 for fine-tuning).",
        ),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(
            min=8, max=256, help="Fine-tuning token limit (default: the longest training text)."
        ),
    ] = None,
    oos_class: Annotated[
        bool, typer.Option("--oos-class", help="Train out-of-scope rows as an extra class.")
    ] = False,
    confidence: ConfidenceOption = Confidence.softmax,
    reject_share: RejectShare = 0.01,
    val_fraction: Annotated[
        float,
        typer.Option(
            help="Carve a validation split from train when the data has none (0: calibrate "
            "the threshold on out-of-fold training scores instead)."
        ),
    ] = 0.1,
    examples_per_intent: Annotated[
        int,
        typer.Option(
            min=0, help="Training sentences kept per intent as its instruction's examples."
        ),
    ] = 10,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=1, help="torch threads (default: INSTRUX_ORT_THREADS)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No progress bar (stderr) while training.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Train an intent router (linear head on MiniLM embeddings) and save it as an artifact.

    Its intents become instructions, with no code, for any engine with
    INSTRUX_SEMANTIC_ROUTER=OUT: `instrux list` shows them and `instrux run` routes to them.
    """
    with instrux_errors(json_output):
        from instrux.semantic.data import describe, load_file
        from instrux.semantic.finetune import FineTuneConfig, HeadConfig
        from instrux.semantic.train import TrainSettings, train_router

        settings = settings_from_context(ctx)
        torch_threads = threads or settings.ort_threads
        dataset = load_file(
            data, val_fraction=val_fraction, text_column=text_column, label_column=label_column
        )
        typer.echo(describe(dataset), err=True)
        steps = {} if min_steps is None else {"min_steps": min_steps}
        tuning = FineTuneConfig(
            epochs=epochs, lr_head=lr_head, max_tokens=max_tokens, threads=torch_threads, **steps
        )
        recipe = TrainSettings(
            prefix=prefix,
            fine_tune=tuning if fine_tune else None,
            head=HeadConfig(**steps),
            oos_class=oos_class,
            confidence=confidence.value,
            reject_share=reject_share,
            threads=torch_threads,
            progress=not quiet,
            examples_per_intent=examples_per_intent,
        )
        if mode is None:
            artifact = train_router(dataset, out, recipe, cache_dir=settings.cache_dir)
        else:
            artifact = _train_with_heads(dataset, out, recipe, mode.value, settings, **steps)
        report = {k: v for k, v in artifact.metrics.items() if k != "sweep"}
        report["artifact"] = str(out)
        _print(report, json_output)


def _train_with_heads(
    dataset: IntentDataset,
    out: Path,
    recipe: TrainSettings,
    mode: str,
    settings: Settings,
    **changes: int,
) -> RouterArtifact:
    """``train router --mode``: the heads trainer, packaged as a router (semantic.heads_router)."""
    from dataclasses import replace

    from instrux.heads.config import HeadTrainConfig
    from instrux.heads.watch import Watcher
    from instrux.semantic.heads_router import train_router_with_heads

    cfg = HeadTrainConfig(mode=mode, threads=recipe.threads).with_changes(**changes)  # type: ignore[arg-type]
    recipe = replace(recipe, heads_config=cfg.to_dict())
    with Watcher(progress=recipe.progress) as watcher:
        return train_router_with_heads(
            dataset, out, recipe, cfg, cache_dir=settings.cache_dir, watcher=watcher
        )


def eval_router_command(
    ctx: typer.Context,
    dataset: Annotated[
        Dataset | None,
        typer.Option(help="Benchmark to read from --data-dir (or give --data)."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", help="Folder with clinc150/ or jointbert_snips/ (../shared/data)."
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Your own file (as for `train router`): its test split is evaluated, or every "
            "row when it has no split column and --artifact is given.",
        ),
    ] = None,
    test_data: Annotated[
        Path | None,
        typer.Option("--test-data", help="A separate test file (default: --data's test split)."),
    ] = None,
    text_column: TextColumn = None,
    label_column: LabelColumn = None,
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
    """Evaluate a router on a test set: accuracy, macro-F1, out-of-scope, latency.

    The test set is a benchmark's (--dataset, --data-dir) or your own file's (--data, and
    optionally --test-data). Out-of-scope precision and recall are reported when it has
    out-of-scope rows (label oos or out_of_scope).
    """
    with instrux_errors(json_output):
        settings = settings_from_context(ctx)
        source = _EvalSource(data, test_data, text_column, label_column)
        name, data_set = _eval_data(dataset, data_dir, source, trains=artifact is None)
        run = _EvalRun(data_set, name, settings, int8, latency_samples)
        if artifact is None:
            report = _eval_fresh(run, confidence.value, reject_share)
        else:
            report = _eval_artifact(run, artifact)
        _print(report, json_output)


@dataclass(frozen=True, slots=True)
class _EvalSource:
    """A user's evaluation files and their columns."""

    data: Path | None
    test_data: Path | None
    text_column: str | None
    label_column: str | None


def _eval_data(
    dataset: Dataset | None, data_dir: Path | None, source: _EvalSource, *, trains: bool
) -> tuple[str, IntentDataset]:
    """The evaluated data as one dataset with a ``test`` split (and ``train`` to train on)."""
    from instrux.schemas.errors import ConfigurationError
    from instrux.semantic.data import IntentDataset, load_file, load_named

    if dataset is not None:
        if data_dir is None:
            raise ConfigurationError(
                "--dataset needs --data-dir.", hint="Add --data-dir ../shared/data."
            )
        return dataset.value, load_named(dataset.value, data_dir)
    main = source.data or source.test_data
    if main is None:
        raise ConfigurationError(
            "Nothing to evaluate on.",
            hint="Give --data FILE (your own) or --dataset clinc150|snips --data-dir DIR.",
        )
    text, label = source.text_column, source.label_column
    loaded = load_file(main, text_column=text, label_column=label)
    if source.test_data is not None:
        test = load_file(source.test_data, text_column=text, label_column=label)
        rows = test.splits.get("test") or [r for part in test.splits.values() for r in part]
        loaded = IntentDataset(loaded.name, {**loaded.splits, "test": rows})
    elif "test" not in loaded.splits and not trains and set(loaded.splits) == {"train"}:
        loaded = IntentDataset(loaded.name, {"test": loaded.splits["train"]})  # all rows
    if "test" not in loaded.splits:
        raise ConfigurationError(
            f"{main} has no test split (splits: {sorted(loaded.splits)}).",
            hint="Give the file a split column with test rows, or pass --test-data FILE"
            + ("" if not trains else ", or --artifact DIR to evaluate every row"),
        )
    return main.stem, loaded


@dataclass(frozen=True, slots=True)
class _EvalRun:
    """What one ``eval router`` measures on: data, settings (cache, device), graph, samples."""

    data: IntentDataset
    name: str
    settings: Settings
    int8: bool
    samples: int


def _eval_fresh(run: _EvalRun, confidence: str, reject_share: float) -> dict[str, object]:
    from instrux.semantic.train import TrainSettings, train_router

    with tempfile.TemporaryDirectory(prefix="instrux-router-") as folder:
        recipe = TrainSettings(
            prefix=run.name,
            confidence=confidence,  # type: ignore[arg-type]
            reject_share=reject_share,
            threads=run.settings.ort_threads,
        )
        train_router(run.data, Path(folder) / "router", recipe, cache_dir=run.settings.cache_dir)
        return _eval_artifact(run, Path(folder) / "router")


def _eval_artifact(run: _EvalRun, path: Path) -> dict[str, object]:
    from instrux.semantic.artifact import load_router_artifact
    from instrux.semantic.evaluate import evaluate_router
    from instrux.semantic.quantize import artifact_int8_graph

    settings = run.settings
    loaded = load_router_artifact(path)
    graph = artifact_int8_graph(loaded, cache_dir=settings.cache_dir) if run.int8 else None
    encoder = loaded.encoder(graph=graph, threads=settings.ort_threads, device=settings.device)
    recipe = loaded.config["settings"]
    kind = "fine-tuned" if recipe["fine_tune"] else "frozen"
    if recipe.get("heads_config"):
        kind = f"heads trainer ({recipe['heads_config']['mode']}):"
    label = f"{kind} MiniLM + head ({'int8' if run.int8 else 'fp32'})"
    report = evaluate_router(
        label,
        run.name,
        run.data.split("test"),
        loaded.config["intents"],
        encoder,
        loaded.router(),
        latency_samples=run.samples,
    )
    return report.as_dict()


def _print(report: dict[str, object], json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        typer.echo(f"{key:>36}  {shown}")
