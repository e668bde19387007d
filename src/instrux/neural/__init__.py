"""The training side of neural executors: torch modules, one training loop, ONNX export.

Import the submodules you need: :mod:`instrux.neural.models`, :mod:`~instrux.neural.train`,
:mod:`~instrux.neural.snap`, :mod:`~instrux.neural.export` and
:mod:`~instrux.neural.arithmetic` import torch (``pip install instrux[train]``);
:mod:`~instrux.neural.extrapolation` needs only numpy. This package's ``__init__`` imports
nothing, so the inference path (:mod:`instrux.runtime`) never pulls torch in.
"""
