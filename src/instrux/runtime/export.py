"""The one export from torch to ONNX, always checked against torch before it is used.

:func:`export_onnx` is the only call of ``torch.onnx.export`` in instrux (a test counts them).
It traces a module with the TorchScript exporter (2-4 s for a sentence encoder, one
self-contained file; ``dynamo=True`` took 15-22 s and wrote a side ``.data`` file here), then
runs the graph with ONNX Runtime on the CPU for every probe input and compares every output
with torch's, ``|onnx - torch| <= atol + rtol |torch|`` elementwise
(:func:`instrux.runtime.parity.check_parity`). A failure raises
:class:`~instrux.runtime.errors.ExportParityError`; the caller writes nothing under a final
name. Probes should include shapes other than the traced example's (other batch sizes, other
token counts): the tracing exporter freezes shapes that it sees as constants, and parity on
new shapes is what catches that.

torch is imported inside the function: importing :mod:`instrux.runtime` never loads it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.onnx import make_session
from instrux.runtime.parity import Parity, check_parity

if TYPE_CHECKING:
    import numpy as np

__all__ = ["OPSET", "export_onnx"]

OPSET = 17


def export_onnx(
    module: Any,
    example: tuple[Any, ...],
    path: Path,
    *,
    input_names: Sequence[str],
    output_names: Sequence[str],
    dynamic_axes: Mapping[str, Mapping[int, str]],
    probes: Sequence[tuple[Any, ...]],
    rtol: float,
    atol: float,
    name: str,
    opset: int = OPSET,
) -> list[Parity]:
    """Export ``module`` traced on ``example`` to ``path``, then check it on ``probes``.

    :param module: a ``torch.nn.Module`` in eval mode, called as ``module(*inputs)``; it
        returns one tensor or a tuple of tensors (one per name in ``output_names``).
    :param probes: input tuples (torch tensors, the dtypes the graph reads); every output of
        every probe is compared, concatenated along the first axis per output.
    :param name: the model, for the error message ("AffineStack", "sentence encoder").
    :return: one :class:`Parity` per output, over all probes.
    :raises ExportParityError: when any output is outside the tolerance.
    """
    import torch

    with torch.inference_mode(), warnings.catch_warnings():
        # Tracer chatter about shapes and the TorchScript exporter's deprecation notice: the
        # parity check below is what guards against what tracing gets wrong.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            example,
            str(path),
            input_names=list(input_names),
            output_names=list(output_names),
            dynamic_axes={k: dict(v) for k, v in dynamic_axes.items()},
            opset_version=opset,
            dynamo=False,
        )
    expected, got = _outputs(module, path, input_names, probes)
    return [
        check_parity(name, want, have, rtol=rtol, atol=atol, where=f"{path.name} {output}")
        for output, want, have in zip(output_names, expected, got, strict=True)
    ]


def _outputs(
    module: Any, path: Path, input_names: Sequence[str], probes: Sequence[tuple[Any, ...]]
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per output: torch's and ONNX Runtime's values over every probe, concatenated."""
    import torch

    # The CPU, whatever the runtime device: an artifact must not depend on the exporting host.
    session = make_session(path, device="cpu")
    torch_parts: list[list[np.ndarray]] = []
    onnx_parts: list[list[np.ndarray]] = []
    for probe in probes:
        with torch.inference_mode():
            result = module(*probe)
        outputs = list(result) if isinstance(result, tuple | list) else [result]
        torch_parts.append([o.detach().numpy() for o in outputs])
        feeds = {n: t.detach().numpy() for n, t in zip(input_names, probe, strict=True)}
        onnx_parts.append(list(session.run(None, feeds)))
    return _stack(torch_parts), _stack(onnx_parts)


def _stack(parts: list[list[np.ndarray]]) -> list[np.ndarray]:
    """One array per output: probes stacked on the first axis, or flattened when the other
    axes differ between probes (a tagger's token axis)."""
    import numpy as np

    stacked = []
    for k in range(len(parts[0])):
        arrays = [p[k] for p in parts]
        if len({a.shape[1:] for a in arrays}) > 1:
            arrays = [a.ravel() for a in arrays]
        stacked.append(np.concatenate(arrays))
    return stacked
