"""Models as plugins: sentence encoders (and the specs of language models) and how they load.

- :mod:`.encoder`: the :class:`Encoder` protocol every sentence encoder implements;
- :mod:`.loader`: the :class:`ModelLoader` protocol of a model spec's ``loader``;
- :mod:`.onnx_encoder`: an ONNX graph (encoder + pooling, optionally a head) as an encoder;
- :mod:`.transformer`: Hugging Face BERT-style encoders (all-MiniLM-L6-v2, all-mpnet-base-v2),
  exported once to ONNX into the cache; :mod:`.torch_modules`, their torch side (training);
- :mod:`.use`: the multilingual Universal Sentence Encoder (numpy only);
- :mod:`.load`: the encoder a registry and settings name, loaded once per process;
- :mod:`.plugin`: the built-in plugin that registers them (``instrux.models``).

Importing this package is cheap: numpy, onnxruntime, tokenizers and torch are imported inside
the functions that run a model.
"""

from __future__ import annotations

from instrux.models.encoder import Encoder
from instrux.models.load import encoder_spec, load_encoder
from instrux.models.loader import ModelLoader

__all__ = ["Encoder", "ModelLoader", "encoder_spec", "load_encoder"]
