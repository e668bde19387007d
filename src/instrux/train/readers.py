"""Reading labelled text: CSV, JSON lines, YAML, ``datasets`` folders, CLINC-style JSON, SNIPS.

Every reader returns :class:`~instrux.train.data.LabelledSplits`. Formats:

- CSV / JSON lines: a text column and a label column, named with ``--text-column`` /
  ``--label-column`` or found among common names (:data:`TEXT_COLUMNS`,
  :data:`LABEL_COLUMNS`), and optionally a ``split`` column (``validation``/``dev`` read as
  ``val``).
- A folder written by ``datasets``' ``save_to_disk`` (a ``DatasetDict`` or one ``Dataset``).
- YAML: a few examples per label, written inline, and optionally the instruction itself::

      instruction: finance.sentiment
      description: Sentiment of a finance headline.
      phrasings: ["what is the sentiment of {text}"]
      route: false            # optional: whether raw sentences route to it (docs/heads.md)
      labels:
        positive: ["profits rose sharply", ...]
        negative: ["profits fell sharply", ...]

- A CLINC-style JSON object of splits, and a JointBERT SNIPS folder
  (:mod:`instrux.train.benchmarks`).

With ``oos=True`` (intent data for routers and heads) labels such as ``out_of_scope`` are read
as :data:`~instrux.train.data.OOS`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from instrux.schemas.errors import ConfigurationError
from instrux.train.benchmarks import clinc_like, load_phrasebank, load_snips, load_sst2
from instrux.train.data import OOS, OOS_LABELS, LabelledSplits, read_lines, unreadable

__all__ = ["LABEL_COLUMNS", "TEXT_COLUMNS", "find_columns", "load_any", "load_labelled"]

# Column names tried, in order, when --text-column / --label-column are not given.
TEXT_COLUMNS = ("text", "sentence", "utterance", "query", "question", "input")
LABEL_COLUMNS = ("label", "intent", "sentiment", "category", "class", "intent_name", "target")


def load_labelled(
    path: Path,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
    oos: bool = False,
) -> LabelledSplits:
    """Read labelled rows from any supported source (see the module docstring).

    :raises ConfigurationError: a missing file, unknown format or missing column, with the fix.
    """
    data = _read(path, text_column, label_column)
    if not oos:
        return data
    splits = {
        name: [(t, OOS if label.lower() in OOS_LABELS else label) for t, label in rows]
        for name, rows in data.splits.items()
    }
    return LabelledSplits(data.name, splits, data.meta)


def load_any(
    path: Path,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
    oos: bool = False,
) -> LabelledSplits:
    """:func:`load_labelled`, also reading the SST-2 folder and PhraseBank files as they ship."""
    if path.is_dir() and (path / "stsa.binary.train").exists():
        return load_sst2(path)
    if path.is_file() and path.name.startswith("Sentences_") and path.suffix == ".txt":
        return load_phrasebank(path)
    return load_labelled(path, text_column=text_column, label_column=label_column, oos=oos)


def find_columns(
    path: Path, columns: list[str], text_column: str | None, label_column: str | None
) -> tuple[str, str]:
    """The text and label columns: as named, or the first common name the data has."""
    text = text_column or next((c for c in TEXT_COLUMNS if c in columns), None)
    label = label_column or next((c for c in LABEL_COLUMNS if c in columns), None)
    missing = [
        f"{role} column {name!r}" if name else f"{role} column (one of {', '.join(choices)})"
        for role, name, found, choices in (
            ("text", text_column, text, TEXT_COLUMNS),
            ("label", label_column, label, LABEL_COLUMNS),
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


def _read(path: Path, text_column: str | None, label_column: str | None) -> LabelledSplits:
    if not path.exists():
        raise unreadable(path, "does not exist")
    if path.is_dir():
        if (path / "train" / "seq.in").exists():
            return load_snips(path)
        return _from_datasets(path, text_column, label_column)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _from_yaml(path)
    if suffix == ".csv":
        return _grouped(path, _csv_records(path), text_column, label_column)
    if suffix == ".json" and (splits := clinc_like(path)) is not None:
        return splits
    if suffix in (".jsonl", ".json"):
        return _grouped(path, _jsonl_records(path), text_column, label_column)
    raise unreadable(path, f"has an unknown suffix {suffix!r}")


def _grouped(
    path: Path, records: list[dict[str, Any]], text_column: str | None, label_column: str | None
) -> LabelledSplits:
    if not records:
        raise unreadable(path, "has no rows")
    text, label = find_columns(path, list(records[0]), text_column, label_column)
    data = LabelledSplits(path.stem)
    for number, record in enumerate(records, 1):
        value, target = record.get(text), record.get(label)
        if value is None or target is None or not str(value).strip():
            raise unreadable(path, f"row {number} has no {text!r} or {label!r}")
        split = split_name(str(record.get("split") or "train"))
        data.splits.setdefault(split, []).append((str(value), str(target)))
    return data


def _csv_records(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise unreadable(path, f"cannot be read ({err})") from None


def _jsonl_records(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(read_lines(path, "utf-8"), 1):
        try:
            item = json.loads(line)
        except ValueError as err:
            raise unreadable(path, f"line {number} is not JSON ({err})") from None
        if not isinstance(item, dict):
            raise unreadable(path, f"line {number} is not a JSON object")
        records.append(item)
    return records


def _from_yaml(path: Path) -> LabelledSplits:
    import yaml  # type: ignore[import-untyped]

    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise unreadable(path, f"cannot be read ({err})") from None
    labels = spec.get("labels") if isinstance(spec, dict) else None
    if not isinstance(labels, dict) or not labels:
        raise unreadable(path, "has no `labels:` mapping of label -> list of example texts")
    rows = [(str(t), str(label)) for label, texts in labels.items() for t in texts or ()]
    meta = {k: spec[k] for k in ("instruction", "description", "phrasings", "route") if k in spec}
    return LabelledSplits(path.stem, {"train": rows}, meta)


def _from_datasets(path: Path, text_column: str | None, label_column: str | None) -> LabelledSplits:
    try:
        from datasets import (  # type: ignore[import-untyped]
            Dataset,
            DatasetDict,
            load_from_disk,
        )
    except ImportError as err:
        raise ConfigurationError(
            f"Reading {path} needs the `datasets` package ({err}).",
            hint="pip install 'instrux[heads]'",
        ) from None
    try:
        loaded = load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as err:
        raise unreadable(path, f"is not a `datasets` folder ({err})") from None
    parts = loaded if isinstance(loaded, DatasetDict) else {"train": loaded}
    data = LabelledSplits(path.name)
    for split, table in parts.items():
        assert isinstance(table, Dataset)
        text, label = find_columns(path, list(table.column_names), text_column, label_column)
        names = _class_names(table, label)
        rows = [(str(t), names(v)) for t, v in zip(table[text], table[label], strict=True)]
        data.splits[split_name(split)] = rows
    return data


def _class_names(table: Any, column: str) -> Any:
    """ClassLabel integers -> their names; anything else -> str."""
    feature = table.features[column]
    names = getattr(feature, "names", None)
    if names:
        return lambda value: str(names[int(value)])
    return str


def split_name(name: str) -> str:
    """A split's name as instrux calls it (``validation``, ``dev``, ``valid`` -> ``val``)."""
    return {"validation": "val", "dev": "val", "valid": "val"}.get(name, name)
