"""Fine-tuned execution heads: small networks on the sentence encoder, one per instruction.

A head is trained (``instrux train head``, :mod:`instrux.heads.train`) on labelled text,
exported as ONE ONNX graph (encoder + pooling + head, :mod:`instrux.heads.export`) and written
as an instrux artifact (:mod:`instrux.heads.artifact`). At run time a head is executed by
ONNX Runtime without torch (:mod:`instrux.heads.runtime`): the built-in plugin
``instrux.heads`` registers one instruction per artifact in ``Settings.heads_dir``.
Slot filling (BIO token classification, :mod:`instrux.heads.slots`) turns spans into typed
arguments. Nothing heavy is imported here.
"""

from __future__ import annotations

__all__: list[str] = []
