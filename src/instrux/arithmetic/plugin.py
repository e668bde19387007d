"""Built-in neural arithmetic: the ``math.*`` instructions executed by ONNX sub-networks.

Registers one executor of kind ``onnx`` per arithmetic instruction (``math.add.onnx``, ...)
at priority 10, above the exact Python executors (priority 0), so they are the default; the
Python ones stay available as the reference (``Engine(prefer_executor_kind="python")``,
``--executor-kind python`` or ``INSTRUX_EXECUTOR_KIND=python``). The instruction-conditioned
net that does both add and subtract is registered too, at priority 5
(``math.add.onnx_conditioned``, ``math.subtract.onnx_conditioned``).

Artifacts ship in ``instrux/artifacts/arithmetic``; ``Settings.arithmetic_artifacts``
(``INSTRUX_ARITHMETIC_ARTIFACTS``) points the executors at another directory (e.g. the output
of ``instrux train arithmetic --out``), and their sessions use ``Settings.device`` and
``Settings.ort_threads``. Nothing is read and onnxruntime is not imported until the first
execution.

An executor is attached only to the built-in instruction object itself: a user who disables
the arithmetic plugin and registers their own ``math.add`` keeps their own executor, since
this net was built for the built-in contract, not for whatever else carries the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from instrux.arithmetic import instructions as arithmetic
from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterExecutor
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups
    from instrux.settings import Settings

__all__ = ["BINDINGS", "SHIPPED_ARTIFACTS", "Binding", "artifacts_root", "builtin_specs"]

KIND = "onnx"
SHIPPED_ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "arithmetic"


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


def artifacts_root(override: Path | None = None) -> Path:
    """``override`` (``Settings.arithmetic_artifacts``), else the artifacts shipped inside."""
    return Path(override) if override is not None else SHIPPED_ARTIFACTS


def builtin_specs() -> dict[str, InstructionSpec]:
    """The built-in arithmetic instructions, by name: the only ones the nets may serve."""
    return {function.spec.name: function.spec for function in arithmetic.FUNCTIONS}


@hookimpl
def instrux_register_executors(
    register: RegisterExecutor, instructions: Mapping[str, InstructionSpec], settings: Settings
) -> None:
    from instrux.arithmetic.executor import NeuralArithmetic

    root = artifacts_root(settings.arithmetic_artifacts)
    ours = builtin_specs()
    for binding in BINDINGS:
        # Identity, not name: the arithmetic plugin may be disabled and another plugin may have
        # registered its own instruction under the same name (with its own executor).
        if instructions.get(binding.instruction) is not ours[binding.instruction]:
            continue
        net = NeuralArithmetic(
            binding.instruction,
            root / binding.artifact,
            condition=binding.condition,
            device=settings.device,
            threads=settings.ort_threads,
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


@hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """``train arithmetic``, ``export`` and ``eval extrapolation``."""
    from instrux.arithmetic.commands import add_arithmetic_commands

    add_arithmetic_commands(cli)
