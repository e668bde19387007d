"""docs/cli.md is generated from the command tree and must match it."""

from __future__ import annotations

from pathlib import Path

from instrux.cli.reference import markdown_reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    expected = markdown_reference()
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is stale: run `python -m instrux.cli.reference > docs/cli.md`"
    )


def test_every_command_is_in_the_reference() -> None:
    text = markdown_reference()
    for command in ("run", "parse", "list", "show", "plugins", "train arithmetic", "export",
                    "train router", "eval router", "eval extrapolation", "setup"):  # fmt: skip
        assert f"## `instrux {command}`" in text
