"""The template tier's near-miss index against the plain scan it replaced (parity)."""

from __future__ import annotations

import random

from instrux.templates.nearmiss import NearMissIndex

Literal = tuple[str, str, frozenset[str]]


def scan(literals: list[Literal], words: frozenset[str], limit: int) -> list[tuple[str, str]]:
    """The former implementation: every example scored in a Python loop."""
    scores: dict[str, tuple[float, str]] = {}
    for name, example, literal in literals:
        score = 2 * len(words & literal) / (len(words) + len(literal) or 1)
        if score > scores.get(name, (-1.0, ""))[0]:
            scores[name] = (score, example)
    ranked = sorted(((n, b) for n, b in scores.items() if b[0] > 0), key=lambda item: -item[1][0])[
        :limit
    ]
    return [(name, example) for name, (_, example) in ranked]


def test_index_ranks_exactly_like_the_scan_it_replaced() -> None:
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(40)]  # small: many ties and shared words
    literals: list[Literal] = []
    for intent in range(30):
        for number in range(rng.randint(1, 6)):
            words = frozenset(rng.sample(vocabulary, rng.randint(1, 6)))
            literals.append((f"demo.i{intent}", f"example {intent}-{number}", words))
    index = NearMissIndex(literals)
    for _ in range(300):
        words = frozenset(rng.sample(vocabulary, rng.randint(1, 7)))
        limit = rng.randint(1, 5)
        got = [(name, example) for name, _, example in index.best(words, limit)]
        assert got == scan(literals, words, limit), words


def test_no_shared_word_gives_no_near_miss() -> None:
    index = NearMissIndex([("demo.a", "add it", frozenset({"add", "it"}))])
    assert index.best(frozenset({"unrelated"}), 3) == []
    assert index.best(frozenset({"add"}), 3) == [("demo.a", 2 / 3, "add it")]
