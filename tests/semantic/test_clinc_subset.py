"""A few CLINC150 intents through the real encoder and the engine (skipped without the data)."""

from __future__ import annotations

import pytest

from instrux import Engine, NoMatchError
from instrux.heads.intents import DatasetInstructions
from instrux.train.data import OOS, LabelledSplits

INTENTS = {"book_flight", "weather", "translate", "balance", "timer"}

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def subset(clinc: LabelledSplits) -> LabelledSplits:
    return clinc.subset(INTENTS, oos_per_split=40)


@pytest.fixture(scope="module")
def clinc_engine(subset: LabelledSplits) -> Engine:
    plugin = DatasetInstructions(subset, prefix="clinc", max_examples=25)
    return Engine(
        plugins={"clinc": plugin},
        load_entry_points=False,
        disable_builtins=["arithmetic", "neural", "llm"],
    )


def _route(engine: Engine, text: str) -> str:
    try:
        return engine.parse(text).instruction
    except NoMatchError:
        return OOS


def test_in_scope_test_utterances_route_to_their_intent(
    clinc_engine: Engine, subset: LabelledSplits
) -> None:
    rows = [(t, i) for t, i in subset.split("test") if i != OOS]
    correct = sum(_route(clinc_engine, text) == f"clinc.{intent}" for text, intent in rows)
    assert correct / len(rows) >= 0.9, f"{correct}/{len(rows)}"


def test_some_out_of_scope_utterances_are_rejected(
    clinc_engine: Engine, subset: LabelledSplits
) -> None:
    rows = [t for t, i in subset.split("test") if i == OOS]
    rejected = sum(_route(clinc_engine, text) == OOS for text in rows)
    # Thresholds come from a handful of examples and generic off-topic sentences only: they
    # reject the clearly unrelated, not everything (CLINC's out-of-scope rows are near misses).
    assert rejected / len(rows) >= 0.5, f"{rejected}/{len(rows)}"
