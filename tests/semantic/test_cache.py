"""Cache files: keyed on their sources, built once under a lock, written atomically."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from instrux.models import transformer as transformer_module
from instrux.runtime.cache import atomic_build, cache_dir, digest_files
from instrux.settings import Settings


def test_atomic_build_builds_once_and_reuses(tmp_path: Path) -> None:
    calls: list[Path] = []

    def build(out: Path) -> None:
        calls.append(out)
        out.write_text("graph")

    target = tmp_path / "sub" / "model.onnx"
    assert atomic_build(target, build) == target
    assert atomic_build(target, build) == target
    assert len(calls) == 1 and target.read_text() == "graph"
    assert calls[0] != target  # written under a temporary name, then renamed
    assert target.stat().st_mode & 0o044  # readable by others: caches are shared


def test_a_failed_build_leaves_nothing_and_is_retried(tmp_path: Path) -> None:
    target = tmp_path / "model.onnx"

    def broken(out: Path) -> None:
        out.write_text("half a file")
        raise RuntimeError("export crashed")

    with pytest.raises(RuntimeError, match="export crashed"):
        atomic_build(target, broken)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []
    atomic_build(target, lambda out: out.write_text("ok"))
    assert target.read_text() == "ok"


def test_concurrent_builders_do_the_work_once(tmp_path: Path) -> None:
    target = tmp_path / "model.onnx"
    calls: list[int] = []

    def slow(out: Path) -> None:
        calls.append(1)
        time.sleep(0.2)
        out.write_text("built")

    threads = [threading.Thread(target=atomic_build, args=(target, slow)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1] and target.read_text() == "built"


def test_digest_changes_with_the_source(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"hidden_size": 384}')
    before = digest_files(tmp_path, ["config.json"])
    assert digest_files(tmp_path, ["config.json"]) == before
    (tmp_path / "config.json").write_text('{"hidden_size": 385}')
    assert digest_files(tmp_path, ["config.json"]) != before


def test_encoder_graph_is_rebuilt_when_the_model_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "model"
    model.mkdir()
    for name in transformer_module.model_files(model):
        (model / name).write_text('{"num_attention_heads": 2, "hidden_size": 4, "v": 1}')
    exports: list[Path] = []
    cache = tmp_path / "cache"
    monkeypatch.setattr(
        transformer_module,
        "_export",
        lambda folder, out, name: (exports.append(out), out.write_text("x")),
    )
    monkeypatch.setattr(transformer_module, "_fuse", lambda plain, out, *_: out.write_text("fused"))
    loader = transformer_module.TransformerEncoder(
        "tiny", lambda _settings: model, lambda: None, "nothing", max_tokens=8
    )
    settings = Settings(cache_dir=cache)
    first = loader.graph(settings)
    assert loader.graph(settings) == first and len(exports) == 1
    assert first.stem == transformer_module.graph_stem(model)
    (model / "config.json").write_text('{"num_attention_heads": 2, "hidden_size": 4, "v": 2}')
    second = loader.graph(settings)
    assert second != first and len(exports) == 2
    assert first.parent == second.parent == tmp_path / "cache" / "encoders"


class _CountingEncoder:
    """Stands in for the ONNX encoder: deterministic vectors, counts its calls."""

    key = "fake-encoder"
    dim = 4

    def __init__(self, cache: Path | None = None) -> None:
        self.calls = 0
        self.cache_dir = cache

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return np.array([[len(t), 1.0, 0.0, 0.0] for t in texts], dtype=np.float32)


def test_instruction_vectors_are_cached_and_rebuilt_when_examples_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from instrux.models.vectors import cached_vectors

    monkeypatch.setenv("INSTRUX_CACHE_DIR", str(tmp_path / "ignored"))  # only Settings reads it
    encoder = _CountingEncoder(tmp_path)
    first = cached_vectors(encoder, ["add 7 and 12", "7 plus 12"])  # type: ignore[arg-type]
    again = cached_vectors(encoder, ["add 7 and 12", "7 plus 12"])  # type: ignore[arg-type]
    assert encoder.calls == 1 and np.array_equal(first, again)
    cached_vectors(encoder, ["add 7 and 12", "7 plus 12", "sum 7 and 12"])  # type: ignore[arg-type]
    assert encoder.calls == 2
    assert len(list((tmp_path / "vectors").glob("*.npy"))) == 2
    assert not (tmp_path / "ignored").exists()
    elsewhere = tmp_path / "explicit"
    cached_vectors(encoder, ["add 7 and 12"], elsewhere)  # type: ignore[arg-type]
    assert len(list((elsewhere / "vectors").glob("*.npy"))) == 1


def test_an_encoder_without_a_cache_embeds_every_time(tmp_path: Path) -> None:
    from instrux.models.vectors import cached_vectors

    encoder = _CountingEncoder(None)  # a router artifact's graph: nothing to key a cache on
    cached_vectors(encoder, ["a"])  # type: ignore[arg-type]
    cached_vectors(encoder, ["a"])  # type: ignore[arg-type]
    assert encoder.calls == 2


def test_cache_dir_is_given_never_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_CACHE_DIR", str(tmp_path / "env"))
    assert cache_dir(tmp_path / "root", "encoders") == tmp_path / "root" / "encoders"
    assert (tmp_path / "root" / "encoders").is_dir() and not (tmp_path / "env").exists()


def test_a_killed_builds_temporary_file_is_removed_by_the_next_build(tmp_path: Path) -> None:
    target = tmp_path / "model.onnx"
    orphan = tmp_path / "model.onnxab12cd_9.tmp"  # mkstemp's name for an interrupted build
    orphan.write_text("half an export")
    unrelated = tmp_path / "other.onnxab12cd_9.tmp"
    unrelated.write_text("another target's build")
    atomic_build(target, lambda out: out.write_text("ok"))
    assert not orphan.exists() and unrelated.exists()
