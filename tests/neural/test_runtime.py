"""ONNX Runtime sessions: provider choice, thread settings, a thread-safe cache."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from instrux import ConfigurationError
from instrux.runtime import (
    DeviceUnavailableError,
    MissingDependencyError,
    clear_sessions,
    get_runner,
    make_session,
    resolve_device,
    resolve_threads,
    select_providers,
)

from .conftest import SHIPPED

CPU, CUDA = "CPUExecutionProvider", "CUDAExecutionProvider"
MODEL = SHIPPED / "adder" / "model.onnx"


def test_auto_prefers_cuda_when_the_build_has_it() -> None:
    assert select_providers("auto", available=[CUDA, CPU]) == (CUDA, CPU)
    assert select_providers("auto", available=[CPU]) == (CPU,)
    assert select_providers("cpu", available=[CUDA, CPU]) == (CPU,)
    assert select_providers("cuda", available=[CUDA, CPU]) == (CUDA, CPU)


def test_cuda_without_a_cuda_build_is_a_typed_error() -> None:
    with pytest.raises(DeviceUnavailableError) as caught:
        select_providers("cuda", available=[CPU])
    assert caught.value.code == "device_unavailable"
    assert "onnxruntime-gpu" in caught.value.hint


def test_device_and_threads_are_validated_and_never_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INSTRUX_DEVICE", "cuda")  # only Settings reads the environment
    monkeypatch.setenv("INSTRUX_ORT_THREADS", "3")
    assert resolve_device() == "auto" and resolve_threads() == 1
    assert resolve_device(" CPU ") == "cpu" and resolve_threads(2) == 2
    with pytest.raises(ConfigurationError, match="Unknown device 'tpu'"):
        resolve_device("tpu")
    for bad in (0, -1, True):
        with pytest.raises(ConfigurationError, match="thread count"):
            resolve_threads(bad)


def test_make_session_applies_threads_and_no_spinning() -> None:
    session = make_session(MODEL, device="cpu", threads=2)
    options = session.get_session_options()
    assert session.get_providers() == [CPU]
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (2, 1)
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_cuda_fallback_to_the_cpu_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import onnxruntime as ort  # type: ignore[import-untyped]

    class CpuOnly:  # what ORT does when the CUDA libraries fail to load: it quietly uses CPU
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def get_providers(self) -> list[str]:
            return [CPU]

    monkeypatch.setattr(ort, "get_available_providers", lambda: [CUDA, CPU])
    monkeypatch.setattr(ort, "InferenceSession", CpuOnly)
    with pytest.raises(DeviceUnavailableError, match="fell back to the CPU"):
        make_session(MODEL, device="cuda")
    assert make_session(MODEL, device="auto").get_providers() == [CPU]


def test_sessions_are_cached_per_file_provider_and_threads() -> None:
    clear_sessions()
    first = get_runner(MODEL, device="cpu")
    assert get_runner(MODEL, device="cpu") is first
    assert get_runner(MODEL, device="cpu", threads=2) is not first
    assert first.providers == (CPU,)
    assert first.session.get_session_options().intra_op_num_threads == 1


def test_concurrent_first_use_builds_one_session() -> None:
    clear_sessions()
    with ThreadPoolExecutor(max_workers=8) as pool:
        runners = list(pool.map(lambda _: get_runner(MODEL), range(32)))
    assert len({id(r) for r in runners}) == 1


def test_a_rewritten_file_gets_a_new_session(tmp_path: Path) -> None:
    model = tmp_path / "model.onnx"
    model.write_bytes(MODEL.read_bytes())
    first = get_runner(model)
    os.utime(model, ns=(1, 1))  # as if re-trained in place: same path, new mtime
    assert get_runner(model) is not first


def test_a_missing_onnxruntime_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from instrux.runtime.onnx import import_onnxruntime

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # makes `import onnxruntime` fail
    with pytest.raises(MissingDependencyError, match="needs onnxruntime") as caught:
        import_onnxruntime()
    assert caught.value.code == "missing_dependency"
    assert isinstance(caught.value, ConfigurationError)
    assert "pip install onnxruntime" in caught.value.hint
    assert "--executor-kind python" in caught.value.hint
