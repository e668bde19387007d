"""Distillation (``--teacher``): a student learns a teacher head's soft labels.

The teacher is trained here on the tiny seeded BERT with every label flipped, so that what the
student learns from it can be told apart from what the data's own labels teach.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from instrux.cli.main import build_app
from instrux.heads.artifact import load_head
from instrux.heads.build import HeadRecipe, build_head
from instrux.heads.config import HeadTrainConfig
from instrux.heads.distill import Distillation, Teacher, distillation_term, load_teacher
from instrux.heads.runtime import HeadModel
from instrux.schemas.errors import ConfigurationError
from instrux.train.data import LabelledSplits
from instrux.train.progress import Watcher
from tests.heads.conftest import sentiment_rows, tiny_encoder

pytestmark = pytest.mark.slow

FLIP = {"positive": "negative", "negative": "positive"}


def _flipped(data: LabelledSplits) -> LabelledSplits:
    return LabelledSplits(
        "flipped", {k: [(t, FLIP[y]) for t, y in rows] for k, rows in data.splits.items()}
    )


def _without_val(data: LabelledSplits) -> LabelledSplits:
    return LabelledSplits(data.name, {k: v for k, v in data.splits.items() if k != "val"})


def _train(
    data: LabelledSplits,
    cfg: HeadTrainConfig,
    out: Path,
    model: Path,
    *,
    teacher: Teacher | None = None,
    checkpoint_dir: Path | None = None,
    resume: bool = False,
) -> dict[str, object]:
    with Watcher(progress=False) as watcher:
        return build_head(
            data,
            cfg,
            HeadRecipe("text.sentiment"),
            out,
            encoder=tiny_encoder(model, out.parent / "cache"),
            watcher=watcher,
            checkpoint_dir=checkpoint_dir,
            resume=resume,
            teacher=teacher,
        )


@pytest.fixture(scope="module")
def flipped_teacher(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fine-tuned head that calls every positive sentence negative and vice versa."""
    out = tmp_path_factory.mktemp("teacher") / "head"
    data = _flipped(LabelledSplits("t", {"train": sentiment_rows(64, 11)}))
    cfg = HeadTrainConfig(mode="finetune", lr_encoder=3e-2, max_epochs=20, val_fraction=0)
    _train(data, cfg, out, tiny_model)
    return out


def _agreement(artifact: Path, teacher: Path, texts: list[str]) -> float:
    student = HeadModel.from_artifact(load_head(artifact), device="cpu")
    master = HeadModel.from_artifact(load_head(teacher), device="cpu")
    return float(np.mean(student.logits(texts).argmax(1) == master.logits(texts).argmax(1)))


