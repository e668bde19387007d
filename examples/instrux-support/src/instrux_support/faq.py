"""Reading an FAQ bank: JSON, JSON lines, CSV, or Markdown (a file or a folder of files).

Every format gives the same :class:`~instrux_support.models.FaqEntry` rows: ``question``,
``answer``, optional ``id``, ``tags`` and ``rephrasings`` (customers' phrasings the head
learns from). The StackFAQ file (``{"root": {"qapair": [...]}}``: a question, a list of
answers and a list of rephrasings per thread) is read as one entry per answer, all entries of
a thread sharing its question and rephrasings. Anything unreadable is one
:class:`FaqFileError` that names the file and the row.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from instrux import ConfigurationError
from instrux_support.models import FaqEntry

__all__ = ["FaqFileError", "read_faq", "read_texts"]

_FORMATS = "JSON (a list of objects), JSON lines, CSV or Markdown (a file or a folder of .md)"
# Tags in one CSV cell or Markdown line: "a, b" or "a; b" or "a | b". Rephrasings contain
# commas, so only "|" separates them.
_TAG_SEPARATOR = re.compile(r"\s*[|;,]\s*")
_PHRASING_SEPARATOR = re.compile(r"\s*\|\s*")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_META = re.compile(r"^(id|tags)\s*:\s*(.*)$", re.IGNORECASE)


class FaqFileError(ConfigurationError):
    """An FAQ file that cannot be read as an FAQ bank."""

    code = "faq_file"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Cannot read the FAQ bank {str(path)!r}: {reason}.",
            hint=f"Give {_FORMATS} with a question and an answer per entry "
            "(optional: id, tags, rephrasings); see docs/support.md.",
            details={"path": str(path), "reason": reason},
        )


def read_faq(path: Path | str) -> list[FaqEntry]:
    """The entries of the FAQ bank at ``path`` (a file or a folder of Markdown files).

    :raises FaqFileError: missing, unreadable, empty, a row without question or answer, or
        two entries with the same id.
    """
    path = Path(path)
    if path.is_dir():
        entries = _markdown_folder(path)
    elif not path.is_file():
        raise FaqFileError(path, "no such file or folder")
    else:
        entries = _file(path)
    if not entries:
        raise FaqFileError(path, "it holds no entries")
    _check_unique(path, entries)
    return entries


def _file(path: Path) -> list[FaqEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FaqFileError(path, f"unreadable ({err})") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _rows(path, csv.DictReader(text.splitlines()))
    if suffix in {".md", ".markdown"}:
        return _markdown(path, text, prefix="")
    if suffix == ".jsonl":
        return _rows(path, (_json(path, line, n) for n, line in _lines(text)))
    if suffix == ".json":
        return _json_document(path, _json(path, text, 0))
    raise FaqFileError(path, f"unknown extension {suffix!r}; expected .json, .jsonl, .csv or .md")


def _lines(text: str) -> Iterable[tuple[int, str]]:
    return ((n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip())


def _json(path: Path, text: str, line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        where = f" on line {line}" if line else ""
        raise FaqFileError(path, f"not valid JSON{where} ({err.msg})") from None


def _json_document(path: Path, data: Any) -> list[FaqEntry]:
    if isinstance(data, dict) and isinstance(data.get("root"), dict) and "qapair" in data["root"]:
        return _stackfaq(path, data["root"]["qapair"])
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise FaqFileError(path, "the JSON is neither a list of entries nor {'entries': [...]}")
    return _rows(path, data)


def _stackfaq(path: Path, threads: Any) -> list[FaqEntry]:
    """One entry per answer; ids ``THREAD.ANSWER``; the thread's rephrasings on each."""
    if not isinstance(threads, list):
        raise FaqFileError(path, "root.qapair is not a list")
    entries: list[FaqEntry] = []
    for t, thread in enumerate(threads):
        answers = thread.get("answer") if isinstance(thread, dict) else None
        answers = [answers] if isinstance(answers, str) else answers or []
        rephrasings = clean_rephrasings(thread.get("rephr") or [])
        for a, answer in enumerate(answers):
            row = {"id": f"{t}.{a}", "question": thread.get("question"), "answer": answer}
            entries.append(_entry(path, {**row, "thread": str(t)}, t + 1, rephrasings))
    return entries


