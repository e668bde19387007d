"""finance.topic, and the promise an installed plugin must keep: it takes no text meant for
another instruction, and without a head finance.sentiment says how to build one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from instrux import ConfigurationError, Engine, Settings
from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance import plugin
from instrux_finance.topic import event_type, topic

# Texts of the built-in instructions and of the units plugin's phrasings (template tier).
OTHER_TEXTS = [
    "what is 3 plus 5",
    "add 3 and 5",
    "divide 10 by 4",
    "what is the square root of 81",
    "subtract 7 from 10 then multiply by 3",
    "what is the sentiment of 'profits fell'",
    "how many yards are in a mile",
    'count the words in "the market fell"',
]


def _engine(tmp_path: Path, *, with_finance: bool) -> Engine:
    settings = Settings(
        cache_dir=tmp_path / "cache",
        heads_dir=tmp_path / "heads",
        disable_builtins=frozenset({"semantic"}),
    )
    plugins = {"finance": plugin} if with_finance else {}
    return Engine(plugins=plugins, settings=settings, load_entry_points=False)


def test_cashtags_and_company_names_find_the_stocks_in_order() -> None:
    found = topic("Apple beats on earnings; $msft and Google lag, $C flat, $CAT up")
    assert found.tickers == ["AAPL", "MSFT", "GOOG", "C", "CAT"]
    assert found.companies[0] == "Apple Inc." and found.event == "earnings"
    assert topic("I baked an apple pie").tickers == []  # a name is matched as written
    assert topic("$CATS and $Cx").tickers == []  # a cashtag ends where the symbol ends


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Goldman upgrades $BA to buy, price target raised", "analyst"),
        ("Pfizer to acquire Allergan in a $160B merger", "deal"),
        ("$WFC fined by regulators after SEC probe", "legal"),
        ("Apple unveils a new iPhone at its launch event", "product"),
        ("Fed holds rates as inflation stays low", "macro"),
        ("$KO closes at 41.20", "other"),
    ],
)
def test_the_event_type_is_the_category_with_most_keywords(text: str, event: str) -> None:
    assert event_type(text) == event


def test_finance_topic_runs_through_the_engine(tmp_path: Path) -> None:
    result = _engine(tmp_path, with_finance=True).run(
        "what is the finance topic of Boeing shares fell after the FAA probe"
    )
    assert result.call.instruction == "finance.topic"
    assert result.value.tickers == ["BA"] and result.value.event == "legal"


def test_other_instructions_route_exactly_as_without_the_plugin(tmp_path: Path) -> None:
    without = _engine(tmp_path, with_finance=False)
    with_finance = _engine(tmp_path, with_finance=True)
    before = [_outcome(without, t) for t in OTHER_TEXTS]
    after = [_outcome(with_finance, t) for t in OTHER_TEXTS]
    assert after == before
    batch = with_finance.parse_many(OTHER_TEXTS, return_exceptions=True)
    assert [type(o).__name__ if isinstance(o, Exception) else o.instruction for o in batch] == [
        o[0] for o in before
    ]
    assert not any(o[0].startswith("finance.") for o in after)


@pytest.mark.slow
def test_with_the_semantic_tier_too_nothing_else_routes_differently() -> None:
    # The real encoder (as tests/semantic): the finance instructions have no examples, so the
    # semantic tier cannot send any text to them.
    settings = Settings(plugins=frozenset())
    without = Engine(settings=settings, load_entry_points=False)
    with_finance = Engine(plugins={"finance": plugin}, settings=settings, load_entry_points=False)
    texts = [
        *OTHER_TEXTS,
        "what is the sentiment of this tweet: great quarter",
        "how is apple stock doing",
        "summarize this article",
    ]
    assert [_outcome(with_finance, t) for t in texts] == [_outcome(without, t) for t in texts]


def test_the_finance_instructions_have_no_examples_for_other_tiers(tmp_path: Path) -> None:
    engine = _engine(tmp_path, with_finance=True)
    for name in ("finance.sentiment", "finance.topic"):
        assert engine.instruction(name).examples == []
        assert "Say: 'what is the financ" in engine.instruction(name).description


@pytest.mark.parametrize(
    ("text", "instruction", "argument"),
    [
        ("What's the finance topic of 'Apple fell'?", "finance.topic", "Apple fell"),
        ("finance topic of: $KO earnings beat", "finance.topic", "$KO earnings beat"),
        ("which stocks are mentioned in Boeing and Airbus", "finance.topic", "Boeing and Airbus"),
        (
            "classify the market sentiment of \u201cshares fell\u201d",
            "finance.sentiment",
            "shares fell",
        ),
        ("Financial sentiment of profits rose 3 %", "finance.sentiment", "profits rose 3 %"),
    ],
)
def test_the_exact_tier_takes_its_phrasings_and_the_rest_is_the_text(
    tmp_path: Path, text: str, instruction: str, argument: str
) -> None:
    engine = _engine(tmp_path, with_finance=True)
    for call in (engine.parse(text), engine.parse_many([text])[0]):
        assert call.instruction == instruction and call.route.tier == "finance"  # type: ignore[union-attr]
        assert call.arguments.text == argument  # type: ignore[union-attr]


def _outcome(engine: Engine, text: str) -> tuple[str, str]:
    try:
        call = engine.parse(text)
    except Exception as err:
        return (type(err).__name__, "")
    return (call.instruction, call.arguments.model_dump_json())


def test_without_a_head_finance_sentiment_says_how_to_build_it(tmp_path: Path) -> None:
    engine = _engine(tmp_path, with_finance=True)
    assert "finance.sentiment" in {i.name for i in engine.instructions()}
    with pytest.raises(ConfigurationError) as caught:
        engine.run("what is the financial sentiment of profits rose sharply")
    assert "no trained head" in caught.value.message
    assert "instrux finance train --data" in caught.value.hint


def test_a_finance_sentiment_head_in_the_heads_directory_is_no_conflict(tmp_path: Path) -> None:
    head = tmp_path / "heads" / "finance.sentiment"
    head.mkdir(parents=True)
    (head / "config.json").write_text(
        json.dumps(
            {
                "format": "instrux.head/1",
                "task": "classification",
                "instruction": "finance.sentiment",
                "description": "Sentiment.",
                "phrasings": ["what is the financial sentiment of {text}"],
                "labels": ["negative", "neutral", "positive"],
                "mode": "linear",
            }
        )
    )
    engine = _engine(tmp_path, with_finance=True)
    info = {p.name: p for p in engine.plugins()}
    assert info["finance"].conflicts == [] and engine.conflicts == []
    assert engine.instruction("finance.sentiment").plugin == "instrux.heads"
    assert engine.run("add 2 and 3").value == 5
