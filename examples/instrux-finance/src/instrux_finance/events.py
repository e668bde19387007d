"""The event type of a finance text: a head trained on labelled posts, else the keyword rule.

``instrux finance events --data LABELLED.jsonl`` trains the head (instrux's own head training:
a frozen encoder and a linear layer, calibrated, with an out-of-scope threshold) into
``Settings.cache_dir / "finance" / "events"``; from then on ``finance.topic`` reads event
types with it. A prediction below the head's threshold is ``other``: for an event type,
"no event I am sure of" is the decline, and a wrong event is worse than none. Without a head
the keyword rule of :mod:`instrux_finance.topic` answers (cheap, no model; measured worse,
docs/finance.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from instrux import ConfigurationError
from instrux_finance.sentiment import model_text

if TYPE_CHECKING:
    import typer

    from instrux import ModelSpec, Settings
    from instrux.train.data import LabelledSplits

__all__ = [
    "EVENT_TYPES",
    "EventHead",
    "EventType",
    "Scored",
    "events_dir",
    "load_event_head",
    "read_events",
    "train_events",
]

EventType = Literal["earnings", "analyst", "deal", "legal", "product", "macro", "other"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
HEAD_NAME = "finance.event"  # the artifact's instruction; never registered as one


@dataclass(frozen=True, slots=True)
class Scored:
    event: EventType
    score: float  # calibrated probability of the head's best label
    declined: bool  # the head's best label was below its threshold: ``event`` is "other"


def events_dir(settings: Settings) -> Path:
    """Where ``instrux finance events`` writes the head."""
    return settings.cache_dir / "finance" / "events"


class EventHead:
    """A trained event head: calibrated event types for many texts."""

    def __init__(self, head: Any, artifact: Path) -> None:
        self.head = head  # instrux.heads.runtime.HeadModel
        self.artifact = artifact

    def classify(self, texts: Sequence[str], batch_size: int = 64) -> list[Scored]:
        if not texts:
            return []
        cleaned = [model_text(t) for t in texts]
        distinct = list(dict.fromkeys(cleaned))
        by_text = {
            text: _scored(p)
            for text, p in zip(distinct, self.head.predict(distinct, batch_size), strict=True)
        }
        return [by_text[text] for text in cleaned]


def _scored(prediction: Any) -> Scored:
    label = str(prediction.label)
    event: EventType = label if prediction.in_scope else "other"  # type: ignore[assignment]
    return Scored(event, float(prediction.score), not prediction.in_scope)


def load_event_head(settings: Settings, models: Mapping[str, ModelSpec]) -> EventHead | None:
    """The trained event head, or ``None`` when none was trained. Loaded once per process and
    artifact version (a retrained head is a new ``config.json``): one stat a batch."""
    from instrux.heads.runtime import get_head, head_encoder
    from instrux.runtime.artifacts import read_json
    from instrux.runtime.loaded import loaded

    folder = events_dir(settings)
    try:
        stamp = (folder / "config.json").stat()
    except FileNotFoundError:
        return None

    def build() -> EventHead:
        config = read_json(folder, "config.json")
        head = get_head(
            folder,
            encoder=head_encoder(config, models, settings),
            int8=settings.heads_int8,
            threads=settings.ort_threads,
            device=settings.device,
        )
        return EventHead(head, folder)

    key = ("finance-events", str(folder), stamp.st_ino, stamp.st_mtime_ns, settings.heads_int8,
           settings.ort_threads, settings.device)  # fmt: skip
    event_head: EventHead = loaded(key, build)
    return event_head


def read_events(path: Path) -> LabelledSplits:
    """Posts labelled with an event type (CSV or JSON lines, columns ``text`` and ``event``,
    optionally ``split``), read as the head will see them (:func:`model_text`).

    :raises ConfigurationError: unreadable, or a label that is not an event type.
    """
    from instrux.train.readers import load_labelled

    data = load_labelled(path, label_column="event")
    unknown = sorted(
        {label for rows in data.splits.values() for _, label in rows} - set(EVENT_TYPES)
    )
    if unknown:
        raise ConfigurationError(
            f"{path} has event labels {unknown} that are not event types.",
            hint=f"Label each post with one of {', '.join(EVENT_TYPES)}.",
        )
    data.splits = {
        name: [(model_text(text), label) for text, label in rows]
        for name, rows in data.splits.items()
    }
    return data


def train_events(
    ctx: typer.Context,
    data: Path,
    *,
    encoder: str | None,
    mode: str,
    epochs: int | None,
    progress: bool,
) -> dict[str, Any]:
    """Train the event head on ``data`` into :func:`events_dir`; returns its metrics."""
    from instrux.heads.build import HeadRecipe
    from instrux_finance.training import build_into

    recipe = HeadRecipe(
        HEAD_NAME,
        "Event type of a finance post (finance.topic's event).",
        ("what is the finance event of {text}",),
        routes=False,
    )
    target, metrics = build_into(
        ctx, read_events(data), recipe, events_dir,
        mode=mode, epochs=epochs, encoder=encoder, progress=progress,
    )  # fmt: skip
    return {"artifact": str(target), "mode": mode, "metrics": metrics}
