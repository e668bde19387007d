"""torch vs ONNX parity of every exported net, and the typed error when an export is wrong.

Tolerance: ``|onnx - torch| <= atol + rtol * |torch|`` with rtol = atol = 1e-12 for the
float64 graphs (they run the same correctly rounded ops) and 1e-5 for float32 exports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")

from instrux.arithmetic.export import TOLERANCES, export_net, load_model, save_artifact  # noqa: E402
from instrux.arithmetic.nets import AffineStack, AffineStackConfig  # noqa: E402
from instrux.arithmetic.recipes import RECIPES, probe  # noqa: E402
from instrux.runtime import ExportParityError, get_runner, load_artifact  # noqa: E402

from .conftest import SHIPPED  # noqa: E402

NETS = sorted(RECIPES)


@pytest.mark.parametrize("net", NETS)
def test_shipped_graphs_match_their_torch_weights(net: str) -> None:
    model, artifact = load_model(SHIPPED / net)
    x = probe(RECIPES[net], seed=11)  # in range and up to 1e9
    with torch.no_grad():
        want = model(x).numpy()
    got = get_runner(artifact.file("model.onnx"))(x.numpy())
    rtol, atol = TOLERANCES["float64"]
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
    assert artifact.metrics()["parity"]["worst_excess"] <= 0


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_export_has_a_dynamic_batch_axis(tmp_path: Path, dtype: str) -> None:
    torch.manual_seed(0)
    model = AffineStack(AffineStackConfig())
    path = tmp_path / "m.onnx"
    x = torch.randn(1000, 2, dtype=getattr(torch, dtype))
    report = export_net(model, path, x, dtype)
    assert report.batch_sizes == (1000, 1) and report.worst_excess <= 0
    assert get_runner(path)(x.numpy()[:3]).shape == (3, 1)  # the batch axis is dynamic
    assert (report.rtol, report.atol) == TOLERANCES[dtype]


class _TracedBranch(torch.nn.Module):
    """Python control flow on data: tracing freezes the branch taken by the example input."""

    def forward(self, x):  # type: ignore[no-untyped-def]
        return x * 2.0 if bool(x.sum() > 0) else x * 3.0


def test_a_wrong_export_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "m.onnx"
    with pytest.raises(ExportParityError) as caught:  # traced on zeros: the "x * 3" branch
        export_net(_TracedBranch(), path, torch.ones(4, 2, dtype=torch.float64))
    assert caught.value.code == "export_mismatch"


def test_a_failed_parity_check_writes_no_artifact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    traced = torch.onnx.export

    def export_other_weights(model, *args, **kwargs):  # type: ignore[no-untyped-def]
        other = AffineStack(AffineStackConfig()).double()  # fresh random weights
        traced(other, *args, **kwargs)

    monkeypatch.setattr(torch.onnx, "export", export_other_weights)
    model = AffineStack(AffineStackConfig()).double()
    with pytest.raises(ExportParityError):
        save_artifact(
            tmp_path / "net", model, info={}, metrics={}, probe=torch.randn(8, 2).double()
        )
    assert list(tmp_path.iterdir()) == []


def test_reexport_float32_with_int8_reports_the_accuracy_change(tmp_path: Path) -> None:
    from instrux.arithmetic.export import export_artifact

    metrics = export_artifact(
        SHIPPED / "adder",
        tmp_path / "adder32",
        dtype="float32",
        int8=True,
        probe=probe(RECIPES["adder"], seed=0),
    )
    artifact = load_artifact(tmp_path / "adder32", require=("model.onnx", "model.int8.onnx"))
    assert artifact.config["dtype"] == "float32"
    q = metrics["int8"]
    assert q["quantized"] is True  # the adder's Gemm layers are quantizable
    assert q["max_rel_error_int8_row_by_row"] > q["max_rel_error_float32"]


def test_a_float64_artifact_with_int8_keeps_float64_weights(tmp_path: Path) -> None:
    from instrux.arithmetic.export import export_artifact

    export_artifact(SHIPPED / "adder", tmp_path / "adder64", dtype="float64", int8=True,
                    probe=probe(RECIPES["adder"], seed=0))  # fmt: skip
    artifact = load_artifact(tmp_path / "adder64", require=("model.onnx", "model.int8.onnx"))
    assert artifact.config["dtype"] == "float64"
    assert {str(w.dtype) for w in artifact.weights().values()} == {"float64"}


def test_a_float32_artifact_runs_with_its_own_exact_range(tmp_path: Path) -> None:
    from pydantic import BaseModel

    from instrux import OutOfRangeError
    from instrux.arithmetic.executor import NeuralArithmetic
    from instrux.arithmetic.export import export_artifact

    class Pair(BaseModel):
        a: int | float
        b: int | float

    export_artifact(SHIPPED / "multiply", tmp_path / "mul32", dtype="float32")
    net = NeuralArithmetic("math.multiply", tmp_path / "mul32")
    assert net.run(Pair(a=1234, b=-5678)) == -7006652  # below 2**24: still exact
    with pytest.raises(OutOfRangeError, match=r"2\*\*24"):
        net.run(Pair(a=4096, b=4096))  # 2**24 needs float64
