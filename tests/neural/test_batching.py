"""run_many sends each group of calls to the same ONNX executor as one batch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import pytest
from pydantic import BaseModel

from instrux import Engine, InvalidArgumentsError
from instrux.arithmetic.executor import NeuralArithmetic


@pytest.fixture
def counting_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, Counter[str]]]:
    """An engine whose ONNX executors count their run_batch calls (patched before start-up,
    since each ExecutorSpec keeps the bound method it was registered with)."""
    calls: Counter[str] = Counter()
    original = NeuralArithmetic.run_batch

    def counted(self: NeuralArithmetic, arguments: Sequence[BaseModel]) -> list[int | float]:
        calls[self.instruction] += 1
        calls[f"{self.instruction} rows"] += len(arguments)
        return original(self, arguments)

    monkeypatch.setattr(NeuralArithmetic, "run_batch", counted)
    yield Engine(load_entry_points=False), calls


def test_one_run_batch_call_per_group(counting_engine: tuple[Engine, Counter[str]]) -> None:
    engine, calls = counting_engine
    texts = [f"add {i} and {2 * i}" for i in range(50)]
    texts += [f"multiply {i} by 3" for i in range(30)]
    texts += [f"square {i}" for i in range(20)]
    results = engine.run_many(texts)
    assert calls == Counter(
        {
            "math.add": 1,
            "math.add rows": 50,
            "math.multiply": 1,
            "math.multiply rows": 30,
            "math.square": 1,
            "math.square rows": 20,
        }
    )
    assert [r.value for r in results] == [3 * i for i in range(50)] + [3 * i for i in range(30)] + [
        i * i for i in range(20)
    ]
    assert {r.executor for r in results} == {
        "math.add.onnx",
        "math.multiply.onnx",
        "math.square.onnx",
    }


def test_ten_thousand_instructions_make_one_call(
    counting_engine: tuple[Engine, Counter[str]],
) -> None:
    engine, calls = counting_engine
    results = engine.run_many([f"{i} plus {i + 1}" for i in range(10_000)])
    assert calls["math.add"] == 1 and calls["math.add rows"] == 10_000
    assert results[-1].value == 19_999


def test_batched_and_single_results_agree(counting_engine: tuple[Engine, Counter[str]]) -> None:
    engine, _ = counting_engine
    texts = [
        "divide 10 by 4",
        "divide 12 by 4",
        "2 to the power of 10",
        "2.5 to the power of 2",
        "-3 to the power of 3",
        "7 minus 9.5",
    ]
    batched = [(r.value, type(r.value)) for r in engine.run_many(texts)]
    single = [(engine.run(t).value, type(engine.run(t).value)) for t in texts]
    assert (
        batched
        == single
        == [(2.5, float), (3, int), (1024, int), (6.25, float), (-27, int), (-2.5, float)]
    )


def test_a_bad_call_in_a_batch_fails_alone(
    counting_engine: tuple[Engine, Counter[str]],
) -> None:
    engine, _ = counting_engine
    results = engine.run_many(
        ["divide 1 by 0", "divide 6 by 3", "3 plus 4"], return_exceptions=True
    )
    # The failed batch is retried call by call: only the division by zero is an error.
    assert isinstance(results[0], InvalidArgumentsError)
    assert results[1].value == 2  # type: ignore[union-attr]
    assert results[2].value == 7  # type: ignore[union-attr]
