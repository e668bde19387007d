"""finance.topic's event type: the trained event head when there is one, the keyword rule
otherwise; labelled posts with an unknown event are a typed error."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from instrux import ConfigurationError, Engine, Settings
from tests.apps.finance.conftest import NOT_INSTALLED
from tests.heads.conftest import FILLER, NEGATIVE, POSITIVE

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance import plugin
from instrux_finance.events import Scored, _scored, events_dir, read_events

# The tiny model knows few words: "earnings" posts carry a word of POSITIVE, "legal" ones a
# word of NEGATIVE, "other" ones only filler (with a link and a mention the head never sees).
WORDS = {"earnings": POSITIVE, "legal": NEGATIVE}


def _labelled(path: Path, n: int = 120, seed: int = 0) -> Path:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        event = ("earnings", "legal", "other")[i % 3]
        words = rng.sample(FILLER, 3)
        if event in WORDS:
            words.append(rng.choice(WORDS[event]))
        rng.shuffle(words)
        rows.append({"text": f"RT @desk: {' '.join(words)} https://t.co/x{i}", "event": event})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def event_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose cache holds an event head trained on a tiny seeded BERT."""
    from instrux.heads.build import HeadRecipe, build_head
    from instrux.heads.config import HeadTrainConfig
    from instrux.train.progress import Watcher
    from tests.heads.conftest import tiny_encoder, write_tiny_model

    root = tmp_path_factory.mktemp("events")
    settings = Settings(
        cache_dir=root / "cache", heads_dir=root / "heads", device="cpu",
        disable_builtins=frozenset({"semantic"}),
    )  # fmt: skip
    cfg = HeadTrainConfig(mode="finetune", lr_encoder=3e-2, max_epochs=10, patience=0, min_steps=0)
    with Watcher(progress=False) as watcher:
        build_head(
            read_events(_labelled(root / "events.jsonl")),
            cfg,
            HeadRecipe("finance.event", routes=False),
            events_dir(settings),
            encoder=tiny_encoder(write_tiny_model(root / "model"), root / "enc"),
            watcher=watcher,
        )
    return settings


def test_labelled_posts_are_read_as_the_head_sees_them(tmp_path: Path) -> None:
    data = read_events(_labelled(tmp_path / "e.jsonl", n=6))
    texts = [t for rows in data.splits.values() for t, _ in rows]
    assert texts and not any("http" in t or "@desk" in t or t.startswith("RT") for t in texts)


def test_an_unknown_event_label_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "profits rose", "event": "weather"}\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="weather") as err:
        read_events(path)
    assert "earnings" in (err.value.hint or "")


def test_with_a_trained_head_the_topic_event_comes_from_it(event_settings: Settings) -> None:
    engine = Engine(plugins={"finance": plugin}, settings=event_settings, load_entry_points=False)
    texts = {
        "what is the finance topic of $AAPL the profits rose very sharply": "earnings",
        "what is the finance topic of $AAPL the profits fell very sharply": "legal",
    }
    results = engine.run_many(list(texts))
    for result, event in zip(results, texts.values(), strict=True):
        assert result.value.tickers == ["AAPL"]
        assert result.value.event_by == "head" and result.value.event == event
        assert 0.0 < result.value.event_score <= 1.0
    assert engine.run(next(iter(texts))).value == results[0].value  # one path, one answer


def test_without_a_head_the_keyword_rule_answers(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, heads_dir=tmp_path / "heads",
                        disable_builtins=frozenset({"semantic"}))  # fmt: skip
    engine = Engine(plugins={"finance": plugin}, settings=settings, load_entry_points=False)
    value = engine.run("what is the finance topic of Goldman upgrades $BA to buy").value
    assert (value.event, value.event_by, value.event_score) == ("analyst", "keywords", None)


class _Prediction:
    def __init__(self, label: str, score: float, in_scope: bool) -> None:
        self.label, self.score, self.in_scope = label, score, in_scope


def test_a_prediction_below_the_threshold_is_other_not_a_guess() -> None:
    assert _scored(_Prediction("legal", 0.31, in_scope=False)) == Scored("other", 0.31, True)
    assert _scored(_Prediction("legal", 0.91, in_scope=True)) == Scored("legal", 0.91, False)