def test_a_student_learns_the_teachers_soft_labels(
    tiny_model: Path, flipped_teacher: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    unlabelled = tmp_path / "texts.txt"
    unlabelled.write_text("\n".join(t for t, _ in sentiment_rows(64, 12)) + "\n", encoding="utf-8")
    test_texts = [t for t, _ in sentiment.split("test")]
    master = HeadModel.from_artifact(load_head(flipped_teacher), device="cpu")
    teacher_labels = [master.labels[i] for i in master.logits(test_texts).argmax(1)]
    assert (
        np.mean(
            [
                y != FLIP[t]
                for (_, y), t in zip(sentiment.split("test"), teacher_labels, strict=True)
            ]
        )
        <= 0.2
    )  # the teacher says the opposite
    # alpha 0: the soft labels alone; without the distillation term the loss would be zero
    # and the student would stay at its random start. No validation split: its true labels
    # would keep the epoch that learnt the least from this contrary teacher.
    settings = Distillation(teacher=flipped_teacher, unlabelled=unlabelled, alpha=0.0)
    cfg = HeadTrainConfig(mode="finetune", lr_encoder=3e-2, max_epochs=15, val_fraction=0)
    metrics = _train(
        _without_val(sentiment),
        cfg,
        tmp_path / "student",
        tiny_model,
        teacher=load_teacher(settings),
    )
    assert _agreement(tmp_path / "student", flipped_teacher, test_texts) >= 0.9
    assert metrics["eval"]["test"]["accuracy"] <= 0.2  # type: ignore[index]
    record = load_head(tmp_path / "student").config["distillation"]
    assert record["teacher"] == str(flipped_teacher)
    assert len(record["teacher_manifest_sha256"]) == 64
    assert (record["alpha"], record["temperature"]) == (0.0, 2.0)
    assert (record["labelled_rows"], record["unlabelled_rows"]) == (64, 64)


def test_the_linear_mode_distils_too(
    tiny_model: Path, flipped_teacher: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    settings = Distillation(teacher=flipped_teacher, alpha=0.0, temperature=1.0)
    cfg = HeadTrainConfig(mode="linear", lr_head=1.0, max_epochs=200, min_steps=0, val_fraction=0)
    metrics = _train(
        _without_val(sentiment),
        cfg,
        tmp_path / "linear",
        tiny_model,
        teacher=load_teacher(settings),
    )
    test_texts = [t for t, _ in sentiment.split("test")]
    # The tiny random encoder's frozen vectors limit a linear head (0.71 here); at its start
    # (what a zero loss would leave) it agrees with either side about half the time.
    assert _agreement(tmp_path / "linear", flipped_teacher, test_texts) >= 0.65
    assert metrics["eval"]["test"]["accuracy"] <= 0.35  # type: ignore[index]


def test_the_distillation_term_is_zero_at_the_teacher_and_scaled_by_t_squared() -> None:
    import torch

    teacher = torch.tensor([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]])
    assert float(distillation_term(teacher, teacher, 2.0)) == pytest.approx(0.0, abs=1e-6)
    student = torch.zeros(2, 3)
    p = torch.softmax(teacher / 3.0, dim=1)
    kl = float((p * (p.log() - torch.log(torch.full_like(p, 1 / 3)))).sum(1).mean())
    assert float(distillation_term(student, teacher, 3.0)) == pytest.approx(9 * kl, rel=1e-5)


def test_a_resumed_run_reads_the_teachers_logits_from_the_checkpoint(
    tiny_model: Path,
    flipped_teacher: Path,
    sentiment: LabelledSplits,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Distillation(teacher=flipped_teacher)
    cfg = HeadTrainConfig(mode="linear", max_epochs=2, min_steps=0)
    checkpoints = tmp_path / "ckpt"
    first = _train(
        sentiment,
        cfg,
        tmp_path / "a",
        tiny_model,
        teacher=load_teacher(settings),
        checkpoint_dir=checkpoints,
    )
    assert first["training"]["distillation"]["teacher_cached_rows"] == 0  # type: ignore[index]
    assert json.loads((checkpoints / "teacher" / "state.json").read_text())["rows"] == 64

    def no_teacher_runs(self: HeadModel, texts: list[str], batch_size: int = 32) -> None:
        raise AssertionError("the teacher ran again")

    teacher = load_teacher(settings)
    monkeypatch.setattr(HeadModel, "logits", no_teacher_runs)
    resumed = _train(
        sentiment,
        cfg,
        tmp_path / "b",
        tiny_model,
        teacher=teacher,
        checkpoint_dir=checkpoints,
        resume=True,
    )
    assert resumed["training"]["distillation"]["teacher_cached_rows"] == 64  # type: ignore[index]


def test_a_teacher_with_other_labels_or_an_empty_file_is_a_typed_error(
    tiny_model: Path, flipped_teacher: Path, sentiment: LabelledSplits, tmp_path: Path
) -> None:
    other = LabelledSplits(
        "other",
        {"train": [(t, "up" if y == "positive" else "flat") for t, y in sentiment.split("train")]},
    )
    cfg = HeadTrainConfig(mode="linear", max_epochs=1, min_steps=0)
    with pytest.raises(ConfigurationError, match="labels") as err:
        _train(
            other,
            cfg,
            tmp_path / "x",
            tiny_model,
            teacher=load_teacher(Distillation(teacher=flipped_teacher)),
        )
    assert err.value.hint
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="no text"):
        _train(
            sentiment,
            cfg,
            tmp_path / "y",
            tiny_model,
            teacher=load_teacher(Distillation(teacher=flipped_teacher, unlabelled=empty)),
        )
    with pytest.raises(ConfigurationError, match="setfit"):
        _train(
            sentiment,
            cfg.with_changes(mode="setfit"),
            tmp_path / "z",
            tiny_model,
            teacher=load_teacher(Distillation(teacher=flipped_teacher)),
        )
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_the_cli_distils_and_refuses_options_without_a_teacher(
    tiny_model: Path, flipped_teacher: Path, tmp_path: Path
) -> None:
    data = tmp_path / "rows.csv"
    data.write_text("text,label\n" + "".join(f"{t},{y}\n" for t, y in sentiment_rows(40, 5)))
    unlabelled = tmp_path / "texts.txt"
    unlabelled.write_text("\n".join(t for t, _ in sentiment_rows(20, 6)) + "\n", encoding="utf-8")
    env = {"INSTRUX_HEADS_DIR": str(tmp_path / "heads"), "INSTRUX_CACHE_DIR": str(tmp_path / "c")}
    common = [
        "train",
        "head",
        "--data",
        str(data),
        "--instruction",
        "text.sentiment",
        "--encoder",
        str(tiny_model),
        "--epochs",
        "2",
        "--min-steps",
        "0",
        "--no-progress",
        "--json",
        "--out",
        str(tmp_path / "out"),
    ]
    result = CliRunner(env=env).invoke(
        build_app(),
        [
            *common,
            "--teacher",
            str(flipped_teacher),
            "--unlabelled",
            str(unlabelled),
            "--distill-alpha",
            "0.3",
            "--distill-temperature",
            "4",
        ],
    )
    assert result.exit_code == 0, (result.output, result.exception)
    record = load_head(tmp_path / "out").config["distillation"]
    assert (record["alpha"], record["temperature"], record["unlabelled_rows"]) == (0.3, 4.0, 20)
    refused = CliRunner(env=env).invoke(build_app(), [*common, "--unlabelled", str(unlabelled)])
    assert refused.exit_code == 10
    assert "--teacher" in refused.output
    bad = CliRunner(env=env).invoke(
        build_app(), [*common, "--teacher", str(flipped_teacher), "--distill-alpha", "1.5"]
    )
    assert bad.exit_code == 10
    assert "alpha" in bad.output
