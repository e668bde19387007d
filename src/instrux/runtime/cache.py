"""The on-disk cache: where derived files live, how they are keyed, and how they are written.

Everything the semantic tier derives (the ONNX encoder, its int8 variant, instruction vectors,
dataset embeddings) is a pure function of some source files and settings, so each file is
named after a hash of those inputs. Writers take a file lock, write to a temporary name in the
same directory and ``os.replace`` it into place: readers never see half a file, and two
processes building the same file at once do the work once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["atomic_build", "cache_dir", "digest_files", "digest_text"]

# Files above this size are keyed on (name, size, mtime) instead of their bytes: hashing the
# 90 MB of MiniLM weights would cost ~0.2 s at every process start, and a reinstall or edit
# always changes the modification time.
_CONTENT_HASH_LIMIT = 4 * 1024 * 1024


def cache_dir() -> Path:
    """``INSTRUX_CACHE_DIR``, else ``~/.cache/instrux``; created on first use."""
    root = os.environ.get("INSTRUX_CACHE_DIR") or os.path.join(Path.home(), ".cache", "instrux")
    path = Path(root)
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


def atomic_build(target: Path, build: Callable[[Path], None]) -> Path:
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
