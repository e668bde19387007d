"""The plugin in an engine: FAQ questions go to support.answer, nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apps.support.conftest import require_support

require_support()

from instrux_support import SupportAnswer, SupportArguments  # noqa: E402
from instrux_support.plugin import SupportPlugin  # noqa: E402

from instrux import Call, ConfigurationError, Engine, NoMatchError  # noqa: E402
from tests.apps.support.conftest import OFF_TOPIC  # noqa: E402

# Texts other plugins answer: they must route and run exactly as without the support plugin.
OTHERS = [
    "add 3 and 5",
    "what is 12 times 7",
    "what's two plus two",
    "subtract 4 from 10",
    "what is 2 to the power of 10",
    "what is the sum of 5 and 6",
]


def _engine(index: Path | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Engine:
    where = index if index is not None else tmp_path / "no-index"
    monkeypatch.setattr("instrux_support.session.default_index_dir", lambda settings: where)
    return Engine(plugins={"support": SupportPlugin()}, load_entry_points=False)


def test_a_support_question_is_answered_with_its_source(
    faq_index: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = _engine(faq_index, monkeypatch, tmp_path)
    result = engine.run("how do I get rid of my facebook account")
    assert result.call.instruction == "support.answer" and result.call.route.tier == "support"
    answer = SupportAnswer.model_validate(result.value)
    assert answer.source_id == "fb-delete" and result.call.route.details["entry"] == "fb-delete"
    assert result.details["head"] is True


@pytest.mark.parametrize("text", OFF_TOPIC)
def test_an_off_topic_question_is_refused(
    faq_index: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str
) -> None:
    with pytest.raises(NoMatchError):
        _engine(faq_index, monkeypatch, tmp_path).run(text)


def test_other_instructions_route_exactly_as_before(
    faq_index: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plain = Engine(load_entry_points=False)
    with_support = _engine(faq_index, monkeypatch, tmp_path)
    for text in OTHERS:
        before, after = plain.run(text), with_support.run(text)
        assert (after.call.instruction, after.call.route.tier, after.value) == (
            before.call.instruction,
            before.call.route.tier,
            before.value,
        ), text


def test_direct_call_refuses_off_topic_with_the_closest_entries(
    faq_index: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = _engine(faq_index, monkeypatch, tmp_path)
    call = Call(instruction="support.answer", arguments=SupportArguments(question=OFF_TOPIC[0]))
    with pytest.raises(NoMatchError) as caught:
        engine.execute(call)
    assert caught.value.to_info().code == "no_match" and caught.value.details["closest"]


def test_without_an_index_nothing_is_taken_and_the_call_says_how_to_build_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = _engine(None, monkeypatch, tmp_path)
    assert "support.answer" in {info.name for info in engine.instructions()}
    with pytest.raises(NoMatchError):
        engine.run("how do I get rid of my facebook account")
    assert engine.run("add 3 and 5").value == 8
    call = Call(instruction="support.answer", arguments=SupportArguments(question="hello"))
    with pytest.raises(ConfigurationError) as caught:
        engine.execute(call)
    assert "instrux support index --faq" in caught.value.hint


def test_run_many_routes_every_text_as_run_does(
    faq_index: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = _engine(faq_index, monkeypatch, tmp_path)
    texts = ["how do I get rid of my facebook account", OFF_TOPIC[0], "add 3 and 5",
             "I forgot my gmail password"]  # fmt: skip
    batch = engine.run_many(texts, return_exceptions=True)
    for text, outcome in zip(texts, batch, strict=True):
        try:
            single = engine.run(text)
        except NoMatchError:
            assert isinstance(outcome, NoMatchError), text
            continue
        assert not isinstance(outcome, Exception), text
        assert (outcome.call.instruction, outcome.value) == (single.call.instruction, single.value)
