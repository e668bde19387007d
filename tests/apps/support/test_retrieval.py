"""The index and the retriever on a small FAQ bank, with the real default encoder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.apps.support.conftest import require_support

require_support()

from instrux_support import Retriever, build_index, load_index  # noqa: E402

from instrux import ConfigurationError, Engine, NoMatchError  # noqa: E402
from instrux.runtime.errors import ArtifactError  # noqa: E402
from tests.apps.support.conftest import OFF_TOPIC, faq_entries  # noqa: E402


@pytest.fixture(scope="module")
def retriever(faq_index: Path, support_engine: Engine) -> Retriever:
    return Retriever(load_index(faq_index), support_engine.encoder())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how do I get rid of my facebook account", "fb-delete"),
        ("I forgot the password of my gmail", "gmail-password"),
        ("youtube plays one video after another, make it stop", "yt-autoplay"),
        ("can I export trello boards", "trello-export"),
    ],
)
def test_answers_with_the_matching_entry(
    retriever: Retriever, question: str, expected: str
) -> None:
    answer = retriever.answer(question)
    assert answer.source_id == expected == answer.entry.id
    assert answer.answer == next(e.answer for e in faq_entries() if e.id == expected)
    assert len(answer.runners_up) == 3 and all(m.score <= answer.score for m in answer.runners_up)
    assert answer.score >= retriever.index.threshold


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_is_refused_with_the_closest_entries(retriever: Retriever, question: str) -> None:
    with pytest.raises(NoMatchError) as caught:
        retriever.answer(question)
    closest = caught.value.details["closest"]
    assert len(closest) == 4 and closest[0]["score"] < retriever.index.threshold
    assert caught.value.candidates[0].instruction == "support.answer"
    assert "below the refusal threshold" in (caught.value.candidates[0].evidence or "")


def test_in_memory_and_lancedb_dense_scores_agree(retriever: Retriever) -> None:
    lance = Retriever(retriever.index, retriever.encoder, in_memory_rows=0)
    assert lance.vectors is None and retriever.vectors is not None
    for question in ["how do I get rid of my facebook account", *OFF_TOPIC]:
        vector = retriever.embed([question])[0]
        exact = retriever.scores(question, vector).dense
        searched = lance.scores(question, vector).dense
        np.testing.assert_allclose(searched, exact, atol=1e-5)


def test_an_entry_added_later_is_found_without_retraining(
    support_engine: Engine, tmp_path: Path
) -> None:
    entries = faq_entries()
    encoder = support_engine.encoder()
    first = load_index(build_index([e for e in entries if e.id != "docs-share"], encoder,
                                   tmp_path / "first"))  # fmt: skip
    kept = first.trained_head()
    assert kept is not None and len(kept[0]) == len(entries) - 1
    index = load_index(build_index(entries, encoder, tmp_path / "later", head=kept))
    assert index.head_class[[e.id for e in entries].index("docs-share")] == -1
    answer = Retriever(index, encoder).answer("how can I give my coworker access to a google doc")
    assert answer.source_id == "docs-share"


def test_without_rephrasings_there_is_no_head(support_engine: Engine, tmp_path: Path) -> None:
    plain = [e.model_copy(update={"rephrasings": ()}) for e in faq_entries()]
    index = load_index(build_index(plain, support_engine.encoder(), tmp_path / "plain"))
    assert index.head is None and index.fusion.head == 0.0
    answer = Retriever(index, support_engine.encoder()).answer("delete my facebook account")
    assert answer.source_id == "fb-delete"


def test_missing_and_corrupt_indexes_are_typed_errors(faq_index: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as missing:
        load_index(tmp_path / "nothing")
    assert "instrux support index --faq" in missing.value.hint
    broken = tmp_path / "broken"
    shutil.copytree(faq_index, broken)
    (broken / "entries.json").write_text('{"entries": []}', encoding="utf-8")
    with pytest.raises(ArtifactError, match=r"entries\.json"):
        load_index(broken)
