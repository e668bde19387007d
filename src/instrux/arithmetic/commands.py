"""Commands of the arithmetic nets: ``train arithmetic``, ``export``, ``eval extrapolation``.

Added by the built-in plugin ``instrux.neural`` (:mod:`instrux.arithmetic.plugin`). Only typer
and the standard library are imported here; torch, onnx and onnxruntime inside the commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from instrux.plugins.commands import (
    DeviceOption,
    JsonOption,
    ProgressOption,
    command_host,
    instrux_errors,
    print_json,
)

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups

__all__ = ["add_arithmetic_commands", "export", "extrapolation", "train_arithmetic"]

SeedOption = Annotated[int, typer.Option("--seed", help="Seed of weights and data.")]


def add_arithmetic_commands(cli: CommandGroups) -> None:
    """Add ``train arithmetic``, ``export`` and ``eval extrapolation``."""
    cli.train.command("arithmetic")(train_arithmetic)
    cli.app.command("export")(export)
    cli.eval.command("extrapolation")(extrapolation)


def train_arithmetic(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Artifacts directory (default: the one shipped in the package)."
        ),
    ] = None,
    seed: SeedOption = 0,
    steps: Annotated[
        int | None, typer.Option("--steps", min=1, help="Most optimizer steps per net.")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Train only this net (repeatable): adder, subtractor, "
            "addsub, multiply, divide, power.",
        ),
    ] = None,
    progress: ProgressOption = True,
    json_output: JsonOption = False,
) -> None:
    """Train, snap and export the arithmetic sub-networks (needs the "train" extra)."""
    with instrux_errors(json_output):
        from instrux.arithmetic.recipes import DEFAULT_OUT, RECIPES
        from instrux.arithmetic.recipes import train_arithmetic as run_recipes
        from instrux.runtime.onnx import clear_sessions

        unknown = sorted(set(only or ()) - set(RECIPES))
        if unknown:
            raise typer.BadParameter(f"unknown net(s) {unknown}; known: {sorted(RECIPES)}")
        target = out or DEFAULT_OUT
        metrics = run_recipes(target, seed=seed, steps=steps, only=tuple(only or ()),
                              progress=progress)  # fmt: skip
        clear_sessions()  # sessions of this process must not keep serving the old graphs
    if json_output:
        print_json(metrics)
        return
    for name, m in metrics.items():
        typer.echo(_train_line(name, m))
    typer.echo(f"Wrote {len(metrics)} artifact(s) under {target}")


def export(
    ctx: typer.Context,
    artifact: Annotated[
        str,
        typer.Argument(
            help="Artifact directory, executor name (math.add.onnx) or net name (adder)."
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of replacing the artifact.")
    ] = None,
    dtype: Annotated[
        str | None, typer.Option("--dtype", help="float64 or float32 (default: the artifact's).")
    ] = None,
    int8: Annotated[
        bool, typer.Option("--int8", help="Also write model.int8.onnx (dynamic, per-channel).")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Export a neural executor to ONNX, checked against torch (needs the "train" extra)."""
    with instrux_errors(json_output):
        if dtype not in (None, "float32", "float64"):
            raise typer.BadParameter("--dtype must be float32 or float64")
        from instrux.arithmetic.export import export_artifact

        source = resolve_artifact(artifact, command_host(ctx).settings().arithmetic_artifacts)
        metrics = export_artifact(source, out, dtype=dtype, int8=int8, probe=_probe_for(source))
    if json_output:
        print_json(metrics)
        return
    typer.echo(_export_line(source, out or source, metrics))
    if "int8" in metrics:
        typer.echo(_int8_line(metrics["int8"]))


def extrapolation(
    ctx: typer.Context,
    artifacts: Annotated[
        Path | None, typer.Option("--artifacts", help="Artifacts directory (default: shipped).")
    ] = None,
    samples: Annotated[int, typer.Option("--samples", min=10, help="Operands per range.")] = 2000,
    seed: SeedOption = 0,
    baseline: Annotated[
        bool, typer.Option(help="Also train and measure the seed adder (needs torch, ~5 s).")
    ] = True,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON here (and a .md beside it).")
    ] = None,
    device: DeviceOption = None,
    json_output: JsonOption = False,
) -> None:
    """Largest relative error per operation for operands up to 1e2, 1e4, 1e6 and 1e9."""
    with instrux_errors(json_output):
        from instrux.arithmetic.plugin import artifacts_root
        from instrux.arithmetic.report import extrapolation_report, render_markdown

        # --device, else the global --device, else INSTRUX_DEVICE (checked by Settings).
        settings = command_host(ctx).settings(device=device)
        root = artifacts or artifacts_root(settings.arithmetic_artifacts)
        report = extrapolation_report(
            root, samples=samples, seed=seed, baseline=baseline, device=settings.device
        )
        markdown = render_markdown(report)
        text = json.dumps(report, indent=2, sort_keys=True)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n")
            out.with_suffix(".md").write_text(markdown)
    typer.echo(text if json_output else markdown)


def resolve_artifact(name: str, root: Path | None = None) -> Path:
    """A directory, an executor name (``math.add.onnx``) or a net name (``adder``) -> path.

    Names are looked up under ``root`` (``Settings.arithmetic_artifacts``), else the shipped
    artifacts.
    """
    from instrux.arithmetic.plugin import BINDINGS, artifacts_root
    from instrux.schemas.errors import ConfigurationError

    path = Path(name)
    if path.is_dir():
        return path
    by_executor = {b.executor: b.artifact for b in BINDINGS}
    nets = sorted({b.artifact for b in BINDINGS})
    if name in by_executor:
        return artifacts_root(root) / by_executor[name]
    if name in nets:
        return artifacts_root(root) / name
    raise ConfigurationError(
        f"No artifact directory, executor or net named {name!r}.",
        hint=f"Give a directory, an executor ({', '.join(by_executor)}) or a net "
        f"({', '.join(nets)}).",
        details={"name": name},
    )


def _probe_for(source: Path) -> Any:
    """The recipe's probe (in range and up to 1e9) for arithmetic nets, else the default."""
    from instrux.arithmetic.recipes import RECIPES, probe
    from instrux.runtime.artifacts import load_artifact

    name = load_artifact(source).config.get("name")
    return probe(RECIPES[name], 0) if name in RECIPES else None


def _train_line(name: str, metrics: dict[str, Any]) -> str:
    train, snap, parity = metrics["train"], metrics["snap"], metrics["parity"]
    return (f"{name:<11} {train['steps']:>6} steps ({train['stopped']}, {train['seconds']:.1f} s), "
            f"val loss {train['best_val_loss']:.2e}, snapped {snap['accepted']}, "
            f"|onnx - torch| {parity['max_abs_error']:.1e}")  # fmt: skip


def _export_line(source: Path, out: Path, metrics: dict[str, Any]) -> str:
    parity = metrics["parity"]
    return (
        f"Exported {source} -> {out} ({parity['dtype']}): max |onnx - torch| "
        f"{parity['max_abs_error']:.3g} (rtol {parity['rtol']:g}, atol {parity['atol']:g})"
    )


def _int8_line(q: dict[str, Any]) -> str:
    return (
        f"int8 (ops quantized: {q['quantized']}): max relative error "
        f"{q['max_rel_error_int8_row_by_row']:.3g} row by row, {q['max_rel_error_int8']:.3g} "
        f"as one batch; float32 {q['max_rel_error_float32']:.3g}"
    )
