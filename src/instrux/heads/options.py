"""Options and helpers the heads' training commands share (``train head|slots|router``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from instrux.plugins.commands import command_host

if TYPE_CHECKING:
    from instrux.models.load import EncoderRef

__all__ = [
    "CheckpointDir", "EncoderOption", "LogDir", "PlotDir", "Resume", "Threads", "train_encoder",
]  # fmt: skip

Threads = Annotated[
    int | None,
    typer.Option("--threads", min=1, help="torch threads (default: INSTRUX_ORT_THREADS)."),
]
EncoderOption = Annotated[
    str | None,
    typer.Option(
        "--encoder",
        help="The sentence encoder to train on: a model name (`instrux models list`) or a "
        "Hugging Face BERT-style folder (default: INSTRUX_ENCODER, else all-minilm-l6-v2).",
    ),
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


def train_encoder(ctx: typer.Context, name: str | None, threads: int) -> EncoderRef:
    """The encoder to train on, loaded on the CPU with the training threads."""
    from instrux.models.load import encoder_ref

    host = command_host(ctx)
    settings = host.settings().model_copy(update={"device": "cpu", "ort_threads": threads})
    return encoder_ref(host.engine().registry, settings, name)
