"""`instrux support index | ask | eval` and `instrux run`, with the plugin given to the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from instrux_support.plugin import SupportPlugin
from typer.testing import CliRunner

from instrux.cli.main import build_app
from tests.apps.support.conftest import FAQ


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSTRUX_PLUGINS", "")  # the installed entry point, if any, stays out
    monkeypatch.setattr(
        "instrux_support.session.default_index_dir", lambda settings: tmp_path / "default"
    )
    return build_app({"support": SupportPlugin()})


def test_index_ask_and_run(app, faq_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "default"
    built = runner.invoke(app, ["support", "index", "--faq", str(faq_file), "--out", str(out),
                                "--json"])  # fmt: skip
    assert built.exit_code == 0, built.output
    summary = json.loads(built.stdout)
    assert summary["entries"] == len(FAQ) and summary["head_classes"] == len(FAQ)
    asked = runner.invoke(app, ["support", "ask", "I forgot my gmail password", "--json"])
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["source_id"] == "gmail-password"
    refused = runner.invoke(app, ["support", "ask", "how tall is mount everest", "--json"])
    assert refused.exit_code == 3 and json.loads(refused.stdout)["code"] == "no_match"
    ran = runner.invoke(app, ["run", "how do I get rid of my facebook account", "--json"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["value"]["source_id"] == "fb-delete"


def test_without_an_index_the_commands_say_how_to_build_one(app) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["support", "ask", "how do I delete my account"])
    assert result.exit_code == 10
    assert "instrux support index --faq FILE" in result.output


def test_a_bad_faq_file_is_a_clear_error(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "faq.json"
    bad.write_text('[{"question": "no answer here"}]', encoding="utf-8")
    result = CliRunner().invoke(app, ["support", "index", "--faq", str(bad)])
    assert result.exit_code == 10 and "no usable answer" in result.output
    assert "Traceback" not in result.output
