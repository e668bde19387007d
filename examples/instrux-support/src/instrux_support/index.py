"""The FAQ index: an instrux artifact directory (``instrux.runtime.artifacts``) holding

- ``config.json``: format, encoder record, fusion weights, refusal threshold, head classes;
- ``entries.json``: the FAQ entries in row order;
- ``weights.safetensors``: the head (a linear layer on the query's sentence vector), if any;
- ``faq.lance/``: the LanceDB table (row, id, question, answer, tags, vector): the embedded
  vector store the dense search runs in;
- ``bm25/``: the bm25s index of each entry's question and answer;
- ``manifest.json``: hashes of the files above (the two folders are LanceDB's and bm25s's own).

It is written atomically (a temporary sibling renamed into place), so an engine reading the
index never sees half of a new one. Heavy imports (lancedb, bm25s, torch) stay inside the
functions that need them: the plugin module imports this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from instrux import ConfigurationError, Settings
from instrux_support.models import FaqEntry, Fusion

if TYPE_CHECKING:
    from instrux.models import Encoder

__all__ = [
    "DEFAULT_THRESHOLD",
    "Fusion",
    "SupportIndex",
    "build_index",
    "default_index_dir",
    "load_index",
    "train_phrasing_head",
]

FORMAT = "instrux_support.index/1"
ENTRIES_FILE = "entries.json"
MANIFEST = "manifest.json"
TABLE_DIR = "faq.lance"
TABLE_NAME = "faq"
BM25_DIR = "bm25"
# The refusal thresholds `instrux support eval` calibrated on StackFAQ for the default
# fusion (held-out training rephrasings against CLINC150's out-of-scope and other-domain
# questions; docs/support.md), used when `instrux support index` is not given --threshold:
# with a head, and without one (then the fused score is the dense cosine).
DEFAULT_THRESHOLD = {"head": 0.421, "dense": 0.491}


@dataclass
class SupportIndex:
    """A loaded FAQ index (see the module docstring for its files)."""

    path: Path
    entries: list[FaqEntry]
    fusion: Fusion
    threshold: float
    encoder_name: str
    table: Any  # lancedb table
    bm25: Any  # bm25s.BM25
    head: tuple[Any, Any] | None  # (weight (C, D), bias (C,)), numpy
    head_class: Any  # (n,) int: the head class of each entry, -1 when it has none
    config: dict[str, Any] = field(default_factory=dict)

    def trained_head(self) -> tuple[list[str], tuple[Any, Any]] | None:
        """The head as ``build_index(head=...)`` takes it: reused, entries added to the bank
        since it was trained are found by retrieval (``instrux support index --keep-head``)."""
        classes = self.config.get("head_classes")
        return (list(classes), self.head) if classes and self.head is not None else None

    @property
    def recorded_encoder(self) -> Any:
        """The encoder record (name and fingerprint) the index was built with."""
        from instrux.runtime.artifacts import EncoderRecord

        return EncoderRecord.of(self.config)

    @property
    def version(self) -> str:
        """Changes whenever the index is rebuilt (the hash of its entries file)."""
        return str(self.config.get("_entries_sha256", ""))


def default_index_dir(settings: Settings) -> Path:
    """Where ``instrux support index`` writes, and where the plugin looks, by default."""
    return Path(settings.cache_dir).expanduser() / "support" / "index"


def entry_text(entry: FaqEntry) -> str:
    """What BM25 indexes: the question and the answer (more words to match than the
    question alone: thread-level P@1 0.669 against 0.612 on StackFAQ, measured)."""
    return f"{entry.question}\n{entry.answer}"


def train_phrasing_head(
    entries: Sequence[FaqEntry], encoder: Encoder, *, seed: int = 0
) -> tuple[list[str], tuple[Any, Any]] | None:
    """A linear head (instrux's heads API, ``fit_on_vectors``) from a sentence vector to the
    entry's question: trained on every question and its rephrasings. ``None`` when no entry
    has rephrasings (then the question alone is all it would learn: the dense score)."""
    if not any(entry.rephrasings for entry in entries):
        return None
    from instrux.heads.config import HeadTrainConfig
    from instrux.heads.train import fit_on_vectors

    groups: dict[str, set[str]] = {}
    for entry in entries:
        groups.setdefault(entry.group, set()).update((entry.question, *entry.rephrasings))
    classes = list(groups)
    texts = [text for group in classes for text in sorted(groups[group])]
    labels = [c for c, group in enumerate(classes) for _ in groups[group]]
    vectors = encoder.encode(texts).astype(np.float32)
    weight, bias = fit_on_vectors(
        vectors, np.asarray(labels, dtype=np.int64), len(classes), HeadTrainConfig(seed=seed)
    )
    return classes, (weight, bias)


def build_index(
    entries: Sequence[FaqEntry],
    encoder: Encoder,
    dest: Path,
    *,
    fusion: Fusion | None = None,
    threshold: float | None = None,
    head: tuple[list[str], tuple[Any, Any]] | None = None,
    train_head: bool = True,
    seed: int = 0,
) -> Path:
    """Embed, index and (when entries have rephrasings) train the head; write atomically.

    :param head: a head trained before (classes, (weight, bias)); default: trained here.
    :param threshold: the refusal threshold (default: :data:`DEFAULT_THRESHOLD`).
    """
    from instrux.runtime.artifacts import scratch_dir, write_artifact

    entries = list(entries)
    if head is None and train_head:
        head = train_phrasing_head(entries, encoder, seed=seed)
    fusion = fusion or Fusion()
    if head is None:  # nothing to weigh: keep the fused scores on the same [0, 1] scale
        fusion = Fusion(bm25=fusion.bm25, head=0.0)
    if threshold is None:
        threshold = DEFAULT_THRESHOLD["head" if head else "dense"]
    vectors = _question_vectors(entries, encoder)
    with scratch_dir(dest) as scratch:
        _write_table(scratch / TABLE_DIR, entries, vectors)
        _write_bm25(scratch / BM25_DIR, entries)
        config = {
            "format": FORMAT,
            "entries": len(entries),
            "fusion": {"bm25": fusion.bm25, "head": fusion.head},
            "threshold": threshold,
            "head_classes": head[0] if head else None,
            "encoder_name": encoder.name,
        }
        weights = {"head.weight": head[1][0], "head.bias": head[1][1]} if head else None
        write_artifact(
            dest,
            config=config,
            weights=weights,
            documents={ENTRIES_FILE: {"entries": [e.model_dump(mode="json") for e in entries]}},
            moved={TABLE_DIR: scratch / TABLE_DIR, BM25_DIR: scratch / BM25_DIR},
            encoder=encoder.record(),
        )
    return dest


def _question_vectors(entries: list[FaqEntry], encoder: Encoder) -> Any:
    questions = sorted({entry.question for entry in entries})
    vectors = encoder.encode(questions).astype(np.float32)
    row_of = {question: row for row, question in enumerate(questions)}
    return vectors[[row_of[entry.question] for entry in entries]]


def _write_table(folder: Path, entries: list[FaqEntry], vectors: Any) -> None:
    import lancedb
    import pyarrow as pa  # type: ignore[import-untyped]

    dim = int(vectors.shape[1])
    table = pa.table(
        {
            "row": pa.array(range(len(entries)), pa.int32()),
            "id": [e.id for e in entries],
            "question": [e.question for e in entries],
            "answer": [e.answer for e in entries],
            "tags": pa.array([list(e.tags) for e in entries], pa.list_(pa.string())),
            "vector": pa.FixedSizeListArray.from_arrays(
                pa.array(vectors.reshape(-1), pa.float32()), dim
            ),
        }
    )
    lancedb.connect(str(folder)).create_table(TABLE_NAME, data=table)


def _write_bm25(folder: Path, entries: list[FaqEntry]) -> None:
    import bm25s  # type: ignore[import-untyped]

    tokens = bm25s.tokenize([entry_text(e) for e in entries], stopwords="en", show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    retriever.save(str(folder))


def load_index(path: Path) -> SupportIndex:
    """Read and verify an index directory.

    :raises ConfigurationError: there is none (with the command that builds one).
    :raises ArtifactError: it is corrupt or of another format.
    """
    import bm25s
    import lancedb

    from instrux.runtime.artifacts import CONFIG_FILE, check_format, load_artifact

    path = Path(path)
    if not (path / CONFIG_FILE).is_file():
        raise no_index_error(path)
    artifact = load_artifact(path, require=(CONFIG_FILE, ENTRIES_FILE))
    hint = "Rebuild it: instrux support index --faq FILE."
    check_format(path, artifact.config, (FORMAT,), hint)
    entries = [FaqEntry.model_validate(e) for e in _entries(artifact)]
    config = {
        **artifact.config,
        "_entries_sha256": artifact.manifest["files"][ENTRIES_FILE]["sha256"],
    }
    classes = config.get("head_classes")
    head = None
    head_class = np.full(len(entries), -1, dtype=np.int64)
    if classes:
        weights = artifact.weights()
        head = (weights["head.weight"], weights["head.bias"])
        class_of = {group: c for c, group in enumerate(classes)}
        head_class = np.asarray([class_of.get(e.group, -1) for e in entries], dtype=np.int64)
    return SupportIndex(
        path=path,
        entries=entries,
        fusion=Fusion(**config["fusion"]),
        threshold=float(config["threshold"]),
        encoder_name=str(config["encoder_name"]),
        table=lancedb.connect(str(path / TABLE_DIR)).open_table(TABLE_NAME),
        bm25=bm25s.BM25.load(str(path / BM25_DIR)),
        head=head,
        head_class=head_class,
        config=config,
    )


def _entries(artifact: Any) -> list[dict[str, Any]]:
    from instrux.runtime.artifacts import read_json

    rows = read_json(artifact.path, ENTRIES_FILE).get("entries")
    return rows if isinstance(rows, list) else []


def no_index_error(path: Path) -> ConfigurationError:
    """The error every support command and ``support.answer`` give without an index."""
    return ConfigurationError(
        f"No FAQ index at {str(path)!r}.",
        hint="Build one from your FAQ bank: instrux support index --faq FILE "
        "(JSON, JSON lines, CSV or Markdown; see docs/support.md).",
        details={"index": str(path)},
    )
