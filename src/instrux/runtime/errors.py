"""Typed errors of the ONNX runtime layer and the exporters (no torch, no onnxruntime here).

All of them are configuration errors: the fix is in the installation, the artifact or the
exporter, never in the instruction text. The semantic tier and the neural executors share
them, so one ``code`` means one problem whichever feature hit it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from instrux.schemas.errors import ConfigurationError

__all__ = [
    "ArtifactError",
    "DeviceUnavailableError",
    "EncoderMismatchError",
    "ExportParityError",
    "MissingDependencyError",
    "installed",
]


class ArtifactError(ConfigurationError):
    """An artifact directory is missing, incomplete or corrupt; ``details['file']`` names it."""

    code = "artifact_invalid"

    def __init__(self, artifact: Path, file: str, reason: str, *, hint: str = "") -> None:
        where = artifact / file if file else artifact
        super().__init__(
            f"Artifact {artifact} is unusable: {where} {reason}.",
            hint=hint
            or "Regenerate it (`instrux train arithmetic` for the built-in arithmetic nets) "
            "or reinstall instrux; meanwhile `--executor-kind python` uses the exact "
            "Python executors.",
            details={"artifact": str(artifact), "file": file, "reason": reason},
        )
        self.artifact = artifact
        self.file = file
        self.reason = reason


class EncoderMismatchError(ConfigurationError):
    """An artifact built on one sentence encoder would run with another.

    Its vectors would mean something else: the result is a silent loss of accuracy, so the
    artifact is refused, naming both encoders and the two ways out.
    """

    code = "encoder_mismatch"

    def __init__(self, artifact: Path, recorded: dict[str, Any], used: dict[str, Any]) -> None:
        same_name = recorded["name"] == used["name"]
        what = (
            f"a different version of {used['name']} (files {recorded.get('fingerprint')} "
            f"vs {used.get('fingerprint')})"
            if same_name
            else f"encoder {used['name']!r}"
        )
        super().__init__(
            f"Artifact {artifact} was built on encoder {recorded['name']!r} but would run "
            f"with {what}.",
            hint=f"Use the encoder it was built on (Settings(encoder={recorded['name']!r}), "
            f"INSTRUX_ENCODER={recorded['name']}), or train it again with the encoder you "
            f"want (--encoder {used['name']}).",
            details={"artifact": str(artifact), "built_on": recorded, "running_with": used},
        )


class ExportParityError(ConfigurationError):
    """An exported graph does not reproduce its reference within the stated tolerance."""

    code = "export_mismatch"

    def __init__(
        self,
        model: str,
        max_error: float,
        rtol: float,
        atol: float,
        where: str,
        *,
        reference: str = "torch",
    ) -> None:
        super().__init__(
            f"ONNX export of {model} ({where}) differs from {reference} by up to "
            f"{max_error:.3g}, beyond |onnx - {reference}| <= {atol:g} + {rtol:g} |{reference}|.",
            hint="Look for what tracing freezes (Python control flow on tensor values, "
            "data-dependent shapes), or export in float64; report it with your torch and "
            "onnx versions if it persists.",
            details={
                "model": model,
                "max_error": max_error,
                "rtol": rtol,
                "atol": atol,
                "where": where,
                "reference": reference,
            },
        )


class DeviceUnavailableError(ConfigurationError):
    """The requested ONNX Runtime device (``INSTRUX_DEVICE`` / ``--device``) is not usable."""

    code = "device_unavailable"

    def __init__(self, device: str, reason: str, *, hint: str) -> None:
        super().__init__(
            f"Device {device!r} is not available: {reason}.",
            hint=hint,
            details={"device": device, "reason": reason},
        )


class MissingDependencyError(ConfigurationError):
    """An optional package a feature needs is not installed (or cannot be imported).

    :param package: the import or distribution name that is missing (``onnxruntime``).
    :param purpose: what needs it, as the subject of a sentence ("the semantic tier").
    :param install: what to ``pip install`` (``'instrux[semantic]'``).
    :param alternative: a sentence appended to the hint: how to do without it.
    :param reason: the import error's text, when there was one.
    """

    code = "missing_dependency"

    def __init__(
        self,
        package: str,
        purpose: str,
        *,
        install: str,
        alternative: str = "",
        reason: str = "",
    ) -> None:
        because = f" ({reason})" if reason else ""
        super().__init__(
            f"{purpose[:1].upper()}{purpose[1:]} needs {package}, which cannot be "
            f"imported{because}.",
            hint=f"Install it with `pip install {install}`."
            + (f" {alternative}" if alternative else ""),
            details={"package": package, "purpose": purpose, "install": install},
        )
        self.package = package


def installed(distribution: str) -> bool:
    """Whether a distribution (a PyPI name, not an import name) is installed here."""
    import importlib.metadata

    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True
