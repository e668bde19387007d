"""``instrux support index | ask | eval``: build the FAQ index, ask it, evaluate it.

Only typer and instrux's command helpers are imported here; numpy, LanceDB, bm25s, torch and
the encoder are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from instrux.plugins.commands import JsonOption, command_host, instrux_errors, print_json
from instrux_support.models import Fusion

if TYPE_CHECKING:
    from instrux.plugins import CommandGroups

__all__ = ["add_support_commands"]

GROUP_HELP = "The customer-service FAQ assistant (support.answer): index, ask, evaluate."

FaqOption = Annotated[
    Path,
    typer.Option(
        "--faq",
        help="FAQ bank: JSON, JSON lines, CSV or Markdown (file or folder) with question, "
        "answer and optional id, tags, rephrasings; or StackFAQ's JSON.",
    ),
]
IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index", help="Index folder (default: CACHE_DIR/support/index, the one the engine uses)."
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Where to write the index (default: CACHE_DIR/support/index, "
        "the one the engine uses).",
    ),
]
EncoderOption = Annotated[
    str | None, typer.Option("--encoder", help="Sentence encoder (default: the settings').")
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the head and the splits.")]


def add_support_commands(cli: CommandGroups) -> None:
    group = cli.group("support", GROUP_HELP)
    group.command("index")(index)
    group.command("ask")(ask)
    group.command("eval")(evaluate)


def index(
    ctx: typer.Context,
    faq: FaqOption,
    out: OutOption = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="Refusal threshold on the fused score (default: "
            "calibrated on StackFAQ by `instrux support eval`).",
        ),
    ] = None,
    bm25_weight: Annotated[
        float, typer.Option("--bm25-weight", min=0.0, help="Weight of BM25 in the fusion.")
    ] = Fusion.bm25,
    head_weight: Annotated[
        float, typer.Option("--head-weight", min=0.0, help="Weight of the head in the fusion.")
    ] = Fusion.head,
    head: Annotated[
        bool, typer.Option("--head/--no-head", help="Train the head on the rephrasings.")
    ] = True,
    keep_head: Annotated[
        bool,
        typer.Option(
            "--keep-head",
            help="Reuse the head of the index already at the "
            "destination instead of training one: entries added since are found by "
            "retrieval.",
        ),
    ] = False,
    encoder_name: EncoderOption = None,
    seed: SeedOption = 0,
    json_output: JsonOption = False,
) -> None:
    """Index an FAQ bank: embeddings in LanceDB, BM25, and a head on the rephrasings.

    Written atomically; an engine started afterwards answers from it (`instrux run "how do I
    delete my account"`).
    """
    with instrux_errors(json_output):
        from instrux_support.faq import read_faq
        from instrux_support.index import build_index, default_index_dir, load_index

        host = command_host(ctx)
        settings = host.settings()
        entries = read_faq(faq)
        encoder = host.engine().encoder(encoder_name)
        dest = (out or default_index_dir(settings)).expanduser()
        kept = load_index(dest).trained_head() if keep_head else None
        build_index(entries, encoder, dest, fusion=Fusion(bm25_weight, head_weight),
                    threshold=threshold, head=kept, train_head=head and not keep_head,
                    seed=seed)  # fmt: skip
        built = load_index(dest)
    summary = {
        "index": str(dest),
        "entries": len(built.entries),
        "head_classes": len(built.config.get("head_classes") or []),
        "threshold": built.threshold,
        "fusion": {"bm25": built.fusion.bm25, "head": built.fusion.head},
        "encoder": built.encoder_name,
    }
    if json_output:
        print_json(summary)
        return
    head_text = f", head on {summary['head_classes']} questions" if summary["head_classes"] else ""
    typer.echo(f"Indexed {summary['entries']} FAQ entries into {dest}{head_text}; "
               f"refusal below {built.threshold:.3f}.")  # fmt: skip


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The customer's question.")],
    index_dir: IndexOption = None,
    runners_up: Annotated[int, typer.Option("--runners-up", min=0, max=20)] = 3,
    json_output: JsonOption = False,
) -> None:
    """Answer one question from the index (or refuse with the closest entries: exit 3)."""
    with instrux_errors(json_output):
        from instrux_support.session import open_retriever

        host = command_host(ctx)
        retriever = open_retriever(host.engine().registry, host.settings(), index_dir)
        answer = retriever.answer(question, runners_up=runners_up)
    if json_output:
        print_json(answer)
        return
    typer.echo(f"[{answer.source_id}] {answer.entry.question}  (score {answer.score:.3f})")
    typer.echo(answer.answer)
    for match in answer.runners_up:
        typer.echo(f"  also: [{match.id}] {match.question}  ({match.score:.3f})")


def evaluate(
    ctx: typer.Context,
    faq: FaqOption,
    seed: SeedOption = 0,
    test_share: Annotated[
        float,
        typer.Option(
            "--test-share",
            min=0.05,
            max=0.95,
            help="Share of each thread's rephrasings held out for test.",
        ),
    ] = 0.5,
    calibration: Annotated[
        Path | None,
        typer.Option(
            "--calibration",
            help="Off-topic questions to calibrate refusal with "
            "(.txt, .jsonl, or CLINC150's data_full.json).",
        ),
    ] = None,
    offtopic: Annotated[
        Path | None,
        typer.Option(
            "--offtopic",
            help="Off-topic questions to measure refusal on, once (never used to choose anything).",
        ),
    ] = None,
    max_refused: Annotated[
        float,
        typer.Option(
            "--max-refused",
            min=0.0,
            max=0.5,
            help="Largest share of validation rephrasings refusal may refuse.",
        ),
    ] = 0.02,
    encoder_name: EncoderOption = None,
    json_output: JsonOption = False,
) -> None:
    """Evaluate on an FAQ bank with rephrasings (StackFAQ's protocol; docs/support.md):
    MAP, P@1, P@5, NDCG@10, MRR and thread-level P@1 per method, refusal and latency."""
    with instrux_errors(json_output):
        from instrux_support.evaluate import evaluate as run_eval
        from instrux_support.faq import read_faq, read_texts

        entries = read_faq(faq)
        report = run_eval(
            entries,
            command_host(ctx).engine().encoder(encoder_name),
            seed=seed,
            test_share=test_share,
            calibration_offtopic=read_texts(calibration) if calibration else (),
            offtopic=read_texts(offtopic) if offtopic else (),
            max_refused=max_refused,
        )
    if json_output:
        print_json(report)
        return
    _print_report(report.model_dump())


def _print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("method", "MAP", "P@1", "P@5", "NDCG@10", "MRR", "thread P@1")
    for method, m in report["methods"].items():
        table.add_row(method, *(f"{m[k]:.4f}" for k in ("map", "p@1", "p@5", "ndcg@10", "mrr",
                                                         "thread_p@1")))  # fmt: skip
    console = Console()
    console.print(table)
    refusal = report["refusal"]
    console.print(
        f"refusal threshold {report['threshold']:.4f}: in-scope refused "
        f"{refusal['in_scope_refused']:.3f}, off-topic refused {refusal['offtopic_refused']}; "
        f"p50 {report['latency_ms']['p50']:.1f} ms per query"
    )
