"""A transformer encoder on the shared runtime layer, with a tiny stand-in model (no torch).

The export step is replaced by a hand-built ONNX graph with the encoder's inputs and outputs,
so these tests check what surrounds it: the one-time notice, device and threads reaching the
session, building ahead (``instrux models build``), and the router artifact format (old
manifests included).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from instrux import Settings
from instrux.models import transformer as transformer_module
from instrux.models.transformer import TransformerEncoder
from instrux.runtime import ArtifactError, DeviceUnavailableError
from instrux.schemas.errors import ConfigurationError

pytest.importorskip("onnx", reason="the tiny graph is built with onnx")
pytest.importorskip("tokenizers", reason="the encoder tokenizes with tokenizers")

CPU, CUDA = "CPUExecutionProvider", "CUDAExecutionProvider"
VOCAB = {"[PAD]": 0, "[UNK]": 1, "add": 2, "3": 3, "and": 4, "5": 5, "hello": 6}


def write_tiny_graph(out: Path, dim: int = 4) -> None:
    """``embeddings = [n_tokens] * dim`` per row: the encoder's inputs, outputs and axes."""
    import onnx
    from onnx import TensorProto, helper

    nodes = [
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["mask", "axes"], ["count"], keepdims=1),  # (B, 1)
        helper.make_node("Mul", ["count", "ones"], ["embeddings"]),  # (B, dim)
    ]
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])
    out_info = helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", dim])
    constants = [
        helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
        helper.make_tensor("ones", TensorProto.FLOAT, [1, dim], [1.0] * dim),
    ]
    graph = helper.make_graph(nodes, "tiny", [ids, mask], [out_info], initializer=constants)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(out))


