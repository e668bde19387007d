"""What a registered model can do at run time: the protocol of a model spec's ``loader``.

A :class:`~instrux.schemas.models.ModelSpec` (the typed description a plugin registers) holds
one; the built-in loaders are :class:`instrux.models.transformer.TransformerEncoder`,
:class:`instrux.models.use.UniversalSentenceEncoder` and the LLM plugin's SmolLM2 loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = ["ModelLoader"]


class ModelLoader(Protocol):
    """What a model spec can do at run time (its spec's ``loader``)."""

    def missing(self, settings: Settings) -> str | None:
        """Why the model cannot be used here (a package not installed), or None."""
        ...

    def ready(self, settings: Settings) -> bool:
        """Whether it is prepared, so that loading it takes no build step."""
        ...

    def build(self, settings: Settings) -> list[Path]:
        """Prepare it now (export, convert, unpack) under ``settings.cache_dir``; the files."""
        ...

    def load(self, settings: Settings) -> Any:
        """The loaded model: an ``instrux.models.Encoder`` for encoders, an LLM backend."""
        ...
