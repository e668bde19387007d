"""instrux-support: a customer-service FAQ assistant, as a third-party instrux plugin.

Adds ``support.answer`` (the best FAQ entry's answer, its id, score and runners-up, or
``no_match`` with the closest entries), a route tier that sends FAQ questions to it, and
``instrux support index | ask | eval``. The Python API::

    from instrux import Engine
    from instrux_support import build_index, read_faq, Retriever, load_index

    engine = Engine()
    build_index(read_faq("faq.csv"), engine.encoder(), Path("faq-index"))
    Retriever(load_index(Path("faq-index")), engine.encoder()).answer("how do I reset it")

instrux finds the plugin through its entry point
``support = "instrux_support.plugin:SupportPlugin"``.
Importing this package is cheap: numpy, LanceDB and bm25s load with the names that need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from instrux_support.faq import FaqFileError, read_faq, read_texts
from instrux_support.models import FaqEntry, FaqMatch, Fusion, SupportAnswer, SupportArguments

if TYPE_CHECKING:
    from instrux_support.evaluate import EvalReport, evaluate
    from instrux_support.index import SupportIndex, build_index, load_index
    from instrux_support.retrieve import Retriever

__version__ = "0.1.0"

_LAZY = {
    "EvalReport": "instrux_support.evaluate",
    "evaluate": "instrux_support.evaluate",
    "SupportIndex": "instrux_support.index",
    "build_index": "instrux_support.index",
    "load_index": "instrux_support.index",
    "Retriever": "instrux_support.retrieve",
}

__all__ = [
    "EvalReport",
    "FaqEntry",
    "FaqFileError",
    "FaqMatch",
    "Fusion",
    "Retriever",
    "SupportAnswer",
    "SupportArguments",
    "SupportIndex",
    "__version__",
    "build_index",
    "evaluate",
    "load_index",
    "read_faq",
    "read_texts",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'instrux_support' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
