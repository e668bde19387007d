"""Built-in neural arithmetic: the ``math.*`` instructions executed by ONNX sub-networks.

Registers one executor of kind ``onnx`` per arithmetic instruction (``math.add.onnx``, ...)
at priority 10, above the exact Python executors (priority 0), so they are the default; the
Python ones stay available as the reference (``Engine(prefer_executor_kind="python")``,
``--executor-kind python`` or ``INSTRUX_EXECUTOR_KIND=python``). The instruction-conditioned
net that does both add and subtract is registered too, at priority 5
(``math.add.onnx_conditioned``, ``math.subtract.onnx_conditioned``).

Artifacts ship in ``instrux/artifacts/arithmetic``; ``INSTRUX_ARITHMETIC_ARTIFACTS`` points
the executors at another directory (e.g. the output of ``instrux train arithmetic --out``).
Nothing is read and onnxruntime is not imported until the first execution.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterExecutor
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec

__all__ = ["ARTIFACTS_ENV", "BINDINGS", "Binding", "artifacts_root"]

ARTIFACTS_ENV = "INSTRUX_ARITHMETIC_ARTIFACTS"
KIND = "onnx"


@dataclass(frozen=True, slots=True)
class Binding:
    """An executor: which instruction, which artifact, which one-hot code, which priority."""

    executor: str
    instruction: str
    artifact: str  # directory name under the artifacts root
    condition: tuple[float, ...] = ()
    priority: int = 10


BINDINGS: tuple[Binding, ...] = (
    Binding("math.add.onnx", "math.add", "adder"),
    Binding("math.subtract.onnx", "math.subtract", "subtractor"),
    Binding("math.multiply.onnx", "math.multiply", "multiply"),
    Binding("math.square.onnx", "math.square", "multiply"),  # x * x on the multiply net
    Binding("math.divide.onnx", "math.divide", "divide"),
    Binding("math.power.onnx", "math.power", "power"),
    Binding("math.add.onnx_conditioned", "math.add", "addsub", (1.0, 0.0), priority=5),
    Binding("math.subtract.onnx_conditioned", "math.subtract", "addsub", (0.0, 1.0), priority=5),
)


def artifacts_root() -> Path:
    """``INSTRUX_ARITHMETIC_ARTIFACTS``, else the artifacts shipped inside the package."""
    override = os.environ.get(ARTIFACTS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "artifacts" / "arithmetic"


@hookimpl
def instrux_register_executors(
    register: RegisterExecutor, instructions: Mapping[str, InstructionSpec]
) -> None:
    from instrux.runtime.arithmetic import NeuralArithmetic

    root = artifacts_root()
    for binding in BINDINGS:
        if binding.instruction not in instructions:  # the arithmetic plugin is disabled
            continue
        net = NeuralArithmetic(
            binding.instruction, root / binding.artifact, condition=binding.condition
        )
        register(
            ExecutorSpec(
                name=binding.executor,
                instructions=(binding.instruction,),
                kind=KIND,
                priority=binding.priority,
                description=f"ONNX sub-network {binding.artifact!r} (float64, exact below 2**53)",
                run=net.run,
                run_batch=net.run_batch,
            )
        )
