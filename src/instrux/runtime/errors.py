"""Typed errors of the neural runtime and exporter (no torch, no onnxruntime here).

All three are configuration errors: the fix is in the installation, the artifact or the
exporter, never in the instruction text.
"""

from __future__ import annotations

from pathlib import Path

from instrux.schemas.errors import ConfigurationError

__all__ = ["ArtifactError", "DeviceUnavailableError", "ExportParityError"]


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


class ExportParityError(ConfigurationError):
    """An ONNX export does not reproduce the torch model within the stated tolerance."""

    code = "export_mismatch"

    def __init__(self, model: str, max_error: float, rtol: float, atol: float, where: str) -> None:
        super().__init__(
            f"ONNX export of {model} ({where}) differs from torch by up to {max_error:.3g}, "
            f"beyond |onnx - torch| <= {atol:g} + {rtol:g} |torch|.",
            hint="Look for what tracing freezes (Python control flow on tensor values, "
            "data-dependent shapes), or export in float64.",
            details={
                "model": model,
                "max_error": max_error,
                "rtol": rtol,
                "atol": atol,
                "where": where,
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
