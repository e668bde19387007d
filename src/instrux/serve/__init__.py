"""Serving instrux: an HTTP API (FastAPI + uvicorn, extra ``server``), a web playground at
``/``, a Ray Serve deployment (extra ``ray``, :mod:`instrux.serve.ray`), and an
OpenAI-compatible endpoint over one local language model (:mod:`instrux.serve.chat`,
``instrux llm serve``) on the same HTTP stack.

>>> from instrux.serve import create_app, running_server      # doctest: +SKIP
>>> with running_server(create_app()) as url: ...             # doctest: +SKIP

Nothing here is imported by ``import instrux``; FastAPI is imported only with this package's
modules that need it (the config and the status table import nothing heavy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from instrux.serve.config import LOOPBACK, ServeConfig

if TYPE_CHECKING:
    from instrux.serve.app import create_app
    from instrux.serve.server import running_server, serve_forever

__all__ = ["LOOPBACK", "ServeConfig", "create_app", "running_server", "serve_forever"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from instrux.serve.app import create_app

        return create_app
    if name in ("running_server", "serve_forever"):
        from instrux.serve import server

        return getattr(server, name)
    raise AttributeError(name)
