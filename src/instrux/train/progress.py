"""Training people can watch: a rich progress bar, TensorBoard scalars, PNG plots.

:class:`Watcher` is handed to every training loop. It shows a progress bar (loss, steps per
second) on stderr, so that ``--json`` output on stdout stays clean; writes TensorBoard
scalars under ``log_dir`` when one is given; and keeps the per-epoch history that
:func:`plot_curves` draws. The plots use matplotlib's Agg backend (no display needed).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["Watcher", "plot_confusion", "plot_curves"]


# How often a progress line is written when stderr is not a terminal (a log file).
LINE_EVERY_S = 60.0


class Watcher:
    """Progress bar + TensorBoard + history of one run (a context manager)."""

    def __init__(self, *, progress: bool = True, log_dir: Path | None = None) -> None:
        self.progress = progress
        self.log_dir = log_dir
        self.history: list[dict[str, Any]] = []
        self._bar: Any = None
        self._task: Any = None
        self._writer: Any = None
        self._started = time.perf_counter()
        self._stage_started = self._last_line = self._started
        self._total = 0

    def __enter__(self) -> Watcher:
        if self.log_dir is not None:
            from torch.utils.tensorboard import SummaryWriter

            self._writer = SummaryWriter(log_dir=str(self.log_dir))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stage_done()
        if self._writer is not None:
            self._writer.close()

    def stage(self, name: str, total: int) -> None:
        """Start a progress bar for ``total`` steps (one per stage: pairs, head, encoder)."""
        self.stage_done()
        if not self.progress:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]:.4f}  {task.fields[speed]:.1f} steps/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
        )
        self._bar.start()
        self._task = self._bar.add_task(name, total=total, loss=float("nan"), speed=0.0)
        self._stage_started = self._last_line = time.perf_counter()
        self._total = total

    def step(self, stage: str, step: int, loss: float) -> None:
        """One optimizer step: advance the bar, log the loss."""
        if self._bar is not None:
            now = time.perf_counter()
            speed = step / max(now - self._stage_started, 1e-9)
            self._bar.update(self._task, completed=step, loss=loss, speed=speed)
            if not self._bar.console.is_terminal and now - self._last_line >= LINE_EVERY_S:
                # Redirected to a file, the bar is drawn only at the end: a line now and then
                # shows that a long run is alive, how fast it goes and where its loss is.
                self._last_line = now
                self._bar.console.log(
                    f"{stage} step {step}/{self._total}: loss {loss:.4f}, {speed:.2f} steps/s"
                )
        if self._writer is not None:
            self._writer.add_scalar(f"{stage}/loss", loss, step)

    def epoch(self, stage: str, record: dict[str, Any]) -> None:
        """The end of an epoch: keep its record, log its numbers."""
        record = {"stage": stage, "seconds": time.perf_counter() - self._started, **record}
        self.history.append(record)
        if self._writer is not None:
            for key, value in record.items():
                if isinstance(value, float | int) and key not in ("epoch", "step"):
                    self._writer.add_scalar(f"{stage}/{key}", value, record.get("step", 0))
        if self._bar is not None:
            shown = {k: round(v, 4) for k, v in record.items() if isinstance(v, float)}
            self._bar.console.log(f"{stage} epoch {record.get('epoch')}: {shown}")

    def scalar(self, name: str, value: float, step: int = 0) -> None:
        if self._writer is not None:
            self._writer.add_scalar(name, value, step)

    def stage_done(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def plot_curves(history: Sequence[dict[str, Any]], out: Path) -> Path | None:
    """The learning curves (training loss and validation score per epoch) as a PNG."""
    if not history:
        return None
    plt = _pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for stage in dict.fromkeys(r["stage"] for r in history):
        rows = [r for r in history if r["stage"] == stage]
        epochs = [r["epoch"] for r in rows]
        left.plot(epochs, [r.get("train_loss") for r in rows], marker="o", label=stage)
        if any(r.get("val_score") is not None for r in rows):
            right.plot(epochs, [r.get("val_score") for r in rows], marker="o", label=stage)
    left.set(title="training loss", xlabel="epoch")
    right.set(title="validation score", xlabel="epoch")
    left.legend()
    return _save(plt, figure, out)


def plot_confusion(matrix: Sequence[Sequence[int]], labels: Sequence[str], out: Path) -> Path:
    """A confusion matrix (rows: true label, columns: predicted) as a PNG."""
    plt = _pyplot()
    size = max(4.0, 0.5 * len(labels) + 2)
    figure, axes = plt.subplots(figsize=(size, size))
    image = axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90)
    axes.set_yticks(range(len(labels)), labels)
    axes.set(xlabel="predicted", ylabel="true", title="confusion matrix")
    if len(labels) <= 20:
        for i, row in enumerate(matrix):
            for j, count in enumerate(row):
                axes.text(j, i, str(count), ha="center", va="center", fontsize=8)
    figure.colorbar(image)
    return _save(plt, figure, out)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(plt: Any, figure: Any, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    plt.close(figure)
    return out
