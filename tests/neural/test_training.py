"""The arithmetic nets on the one training loop (every loss and optimizer, steps, early
stopping), snapping, and a quick recipe run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from instrux.arithmetic.fit import LOSSES, NetConfig, TrainData, evaluate, fit  # noqa: E402
from instrux.arithmetic.nets import AffineStack, AffineStackConfig  # noqa: E402
from instrux.arithmetic.recipes import RECIPES, train_recipe  # noqa: E402
from instrux.arithmetic.snap import snap  # noqa: E402
from instrux.schemas.errors import ConfigurationError  # noqa: E402

OPTIMIZERS = ("adam", "adamw", "sgd")
from instrux.arithmetic.executor import NeuralArithmetic  # noqa: E402

torch.set_num_threads(1)


def _regression(seed: int = 0) -> TrainData:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(600, 2, generator=g) * 10  # (N, 2)
    y = x @ torch.tensor([[2.0], [-1.0]]) + 0.5  # (N, 1)
    return TrainData(x[:500], y[:500], x[500:], y[500:])


def _classification(seed: int = 0) -> TrainData:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(600, 2, generator=g)
    y = (x[:, 0] > x[:, 1]).long()  # (N,) class indices
    return TrainData(x[:500], y[:500], x[500:], y[500:])


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_every_loss_and_optimizer_reduces_the_loss(loss: str, optimizer: str) -> None:
    torch.manual_seed(0)
    classify = loss == "cross_entropy"
    data = _classification() if classify else _regression()
    model = torch.nn.Linear(2, 2 if classify else 1)
    start = evaluate(model, data.x_val, data.y_val, LOSSES[loss])
    lr = 0.05 if optimizer != "sgd" else (0.1 if classify else 0.002)
    config = NetConfig(
        steps=150,
        batch_size=32,
        lr=lr,
        loss=loss,
        optimizer=optimizer,
        eval_every=25,
        patience=0,
        progress=False,
    )
    result = fit(model, data, config)
    assert result["steps"] == 150 and result["stopped"] == "completed"
    assert result["best_val_loss"] < 0.5 * start
    assert evaluate(model, data.x_val, data.y_val, LOSSES[loss]) == pytest.approx(
        result["best_val_loss"]
    )


def test_early_stopping_on_target_and_on_plateau() -> None:
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    quick = fit(
        model,
        _regression(),
        NetConfig(steps=5000, lr=0.05, target_loss=1.0, eval_every=10, progress=False),
    )
    assert quick["stopped"] == "target" and quick["steps"] < 5000
    assert quick["best_val_loss"] <= 1.0
    stuck = torch.nn.Linear(2, 1)  # lr 0: the loss never improves
    plateau = fit(
        stuck,
        _regression(),
        NetConfig(steps=5000, lr=0.0, optimizer="sgd", eval_every=10, patience=3, progress=False),
    )
    assert plateau["stopped"] == "early_stopping" and plateau["steps"] == 40


def test_same_seed_same_weights_and_metrics_json(tmp_path: Path) -> None:
    def run() -> tuple[list[float], dict[str, object]]:
        torch.manual_seed(3)
        model = torch.nn.Linear(2, 1)
        result = fit(model, _regression(), NetConfig(steps=60, seed=5, progress=False))
        (tmp_path / "metrics.json").write_text(json.dumps(result))
        return model.weight.detach().flatten().tolist(), json.loads(
            (tmp_path / "metrics.json").read_text()
        )

    first, metrics = run()
    second, _ = run()
    assert first == second
    assert metrics["config"]["loss"] == "mse" and metrics["history"][-1]["step"] == 60  # type: ignore[index]


def test_bad_configs_are_rejected() -> None:
    with pytest.raises(ConfigurationError, match="--loss"):
        NetConfig().with_changes(loss="hinge")
    with pytest.raises(ConfigurationError, match="--optimizer"):
        NetConfig().with_changes(optimizer="lion")


def test_snapping_makes_a_trained_adder_exact_and_refuses_a_worse_fit() -> None:
    model = AffineStack(AffineStackConfig()).double()
    with torch.no_grad():  # what Adam leaves: close to, never at, a + b
        model.hidden.weight.copy_(torch.tensor([[1.2, -0.1], [0.3, 0.9]]))
        model.hidden.bias.copy_(torch.tensor([0.01, -0.02]))
        ones = torch.ones(1, 2, dtype=torch.float64)
        w2 = ones @ torch.linalg.inv(model.hidden.weight) * 0.99998
        model.out.weight.copy_(w2)
        model.out.bias.copy_(-(w2 @ model.hidden.bias) + 0.002)
    x = torch.rand(200, 2, dtype=torch.float64) * 200 - 100
    y = x.sum(dim=1, keepdim=True)
    report = snap(model, lambda m: evaluate(m, x, y, LOSSES["mse"]))
    assert report.accepted and report.val_loss_after == 0.0
    big = torch.tensor([[123456789.0, 987654321.0]], dtype=torch.float64)
    assert model(big).item() == 1111111110.0

    scaled = AffineStack(AffineStackConfig()).double()  # learned 0.7 (a + b): not integers
    with torch.no_grad():
        scaled.hidden.weight.copy_(torch.eye(2))
        scaled.hidden.bias.zero_()
        scaled.out.weight.fill_(0.7)
        scaled.out.bias.zero_()
    before = {k: v.clone() for k, v in scaled.state_dict().items()}
    report = snap(scaled, lambda m: evaluate(m, x, 0.7 * y, LOSSES["mse"]), tolerance=0.5)
    assert not report.accepted and report.val_loss_after > report.val_loss_before
    assert all(torch.equal(before[k], v) for k, v in scaled.state_dict().items())


def test_a_quick_recipe_writes_an_artifact_the_runtime_executes(tmp_path: Path) -> None:
    metrics = train_recipe(RECIPES["adder"], tmp_path, seed=1, steps=2000, progress=False)
    assert metrics["snap"]["accepted"] and metrics["parity"]["worst_excess"] <= 0
    assert metrics["extrapolation"]["after_snap"]["add"]["1e+09"] < 1e-15

    from pydantic import BaseModel

    class AddArguments(BaseModel):
        a: int | float
        b: int | float

    net = NeuralArithmetic("math.add", tmp_path / "adder")
    assert net.run(AddArguments(a=123456, b=654321)) == 777777
