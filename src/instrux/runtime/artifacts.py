"""Artifact directories: written atomically, described by a manifest, verified when loaded.

An artifact is a directory::

    config.json          what the model is (type, config dataclass, inputs, outputs, instructions)
    weights.safetensors  the trained weights (never pickle)
    model.onnx           the exported graph the runtime executes
    metrics.json         training curve, snapping decision, parity and extrapolation figures
    manifest.json        format version and the sha256 and size of every other file

:func:`atomic_artifact` hands out a temporary sibling directory and renames it into place
only after every file and the manifest are written, so an interrupted run never leaves a
half-written artifact under the final name. :func:`load_artifact` checks the manifest's hashes
and raises :class:`~instrux.runtime.errors.ArtifactError` naming the missing or corrupt file.

Every artifact kind is written by :func:`write_artifact` and read by :func:`load_artifact`:
the arithmetic nets, trained routers, heads and slot taggers (each adds its own files, e.g. a
tokenizer or ``memory.json``, and a ``format`` in its config). An artifact built on a sentence
encoder records which one in its config (``encoder``: the model's name and the fingerprint
of its files, :class:`EncoderRecord`); :func:`check_encoder` refuses to use it with another
encoder, naming both. Routers written before the formats were merged have a manifest of plain
sha256 strings (``{"format": "instrux.router/1", "files": {name: sha256}}``);
:func:`load_artifact` still reads and verifies those.

:func:`atomic_dir` is the one way a directory is published: written under a temporary
sibling and renamed into place (artifacts, checkpoints, built models in the cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from instrux.runtime.errors import ArtifactError, EncoderMismatchError

__all__ = [
    "CONFIG_FILE",
    "ENCODER_KEY",
    "FORMAT",
    "FORMAT_VERSION",
    "GRAPH_KEY",
    "INT8_FILE",
    "LEGACY_ENCODER",
    "MANIFEST_FILE",
    "METRICS_FILE",
    "MODEL_FILE",
    "TOKENIZER_FILE",
    "WEIGHTS_FILE",
    "Artifact",
    "EncoderRecord",
    "GraphLayout",
    "atomic_artifact",
    "atomic_dir",
    "check_encoder",
    "check_format",
    "clean_stale_siblings",
    "graph_layout",
    "load_artifact",
    "load_graph_artifact",
    "read_json",
    "scratch_dir",
    "sha256_file",
    "write_artifact",
    "write_json",
    "write_manifest",
]

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.safetensors"
MODEL_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"  # a graph's int8 copy, beside it
TOKENIZER_FILE = "tokenizer.json"  # the tokenizer a pipeline graph reads token ids with
METRICS_FILE = "metrics.json"
MANIFEST_FILE = "manifest.json"
ENCODER_KEY = "encoder"  # config.json: {"name": ..., "fingerprint": ...} of the encoder used
GRAPH_KEY = "graph"  # config.json: "pipeline" or "head" (see graph_layout)
# Artifacts that record no encoder were written when all-MiniLM-L6-v2 was the only one.
LEGACY_ENCODER = "all-minilm-l6-v2"
FORMAT = "instrux.artifact"
FORMAT_VERSION = 1
# Manifests of earlier formats that load_artifact still accepts: files map to a bare sha256.
LEGACY_FORMATS = ("instrux.router/1",)
# A temporary sibling this old is abandoned even if its writer's pid is alive (pids are
# reused, and no artifact takes an hour between mkdtemp and the rename).
STALE_AFTER_S = 3600.0
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Artifact:
    """A verified artifact directory: every file listed in its manifest has the right hash."""

    path: Path
    manifest: dict[str, Any]
    config: dict[str, Any]

    def file(self, name: str) -> Path:
        """Path of a file the manifest lists (raises ``ArtifactError`` for any other name)."""
        if name not in self.manifest["files"]:
            raise ArtifactError(self.path, name, "is not listed in manifest.json")
        return self.path / name

    def metrics(self) -> dict[str, Any]:
        """The training and evaluation metrics (empty when the artifact has none)."""
        if METRICS_FILE not in self.manifest["files"]:
            return {}
        return read_json(self.path, METRICS_FILE)

    def weights(self) -> dict[str, Any]:
        """The tensors of ``weights.safetensors`` as numpy arrays."""
        from safetensors.numpy import load_file

        return dict(load_file(str(self.file(WEIGHTS_FILE))))

    @property
    def encoder(self) -> EncoderRecord | None:
        """The encoder the artifact was built on (``None``: it records none)."""
        return EncoderRecord.of(self.config)


@dataclass(frozen=True, slots=True)
class EncoderRecord:
    """Which sentence encoder an artifact was built on: its model name and file fingerprint.

    ``fingerprint`` is a hash of the encoder's files (see ``Encoder.fingerprint``), so that a
    different version of a model with the same name is told apart too. Artifacts written
    before encoders were plugins record neither: they were all built on all-MiniLM-L6-v2.
    """

    name: str
    fingerprint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "fingerprint": self.fingerprint}

    @classmethod
    def built_on(cls, config: Mapping[str, Any]) -> EncoderRecord:
        """The recorded encoder, or all-MiniLM-L6-v2 for artifacts that record none."""
        return cls.of(config) or cls(LEGACY_ENCODER)

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> EncoderRecord | None:
        found = config.get(ENCODER_KEY)
        if not isinstance(found, dict) or not isinstance(found.get("name"), str):
            return None
        fingerprint = found.get("fingerprint")
        return cls(found["name"], fingerprint if isinstance(fingerprint, str) else None)


# "pipeline": the graph reads token ids (its encoder inside); "head": it reads the embeddings
# of the encoder the artifact records (an encoder not exported with its head, the numpy USE).
GraphLayout = Literal["pipeline", "head"]


def graph_layout(config: Mapping[str, Any]) -> GraphLayout:
    """The layout of a head's or router's graph (artifacts that say none are ``pipeline``)."""
    return "head" if config.get(GRAPH_KEY) == "head" else "pipeline"


def check_encoder(path: Path, recorded: EncoderRecord | None, used: EncoderRecord) -> None:
    """Refuse to combine an artifact with an encoder other than the one it was built on.

    :param recorded: what the artifact records (``None``: an artifact from before encoder
        records, taken to be built on ``used``).
    :param used: the encoder it would run with.
    :raises EncoderMismatchError: naming both encoders.
    """
    if recorded is None:
        return
    same_files = (
        recorded.fingerprint is None
        or used.fingerprint is None
        or recorded.fingerprint == used.fingerprint
    )
    if recorded.name != used.name or not same_files:
        raise EncoderMismatchError(path, recorded.as_dict(), used.as_dict())


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_json(path: Path, data: Any) -> None:
    """Write JSON with sorted keys, so that re-running a recipe gives diffable files.

    Text in any language stays readable (no ``\\u`` escapes); numpy scalars become floats.
    """
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=float)
    path.write_text(text + "\n", encoding="utf-8")


def read_json(artifact: Path, name: str) -> dict[str, Any]:
    """Read one JSON file of an artifact; any failure is an ``ArtifactError`` naming it."""
    try:
        data = json.loads((artifact / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(artifact, name, "is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ArtifactError(artifact, name, f"is not valid JSON ({err})") from None
    if not isinstance(data, dict):
        raise ArtifactError(artifact, name, "does not hold a JSON object")
    return data


def write_manifest(directory: Path, **extra: Any) -> dict[str, Any]:
    """Hash every regular file in ``directory`` (except the manifest) into manifest.json."""
    files = {
        path.name: {"sha256": sha256_file(path), "bytes": path.stat().st_size}
        for path in sorted(directory.iterdir())
        if path.is_file() and path.name != MANIFEST_FILE
    }
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "files": files, **extra}
    write_json(directory / MANIFEST_FILE, manifest)
    return manifest


@contextmanager
def atomic_dir(dest: Path) -> Iterator[Path]:
    """Yield a temporary sibling directory; on success, rename it onto ``dest``.

    On any exception (``KeyboardInterrupt`` included) the temporary directory is removed and
    ``dest`` is left exactly as it was. A hard kill can leave a hidden ``.NAME.tmp-PID-*``
    sibling behind, never a partial directory under ``dest``'s name; the next write of the
    same directory removes such leftovers (:func:`clean_stale_siblings`).
    """
    dest = Path(dest)
    clean_stale_siblings(dest)
    tmp = _sibling(dest)
    try:
        yield tmp
        _fsync_tree(tmp)
        _default_permissions(tmp)
        _replace_dir(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def scratch_dir(dest: Path) -> Iterator[Path]:
    """A temporary sibling of ``dest`` to build files in (graphs before the artifact is
    written); always removed. Named like :func:`atomic_dir`'s, so that what a killed run
    leaves behind is removed by the next write of ``dest``."""
    tmp = _sibling(Path(dest))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sibling(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-{os.getpid()}-", dir=dest.parent))


@contextmanager
def atomic_artifact(dest: Path, **manifest_extra: Any) -> Iterator[Path]:
    """:func:`atomic_dir` that writes the manifest of the directory's files before the rename."""
    with atomic_dir(dest) as tmp:
        yield tmp
        write_manifest(tmp, **manifest_extra)


