"""The on-disk cache: where derived files live, how they are keyed, and how they are written.

Everything instrux derives at run time (the ONNX sentence encoder, its fused and int8
variants, instruction vectors, dataset embeddings, int8 copies of router graphs) is a pure
function of some source files and settings, so each file is named after a hash of those
inputs. The cache root is always given by the caller (``Settings.cache_dir``, i.e.
``INSTRUX_CACHE_DIR`` or ``~/.cache/instrux``); nothing here reads the environment. Writers
take a file lock, write to a temporary name in the same directory and ``os.replace`` it into
place: readers never see half a file, and two processes building the same file at once do
the work once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["atomic_build", "cache_dir", "content_fingerprint", "digest_files", "digest_text"]

# Files above this size are keyed on (name, size, mtime) instead of their bytes: hashing the
# 90 MB of MiniLM weights would cost ~0.2 s at every process start, and a reinstall or edit
# always changes the modification time.
_CONTENT_HASH_LIMIT = 4 * 1024 * 1024


def cache_dir(root: Path, *parts: str) -> Path:
    """``root / parts...`` (e.g. ``cache_dir(settings.cache_dir, "encoders")``), created."""
    path = Path(root).joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def digest_text(*parts: str) -> str:
    """A short, stable hash of some strings (settings, example texts)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def digest_files(root: Path, names: Iterable[str]) -> str:
    """A short hash of source files under ``root``: content for small files, stat for big ones."""
    h = hashlib.sha256()
    for name in sorted(names):
        path = root / name
        stat = path.stat()
        h.update(name.encode("utf-8") + b"\0")
        if stat.st_size <= _CONTENT_HASH_LIMIT:
            h.update(path.read_bytes())
        else:
            h.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def content_fingerprint(root: Path, names: Iterable[str], cache_root: Path) -> str:
    """A short hash of the *contents* of files under ``root`` (an encoder's weights).

    Unlike :func:`digest_files`, big files are hashed too: this is what artifacts record to
    tell two versions of one model apart. Each file's sha256 is computed once and kept under
    ``cache_root/fingerprints``, keyed by its path, size and modification time.
    """
    h = hashlib.sha256()
    for name in sorted(names):
        h.update(name.encode("utf-8") + b"\0")
        h.update(_file_sha256(root / name, cache_root).encode("ascii"))
    return h.hexdigest()[:16]


def _file_sha256(path: Path, cache_root: Path) -> str:
    stat = path.stat()
    key = digest_text(str(path.resolve()), str(stat.st_size), str(stat.st_mtime_ns))
    target = cache_dir(cache_root, "fingerprints") / f"{key}.sha256"

    def build(out: Path) -> None:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        out.write_text(digest.hexdigest(), encoding="ascii")

    return atomic_build(target, build).read_text(encoding="ascii").strip()


def atomic_build(target: Path, build: Callable[[Path], object]) -> Path:
    """Make sure ``target`` exists, building it with ``build(temp_path)`` under a file lock.

    ``build`` writes a complete file at the path it is given; it is then renamed onto
    ``target``. A failed build leaves no file behind, so the next call tries again.
    """
    if target.exists():
        return target
    from filelock import FileLock  # only needed on the (rare) build path

    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if target.exists():  # another process built it while we waited
            return target
        _remove_orphans(target)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        os.close(fd)
        temp = Path(temp_name)
        try:
            build(temp)
            os.chmod(temp, 0o644)  # mkstemp makes it private; caches are shared reads
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    return target


def _remove_orphans(target: Path) -> None:
    """Delete temporary files of builds of ``target`` that a hard kill interrupted.

    Called with the target's lock held: every writer holds it while its temporary file
    exists, so any such file seen now belongs to a writer that died (90 MB for an encoder).
    """
    orphan = re.compile(rf"^{re.escape(target.name)}[a-z0-9_]{{8}}\.tmp$")
    for sibling in target.parent.iterdir():
        if orphan.match(sibling.name):
            sibling.unlink(missing_ok=True)
