"""Arithmetic as a feature: the ``math.*`` instructions and the learned nets that execute them.

- :mod:`.instructions`: the instructions and their exact Python executors (built-in plugin
  ``instrux.arithmetic``);
- :mod:`.executor` and :mod:`.plugin`: the ONNX executors of the shipped nets (built-in plugin
  ``instrux.neural``), exact below 2**53 and declining beyond;
- :mod:`.nets`, :mod:`.recipes`, :mod:`.fit`, :mod:`.snap`, :mod:`.export`: the torch side
  (``pip install 'instrux[train]'``): the nets, their recipes, training on the one loop
  (:mod:`instrux.train.loop`), snapping weights to exact values and exporting them;
- :mod:`.extrapolation`, :mod:`.report`: how far the nets stay exact (numpy only);
- :mod:`.commands`: ``instrux train arithmetic``, ``instrux export``, ``instrux eval
  extrapolation``.

This ``__init__`` imports nothing, so running the nets never pulls torch in.
"""
