"""The semantic routing tier: MiniLM sentence embeddings on ONNX Runtime.

- :mod:`.encoder`: the encoder (exported once to ONNX into the cache; int8 optional);
- :mod:`.index`, :mod:`.router`, :mod:`.calibrate`: instruction vectors, scoring, thresholds;
- :mod:`.arguments`: typed arguments after a semantic route;
- :mod:`.train`, :mod:`.artifact`: routers trained from intent data (the plugin
  :mod:`instrux.heads.intents` registers their instructions);
- :mod:`.data`, :mod:`.evaluate`: benchmark readers and the evaluation harness.

Importing this package is cheap: onnxruntime, tokenizers and torch are imported inside the
functions that need them. The built-in plugin :mod:`instrux.semantic.plugin` puts
the tier into the engine's cascade, after the template tier.
"""