def clean_rephrasings(items: Iterable[Any]) -> tuple[str, ...]:
    """StackFAQ marks a missing rephrasing with ``*`` or null: those are dropped."""
    return tuple(s.strip() for s in items if isinstance(s, str) and s.strip() not in {"", "*"})


def _rows(path: Path, rows: Iterable[Any]) -> list[FaqEntry]:
    entries = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise FaqFileError(path, f"entry {n} is not an object with question and answer")
        entries.append(_entry(path, {"id": str(n), **row}, n, _list(row.get("rephrasings"))))
    return entries


def _entry(path: Path, row: Mapping[str, Any], n: int, rephrasings: Iterable[str]) -> FaqEntry:
    try:
        return FaqEntry(
            id=str(row["id"]).strip(),
            question=_text(row.get("question")),
            answer=_text(row.get("answer")),
            tags=tuple(_list(row.get("tags"), _TAG_SEPARATOR)),
            thread=str(row["thread"]) if row.get("thread") not in (None, "") else None,
            rephrasings=tuple(rephrasings),
        )
    except ValidationError as err:
        fields = ", ".join(str(e["loc"][0]) for e in err.errors())
        raise FaqFileError(path, f"entry {n} has no usable {fields}") from None


def _text(value: Any) -> str:
    if isinstance(value, list):  # an answer given as several paragraphs
        value = "\n\n".join(str(v) for v in value)
    return str(value).strip() if value is not None else ""


def _list(value: Any, separator: re.Pattern[str] = _PHRASING_SEPARATOR) -> list[str]:
    if value is None or value == "":
        return []
    items = separator.split(value) if isinstance(value, str) else list(value)
    return [str(item).strip() for item in items if str(item).strip()]


def _markdown_folder(folder: Path) -> list[FaqEntry]:
    entries: list[FaqEntry] = []
    for file in sorted(folder.rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        entries.extend(_markdown(file, text, prefix=f"{file.relative_to(folder).with_suffix('')}#"))
    return entries


def _markdown(path: Path, text: str, *, prefix: str) -> list[FaqEntry]:
    """A heading is a question; the text under it, its answer. ``id:`` and ``tags:`` lines
    right under the heading are its id and tags (default id: FILE#N)."""
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            sections.append((heading.group(1), []))
        elif sections:
            sections[-1][1].append(line)
    entries = []
    for n, (question, lines) in enumerate(sections, 1):
        meta: dict[str, str] = {}
        while lines and (not lines[0].strip() or _META.match(lines[0].strip())):
            found = _META.match(lines.pop(0).strip())
            if found:
                meta[found.group(1).lower()] = found.group(2)
        row = {
            "id": meta.get("id") or f"{prefix}{n}",
            "question": question,
            "answer": "\n".join(lines).strip(),
            "tags": meta.get("tags"),
        }
        entries.append(_entry(path, row, n, ()))
    return entries


def _check_unique(path: Path, entries: list[FaqEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise FaqFileError(path, f"two entries have the id {entry.id!r}")
        seen.add(entry.id)


def read_texts(path: Path | str) -> list[str]:
    """Questions to test refusal with: a ``.txt`` file (one per line), JSON lines with a
    ``text`` (or ``question``) field, or CLINC150's ``data_full.json`` (its out-of-scope
    train and validation questions and every tenth in-scope validation question: other
    domains than a web-application FAQ).

    :raises FaqFileError: missing or unreadable.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FaqFileError(path, f"unreadable ({err})") from None
    if path.suffix.lower() == ".txt":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if path.suffix.lower() == ".jsonl":
        rows = [_json(path, line, n) for n, line in _lines(raw)]
        return [str(r.get("text") or r.get("question")) for r in rows if isinstance(r, dict)]
    data = _json(path, raw, 0)
    if isinstance(data, dict) and "oos_val" in data:
        picked = data["oos_train"] + data["oos_val"] + data["val"][::10]
        return [str(row[0]) for row in picked]
    raise FaqFileError(path, "expected .txt, .jsonl (text field) or CLINC150's data_full.json")
