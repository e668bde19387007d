"""Knowledge distillation: a head (the student) learns from another head's soft labels.

The teacher is any classification head artifact with the student's labels (a larger encoder
fine-tuned on the same data, say), run as it executes: its ONNX graph through the artifact
runtime (:class:`~instrux.heads.runtime.HeadModel`), in batches, on the CPU. Its logits for the
labelled training rows and for optional unlabelled texts are computed once, before training,
and cached in the checkpoint directory (``teacher/``, written after every chunk), so a resumed
run, or a rerun with another alpha or temperature, does not run the teacher again.

The loss of a batch, averaged over its rows (Hinton et al. 2015)::

    labelled row:    alpha * CE(student, label) + (1 - alpha) * T^2 * KL(teacher_T || student_T)
    unlabelled row:                               (1 - alpha) * T^2 * KL(teacher_T || student_T)

where ``x_T = softmax(logits / T)``; the ``T^2`` keeps the soft term's gradients at the hard
term's scale whatever ``T``. The teacher's logits are its graph's raw ones (not its calibrated
temperature). Validation, the kept epoch, calibration and the out-of-scope threshold use the
labelled validation split only, exactly as without a teacher.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from instrux.runtime.artifacts import atomic_artifact
from instrux.schemas.errors import ConfigurationError
from instrux.train.data import read_lines

if TYPE_CHECKING:
    from instrux.heads.runtime import HeadModel
    from instrux.schemas.models import ModelSpec
    from instrux.settings import Settings
    from instrux.train.progress import Watcher

__all__ = [
    "DISTILLED_MODES",
    "Distillation",
    "SoftTargets",
    "Teacher",
    "load_teacher",
    "soft_targets",
]

DISTILLED_MODES = ("linear", "mlp", "finetune", "lora")  # setfit's pair stage has no labels
CACHE = "teacher"  # the teacher's logits, in the checkpoint directory
CHUNK = 256  # texts per teacher call between cache writes


class Distillation(BaseModel):
    """Where the soft labels come from, and how much they weigh."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    teacher: Path = Field(description="A head artifact with the same labels: the teacher.")
    unlabelled: Path | None = Field(
        default=None,
        description="Unlabelled texts, one per line (UTF-8): trained on the teacher's soft "
        "labels only.",
    )
    alpha: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Weight of the hard labels' cross-entropy; 1 - alpha weighs the teacher's "
        "soft labels.",
    )
    temperature: float = Field(
        default=2.0,
        gt=0,
        description="Softmax temperature of the soft labels (teacher and student).",
    )


@dataclass(frozen=True)
class Teacher:
    """A loaded teacher head and what the student records about it."""

    model: HeadModel
    settings: Distillation
    manifest_sha256: str  # of the teacher's manifest.json: which artifact, exactly
    name: str  # its instruction and encoder

    @property
    def labels(self) -> list[str]:
        return self.model.labels

    def record(self) -> dict[str, Any]:
        return {
            "teacher": str(self.settings.teacher),
            "teacher_name": self.name,
            "teacher_manifest_sha256": self.manifest_sha256,
            "alpha": self.settings.alpha,
            "temperature": self.settings.temperature,
            "unlabelled": str(self.settings.unlabelled) if self.settings.unlabelled else None,
        }


def load_teacher(
    settings: Distillation,
    *,
    models: Mapping[str, ModelSpec] | None = None,
    runtime: Settings | None = None,
    threads: int = 1,
) -> Teacher:
    """The teacher head of ``settings``, verified and loaded on the CPU.

    :param models: model specs by name (:meth:`instrux.registry.Registry.model_specs`), for a
        teacher whose graph reads an encoder's embeddings (a frozen head); with ``runtime``.
    :raises ConfigurationError: a regression head, or a head-layout teacher without ``models``.
    """
    from instrux.heads.artifact import HEAD_FORMAT, load_head
    from instrux.heads.runtime import HeadModel, head_encoder
    from instrux.runtime.artifacts import graph_layout

    artifact = load_head(settings.teacher, formats=(HEAD_FORMAT,))
    if artifact.config.get("task") == "regression" or not artifact.labels:
        raise ConfigurationError(
            f"The teacher {settings.teacher} is a regression head: it has no labels to teach.",
            hint="Give a classification head artifact with the student's labels as --teacher.",
        )
    encoder = None
    if graph_layout(artifact.config) != "pipeline":
        if models is None or runtime is None:
            raise ConfigurationError(
                f"The teacher {settings.teacher} reads an encoder's embeddings.",
                hint="Load it with the model registry (instrux train head --teacher does).",
            )
        encoder = head_encoder(artifact.config, models, runtime)
    model = HeadModel.from_artifact(artifact, encoder=encoder, threads=threads, device="cpu")
    manifest = (artifact.path / "manifest.json").read_bytes()
    name = f"{artifact.config.get('instruction')} on {artifact.encoder.name}"
    return Teacher(model, settings, hashlib.sha256(manifest).hexdigest(), name)


