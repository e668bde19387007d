"""``instrux finance train|events|monitor|eval``, added through ``instrux_register_commands``.

Only typer and pydantic are imported here; pandas, numpy, onnxruntime, torch and matplotlib
inside the commands. Progress goes to stderr; ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.plugins.commands import (
    JsonOption,
    ProgressOption,
    command_host,
    instrux_errors,
    print_json,
)

if TYPE_CHECKING:
    from instrux import CommandGroups

__all__ = ["add_finance_commands"]

STOCKNET = "../shared/data/stocknet"
ArtifactOption = Annotated[
    Path | None,
    typer.Option(
        "--artifact",
        help="A finance.sentiment head artifact (default: the one "
        "`instrux finance train` wrote, else the heads directory's).",
    ),
]
PricesOption = Annotated[
    Path, typer.Option("--prices", help=f"Daily prices CSV (default {STOCKNET}/prices.csv.gz).")
]
Int8Option = Annotated[
    bool,
    typer.Option(
        "--int8/--fp32",
        help="Run the head's int8 graph (the default: about 1.5x the texts/s of fp32 on tweets) or "
        "its fp32 graph.",
    ),
]


def add_finance_commands(cli: CommandGroups) -> None:
    group = cli.group("finance", help="Financial sentiment monitor (instrux-finance plugin).")
    group.command("train")(train_command)
    group.command("events")(events_command)
    group.command("monitor")(monitor_command)
    group.command("eval")(eval_command)


def train_command(
    ctx: typer.Context,
    data: Annotated[Path, typer.Option("--data", help="Financial PhraseBank Sentences_*.txt.")],
    mode: Annotated[
        str, typer.Option("--mode", help="Head mode: linear, mlp, finetune, ...")
    ] = "linear",
    epochs: Annotated[int | None, typer.Option("--epochs", min=1)] = None,
    artifact: Annotated[
        Path | None,
        typer.Option(
            "--artifact",
            help="Install and calibrate this head (from `instrux train head`) instead of "
            "training one.",
        ),
    ] = None,
    progress: ProgressOption = True,
    json_output: JsonOption = False,
) -> None:
    """Train the finance.sentiment head on PhraseBank (FinBERT's split) and calibrate it."""
    with instrux_errors(json_output):
        from instrux_finance.training import calibrate, install, train

        host = command_host(ctx)
        report: dict[str, object] = {}
        if artifact is None:
            artifact, report["training"] = train(ctx, data, mode, epochs, progress)
        else:
            artifact = install(host.settings(), artifact)
        report.update(
            calibrate(host.settings(), host.engine().registry.model_specs(), artifact, data)
        )
    _print(report, json_output)


def events_command(
    ctx: typer.Context,
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="Posts labelled with an event type: CSV or JSON lines with columns text and "
            "event (earnings, analyst, deal, legal, product, macro, other), optionally split.",
        ),
    ],
    encoder: Annotated[
        str | None,
        typer.Option(
            "--encoder", help="Encoder to train on (default: the engine's; docs/finance.md)."
        ),
    ] = None,
    mode: Annotated[
        str, typer.Option("--mode", help="Head mode: linear, mlp, finetune, ...")
    ] = "linear",
    epochs: Annotated[int | None, typer.Option("--epochs", min=1)] = None,
    progress: ProgressOption = True,
    json_output: JsonOption = False,
) -> None:
    """Train the event head of finance.topic on labelled posts (calibrated; unsure is other)."""
    with instrux_errors(json_output):
        from instrux_finance.events import train_events

        report = train_events(
            ctx, data, encoder=encoder, mode=mode, epochs=epochs, progress=progress
        )
    _print(report, json_output)


def monitor_command(
    ctx: typer.Context,
    tweets: Annotated[
        Path | None,
        typer.Option(
            "--tweets",
            help=f"Tweets CSV ({STOCKNET}/tweets.csv.gz); default: JSON or text lines on stdin.",
        ),
    ] = None,
    prices: Annotated[
        Path | None, typer.Option("--prices", help="Daily prices CSV, for the plots.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write daily.csv, alerts.jsonl, volume_alerts.jsonl, "
            "summary.json here (what `instrux finance eval --from` reads).",
        ),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG per alerted ticker here.")
    ] = None,
    alerts_file: Annotated[
        Path | None, typer.Option("--alerts", help="Also write alerts as JSON lines here.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST each alert to this local URL.")
    ] = None,
    stdout: Annotated[
        bool, typer.Option("--stdout/--no-stdout", help="Alerts as JSON lines on stdout.")
    ] = True,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 2048,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N posts only.")] = None,
    artifact: ArtifactOption = None,
    int8: Int8Option = True,
    progress: ProgressOption = True,
    listen: Annotated[
        int | None,
        typer.Option(
            "--listen",
            min=1,
            max=65535,
            help="Receive posts over HTTP on 127.0.0.1:PORT (POST /v1/finance/posts) instead "
            "of --tweets or stdin; Ctrl-C ends the stream.",
        ),
    ] = None,
) -> None:
    """Replay tweets in time order, aggregate per ticker per day, alert on negative surges."""
    with instrux_errors():
        from instrux_finance.run import MonitorOptions, run_monitor

        host = command_host(ctx)
        options = MonitorOptions(
            tweets=tweets,
            prices=prices,
            out=out,
            plot=plot,
            alerts_file=alerts_file,
            webhook=webhook,
            stdout=stdout,
            batch_size=batch_size,
            limit=limit,
            artifact=artifact,
            int8=int8,
            progress=progress,
            listen=listen,
        )
        summary = run_monitor(host.settings(), host.engine().registry.model_specs(), options)
    typer.echo(_summary_line(summary), err=True)


def eval_command(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Option("--from", help="The --out folder of `instrux finance monitor`."),
    ] = None,
    tweets: Annotated[
        Path | None,
        typer.Option("--tweets", help="Replay these tweets first (when --from is not given)."),
    ] = None,
    prices: PricesOption = Path(f"{STOCKNET}/prices.csv.gz"),
    labelled: Annotated[
        Path | None,
        typer.Option("--labelled", help="JSON lines with text and label: sentiment accuracy."),
    ] = None,
    artifact: ArtifactOption = None,
    int8: Int8Option = True,
    progress: ProgressOption = True,
    json_output: JsonOption = False,
) -> None:
    """Alerts against big price moves (vs base rate and a volume rule), up/down accuracy."""
    with instrux_errors(json_output):
        from instrux_finance.run import EvalOptions, run_eval

        host = command_host(ctx)
        options = EvalOptions(
            source=source,
            tweets=tweets,
            prices=prices,
            labelled=labelled,
            artifact=artifact,
            int8=int8,
            progress=progress,
        )
        report = run_eval(host.settings(), host.engine().registry.model_specs(), options)
    _print(report, json_output)


def _print(report: dict[str, object], json_output: bool) -> None:
    if json_output:
        print_json(report)
        return
    import json

    typer.echo(json.dumps(report, indent=2, default=str))


def _summary_line(summary: dict[str, object]) -> str:
    return (
        f"{summary['posts']} posts, {summary['texts_scored']} texts scored in "
        f"{summary['seconds']} s ({summary['texts_per_s']} texts/s, {summary['posts_per_s']} "
        f"posts/s; {summary['texts_per_cpu_s']} texts per CPU second); {summary['alerts']} "
        f"alerts, {summary['volume_alerts']} volume-rule surges; "
        f"load average {summary['load_average']}"
    )
