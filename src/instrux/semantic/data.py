"""Intent datasets: readers for CLINC150, the JointBERT SNIPS split, and plain files.

Every reader returns an :class:`IntentDataset`: named splits of ``(text, intent)`` pairs.
Out-of-scope utterances carry the intent :data:`OOS` (CLINC150's own label). Formats:

- CLINC150 ``data_full.json`` (and its small/imbalanced/oos_plus variants): ``{split: [[text,
  intent], ...]}`` with ``train``/``val``/``test`` and ``oos_train``/``oos_val``/``oos_test``; the
  oos splits are merged into the matching in-scope split.
- JointBERT SNIPS (``train``/``dev``/``test`` folders with ``seq.in`` and ``label``): ``dev`` is
  read as ``val``.
- A training file for ``instrux train router`` / ``instrux eval router --data``: JSON lines or a
  CSV with a text and an intent column (named with ``--text-column`` / ``--label-column``, or
  found among common names such as ``text``/``sentence`` and ``intent``/``label``/``category``)
  and optionally a ``split`` column; a CLINC-style JSON object; a SNIPS or ``datasets`` folder.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from instrux.schemas.errors import ConfigurationError

__all__ = [
    "INTENT_COLUMNS",
    "OOS",
    "OOS_LABELS",
    "TEXT_COLUMNS",
    "IntentDataset",
    "find_columns",
    "instruction_name",
    "load_clinc150",
    "load_file",
    "load_named",
    "load_snips",
    "template_safe",
]

OOS = "oos"
# Labels read as out of scope in a user's file (compared lower-cased).
OOS_LABELS = frozenset({OOS, "out_of_scope", "out-of-scope", "outofscope", "out of scope"})
# Column names tried, in order, when --text-column / --label-column are not given.
TEXT_COLUMNS = ("text", "sentence", "utterance", "query", "question", "input")
INTENT_COLUMNS = ("intent", "label", "category", "class", "intent_name", "target")
Example = tuple[str, str]


@dataclass
class IntentDataset:
    """Named splits (``train``, ``val``, ``test``) of ``(text, intent)`` pairs."""

    name: str
    splits: dict[str, list[Example]] = field(default_factory=dict)

    def split(self, name: str) -> list[Example]:
        if name not in self.splits:
            raise ConfigurationError(
                f"Dataset {self.name!r} has no {name!r} split (it has {sorted(self.splits)}).",
                hint="Give the file a 'split' column, or pass --val-fraction to carve one out.",
            )
        return self.splits[name]

    def intents(self) -> list[str]:
        """In-scope intents of the training split, sorted (the label order of a head)."""
        return sorted({intent for _, intent in self.split("train") if intent != OOS})

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.splits.items()}

    def subset(self, intents: set[str], oos_per_split: int | None = None) -> IntentDataset:
        """Only some intents (plus at most ``oos_per_split`` out-of-scope rows per split)."""
        out = IntentDataset(f"{self.name}[{len(intents)} intents]")
        for name, rows in self.splits.items():
            keep = [r for r in rows if r[1] in intents]
            oos = [r for r in rows if r[1] == OOS]
            out.splits[name] = keep + oos[: len(oos) if oos_per_split is None else oos_per_split]
        return out


def load_named(dataset: str, data_dir: Path) -> IntentDataset:
    """``clinc150`` or ``snips`` from a folder laid out like ``../shared/data``."""
    if dataset == "clinc150":
        folder = data_dir / "clinc150" if (data_dir / "clinc150").is_dir() else data_dir
        return load_clinc150(folder / "data_full.json")
    if dataset == "snips":
        folder = (
            data_dir / "jointbert_snips" if (data_dir / "jointbert_snips").is_dir() else data_dir
        )
        return load_snips(folder)
    raise ConfigurationError(f"Unknown dataset {dataset!r}.", hint="Use clinc150 or snips.")


def load_clinc150(path: Path) -> IntentDataset:
    raw = _read_json(path)
    dataset = IntentDataset("clinc150")
    for split in ("train", "val", "test"):
        rows = [(str(t), str(i)) for t, i in raw.get(split, [])]
        rows += [(str(t), OOS) for t, _ in raw.get(f"oos_{split}", [])]
        dataset.splits[split] = rows
    return dataset


def load_snips(folder: Path) -> IntentDataset:
    dataset = IntentDataset("snips")
    for split, target in (("train", "train"), ("dev", "val"), ("test", "test")):
        texts = _lines(folder / split / "seq.in")
        labels = _lines(folder / split / "label")
        if len(texts) != len(labels):
            raise ConfigurationError(
                f"{folder / split}: {len(texts)} utterances but {len(labels)} labels.",
                hint="Check that seq.in and label come from the same split.",
            )
        dataset.splits[target] = list(zip(texts, labels, strict=True))
    return dataset


def load_file(
    path: Path,
    val_fraction: float = 0.0,
    seed: int = 0,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
) -> IntentDataset:
    """A CSV, JSON-lines, CLINC-style JSON, SNIPS or ``datasets`` training file (module doc).

    CSV and JSON lines are read by the heads reader (:func:`instrux.heads.data.load_labelled`)
    with the columns named here, or else found among common names (:data:`TEXT_COLUMNS`,
    :data:`INTENT_COLUMNS`); an optional ``split`` column assigns rows to train/val/test.
    Labels such as ``out_of_scope`` are read as :data:`OOS`.

    :raises ConfigurationError: a missing file or column, naming the columns the file has.
    """
    if not path.exists():
        raise _bad_file(path, "it does not exist")
    if path.is_dir() and (path / "train" / "seq.in").exists():
        return load_snips(path)
    if path.suffix == ".json" and _is_clinc_like(path):
        return _with_val(_clinc_like(path), val_fraction, seed)
    from instrux.heads.data import load_labelled

    text, label = (
        (text_column or "text", label_column)
        if path.is_dir()
        else find_columns(path, text_column, label_column)
    )
    labelled = load_labelled(path, text_column=text, label_column=label)
    dataset = IntentDataset(labelled.name)
    for split, rows in labelled.splits.items():
        dataset.splits[split] = [(t, OOS if i.lower() in OOS_LABELS else i) for t, i in rows]
    return _with_val(dataset, val_fraction, seed)


def find_columns(path: Path, text_column: str | None, label_column: str | None) -> tuple[str, str]:
    """The text and intent columns of a CSV or JSON-lines file: as named, or by common names."""
    columns = _header(path)
    text = text_column or next((c for c in TEXT_COLUMNS if c in columns), None)
    label = label_column or next((c for c in INTENT_COLUMNS if c in columns), None)
    missing = [
        f"{role} column {name!r}" if name else f"{role} column (one of {', '.join(choices)})"
        for role, name, found, choices in (
            ("text", text_column, text, TEXT_COLUMNS),
            ("intent", label_column, label, INTENT_COLUMNS),
        )
        if found is None or found not in columns
    ]
    if missing or text is None or label is None:
        raise ConfigurationError(
            f"{path} has columns {columns}; it has no {' and no '.join(missing)}.",
            hint="Name the columns with --text-column and --label-column.",
            details={"path": str(path), "columns": columns, "missing": missing},
        )
    return text, label


def _header(path: Path) -> list[str]:
    """Column names: a CSV's header row, or the keys of the first JSON line."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            if path.suffix.lower() == ".csv":
                return next(csv.reader(handle), [])
            first = next((line for line in handle if line.strip()), "")
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise _bad_file(path, str(err)) from None
    try:
        record = json.loads(first) if first else {}
    except ValueError as err:
        raise _bad_file(path, f"line 1 is not JSON ({err})") from None
    return list(record) if isinstance(record, dict) else []


