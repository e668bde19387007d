"""The semantic routing tier: instructions routed by meaning, on the sentence encoder the
settings choose (:mod:`instrux.models`: MiniLM by default, the multilingual USE, mpnet).

- :mod:`.index`, :mod:`.router`, :mod:`.calibrate`: instruction vectors, scoring, thresholds;
- :mod:`.tier`, :mod:`.arguments`: the tier, and typed arguments after a semantic route;
- :mod:`.artifact`: trained routers (written by :mod:`instrux.heads.router`; the plugin
  :mod:`instrux.heads.intents` registers their instructions). Readers and evaluation are in
  :mod:`instrux.train` and :mod:`instrux.heads.evaluate`.

Importing this package is cheap: onnxruntime, tokenizers and torch are imported inside the
functions that need them. The built-in plugin :mod:`instrux.semantic.plugin` puts
the tier into the engine's cascade, after the template tier.
"""
