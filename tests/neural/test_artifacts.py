"""Artifact directories: atomic writes, manifests, and errors that name the bad file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from instrux import ConfigurationError
from instrux.runtime import (
    ArtifactError,
    atomic_artifact,
    clean_stale_siblings,
    load_artifact,
    sha256_file,
)

from .conftest import SHIPPED


def _write_demo(directory: Path) -> None:
    (directory / "config.json").write_text(json.dumps({"model_type": "demo"}))
    (directory / "model.onnx").write_bytes(b"\x08\x07graph")


def _hidden_leftovers(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(".")]


def test_atomic_write_publishes_files_and_a_manifest_with_hashes(tmp_path: Path) -> None:
    dest = tmp_path / "net"
    with atomic_artifact(dest) as tmp:
        _write_demo(tmp)
        assert not dest.exists()  # nothing under the final name until the block succeeds
    manifest = json.loads((dest / "manifest.json").read_text())
    assert set(manifest["files"]) == {"config.json", "model.onnx"}
    assert manifest["files"]["model.onnx"]["sha256"] == sha256_file(dest / "model.onnx")
    assert load_artifact(dest).config == {"model_type": "demo"}
    assert _hidden_leftovers(tmp_path) == []


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_write_leaves_no_partial_artifact(
    tmp_path: Path, interruption: type
) -> None:
    dest = tmp_path / "net"
    with pytest.raises(interruption), atomic_artifact(dest) as tmp:
        (tmp / "config.json").write_text("{}")
        raise interruption()
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_rewrite_keeps_the_old_artifact(tmp_path: Path) -> None:
    dest = tmp_path / "net"
    with atomic_artifact(dest) as tmp:
        _write_demo(tmp)
    before = (dest / "manifest.json").read_text()
    with pytest.raises(KeyboardInterrupt), atomic_artifact(dest) as tmp:
        (tmp / "config.json").write_text('{"model_type": "half written"}')
        raise KeyboardInterrupt
    assert (dest / "manifest.json").read_text() == before
    assert load_artifact(dest).config == {"model_type": "demo"}
    assert _hidden_leftovers(tmp_path) == []


def test_a_killed_writer_never_leaves_a_directory_under_the_final_name(tmp_path: Path) -> None:
    dest = tmp_path / "net"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from instrux.runtime import atomic_artifact\n"
        "with atomic_artifact(Path(sys.argv[1])) as tmp:\n"
        "    (tmp / 'config.json').write_text('{}')\n"
        "    os._exit(9)  # like SIGKILL: no cleanup runs\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(dest)], check=False)
    assert done.returncode == 9
    assert not dest.exists()
    assert all(p.name.startswith(".net.tmp-") for p in tmp_path.iterdir())
    # The next write of the same artifact sweeps the dead writer's leftover away.
    with atomic_artifact(dest) as tmp:
        _write_demo(tmp)
    assert _hidden_leftovers(tmp_path) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its pid names no process (until reused, which age covers)
    return child.pid


def test_stale_siblings_are_removed_and_live_writers_are_kept(tmp_path: Path) -> None:
    dest = tmp_path / "net"
    names = {
        "dead": f".net.tmp-{_dead_pid()}-abc123",
        "dead_old": f".net.old-{_dead_pid()}-abcd1234",
        "live": f".net.tmp-{os.getppid()}-fresh",  # a running process: a writer at work
        "aged": f".net.tmp-{os.getppid()}-aged",  # alive, but an hour old: abandoned
        "legacy": ".net-k3j_x9a2",  # the former router writer's temporary name
        "legacy_new": ".net-old",  # ... recent: kept (it has no pid to check)
        "other": ".network.tmp-1-abc",  # another artifact's leftover
    }
    for name in names.values():
        (tmp_path / name).mkdir()
        (tmp_path / name / "config.json").write_text("{}")
    hour_ago = time.time() - 2 * 3600
    for key in ("aged", "legacy"):
        os.utime(tmp_path / names[key], (hour_ago, hour_ago))
    removed = clean_stale_siblings(dest)
    assert {p.name for p in removed} == {names[k] for k in ("dead", "dead_old", "aged", "legacy")}
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {names[k] for k in ("live", "legacy_new", "other")}


@pytest.mark.parametrize(
    "victim", ["model.onnx", "config.json", "weights.safetensors", "manifest.json"]
)
def test_a_missing_file_is_named(artifacts_copy: Path, victim: str) -> None:
    adder = artifacts_copy / "adder"
    (adder / victim).unlink()
    with pytest.raises(ArtifactError) as caught:
        load_artifact(adder)
    assert caught.value.details["file"] == victim
    assert victim in str(caught.value) and "missing" in str(caught.value)
    assert caught.value.code == "artifact_invalid"
    assert isinstance(caught.value, ConfigurationError)


@pytest.mark.parametrize("victim", ["model.onnx", "weights.safetensors", "metrics.json"])
def test_a_corrupted_file_is_named(artifacts_copy: Path, victim: str) -> None:
    path = artifacts_copy / "multiply" / victim
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactError) as caught:
        load_artifact(path.parent)
    assert caught.value.details["file"] == victim
    assert "corrupt" in caught.value.reason and "sha256" in caught.value.reason


def test_a_truncated_file_and_a_broken_manifest_are_named(artifacts_copy: Path) -> None:
    onnx = artifacts_copy / "adder" / "model.onnx"
    onnx.write_bytes(onnx.read_bytes()[:10])
    with pytest.raises(ArtifactError, match=r"model\.onnx is corrupt"):
        load_artifact(onnx.parent)
    (artifacts_copy / "divide" / "manifest.json").write_text("{not json")
    with pytest.raises(ArtifactError) as caught:
        load_artifact(artifacts_copy / "divide")
    assert caught.value.details["file"] == "manifest.json"


def test_a_missing_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="does not exist"):
        load_artifact(tmp_path / "nowhere")


def test_the_shipped_artifacts_verify() -> None:
    for net in ("adder", "subtractor", "addsub", "multiply", "divide", "power"):
        artifact = load_artifact(SHIPPED / net)
        assert artifact.config["dtype"] == "float64"
        assert artifact.metrics()["snap"]["accepted"] is True
