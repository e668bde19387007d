"""Near misses of the template tier: the examples sharing the most words with a text.

The score is the Dice overlap of word sets (2 |shared| / (|text| + |example|)). An inverted
index (word -> the examples that contain it, as numpy arrays) makes a lookup cost the examples
that share a word with the text, counted in C, instead of a Python loop over every example:
with 10,000 registered examples the loop took about 60 ms a text, on the path every
semantically routed text takes (bench/routing_scale.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["NearMissIndex"]


class NearMissIndex:
    """Examples' literal words, indexed by word; examples must be grouped by instruction."""

    def __init__(self, literals: Sequence[tuple[str, str, frozenset[str]]]) -> None:
        import numpy as np  # here, not at module level: `import instrux` stays light

        self._names = [name for name, _, _ in literals]
        self._examples = [example for _, example, _ in literals]
        instruction_ids: dict[str, int] = {}
        self._instruction = np.array(
            [instruction_ids.setdefault(name, len(instruction_ids)) for name in self._names],
            dtype=np.int64,
        )
        self._sizes = np.array([len(words) for _, _, words in literals], dtype=np.float64)
        postings: dict[str, list[int]] = {}
        for row, (_, _, words) in enumerate(literals):
            for word in words:
                postings.setdefault(word, []).append(row)
        self._postings = {w: np.array(rows, dtype=np.int64) for w, rows in postings.items()}

    def best(self, words: frozenset[str], limit: int) -> list[tuple[str, float, str]]:
        """``(instruction, score, example)`` of the best example of each of the ``limit`` best
        instructions; ties go to the instruction (then the example) registered first."""
        import numpy as np

        hits = [self._postings[w] for w in words if w in self._postings]
        if not hits or limit <= 0:
            return []
        rows, shared = np.unique(np.concatenate(hits), return_counts=True)  # rows sorted
        scores = 2 * shared / (len(words) + self._sizes[rows])
        order = np.lexsort((rows, -scores))  # best score first, then registration order
        ranked_rows: npt.NDArray[np.int64] = rows[order]
        _, first = np.unique(self._instruction[ranked_rows], return_index=True)
        chosen = np.sort(first)[:limit]  # positions in the ranking, best first
        return [
            (self._names[int(r)], float(scores[order][p]), self._examples[int(r)])
            for p, r in zip(chosen, ranked_rows[chosen], strict=True)
        ]
