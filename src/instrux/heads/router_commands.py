"""``instrux train router`` and ``instrux eval router`` (added with the heads' commands).

A router is a head whose labels are intents (:mod:`instrux.heads.router`): ``train router``
takes the router's options from :class:`~instrux.heads.router.RouterConfig` and the head's from
:class:`~instrux.heads.config.HeadTrainConfig` (given ones override the router's preset for the
mode, :func:`~instrux.heads.router.router_head_config`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from instrux.heads.config import HeadTrainConfig, RouterConfig
from instrux.heads.options import EncoderOption, train_encoder
from instrux.plugins.commands import (
    JsonOption,
    ProgressOption,
    command_host,
    instrux_errors,
    options_from,
    print_json,
)
from instrux.schemas.errors import ConfigurationError

if TYPE_CHECKING:
    from instrux.settings import Settings
    from instrux.train.data import LabelledSplits

__all__ = ["eval_router_command", "train_router_command"]

TextColumn = Annotated[
    str | None,
    typer.Option("--text-column", help="Column of the texts (default: a common name)."),
]
LabelColumn = Annotated[
    str | None,
    typer.Option(
        "--label-column",
        help="Column of the intents (default: a common name). Labels oos / out_of_scope mark "
        "out-of-scope rows.",
    ),
]
# The router calibrates with its own options (RouterConfig: reject_share, folds).
_HEAD_FIELDS = frozenset(
    {"mode", "loss", "hidden", "setfit_batch_size", "reject_share", "calibration_folds"}
)


@options_from(HeadTrainConfig, param="head", exclude=_HEAD_FIELDS, overrides=True,
              rename={"max_epochs": "epochs"})  # fmt: skip
@options_from(RouterConfig, param="router")
def train_router_command(
    ctx: typer.Context,
    router: RouterConfig,
    head: dict[str, Any],
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="CSV or JSONL (a text and an intent column, optional split column), CLINC150 "
            "JSON, or a SNIPS or `datasets` folder.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Artifact directory to write (replaced if it exists).")
    ],
    mode: Annotated[
        Literal["linear", "setfit", "finetune", "lora"],
        typer.Option("--mode", help="How the head trains (as `instrux train head --mode`)."),
    ] = "linear",
    fine_tune: Annotated[
        bool, typer.Option("--fine-tune", help="Same as --mode finetune (slow on CPU).")
    ] = False,
    text_column: TextColumn = None,
    label_column: LabelColumn = None,
    encoder: EncoderOption = None,
    progress: ProgressOption = True,
    json_output: JsonOption = False,
) -> None:
    """Train an intent router (a head on a sentence encoder) and save it as an artifact.

    Its intents become instructions, with no code, for any engine with
    INSTRUX_SEMANTIC_ROUTER=OUT: `instrux list` shows them and `instrux run` routes to them.
    The head's options override the router's preset for the mode (see docs/semantic.md).
    """
    with instrux_errors(json_output):
        from instrux.heads.router import router_head_config, train_router
        from instrux.train.data import describe, with_val
        from instrux.train.progress import Watcher
        from instrux.train.readers import load_labelled

        settings = command_host(ctx).settings()
        chosen = "finetune" if fine_tune else mode
        cfg = router_head_config(chosen, threads=settings.ort_threads, **head)
        loaded = load_labelled(data, text_column=text_column, label_column=label_column, oos=True)
        share = cfg.validation_share(loaded)
        dataset = with_val(loaded, share, cfg.seed)
        typer.echo(describe(dataset), err=True)
        with Watcher(progress=progress) as watcher:
            artifact = train_router(dataset, out, router, cfg, watcher=watcher,
                                    encoder=train_encoder(ctx, encoder, cfg.threads))  # fmt: skip
        report = {k: v for k, v in artifact.metrics.items() if k != "sweep"}
        report["artifact"] = str(out)
    _print(report, json_output)


def eval_router_command(
    ctx: typer.Context,
    dataset: Annotated[
        Literal["clinc150", "snips"] | None,
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
    confidence: Annotated[
        Literal["softmax", "knn"],
        typer.Option(help="Score thresholded for out-of-scope (a router trained now)."),
    ] = "softmax",
    reject_share: Annotated[
        float, typer.Option(help="Share of in-scope validation rows the threshold may reject.")
    ] = 0.01,
    latency_samples: Annotated[int, typer.Option(help="Texts timed one at a time.")] = 1000,
    encoder: EncoderOption = None,
    json_output: JsonOption = False,
) -> None:
    """Evaluate a router on a test set: accuracy, macro-F1, out-of-scope, latency.

    The test set is a benchmark's (--dataset, --data-dir) or your own file's (--data, and
    optionally --test-data). Out-of-scope precision and recall are reported when it has
    out-of-scope rows (label oos or out_of_scope).
    """
    with instrux_errors(json_output):
        if artifact is not None and encoder is not None:
            raise ConfigurationError(
                "--encoder is for a router trained now; --artifact runs on the encoder it "
                "was trained on.",
                hint="Drop --encoder, or drop --artifact to train one on that encoder.",
            )
        settings = command_host(ctx).settings()
        source = _EvalSource(data, test_data, text_column, label_column)
        name, data_set = _eval_data(dataset, data_dir, source, trains=artifact is None)
        run = _EvalRun(data_set, name, settings, int8, latency_samples)
        if artifact is None:
            report = _eval_fresh(ctx, run, confidence, reject_share, encoder)
        else:
            report = _eval_artifact(ctx, run, artifact)
        _print(report, json_output)


@dataclass(frozen=True, slots=True)
class _EvalSource:
    """A user's evaluation files and their columns."""

    data: Path | None
    test_data: Path | None
    text_column: str | None
    label_column: str | None


