"""One parity check for every export: the exported graph's outputs against a reference.

The one exporter compares ONNX Runtime with torch (:mod:`instrux.runtime.export`: the
arithmetic nets, sentence encoders, heads and routers), and a fused graph is compared with the
plain one (:mod:`instrux.runtime.optimize`). All use ``|candidate - reference| <= atol + rtol
|reference|`` elementwise and raise :class:`~instrux.runtime.errors.ExportParityError`.
numpy is imported inside the functions (this package stays cheap to import).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from instrux.runtime.errors import ExportParityError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Parity", "check_parity", "measure_parity"]


@dataclass(frozen=True, slots=True)
class Parity:
    """How far a candidate is from its reference, and whether that is within tolerance."""

    rtol: float
    atol: float
    samples: int  # rows compared (the first axis)
    max_abs_error: float
    max_rel_error: float
    worst_excess: float  # max of |diff| - (atol + rtol |reference|); <= 0 means it passed

    @property
    def passed(self) -> bool:
        return self.worst_excess <= 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def measure_parity(
    reference: np.ndarray, candidate: np.ndarray, *, rtol: float, atol: float
) -> Parity:
    """Compare two arrays of one shape; non-finite values must match exactly (inf is inf)."""
    import numpy as np

    want = np.asarray(reference, dtype=np.float64)
    got = np.asarray(candidate, dtype=np.float64)
    if want.shape != got.shape:
        inf = float("inf")
        return Parity(rtol, atol, int(want.shape[0]) if want.ndim else 1, inf, inf, inf)
    finite = np.isfinite(want)
    same_nonfinite = bool(np.all((got == want) | finite | (np.isnan(got) & np.isnan(want))))
    diff = np.where(finite, np.abs(got - want), 0.0 if same_nonfinite else np.inf)
    scale = np.where(finite, np.abs(want), 0.0)
    relative = np.where(scale > 0, diff / np.maximum(scale, np.finfo(np.float64).tiny), 0.0)
    excess = diff - (atol + rtol * scale)
    return Parity(
        rtol=rtol,
        atol=atol,
        samples=int(want.shape[0]) if want.ndim else 1,
        max_abs_error=float(diff.max(initial=0.0)),
        max_rel_error=float(relative.max(initial=0.0)),
        worst_excess=float(excess.max(initial=-np.inf)),
    )


def check_parity(
    name: str,
    reference: np.ndarray,
    candidate: np.ndarray,
    *,
    rtol: float,
    atol: float,
    where: str,
    against: str = "torch",
) -> Parity:
    """:func:`measure_parity`, raising when any element is outside the tolerance.

    :param name: the model, for the message (``AffineStack``, ``sentence encoder``).
    :param where: the graph file or the check ("fused graph"), for the message.
    :param against: what the reference is ("torch", "the plain export").
    :raises ExportParityError: naming the model, the largest error and the tolerance.
    """
    parity = measure_parity(reference, candidate, rtol=rtol, atol=atol)
    if not parity.passed:
        raise ExportParityError(name, parity.max_abs_error, rtol, atol, where, reference=against)
    return parity