def write_tokenizer(out: Path) -> None:
    from tokenizers import Tokenizer, models, pre_tokenizers

    tokenizer = Tokenizer(models.WordLevel(VOCAB, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(out))


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    model = tmp_path / "tiny-model"
    model.mkdir()
    (model / "config.json").write_text('{"num_attention_heads": 1, "hidden_size": 4}')
    (model / "model.safetensors").write_bytes(b"weights")
    write_tokenizer(model / "tokenizer.json")
    return model


@pytest.fixture
def fake_export(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Replace torch's part of the export by the tiny graph; returns the exported paths."""
    from instrux.models import torch_modules

    exported: list[Path] = []

    def export_pipeline(module: Any, tokenizer_file: Path, out: Path) -> None:
        exported.append(out)
        write_tiny_graph(out)

    monkeypatch.setattr(torch_modules, "load_encoder_module", lambda folder: object())
    monkeypatch.setattr(torch_modules, "pipeline_module", lambda module: module)
    monkeypatch.setattr(torch_modules, "export_pipeline", export_pipeline)
    # Fusion finds nothing to fuse in the tiny graph; a copy keeps the test fast.
    monkeypatch.setattr(
        transformer_module, "_fuse", lambda plain, out, *_: out.write_bytes(plain.read_bytes())
    )
    return exported


def tiny_loader(folder: Path) -> TransformerEncoder:
    return TransformerEncoder("tiny", lambda _settings: folder, lambda: None, "nothing", 8)


@pytest.fixture
def session_spy(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record the arguments of every ORT session constructed (and still build it)."""
    import onnxruntime as ort  # type: ignore[import-untyped]

    real = ort.InferenceSession
    seen: list[dict[str, Any]] = []

    def spy(path: str, sess_options: Any = None, providers: Any = None, **kw: Any) -> Any:
        seen.append({"path": path, "providers": list(providers), "options": sess_options})
        return real(path, sess_options=sess_options, providers=providers, **kw)

    monkeypatch.setattr(ort, "InferenceSession", spy)
    return seen


def test_the_first_export_is_announced_once_on_stderr(
    tiny_model: Path, tmp_path: Path, fake_export: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    loader = tiny_loader(tiny_model)
    encoder = loader.load(Settings(device="cpu", cache_dir=cache))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("instrux: exporting the sentence encoder tiny")
    assert str(cache / "encoders") in err and "instrux models build" in err
    assert len(fake_export) == 1
    # A second process (here: a second encoder with other settings) finds the graph cached.
    loader.load(Settings(device="cpu", ort_threads=2, cache_dir=cache))
    assert capsys.readouterr().err == "" and len(fake_export) == 1
    vectors = encoder.encode(["add 3 and 5", "hello"])
    assert vectors.shape == (2, 4) and np.allclose(vectors[:, 0], [4, 1])


def test_device_and_threads_reach_the_encoder_session(
    tiny_model: Path, tmp_path: Path, fake_export: list[Path], session_spy: list[dict[str, Any]]
) -> None:
    settings = Settings(device="cpu", ort_threads=3, cache_dir=tmp_path / "cache")
    encoder = tiny_loader(tiny_model).load(settings)
    assert encoder.providers == (CPU,)
    mine = [s for s in session_spy if s["path"] == str(encoder.graph)]
    assert [s["providers"] for s in mine] == [[CPU]]
    options = mine[0]["options"]
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (3, 1)
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    again = tiny_loader(tiny_model).load(settings)
    assert again is encoder  # one process-wide cache of loaded models, keyed on every setting


def test_cuda_reaches_the_encoder_too(
    tiny_model: Path, tmp_path: Path, fake_export: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import onnxruntime as ort

    if CUDA in ort.get_available_providers():
        pytest.skip("this onnxruntime build has CUDA: the CPU-only error cannot be shown")
    settings = Settings(device="cuda", cache_dir=tmp_path / "cache")
    with pytest.raises(DeviceUnavailableError) as caught:
        tiny_loader(tiny_model).load(settings)
    assert "onnxruntime-gpu" in caught.value.hint
    monkeypatch.setattr(ort, "get_available_providers", lambda: [CUDA, CPU])
    seen: list[list[str]] = []
    real = ort.InferenceSession

    def spy(path: str, sess_options: Any = None, providers: Any = None) -> Any:
        seen.append(list(providers))
        return real(path, sess_options=sess_options, providers=[CPU])  # no GPU here

    monkeypatch.setattr(ort, "InferenceSession", spy)
    with pytest.raises(DeviceUnavailableError, match="fell back to the CPU"):
        tiny_loader(tiny_model).load(settings)
    assert seen == [[CUDA, CPU]]


def test_building_a_model_makes_every_graph_ahead(
    tiny_model: Path,
    tmp_path: Path,
    fake_export: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        transformer_module, "_quantize", lambda plain, out: out.write_bytes(plain.read_bytes())
    )
    cache = tmp_path / "cache"
    loader = tiny_loader(tiny_model)
    assert not loader.ready(Settings(cache_dir=cache))
    graphs = loader.build(Settings(cache_dir=cache, semantic_int8=True, device="cpu"))
    stem = transformer_module.graph_stem(tiny_model)
    assert [g.name for g in graphs] == [f"{stem}.onnx", f"{stem[: -len('fp32')]}int8.onnx"]
    assert all(g.parent == cache / "encoders" and g.is_file() for g in graphs)
    assert loader.build(Settings(cache_dir=cache, device="cpu")) == graphs[:1]
    assert len(fake_export) == 1 and loader.ready(Settings(cache_dir=cache))


def test_the_fusion_check_uses_the_shared_parity_helper(tmp_path: Path) -> None:
    from onnx import TensorProto, helper, load, save

    from instrux.runtime.optimize import check_fusion

    plain, fused = tmp_path / "plain.onnx", tmp_path / "fused.onnx"
    write_tiny_graph(plain)
    check_fusion(plain, plain)  # identical graphs pass
    model = load(str(plain))
    model.graph.initializer[1].CopyFrom(
        helper.make_tensor("ones", TensorProto.FLOAT, [1, 4], [1.0, 1.0, 1.0, 1.5])
    )
    save(model, str(fused))
    with pytest.raises(ConfigurationError) as caught:
        check_fusion(plain, fused)
    assert caught.value.code == "export_mismatch"
    assert "the plain export" in str(caught.value)


def test_a_model_that_is_not_installed_is_a_missing_dependency_error(tmp_path: Path) -> None:
    from instrux.models.load import load_model_spec
    from instrux.schemas.models import ModelSource, ModelSpec

    loader = TransformerEncoder(
        "tiny", lambda _s: tmp_path, lambda: "tiny-weights not installed", "tiny-weights", 8
    )
    spec = ModelSpec(
        name="tiny", kind="encoder", description="A test encoder.", languages=("en",),
        licence="none", source=ModelSource(packages=("tiny-weights",),
                                           install="pip install tiny-weights"),
        loader=loader,
    )  # fmt: skip
    with pytest.raises(ConfigurationError) as caught:
        load_model_spec(spec, Settings(cache_dir=tmp_path))
    err = caught.value
    assert err.code == "missing_dependency" and "tiny-weights" in err.message
    assert "pip install tiny-weights" in err.hint


# --- router artifacts: one format, old manifests still load --------------------------------


def _write_router_files(folder: Path, tiny_model: Path) -> None:
    from safetensors.numpy import save_file

    folder.mkdir(parents=True)
    config = {
        "format": "instrux.router/1",
        "labels": ["tiny.a", "tiny.b"],
        "intents": ["a", "b"],
        "thresholds": [0.0, 0.0],
        "margin": 0.0,
        "confidence": "softmax",
        "oos_index": None,
    }
    (folder / "config.json").write_text(json.dumps(config))
    weights = {
        "head.weight": np.eye(2, 4, dtype=np.float32),
        "head.bias": np.zeros(2, dtype=np.float32),
        "memory": np.eye(2, 4, dtype=np.float32),
        "memory_labels": np.arange(2, dtype=np.int64),
    }
    save_file(weights, str(folder / "weights.safetensors"))  # type: ignore[arg-type]
    (folder / "memory.json").write_text('["add 3 and 5", "hello"]')
    (folder / "metrics.json").write_text("{}")
    (folder / "tokenizer.json").write_bytes((tiny_model / "tokenizer.json").read_bytes())
    write_tiny_graph(folder / "model.onnx")


def _old_manifest(folder: Path) -> None:
    """What routers written before the merge have: ``{name: sha256}``."""
    files = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name != "manifest.json"
    }
    manifest = {"format": "instrux.router/1", "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_an_old_router_artifact_still_loads_and_is_verified(
    tiny_model: Path, tmp_path: Path
) -> None:
    from instrux.semantic.artifact import TrainedTier, load_router_artifact

    old = tmp_path / "old-router"
    _write_router_files(old, tiny_model)
    _old_manifest(old)
    artifact = load_router_artifact(old)
    assert artifact.config["labels"] == ["tiny.a", "tiny.b"]
    assert artifact.memory_texts == ["add 3 and 5", "hello"]
    assert (
        artifact.sha256["model.onnx"]
        == hashlib.sha256((old / "model.onnx").read_bytes()).hexdigest()
    )
    tier = TrainedTier.load(old, device="cpu")
    assert tier.encoder.providers == (CPU,)
    (old / "memory.json").write_text('["add 3 and 6", "hello"]')  # same size, other bytes
    with pytest.raises(ArtifactError, match="sha256") as caught:
        load_router_artifact(old)
    assert caught.value.details["file"] == "memory.json"
    assert "instrux train router" in caught.value.hint


def test_a_router_is_written_in_the_one_artifact_format(tiny_model: Path, tmp_path: Path) -> None:
    from instrux.runtime import EncoderRecord, load_artifact
    from instrux.semantic.artifact import load_router_artifact, write_router

    source = tmp_path / "source"
    _write_router_files(source, tiny_model)
    loaded = load_router_artifact_unverified(source)
    out = tmp_path / "routers" / "new"
    stale = tmp_path / "routers" / ".new-k3j_x9a2"  # the old writer's leftover, hours old
    stale.mkdir(parents=True)
    os.utime(stale, (1.0, 1.0))
    graph = tmp_path / "graph.onnx"
    write_tiny_graph(graph)
    record = EncoderRecord("tiny", "0123456789abcdef")
    write_router(loaded, out, graph, encoder=record, layout="pipeline",
                 tokenizer=source / "tokenizer.json")  # fmt: skip
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "instrux.artifact" and manifest["content"] == "instrux.router/1"
    config = load_artifact(out).config
    assert config["format"] == "instrux.router/1" and config["graph"] == "pipeline"
    assert config["encoder"] == {"name": "tiny", "fingerprint": "0123456789abcdef"}
    assert load_router_artifact(out).sha256 == loaded.sha256
    assert load_router_artifact(out).encoder_record == record
    assert sorted(p.name for p in out.parent.iterdir()) == ["new"]


def load_router_artifact_unverified(folder: Path) -> Any:
    """A RouterArtifact from loose files (no manifest yet), for write_artifact."""
    from safetensors.numpy import load_file

    from instrux.semantic.artifact import RouterArtifact

    return RouterArtifact(
        config={
            k: v
            for k, v in json.loads((folder / "config.json").read_text()).items()
            if k != "format"
        },
        weights=load_file(str(folder / "weights.safetensors")),
        memory_texts=json.loads((folder / "memory.json").read_text()),
    )
