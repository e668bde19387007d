"""Graph optimisation: ONNX Runtime's transformer fusions, kept only when they change nothing.

Sentence encoders and the heads, routers and taggers built on them are exported as plain
graphs; :func:`fuse` rewrites one with ORT's BERT fusions (attention, skip-layer-norm,
bias-GELU: about 0.6x the time at batch 1, outputs equal to 1e-7) and checks the fused graph
against the plain one with the one parity formula (:mod:`instrux.runtime.parity`). Fusion is an
optimisation: when it fails or changes the outputs, the plain graph is used and a warning is
logged. No torch here; onnxruntime's optimizer is imported inside the function.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np

from instrux.runtime.errors import ExportParityError
from instrux.runtime.onnx import make_session
from instrux.runtime.parity import check_parity

__all__ = ["FUSION_ATOL", "check_fusion", "fuse"]

log = logging.getLogger("instrux.runtime")
FUSION_ATOL = 1e-4  # fused vs plain graph: measured 1e-7
_ORT_LOGGERS = ("fusion_base", "onnx_model", "onnx_model_bert", "fusion_utils")


def fuse(plain: Path, out: Path, *, heads: int, hidden: int) -> None:
    """Write ``plain`` with ORT's BERT fusions to ``out`` (or a copy of ``plain``, see above).

    :param heads: attention heads of the encoder (its config's ``num_attention_heads``).
    :param hidden: its hidden size (``hidden_size``).
    """
    from onnxruntime.transformers.optimizer import optimize_model  # type: ignore[import-untyped]

    for name in _ORT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)  # one INFO line per fused op
    try:
        optimize_model(
            str(plain), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0
        ).save_model_to_file(str(out))
        check_fusion(plain, out)
        return
    except ExportParityError as err:
        log.warning("fused graph differs from the export (%s); using the plain graph", err)
    except Exception as err:  # fusion is an optimisation: never fatal
        log.warning("could not fuse the graph (%s); using the plain graph", err)
    shutil.copyfile(plain, out)


def check_fusion(plain: Path, fused: Path, *, atol: float = FUSION_ATOL) -> None:
    """Raise :class:`ExportParityError` when ``fused`` does not compute what ``plain`` does.

    Both run on the CPU: a cached graph must not depend on the device that built it.
    """
    ids = np.array([[101, 5587, 1017, 1998, 1019, 102], [101, 7592, 102, 0, 0, 0]], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": (ids > 0).astype(np.int64)}
    want = make_session(plain, device="cpu", optimize=False).run(None, feeds)
    got = make_session(fused, device="cpu").run(None, feeds)
    for reference, candidate in zip(want, got, strict=True):
        check_parity(
            "sentence encoder",
            reference,
            candidate,
            rtol=0.0,
            atol=atol,
            where=f"fused graph {fused.name}",
            against="the plain export",
        )
