"""onnxruntime-genai against transformers on the tiny Llama: the same token ids, the same
log-probabilities; the cached-prefix path against the recomputed one; greedy generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from instrux.llm.genai import GenaiBackend
from instrux.llm.hf import TransformersBackend

CASES = [
    ("Review: a delight\nSentiment:", "", [" positive", " negative"]),
    ("Classify the text as one of: positive, negative.\n\n", "Text: dull\nAnswer:",
     [" positive", " negative", " neutral"]),
    ("Request: add 2 and 3\n", "Instruction:", [" math.add", " none", " text.classify"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def genai(tiny_genai: Path) -> GenaiBackend:
    return GenaiBackend.load(tiny_genai, device="cpu")


@pytest.fixture(scope="module")
def reference(tiny_hf: Path) -> TransformersBackend:
    return TransformersBackend.load(tiny_hf)


def test_both_tokenizers_give_the_same_ids(
    genai: GenaiBackend, reference: TransformersBackend
) -> None:
    for prefix, item, options in CASES:
        for text in (prefix, item, *options):
            if text:
                assert genai.encode(text) == reference.encode(text), text


@pytest.mark.parametrize(("prefix", "item", "options"), CASES)
def test_label_logprobs_match_transformers(
    genai: GenaiBackend, reference: TransformersBackend, prefix: str, item: str, options: list[str]
) -> None:
    ids = [reference.encode(o) for o in options]
    assert any(len(o) > 1 for o in ids) or prefix.startswith("Review")  # multi-token labels too
    p, i = reference.encode(prefix), reference.encode(item) if item else []
    ours = genai.score_ids(p, i, ids)
    theirs = reference.score_ids(p, i, ids)
    assert ours == pytest.approx(theirs, abs=2e-3)
    assert max(theirs) - min(theirs) > 0.01  # the options differ: the check means something


def test_cached_prefix_equals_recomputing_everything(genai: GenaiBackend) -> None:
    prefix, item, options = CASES[1]
    p, i, o = genai.encode(prefix), genai.encode(item), [genai.encode(x) for x in options]
    first = genai.score_ids(p, i, o)
    again = genai.score_ids(p, i, o)  # served from the cached prefix
    whole = genai.score_ids([], [*p, *i], o)  # nothing cached
    assert again == pytest.approx(first, abs=1e-5)
    assert whole == pytest.approx(first, abs=1e-3)


def test_text_scoring_concatenates_ids_not_strings(genai: GenaiBackend) -> None:
    scores = genai.score("Review: dull\n\n", "Review: fine\nSentiment:", [" positive", " negative"])
    assert scores.prompt_tokens == len(genai.encode("Review: dull\n\n")) + len(
        genai.encode("Review: fine\nSentiment:")
    )
    assert scores.cached_tokens == len(genai.encode("Review: dull\n\n"))
    assert scores.exact


def test_greedy_generation_matches_transformers(
    genai: GenaiBackend, reference: TransformersBackend
) -> None:
    prompt = reference.encode("Review: a delight\nSentiment:")
    ours = genai.generate_ids(prompt, max_new_tokens=8)
    theirs = reference.generate_ids(prompt, max_new_tokens=8)
    assert ours.text == theirs.text
    assert ours.prompt_tokens == theirs.prompt_tokens == len(prompt)
    assert 0 < ours.completion_tokens <= 8


def test_a_deadline_in_the_past_stops_generation(genai: GenaiBackend) -> None:
    out = genai.generate("Review:", max_new_tokens=50, deadline=0.0)
    assert out.stopped == "deadline"
    assert out.completion_tokens == 0
