"""Arithmetic instructions executed by ONNX sub-networks, with exact integer results.

The networks compute in float64. Every op they use is exact or correctly rounded once the
weights are snapped (``1*a + 1*b``, ``|a|^1 * |b|^1``, ``|base|^exponent`` through libm's
``pow``), so for integer operands the output is the exact integer whenever ``|result| <
2**53`` and rounding it gives the same Python ``int`` as the reference executors. Outside that
range the executor raises :class:`~instrux.OutOfRangeError` instead of returning a rounded
number, and the dispatcher falls back to the exact Python executors (the result names the
executor that ran). Domain rules (division by zero, ``0`` to a negative power, a negative base
with a fractional exponent, results of over 10,000 digits) are not checked here: they belong
to the instructions' argument models (:mod:`instrux.arithmetic.instructions`), which reject
such calls before any executor runs. This executor only declines what its network cannot
compute exactly.

Result types follow the reference: an ``int`` when the operands are ints (and, for divide,
when the quotient is exact; for power, when the exponent is non-negative), else a ``float``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from instrux.runtime.artifacts import CONFIG_FILE, MODEL_FILE, load_artifact
from instrux.runtime.errors import ArtifactError
from instrux.runtime.onnx import OnnxRunner, get_runner
from instrux.schemas.errors import OutOfRangeError

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["EXACT_LIMIT", "EXACT_LIMITS", "OPS", "Loaded", "NeuralArithmetic", "OpRule"]

Number = int | float
EXACT_LIMIT = 2**53  # float64 holds every integer below this exactly
# An artifact exported in float32 (``instrux export --dtype float32``) is exact below 2**24.
EXACT_LIMITS = {"float64": EXACT_LIMIT, "float32": 2**24}
EXACT_HINT = (
    "Use the exact Python executors for it: `--executor-kind python` or "
    "INSTRUX_EXECUTOR_KIND=python (they use unbounded integers)."
)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A verified artifact's session, the dtype its graph reads and its exact-integer limit."""

    runner: OnnxRunner
    dtype: str
    limit: int


@dataclass(frozen=True, slots=True)
class OpRule:
    """How one instruction maps its arguments to network features and back."""

    fields: tuple[str, ...]  # argument names, in the order the network reads them
    result_argument: str  # the argument an out-of-range error names (as the reference does)
    features: Callable[[Sequence[float]], list[float]] = list
    integral: Callable[[Sequence[Number], int], bool] = lambda _values, _result: True
    # Operands the network does not compute correctly (None: it computes every finite one).
    unsupported: Callable[[Sequence[Number]], str | None] = lambda _values: None


def _fractional_power_of_negative(values: Sequence[Number]) -> str | None:
    # The power unit's sign is (-1)^round(exponent): right for whole exponents only. (The
    # argument model rejects such calls anyway; this keeps a direct call from a wrong value.)
    base, exponent = values
    if base < 0 and not (isinstance(exponent, int) or exponent.is_integer()):
        return "the power network takes negative bases only with whole-number exponents"
    return None


def _exact_quotient(values: Sequence[Number], result: int) -> bool:
    # The network computes the quotient; this only decides whether it is an exact integer
    # (the reference returns an int exactly when b divides a).
    return result * values[1] == values[0]


OPS: dict[str, OpRule] = {
    "math.add": OpRule(("a", "b"), "a"),
    "math.subtract": OpRule(("a", "b"), "a"),
    "math.multiply": OpRule(("a", "b"), "a"),
    "math.square": OpRule(("x",), "x", features=lambda v: [v[0], v[0]]),  # the multiply net
    "math.divide": OpRule(("a", "b"), "a", integral=_exact_quotient),
    "math.power": OpRule(
        ("base", "exponent"),
        "exponent",
        integral=lambda values, _result: values[1] >= 0,
        unsupported=_fractional_power_of_negative,
    ),
}


