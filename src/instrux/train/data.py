"""The one data container of training and evaluation: labelled text rows, by split.

Heads, routers and benchmarks all read data into :class:`LabelledSplits`: rows of
``(text, label)`` per split (``train``, ``val``, ``test``). Labels stay strings (a regression
head reads them as numbers); out-of-scope rows carry the label :data:`OOS`. The readers live in
:mod:`instrux.train.readers` (CSV, JSON lines, YAML, ``datasets`` folders, CLINC-style JSON,
SNIPS) and :mod:`instrux.train.benchmarks` (CLINC150, SNIPS, SST-2, Financial PhraseBank).
:func:`with_val` is the one validation splitter.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instrux.schemas.errors import ConfigurationError

__all__ = [
    "OOS",
    "OOS_LABELS",
    "LabelledSplits",
    "Row",
    "describe",
    "instruction_name",
    "read_lines",
    "template_safe",
    "unreadable",
    "with_val",
]

Row = tuple[str, str]
OOS = "oos"
# Labels read as out of scope in a user's file (compared lower-cased).
OOS_LABELS = frozenset({OOS, "out_of_scope", "out-of-scope", "outofscope", "out of scope"})
# A label needs more rows than this before the splitter moves any of them to validation: a
# label with two rows keeps both for training.
MIN_ROWS_TO_SPLIT = 2
_FORMATS = (
    "a CSV or JSON-lines file (a text and a label column), a `datasets` folder "
    "(save_to_disk), a YAML file, CLINC150's JSON or a JointBERT folder"
)


@dataclass
class LabelledSplits:
    """Rows per split, and whatever a YAML file said about the instruction."""

    name: str
    splits: dict[str, list[Row]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # instruction, description, phrasings

    def split(self, name: str) -> list[Row]:
        """The rows of a split (none when it does not exist)."""
        return self.splits.get(name, [])

    def require(self, name: str) -> list[Row]:
        """The rows of a split that must exist (raises ``ConfigurationError`` naming them)."""
        if name not in self.splits:
            raise ConfigurationError(
                f"Dataset {self.name!r} has no {name!r} split (it has {sorted(self.splits)}).",
                hint="Give the file a 'split' column, or pass --val-fraction to carve one out.",
            )
        return self.splits[name]

    def labels(self) -> list[str]:
        """Every label seen in training, sorted (the head's output order)."""
        return sorted({label for _, label in self.split("train")})

    def label_counts(self) -> Counter[str]:
        """Training rows per in-scope label (out-of-scope rows are no label of a head)."""
        return Counter(label for _, label in self.split("train") if label != OOS)

    def intents(self) -> list[str]:
        """The in-scope labels of the training split, sorted (a router's classes)."""
        return sorted({label for _, label in self.require("train") if label != OOS})

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.splits.items()}

    def subset(self, intents: set[str], oos_per_split: int | None = None) -> LabelledSplits:
        """Only some labels (plus at most ``oos_per_split`` out-of-scope rows per split)."""
        out = LabelledSplits(f"{self.name}[{len(intents)} intents]")
        for name, rows in self.splits.items():
            keep = [r for r in rows if r[1] in intents]
            oos = [r for r in rows if r[1] == OOS]
            out.splits[name] = keep + oos[: len(oos) if oos_per_split is None else oos_per_split]
        return out


def with_val(data: LabelledSplits, fraction: float, seed: int) -> LabelledSplits:
    """Carve a stratified validation split out of train when there is none.

    Each label gives ``round(rows * fraction)`` of its rows, shuffled with ``seed``; a label
    with at most :data:`MIN_ROWS_TO_SPLIT` rows gives none.
    """
    if data.split("val") or fraction <= 0:
        return data
    rng = random.Random(seed)
    by_label: dict[str, list[Row]] = {}
    for row in data.split("train"):
        by_label.setdefault(row[1], []).append(row)
    train: list[Row] = []
    val: list[Row] = []
    for rows in by_label.values():
        rng.shuffle(rows)
        cut = round(len(rows) * fraction) if len(rows) > MIN_ROWS_TO_SPLIT else 0
        val += rows[:cut]
        train += rows[cut:]
    return LabelledSplits(data.name, {**data.splits, "train": train, "val": val}, data.meta)


def describe(data: LabelledSplits) -> str:
    """One line: splits and sizes, labels and their training counts, out-of-scope rows."""
    counts = Counter(label for _, label in data.split("train"))
    sizes = ", ".join(f"{k} {v:,}" for k, v in data.counts().items())
    oos = {split: sum(label == OOS for _, label in rows) for split, rows in data.splits.items()}
    shown = {k: v for k, v in oos.items() if v}
    return f"{data.name}: {sizes}; {len(counts)} labels {dict(counts.most_common(6))}" + (
        f"; out-of-scope {shown}" if shown else ""
    )


def instruction_name(prefix: str, intent: str) -> str:
    """``("snips", "PlayMusic")`` -> ``"snips.play_music"``: a valid dotted name."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", intent).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", snake).strip("_") or "intent"
    return f"{prefix}.{slug if slug[0].isalpha() else 'i_' + slug}"


def template_safe(text: str) -> str:
    """An utterance as a literal example: template syntax characters are dropped."""
    return " ".join(re.sub(r"[\[\](){}|]", " ", text).split())


def read_lines(path: Path, encoding: str) -> list[str]:
    """The non-blank lines of a text file, stripped; unreadable files name themselves."""
    try:
        text = path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as err:
        raise unreadable(path, f"cannot be read ({err})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def unreadable(path: Path, reason: str, *, hint: str = "") -> ConfigurationError:
    """The error of a data file that cannot be read as labelled rows, naming the file."""
    return ConfigurationError(
        f"Cannot read labelled data from {path}: {reason}.",
        hint=hint or f"Give {_FORMATS}; see docs/heads.md.",
        details={"path": str(path), "problem": reason},
    )