def _is_clinc_like(path: Path) -> bool:
    """A JSON object of splits (CLINC150's layout), rather than JSON lines named .json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and any(isinstance(v, list) for v in data.values())


def _clinc_like(path: Path) -> IntentDataset:
    dataset = load_clinc150(path)
    dataset.name = path.stem
    return IntentDataset(dataset.name, {k: v for k, v in dataset.splits.items() if v})


def _with_val(dataset: IntentDataset, fraction: float, seed: int) -> IntentDataset:
    """Carve a stratified validation split out of train when the file has none."""
    if "val" in dataset.splits or fraction <= 0:
        return dataset
    import random

    rng = random.Random(seed)
    by_intent: dict[str, list[Example]] = {}
    for row in dataset.split("train"):
        by_intent.setdefault(row[1], []).append(row)
    train, val = [], []
    for rows in by_intent.values():
        rng.shuffle(rows)
        cut = round(len(rows) * fraction) if len(rows) > 1 else 0
        val += rows[:cut]
        train += rows[cut:]
    dataset.splits["train"], dataset.splits["val"] = train, val
    return dataset


def _read_json(path: Path) -> dict[str, list[list[str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise _bad_file(path, str(err)) from None
    if not isinstance(data, dict):
        raise _bad_file(path, "expected an object of splits")
    return data


def _lines(path: Path) -> list[str]:
    try:
        return [
            line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    except OSError as err:
        raise _bad_file(path, str(err)) from None


def _bad_file(path: Path, reason: str) -> ConfigurationError:
    return ConfigurationError(
        f"Cannot read intent data from {path}: {reason}.",
        hint="Use a CSV or JSON lines with a text and an intent column (--text-column, "
        "--label-column), or CLINC150's JSON format.",
    )


def describe(dataset: IntentDataset) -> str:
    """One line: splits, sizes, intents, out-of-scope rows."""
    oos = Counter(split for split, rows in dataset.splits.items() for _, i in rows if i == OOS)
    sizes = ", ".join(f"{k} {v:,}" for k, v in dataset.counts().items())
    return f"{dataset.name}: {sizes}; {len(dataset.intents())} intents; out-of-scope {dict(oos)}"


def instruction_name(prefix: str, intent: str) -> str:
    """``("snips", "PlayMusic")`` -> ``"snips.play_music"``: a valid dotted name."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", intent).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", snake).strip("_") or "intent"
    return f"{prefix}.{slug if slug[0].isalpha() else 'i_' + slug}"


def template_safe(text: str) -> str:
    """An utterance as a literal example: template syntax characters are dropped."""
    return " ".join(re.sub(r"[\[\](){}|]", " ", text).split())