def write_artifact(
    dest: Path,
    *,
    config: Mapping[str, Any],
    metrics: Mapping[str, Any] | None = None,
    weights: Mapping[str, Any] | None = None,
    moved: Mapping[str, Path] | None = None,
    copied: Mapping[str, Path] | None = None,
    documents: Mapping[str, Any] | None = None,
    encoder: EncoderRecord | None = None,
    **manifest_extra: Any,
) -> Artifact:
    """Write an artifact directory at ``dest`` atomically; return it as loaded.

    :param config: ``config.json`` (``format`` names the kind; ``encoder`` is added from
        ``encoder``).
    :param metrics: ``metrics.json``.
    :param weights: tensors for ``weights.safetensors`` (numpy arrays; never pickle).
    :param moved: file name -> a built file (a graph) moved in; ``copied``: copied in
        (a tokenizer that stays where it is).
    :param documents: other JSON files by name (a router's ``memory.json``).
    :param encoder: the sentence encoder the artifact was built on.
    """
    full = {**config, **({ENCODER_KEY: encoder.as_dict()} if encoder is not None else {})}
    with atomic_dir(dest) as tmp:
        write_json(tmp / CONFIG_FILE, full)
        if metrics is not None:
            write_json(tmp / METRICS_FILE, metrics)
        if weights is not None:
            _write_weights(tmp / WEIGHTS_FILE, weights)
        for name, data in (documents or {}).items():
            write_json(tmp / name, data)
        for name, source in (copied or {}).items():
            shutil.copyfile(source, tmp / name)
        for name, source in (moved or {}).items():
            shutil.move(str(source), tmp / name)
        manifest = write_manifest(tmp, **manifest_extra)
    # As load_artifact would return it, without hashing every file a second time.
    return Artifact(path=Path(dest), manifest=manifest, config=read_json(Path(dest), CONFIG_FILE))