def _eval_data(
    dataset: str | None, data_dir: Path | None, source: _EvalSource, *, trains: bool
) -> tuple[str, LabelledSplits]:
    """The evaluated data as one dataset with a ``test`` split (and ``train`` to train on)."""

    from instrux.train.benchmarks import load_named
    from instrux.train.data import LabelledSplits

    if dataset is not None:
        if data_dir is None:
            raise ConfigurationError(
                "--dataset needs --data-dir.", hint="Add --data-dir ../shared/data."
            )
        return dataset, load_named(dataset, data_dir)
    main = source.data or source.test_data
    if main is None:
        raise ConfigurationError(
            "Nothing to evaluate on.",
            hint="Give --data FILE (your own) or --dataset clinc150|snips --data-dir DIR.",
        )
    text, label = source.text_column, source.label_column
    loaded = _load(main, text, label)
    if source.test_data is not None:
        test = _load(source.test_data, text, label)
        rows = test.splits.get("test") or [r for part in test.splits.values() for r in part]
        loaded = LabelledSplits(loaded.name, {**loaded.splits, "test": rows})
    elif "test" not in loaded.splits and not trains and set(loaded.splits) == {"train"}:
        loaded = LabelledSplits(loaded.name, {"test": loaded.splits["train"]})  # all rows
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

    data: LabelledSplits
    name: str
    settings: Settings
    int8: bool
    samples: int


def _eval_fresh(
    ctx: typer.Context, run: _EvalRun, confidence: str, reject_share: float, encoder: str | None
) -> dict[str, object]:
    from instrux.heads.router import RouterConfig, router_head_config, train_router
    from instrux.train.progress import Watcher

    config = RouterConfig(prefix=run.name, confidence=confidence,  # type: ignore[arg-type]
                          reject_share=reject_share)  # fmt: skip
    head = router_head_config("linear", threads=run.settings.ort_threads)
    with tempfile.TemporaryDirectory(prefix="instrux-router-") as folder:
        with Watcher(progress=False) as watcher:
            train_router(run.data, Path(folder) / "router", config, head, watcher=watcher,
                         encoder=train_encoder(ctx, encoder, head.threads))  # fmt: skip
        return _eval_artifact(ctx, run, Path(folder) / "router")


def _eval_artifact(ctx: typer.Context, run: _EvalRun, path: Path) -> dict[str, object]:
    from instrux.heads.evaluate import evaluate_router
    from instrux.models.load import load_encoder
    from instrux.semantic.artifact import artifact_int8_graph, load_router_artifact

    settings = run.settings
    loaded = load_router_artifact(path)
    graph = artifact_int8_graph(loaded, cache_dir=settings.cache_dir) if run.int8 else None
    base = None
    if loaded.layout == "head":
        registry = command_host(ctx).engine().registry
        base = load_encoder(registry, settings, loaded.encoder_record.name)
    encoder = loaded.runner(encoder=base, graph=graph, threads=settings.ort_threads,
                            device=settings.device)  # fmt: skip
    mode = loaded.config.get("mode") or ("finetune" if _fine_tuned(loaded.config) else "linear")
    kind = "frozen" if mode == "linear" else f"{mode}:"
    label = f"{kind} {loaded.encoder_record.name} + head ({'int8' if run.int8 else 'fp32'})"
    report = evaluate_router(
        label,
        run.name,
        run.data.require("test"),
        loaded.config["intents"],
        encoder,
        loaded.router(),
        latency_samples=run.samples,
    )
    return report.as_dict()


def _fine_tuned(config: dict[str, Any]) -> bool:
    """Whether a router written before routers were heads had a fine-tuned encoder."""
    return bool(config.get("settings", {}).get("fine_tune"))


def _load(path: Path, text: str | None, label: str | None) -> LabelledSplits:
    from instrux.train.readers import load_labelled

    return load_labelled(path, text_column=text, label_column=label, oos=True)


def _print(report: dict[str, object], json_output: bool) -> None:
    if json_output:
        print_json(report)
        return
    for key, value in report.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        typer.echo(f"{key:>36}  {shown}")
