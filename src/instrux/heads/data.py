"""Labelled text for heads: CSV, JSON lines, a Hugging Face ``datasets`` folder or YAML.

Every loader returns :class:`LabelledSplits`: rows of ``(text, label)`` per split (``train``,
``val``, ``test``). Labels stay strings; a regression head reads them as numbers.

- CSV / JSON lines: a text column and a label column (``--text-column`` / ``--label-column``;
  by default ``text`` and the first of ``label``, ``intent``, ``sentiment``, ``class``), and
  optionally a ``split`` column.
- A folder written by ``datasets``' ``save_to_disk`` (a ``DatasetDict`` or one ``Dataset``);
  its ``validation`` split is read as ``val``.
- YAML: a few examples per label, written inline, and optionally the instruction itself::

      instruction: finance.sentiment
      description: Sentiment of a finance headline.
      phrasings: ["what is the sentiment of {text}"]
      labels:
        positive: ["profits rose sharply", ...]
        negative: ["profits fell sharply", ...]

Public benchmark readers (SST-2, Financial PhraseBank) live here too, for ``instrux eval``
and bench/.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instrux.schemas.errors import ConfigurationError

__all__ = [
    "LABEL_COLUMNS",
    "LabelledSplits",
    "load_any",
    "load_labelled",
    "load_phrasebank",
    "load_sst2",
    "with_val",
]

Row = tuple[str, str]
LABEL_COLUMNS = ("label", "intent", "sentiment", "class")
_FORMATS = "a CSV or JSON-lines file, a `datasets` folder (save_to_disk) or a YAML file"


@dataclass
class LabelledSplits:
    """Rows per split, and whatever a YAML file said about the instruction."""

    name: str
    splits: dict[str, list[Row]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # instruction, description, phrasings

    def split(self, name: str) -> list[Row]:
        return self.splits.get(name, [])

    def labels(self) -> list[str]:
        """Every label seen in training, sorted (the head's output order)."""
        return sorted({label for _, label in self.split("train")})

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.splits.items()}


def load_labelled(
    path: Path,
    *,
    text_column: str = "text",
    label_column: str | None = None,
) -> LabelledSplits:
    """Read labelled rows from any supported source (see the module docstring).

    :raises ConfigurationError: a missing file, unknown format or missing column, with the fix.
    """
    if not path.exists():
        raise _bad(path, "does not exist")
    if path.is_dir():
        return _from_datasets(path, text_column, label_column)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _from_yaml(path)
    if suffix == ".csv":
        return _grouped(path, _csv_records(path), text_column, label_column)
    if suffix in (".jsonl", ".json"):
        return _grouped(path, _jsonl_records(path), text_column, label_column)
    raise _bad(path, f"has an unknown suffix {suffix!r}")


def with_val(data: LabelledSplits, fraction: float, seed: int) -> LabelledSplits:
    """Carve a stratified validation split out of train when there is none."""
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
        cut = round(len(rows) * fraction) if len(rows) > 2 else 0
        val += rows[:cut]
        train += rows[cut:]
    return LabelledSplits(data.name, {**data.splits, "train": train, "val": val}, data.meta)


def load_sst2(folder: Path) -> LabelledSplits:
    """SST-2 from harvardnlp's ``stsa.binary.{train,dev,test}`` (``1 text`` = positive)."""
    names = {"train": "train", "dev": "val", "test": "test"}
    splits: dict[str, list[Row]] = {}
    for suffix, split in names.items():
        rows = []
        for line in _read_lines(folder / f"stsa.binary.{suffix}", "utf-8"):
            label, _, text = line.partition(" ")
            rows.append((text, "positive" if label == "1" else "negative"))
        splits[split] = rows
    return LabelledSplits("sst2", splits)


def load_phrasebank(
    file: Path, *, test_size: float = 0.2, seed: int = 0, val_fraction: float = 0.1
) -> LabelledSplits:
    """Financial PhraseBank (``sentence@label``, ISO-8859-1): the FinBERT split.

    Test is scikit-learn's ``train_test_split(test_size, random_state=seed, stratify=labels)``;
    validation is carved out of the rest (stratified, same seed).
    """
    from sklearn.model_selection import train_test_split  # type: ignore[import-untyped]

    rows = []
    for line in _read_lines(file, "iso-8859-1"):
        text, _, label = line.rpartition("@")
        rows.append((text.strip(), label.strip()))
    train, test = train_test_split(
        rows, test_size=test_size, random_state=seed, stratify=[r[1] for r in rows]
    )
    data = LabelledSplits(file.stem, {"train": list(train), "test": list(test)})
    return with_val(data, val_fraction, seed)