class NeuralArithmetic:
    """One arithmetic instruction executed by the ONNX graph of one artifact.

    The artifact is verified and its session created on the first call (not when the engine
    starts), so engines that never execute arithmetic never import onnxruntime.

    :param instruction: one of :data:`OPS`.
    :param artifact: the artifact directory.
    :param condition: extra features appended to every row (the one-hot instruction code of
        an instruction-conditioned network).
    :param device: ONNX Runtime device (``auto``, ``cpu``, ``cuda``; ``Settings.device``).
    :param threads: intra-op threads of its session (``Settings.ort_threads``).
    """

    def __init__(
        self,
        instruction: str,
        artifact: Path,
        *,
        condition: Sequence[float] = (),
        device: str = "auto",
        threads: int = 1,
    ) -> None:
        self.instruction = instruction
        self.rule = OPS[instruction]
        self.artifact = Path(artifact)
        self.condition = [float(c) for c in condition]
        self.device = device
        self.threads = threads
        self._loaded: Loaded | None = None
        self._lock = threading.Lock()

    def run(self, arguments: BaseModel) -> Number:
        """Execute one call (a batch of one, without the list plumbing of :meth:`run_batch`)."""
        import numpy as np

        loaded = self.load()
        values = self._operands(arguments)
        x = np.array([self._row(values, loaded.limit)], dtype=loaded.dtype)  # (1, F)
        return self._decode(values, loaded.runner(x).item(), loaded.limit)

    def run_batch(self, arguments: Sequence[BaseModel]) -> list[Number]:
        """Execute many calls with one ``session.run``; results in the same order."""
        import numpy as np

        loaded = self.load()
        operands = [self._operands(item) for item in arguments]
        rows = [self._row(values, loaded.limit) for values in operands]
        outputs = loaded.runner(np.asarray(rows, dtype=loaded.dtype)).ravel().tolist()  # (N,)
        return [self._decode(values, y, loaded.limit)
                for values, y in zip(operands, outputs, strict=True)]  # fmt: skip

    def load(self) -> Loaded:
        """The verified artifact's session (created on first use, then reused)."""
        loaded = self._loaded
        if loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._load()
                loaded = self._loaded
        return loaded

    # --- helpers ---------------------------------------------------------------------------

    def _load(self) -> Loaded:
        artifact = load_artifact(self.artifact)
        dtype = artifact.config.get("dtype", "float32")
        if dtype not in EXACT_LIMITS:
            raise ArtifactError(self.artifact, CONFIG_FILE, f"has unsupported dtype {dtype!r}")
        try:
            runner = get_runner(artifact.file(MODEL_FILE), device=self.device, threads=self.threads)
        except ArtifactError:
            raise
        except Exception as err:  # ORT's own errors: the file hashes right but is not a graph
            if type(err).__module__.startswith("onnxruntime"):
                raise ArtifactError(self.artifact, MODEL_FILE, f"cannot be loaded ({err})") from err
            raise
        return Loaded(runner, dtype, EXACT_LIMITS[dtype])

    def _operands(self, arguments: BaseModel) -> list[Number]:
        values: list[Number] = [getattr(arguments, name) for name in self.rule.fields]
        reason = self.rule.unsupported(values)
        if reason is not None:
            raise OutOfRangeError(
                self.instruction, self.rule.result_argument, reason, hint=EXACT_HINT
            )
        return values

    def _row(self, values: Sequence[Number], limit: int) -> list[float]:
        floats = [self._as_float(value, i, limit) for i, value in enumerate(values)]
        return self.rule.features(floats) + self.condition

    def _as_float(self, value: Number, index: int, limit: int) -> float:
        if isinstance(value, int) and abs(value) >= limit:
            raise OutOfRangeError(
                self.instruction,
                self.rule.fields[index],
                f"integers of magnitude {_power_of_two(limit)} or more are outside the ONNX "
                "executor's exact range",
                hint=EXACT_HINT,
            )
        return float(value)

    def _decode(self, values: Sequence[Number], y: float, limit: int) -> Number:
        if not math.isfinite(y):
            raise OutOfRangeError(
                self.instruction, self.rule.result_argument,
                "the result is too large for a 64-bit float",
                hint="Use smaller numbers, or integers (they are exact and unbounded).",
            )  # fmt: skip
        if not all(isinstance(v, int) for v in values):
            return y
        if abs(y) >= limit:
            raise OutOfRangeError(
                self.instruction, self.rule.result_argument,
                f"the result (about {y:.6g}) is outside the ONNX executor's exact range "
                f"|result| < {_power_of_two(limit)}", hint=EXACT_HINT,
            )  # fmt: skip
        result = round(y)
        return result if self.rule.integral(values, result) else y


def _power_of_two(limit: int) -> str:
    return f"2**{limit.bit_length() - 1}"
