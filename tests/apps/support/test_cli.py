"""`instrux support index | ask | eval` and `instrux run`, with the plugin given to the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.apps.support.conftest import require_support

require_support()

from instrux_support.index import DEFAULT_THRESHOLD  # noqa: E402
from instrux_support.plugin import SupportPlugin  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from instrux.cli.main import build_app  # noqa: E402
from tests.apps.support.conftest import FAQ  # noqa: E402


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
    # --no-head keeps torch out of this test; the head is tested in test_retrieval.py.
    built = runner.invoke(app, ["support", "index", "--faq", str(faq_file), "--out", str(out),
                                "--no-head", "--json"])  # fmt: skip
    assert built.exit_code == 0, built.output
    summary = json.loads(built.stdout)
    assert summary["entries"] == len(FAQ) and summary["head_classes"] == 0
    assert summary["threshold"] == DEFAULT_THRESHOLD["dense"]
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