def _grouped(
    path: Path, records: list[dict[str, Any]], text_column: str, label_column: str | None
) -> LabelledSplits:
    if not records:
        raise _bad(path, "has no rows")
    columns = set(records[0])
    label = label_column or next((c for c in LABEL_COLUMNS if c in columns), None)
    if text_column not in columns or label is None or label not in columns:
        raise _bad(
            path,
            f"has columns {sorted(columns)}; need a text column ({text_column!r}) and a label "
            f"column ({label_column or ' or '.join(LABEL_COLUMNS)})",
            hint="Name them with --text-column and --label-column.",
        )
    data = LabelledSplits(path.stem)
    for number, record in enumerate(records, 1):
        text, value = record.get(text_column), record.get(label)
        if text is None or value is None or not str(text).strip():
            raise _bad(path, f"row {number} has no {text_column!r} or {label!r}")
        split = _split_name(str(record.get("split") or "train"))
        data.splits.setdefault(split, []).append((str(text), str(value)))
    return data


def _csv_records(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise _bad(path, f"cannot be read ({err})") from None


def _jsonl_records(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(_read_lines(path, "utf-8"), 1):
        try:
            item = json.loads(line)
        except ValueError as err:
            raise _bad(path, f"line {number} is not JSON ({err})") from None
        if not isinstance(item, dict):
            raise _bad(path, f"line {number} is not a JSON object")
        records.append(item)
    return records


def _from_yaml(path: Path) -> LabelledSplits:
    import yaml  # type: ignore[import-untyped]

    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise _bad(path, f"cannot be read ({err})") from None
    labels = spec.get("labels") if isinstance(spec, dict) else None
    if not isinstance(labels, dict) or not labels:
        raise _bad(path, "has no `labels:` mapping of label -> list of example texts")
    rows = [(str(t), str(label)) for label, texts in labels.items() for t in texts or ()]
    meta = {k: spec[k] for k in ("instruction", "description", "phrasings") if k in spec}
    return LabelledSplits(path.stem, {"train": rows}, meta)


def _from_datasets(path: Path, text_column: str, label_column: str | None) -> LabelledSplits:
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
        raise _bad(path, f"is not a `datasets` folder ({err})") from None
    parts = loaded if isinstance(loaded, DatasetDict) else {"train": loaded}
    data = LabelledSplits(path.name)
    for split, table in parts.items():
        assert isinstance(table, Dataset)
        label = label_column or next((c for c in LABEL_COLUMNS if c in table.column_names), "")
        if text_column not in table.column_names or label not in table.column_names:
            raise _bad(
                path,
                f"split {split} has columns {table.column_names}",
                hint="Name them with --text-column and --label-column.",
            )
        names = _class_names(table, label)
        rows = [(str(t), names(v)) for t, v in zip(table[text_column], table[label], strict=True)]
        data.splits[_split_name(split)] = rows
    return data


def _class_names(table: Any, column: str) -> Any:
    """ClassLabel integers -> their names; anything else -> str."""
    feature = table.features[column]
    names = getattr(feature, "names", None)
    if names:
        return lambda value: str(names[int(value)])
    return str


def _split_name(name: str) -> str:
    return {"validation": "val", "dev": "val", "valid": "val"}.get(name, name)


def _read_lines(path: Path, encoding: str) -> list[str]:
    try:
        text = path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as err:
        raise _bad(path, f"cannot be read ({err})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _bad(path: Path, reason: str, *, hint: str = "") -> ConfigurationError:
    return ConfigurationError(
        f"Cannot read labelled data from {path}: {reason}.",
        hint=hint or f"Give {_FORMATS}; see docs/heads.md.",
        details={"path": str(path), "problem": reason},
    )


def describe(data: LabelledSplits) -> str:
    """One line: splits and sizes, labels and their training counts."""
    counts = Counter(label for _, label in data.split("train"))
    sizes = ", ".join(f"{k} {v:,}" for k, v in data.counts().items())
    return f"{data.name}: {sizes}; {len(counts)} labels {dict(counts.most_common(6))}"


def load_any(
    path: Path, *, text_column: str = "text", label_column: str | None = None
) -> LabelledSplits:
    """:func:`load_labelled`, also reading the SST-2 folder and PhraseBank files as they ship."""
    if path.is_dir() and (path / "stsa.binary.train").exists():
        return load_sst2(path)
    if path.is_file() and path.name.startswith("Sentences_") and path.suffix == ".txt":
        return load_phrasebank(path)
    return load_labelled(path, text_column=text_column, label_column=label_column)
