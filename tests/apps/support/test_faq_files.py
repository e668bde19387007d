"""Reading FAQ banks: every format gives the same entries; bad files are typed errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.apps.support.conftest import require_support

require_support()

from instrux_support import FaqFileError, read_faq, read_texts  # noqa: E402

from tests.apps.support.conftest import FAQ  # noqa: E402


def _same(entries: list, rows: list[dict]) -> None:
    assert [(e.id, e.question, e.answer, list(e.tags)) for e in entries] == [
        (r["id"], r["question"], r["answer"], r["tags"]) for r in rows
    ]


def test_json_jsonl_and_csv_give_the_same_entries(tmp_path: Path) -> None:
    (tmp_path / "faq.json").write_text(json.dumps({"entries": FAQ}), encoding="utf-8")
    (tmp_path / "faq.jsonl").write_text("\n".join(json.dumps(r) for r in FAQ), encoding="utf-8")
    with (tmp_path / "faq.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["id", "question", "answer", "tags", "rephrasings"])
        writer.writeheader()
        for row in FAQ:
            writer.writerow({**row, "tags": "; ".join(row["tags"]),
                             "rephrasings": " | ".join(row["rephrasings"])})  # fmt: skip
    for name in ("faq.json", "faq.jsonl", "faq.csv"):
        entries = read_faq(tmp_path / name)
        _same(entries, FAQ)
        assert entries[0].rephrasings == tuple(FAQ[0]["rephrasings"])


def test_markdown_file_and_folder(tmp_path: Path) -> None:
    text = (
        "# How do I delete my Facebook account?\nid: fb-delete\ntags: facebook, account\n\n"
        "Open Settings.\n\nThen delete.\n\n## How do I reset my Gmail password?\nRecovery page.\n"
    )
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "social.md").write_text(text, encoding="utf-8")
    entries = read_faq(tmp_path / "bank" / "social.md")
    assert [(e.id, e.question) for e in entries] == [
        ("fb-delete", "How do I delete my Facebook account?"),
        ("2", "How do I reset my Gmail password?"),
    ]
    assert entries[0].answer == "Open Settings.\n\nThen delete." and entries[0].tags == (
        "facebook",
        "account",
    )
    folder = read_faq(tmp_path / "bank")
    assert [e.id for e in folder] == ["fb-delete", "social#2"]


def test_stackfaq_threads_become_one_entry_per_answer(tmp_path: Path) -> None:
    data = {"root": {"qapair": [
        {"question": "Q one?", "answer": ["a1", "a2"], "rephr": ["r1", "*", None, "r2"]},
        {"question": "Q two?", "answer": "b1", "rephr": []},
    ]}}  # fmt: skip
    path = tmp_path / "stack.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    entries = read_faq(path)
    assert [(e.id, e.thread, e.answer) for e in entries] == [
        ("0.0", "0", "a1"), ("0.1", "0", "a2"), ("1.0", "1", "b1"),
    ]  # fmt: skip
    assert entries[0].rephrasings == ("r1", "r2") and entries[0].group == entries[1].group


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.json", None, "no such file"),
        ("bad.json", "{not json", "not valid JSON"),
        ("noanswer.json", json.dumps([{"question": "q?"}]), "no usable answer"),
        ("dup.json", json.dumps([{"id": "a", "question": "q", "answer": "x"}] * 2), "two entries"),
        ("empty.json", "[]", "no entries"),
        ("faq.xml", "<faq/>", "unknown extension"),
    ],
)
def test_bad_files_are_typed_errors_with_a_hint(
    tmp_path: Path, name: str, content: str | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(FaqFileError) as caught:
        read_faq(path)
    assert reason in caught.value.message and "question and an answer" in caught.value.hint
    assert caught.value.to_info().code == "faq_file"


def test_offtopic_texts_from_txt_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one\n\n two \n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "three"}\n{"question": "four"}\n', encoding="utf-8")
    assert read_texts(tmp_path / "a.txt") == ["one", "two"]
    assert read_texts(tmp_path / "b.jsonl") == ["three", "four"]