@dataclass
class SoftTargets:
    """The teacher's logits for the training rows (labelled first, then unlabelled)."""

    logits: Any  # torch float32 (labelled + unlabelled, labels)
    labelled: int  # rows 0..labelled-1 are the labelled training rows, in order
    unlabelled_texts: list[str]
    alpha: float
    temperature: float
    record: dict[str, Any]

    def objective(self, loss_fn: Callable[[Any, Any], Any], y: Any) -> Callable[[Any, Any], Any]:
        """``(student logits (B, C), row indices (B,)) -> loss`` (module docstring)."""

        def loss(logits: Any, batch: Any) -> Any:
            labelled = batch < self.labelled
            hard = logits.sum() * 0.0
            if bool(labelled.any()):  # CE is a mean over labelled rows: scale to the batch
                hard = loss_fn(logits[labelled], y[batch[labelled]]) * labelled.float().mean()
            soft = distillation_term(logits, self.logits[batch], self.temperature)
            return self.alpha * hard + (1.0 - self.alpha) * soft

        return loss


def distillation_term(student: Any, teacher: Any, temperature: float) -> Any:
    """``T^2 * KL(softmax(teacher / T) || softmax(student / T))``, averaged over rows."""
    import torch.nn.functional as F

    log_student = F.log_softmax(student / temperature, dim=1)
    target = F.softmax(teacher / temperature, dim=1)
    kl = F.kl_div(log_student, target, reduction="batchmean")
    return kl * temperature * temperature


def soft_targets(
    teacher: Teacher,
    labels: list[str],
    texts: list[str],
    *,
    cache_dir: Path | None = None,
    watcher: Watcher | None = None,
) -> SoftTargets:
    """The teacher's logits for ``texts`` (the labelled training rows) and the unlabelled file.

    :raises ConfigurationError: the teacher has other labels; an empty or unreadable file.
    """
    import time

    import torch

    _check_labels(teacher, labels)
    unlabelled = read_unlabelled(teacher.settings.unlabelled) if teacher.settings.unlabelled else []
    everything = texts + unlabelled
    started = time.perf_counter()
    logits, cached = teacher_logits(teacher, everything, cache_dir, watcher)
    order = [teacher.labels.index(label) for label in labels]  # the student's label order
    record = {
        **teacher.record(),
        "labelled_rows": len(texts),
        "unlabelled_rows": len(unlabelled),
        "teacher_seconds": round(time.perf_counter() - started, 2),
        "teacher_cached_rows": cached,
    }
    return SoftTargets(
        torch.from_numpy(logits[:, order].copy()),
        len(texts),
        unlabelled,
        teacher.settings.alpha,
        teacher.settings.temperature,
        record,
    )


def _check_labels(teacher: Teacher, labels: list[str]) -> None:
    if sorted(teacher.labels) != sorted(labels):
        raise ConfigurationError(
            f"The teacher {teacher.settings.teacher} has labels {teacher.labels}; the student's "
            f"data has {labels}.",
            hint="Distil from a head trained on the same labels (or relabel the data).",
            details={"teacher": teacher.labels, "student": labels},
        )


def read_unlabelled(path: Path) -> list[str]:
    """The non-blank lines of ``path`` (UTF-8), stripped.

    :raises ConfigurationError: the file cannot be read or has no text.
    """
    try:
        lines = read_lines(path, "utf-8")
    except ConfigurationError as err:
        raise ConfigurationError(
            f"Cannot read the unlabelled texts {path}: {err.details.get('problem', err)}.",
            hint="Give a UTF-8 text file with one text per line as --unlabelled.",
        ) from None
    if not lines:
        raise ConfigurationError(
            f"The unlabelled file {path} has no text.",
            hint="Write one text per line, or leave out --unlabelled.",
        )
    return lines


def teacher_logits(
    teacher: Teacher, texts: list[str], cache_dir: Path | None, watcher: Watcher | None = None
) -> tuple[Any, int]:
    """``(logits (n, labels) float32 in the teacher's label order, rows read from the cache)``.

    With ``cache_dir`` the logits computed so far are written after every chunk and read back
    when the teacher and the texts are the same (a hash of both): an interrupted run resumes.
    """
    import numpy as np

    key = _cache_key(teacher, texts)
    folder = cache_dir / CACHE if cache_dir is not None else None
    width = len(teacher.labels)
    done = _read_cache(folder, key) if folder is not None else None
    cached = 0 if done is None else len(done)
    parts = [np.zeros((0, width), np.float32) if done is None else done]
    if watcher is not None and cached < len(texts):
        watcher.stage("teacher", -(-(len(texts) - cached) // CHUNK))
    for start in range(cached, len(texts), CHUNK):
        parts.append(np.asarray(teacher.model.logits(texts[start : start + CHUNK]), np.float32))
        if folder is not None:
            _write_cache(folder, key, np.concatenate(parts))
        if watcher is not None:
            watcher.step("teacher", (start - cached) // CHUNK + 1, float("nan"))
    return np.concatenate(parts), cached


def _cache_key(teacher: Teacher, texts: list[str]) -> str:
    digest = hashlib.sha256(teacher.manifest_sha256.encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _read_cache(folder: Path, key: str) -> Any:
    """The cached logits (n, labels), or ``None``: none, or another teacher or other texts."""
    state = folder / "state.json"
    if not state.is_file() or json.loads(state.read_text(encoding="utf-8")).get("key") != key:
        return None
    from safetensors.numpy import load_file

    return load_file(str(folder / "logits.safetensors"))["logits"]


def _write_cache(folder: Path, key: str, logits: Any) -> None:
    from safetensors.numpy import save_file

    with atomic_artifact(folder) as temp:
        save_file({"logits": logits}, str(temp / "logits.safetensors"))
        state = {"key": key, "rows": len(logits)}
        (temp / "state.json").write_text(json.dumps(state) + "\n", encoding="utf-8")