def _write_weights(path: Path, weights: Mapping[str, Any]) -> None:
    import numpy as np
    from safetensors.numpy import save_file

    save_file({k: np.ascontiguousarray(v) for k, v in weights.items()}, str(path))


def clean_stale_siblings(dest: Path, *, max_age_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove the hidden leftovers of interrupted writes of ``dest``; return what was removed.

    A leftover is a ``.NAME.tmp-PID-*`` or ``.NAME.old-PID-*`` sibling whose writer (PID) is
    no longer running, or that is older than ``max_age_s``; also the ``.NAME-XXXXXXXX`` and
    ``.NAME-old`` siblings of the former router writer, by age only (they carry no pid).
    Directories of live writers are left alone, so two processes can write side by side.
    """
    dest = Path(dest)
    if not dest.parent.is_dir():
        return []
    ours = re.compile(rf"^\.{re.escape(dest.name)}\.(?:tmp|old)-(\d+)-[^/]+$")
    legacy = re.compile(rf"^\.{re.escape(dest.name)}-(?:old|[a-z0-9_]{{8}})$")
    removed: list[Path] = []
    now = time.time()
    for sibling in dest.parent.iterdir():
        match = ours.match(sibling.name)
        if match is None and legacy.match(sibling.name) is None:
            continue
        try:
            age = now - sibling.lstat().st_mtime
        except FileNotFoundError:  # its writer just renamed or removed it
            continue
        dead = match is not None and not _pid_alive(int(match.group(1)))
        if (dead or age > max_age_s) and sibling.is_dir() and not sibling.is_symlink():
            shutil.rmtree(sibling, ignore_errors=True)
            removed.append(sibling)
    return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this process may be writing right now
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but belongs to someone else (or we cannot tell): keep it
    return True


def load_artifact(path: Path, *, require: tuple[str, ...] = (CONFIG_FILE, MODEL_FILE)) -> Artifact:
    """Read and verify an artifact directory.

    :param path: the artifact directory.
    :param require: files that must be listed in the manifest (and hence present and intact).
    :raises ArtifactError: naming the directory or the first missing or corrupt file.
    :return: the artifact; its ``manifest['files']`` maps every name to ``{"sha256", ...}``
        whatever format the manifest was written in.
    """
    path = Path(path)
    if not path.is_dir():
        raise ArtifactError(path, "", "does not exist or is not a directory")
    manifest = _normalized_manifest(path, read_json(path, MANIFEST_FILE))
    files = manifest["files"]
    for name in require:
        if name not in files:
            raise ArtifactError(path, name, "is not listed in manifest.json")
    for name, entry in sorted(files.items()):
        _verify_file(path, name, entry)
    return Artifact(path=path, manifest=manifest, config=read_json(path, CONFIG_FILE))


def load_graph_artifact(
    path: Path, *, require: tuple[str, ...], formats: tuple[str, ...], hint: str
) -> Artifact:
    """:func:`load_artifact` for the artifacts of heads and routers: verified, of one of
    ``formats``, with the tokenizer a ``pipeline`` graph needs; any failure says ``hint``."""
    try:
        verified = load_artifact(Path(path), require=require)
    except ArtifactError as err:  # the same finding, with the fix for this kind of artifact
        raise ArtifactError(err.artifact, err.file, err.reason, hint=hint) from None
    check_format(verified.path, verified.config, formats, hint)
    files = verified.manifest["files"]
    if graph_layout(verified.config) == "pipeline" and TOKENIZER_FILE not in files:
        raise ArtifactError(verified.path, TOKENIZER_FILE, "is missing", hint=hint)
    return verified


def check_format(
    path: Path, config: Mapping[str, Any], formats: tuple[str, ...], hint: str
) -> None:
    """Refuse a config.json whose ``format`` is not one of ``formats``."""
    if config.get("format") not in formats:
        raise ArtifactError(
            path,
            CONFIG_FILE,
            f"has format {config.get('format')!r}, expected one of {list(formats)}",
            hint=hint,
        )


def _normalized_manifest(path: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest with every file entry as a dict; legacy ``name: sha256`` entries converted."""
    files = manifest.get("files")
    kind = manifest.get("format")
    if kind not in (FORMAT, *LEGACY_FORMATS) or not isinstance(files, dict):
        raise ArtifactError(path, MANIFEST_FILE, f"is not an {FORMAT} manifest")
    if kind in LEGACY_FORMATS:
        files = {
            name: {"sha256": entry} if isinstance(entry, str) else entry
            for name, entry in files.items()
        }
    return {**manifest, "files": files}


def _verify_file(artifact: Path, name: str, entry: Any) -> None:
    file = artifact / name
    if not isinstance(entry, dict) or "sha256" not in entry:
        raise ArtifactError(artifact, MANIFEST_FILE, f"has no sha256 for {name}")
    if not file.is_file():
        raise ArtifactError(artifact, name, "is missing")
    if file.stat().st_size != entry.get("bytes", file.stat().st_size):
        raise ArtifactError(artifact, name, "is corrupt (size differs from manifest.json)")
    if sha256_file(file) != entry["sha256"]:
        raise ArtifactError(artifact, name, "is corrupt (sha256 differs from manifest.json)")


def _fsync_tree(directory: Path) -> None:
    """Flush file contents before the rename, so a crash cannot publish empty files."""
    for path in directory.iterdir():
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def _default_permissions(directory: Path) -> None:
    """Give the tree the modes a plain mkdir/open would (mkdtemp's 0700 would hide it)."""
    umask = os.umask(0)
    os.umask(umask)
    directory.chmod(0o777 & ~umask)
    for path in directory.iterdir():
        if path.is_file():
            path.chmod(0o666 & ~umask)


def _replace_dir(tmp: Path, dest: Path) -> None:
    # POSIX cannot atomically swap two directories, so an existing artifact is first renamed
    # aside: a crash between the two renames leaves the old artifact under a hidden name and
    # no directory at dest, never a mix of old and new files.
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        os.rename(dest, old)
        os.rename(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, dest)
