"""``instrux eval trust``, several instructions on stdin, and huge integers."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Invoke


def _cases(folder: Path) -> Path:
    folder.mkdir()
    (folder / "sample.jsonl").write_text(
        '{"text": "add 2 and 3", "value": 5, "split": "heldout"}\n'
        '{"text": "add 2 and 3", "value": 6, "split": "heldout"}\n'
        '{"text": "tell me a joke", "value": null, "split": "heldout"}\n'
        '{"text": "add 1 and 1", "value": 2, "split": "dev"}\n',
        encoding="utf-8",
    )
    return folder


def test_eval_trust_counts_right_refused_and_wrong(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("eval", "trust", "--data", str(_cases(tmp_path / "cases")), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["total"] == {
        "kind": "all",
        "cases": 3,
        "right": 1,
        "refused": 1,
        "wrong": 1,
        "lang": None,
    }
    assert [w["text"] for w in report["wrong"]] == ["add 2 and 3"]
    table = invoke("eval", "trust", "--data", str(tmp_path / "cases"), "--split", "all")
    assert "WRONG [sample] 'add 2 and 3': answered 5" in table.stdout


def test_eval_trust_without_cases_says_where_to_put_them(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("eval", "trust", "--data", str(tmp_path))
    assert result.exit_code == 7 and "--data" in result.stderr


def test_several_lines_on_stdin_are_several_instructions(invoke: Invoke) -> None:
    result = invoke("run", input=b"add 1 and 2\nmultiply 3 by 4\n")
    assert result.exit_code == 0 and result.stdout == "3\n12\n"
    failed = invoke("run", input=b"add 1 and 2\ntell me a joke\nmultiply 3 by 4\n")
    assert failed.exit_code == 3 and failed.stdout == "3\n\n12\n"
    assert "line 2" in failed.stderr
    as_json = invoke("run", "--json", input=b"add 1 and 2\nmultiply 3 by 4\n")
    assert [item["value"] for item in json.loads(as_json.stdout)] == [3, 12]


def test_results_with_thousands_of_digits_print_whole(invoke: Invoke) -> None:
    result = invoke("run", "2 to the power of 20000")
    assert result.exit_code == 0
    digits = result.stdout.strip()
    assert len(digits) == 6021 and digits.isdigit()
    assert digits.startswith("3980") and digits.endswith("9376")  # 2**20000 = 3980...9376
