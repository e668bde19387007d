"""Public benchmarks as they ship: CLINC150, JointBERT SNIPS, SST-2, Financial PhraseBank.

Every reader returns :class:`~instrux.train.data.LabelledSplits`. Out-of-scope utterances carry
the label :data:`~instrux.train.data.OOS` (CLINC150's own label).

- CLINC150 ``data_full.json`` (and its small/imbalanced/oos_plus variants): ``{split: [[text,
  intent], ...]}`` with ``train``/``val``/``test`` and ``oos_train``/``oos_val``/``oos_test``; the
  oos splits are merged into the matching in-scope split.
- JointBERT SNIPS (``train``/``dev``/``test`` folders with ``seq.in`` and ``label``): ``dev`` is
  read as ``val``.
- SST-2 from harvardnlp's ``stsa.binary.{train,dev,test}``; Financial PhraseBank
  (``sentence@label``, ISO-8859-1) with FinBERT's split.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from instrux.schemas.errors import ConfigurationError
from instrux.train.data import OOS, LabelledSplits, read_lines, with_val

__all__ = [
    "SlotData",
    "clinc_like",
    "load_clinc150",
    "load_jointbert",
    "load_named",
    "load_phrasebank",
    "load_snips",
    "load_sst2",
]


def load_named(dataset: str, data_dir: Path) -> LabelledSplits:
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


def load_clinc150(path: Path) -> LabelledSplits:
    return _clinc_splits(_read_json(path), "clinc150")


def _clinc_splits(raw: dict[str, list[list[str]]], name: str) -> LabelledSplits:
    dataset = LabelledSplits(name)
    for split in ("train", "val", "test"):
        rows = [(str(t), str(i)) for t, i in raw.get(split, [])]
        rows += [(str(t), OOS) for t, _ in raw.get(f"oos_{split}", [])]
        dataset.splits[split] = rows
    return dataset


def load_snips(folder: Path) -> LabelledSplits:
    """A JointBERT folder's intents (SNIPS), texts as written (:func:`load_jointbert`)."""
    data = load_jointbert(folder)
    splits = {
        name: [(" ".join(words), intent) for words, _, intent in rows]
        for name, rows in data.splits.items()
    }
    return LabelledSplits("snips", splits)


def clinc_like(path: Path) -> LabelledSplits | None:
    """A CLINC-style JSON file of the user's (a JSON object of splits), named after the file;
    ``None`` when the file is not one (JSON lines named .json)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or not any(isinstance(v, list) for v in raw.values()):
        return None
    dataset = _clinc_splits(raw, path.stem)
    return LabelledSplits(path.stem, {k: v for k, v in dataset.splits.items() if v})


def load_sst2(folder: Path) -> LabelledSplits:
    """SST-2 from harvardnlp's ``stsa.binary.{train,dev,test}`` (``1 text`` = positive)."""
    names = {"train": "train", "dev": "val", "test": "test"}
    splits: dict[str, list[tuple[str, str]]] = {}
    for suffix, split in names.items():
        rows = []
        for line in read_lines(folder / f"stsa.binary.{suffix}", "utf-8"):
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
    for line in read_lines(file, "iso-8859-1"):
        text, _, label = line.rpartition("@")
        rows.append((text.strip(), label.strip()))
    train, test = train_test_split(
        rows, test_size=test_size, random_state=seed, stratify=[r[1] for r in rows]
    )
    data = LabelledSplits(file.stem, {"train": list(train), "test": list(test)})
    return with_val(data, val_fraction, seed)


def _read_json(path: Path) -> dict[str, list[list[str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise _bad_file(path, str(err)) from None
    if not isinstance(data, dict):
        raise _bad_file(path, "expected an object of splits")
    return data


def _bad_file(path: Path, reason: str) -> ConfigurationError:
    return ConfigurationError(
        f"Cannot read intent data from {path}: {reason}.",
        hint="Use a CSV or JSON lines with a text and an intent column (--text-column, "
        "--label-column), or CLINC150's JSON format.",
    )


@dataclass
class SlotData:
    """Sentences per split: ``(words, tags, intent)``."""

    name: str
    splits: dict[str, list[tuple[list[str], list[str], str]]]

    def split(self, name: str) -> list[tuple[list[str], list[str], str]]:
        return self.splits.get(name, [])


def load_jointbert(folder: Path, *, limit: int | None = None, seed: int = 0) -> SlotData:
    """A JointBERT data folder (the one reader: SNIPS and ATIS intents and slots).

    ``train|dev|test/seq.in`` (words), ``seq.out`` (one BIO tag per word; all ``O`` when the
    folder has none: an intents-only folder) and ``label`` (the intent); ``dev`` is read as
    ``val``. ``limit`` keeps a seeded random sample of training rows.
    """
    splits: dict[str, list[tuple[list[str], list[str], str]]] = {}
    for source, split in (("train", "train"), ("dev", "val"), ("test", "test")):
        if not (folder / source / "seq.in").exists():
            continue
        words = _lines(folder / source / "seq.in")
        tagged = (folder / source / "seq.out").exists()
        tags = _lines(folder / source / "seq.out") if tagged else [
            " ".join("O" for _ in w.split()) for w in words
        ]  # fmt: skip
        intents = _lines(folder / source / "label")
        if len(words) != len(intents):
            raise ConfigurationError(
                f"{folder / source}: {len(words)} utterances but {len(intents)} labels.",
                hint="Check that seq.in and label come from the same split.",
            )
        rows = []
        for number, (w, t, i) in enumerate(zip(words, tags, intents, strict=True), 1):
            if len(w.split()) != len(t.split()):
                raise ConfigurationError(
                    f"{folder / source} line {number}: words and tags differ in number.",
                    hint="Give one BIO tag per word.",
                )
            rows.append((w.split(), t.split(), i))
        splits[split] = rows
    if not splits.get("train"):
        raise ConfigurationError(
            f"{folder} has no train/seq.in.",
            hint="Give a JointBERT folder: train/, dev/, test/ each with seq.in, seq.out, label.",
        )
    if limit is not None and limit < len(splits["train"]):
        import numpy as np

        rng = np.random.default_rng(seed)
        keep = sorted(rng.choice(len(splits["train"]), size=limit, replace=False).tolist())
        splits["train"] = [splits["train"][i] for i in keep]
    return SlotData(folder.name, splits)


def _lines(path: Path) -> list[str]:
    """The non-blank lines of a JointBERT file, stripped."""
    return read_lines(path, "utf-8")
