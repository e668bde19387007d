"""A language-model stand-in that behaves like the real one where it hurts: each call holds
the GIL in C (big-integer powers, as ``append_tokens`` does in onnxruntime-genai) for as long
as the item asks, or grows its memory. Imported by worker processes (spawn), so it lives in a
module of its own, not in a test file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from instrux.llm.backend import Generation, Scores

# One C call that holds the GIL for ~0.2 s on this machine (3 ** 1e6: 0.22 s measured).
POWER = 1_000_000


def hold_gil(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pow(3, POWER)


class StandInBackend:
    """Items ``"hold:S"`` hold the GIL for S seconds (in 0.2 s C calls); ``"sum:N"`` hold it
    in one C call, ``sum(range(N))``; ``"grow:M"`` keep M more MiB resident."""

    name = "stand-in"
    model = "gil-holder"

    def __init__(self) -> None:
        self.ballast: list[bytes] = []

    def _act(self, item: str) -> None:
        verb, _, amount = item.partition(":")
        if verb == "hold":
            hold_gil(float(amount))
        elif verb == "sum":
            sum(range(int(amount)))
        elif verb == "grow":
            self.ballast.append(b"x" * (int(amount) << 20))  # written: resident, not reserved

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        self._act(item)
        return Scores([-float(len(o)) for o in options], len(item), 0, len(options))

    def generate(self, prompt: str, *, max_new_tokens: int,
                 json_schema: dict[str, Any] | None = None,
                 deadline: float | None = None) -> Generation:  # fmt: skip
        self._act(prompt)
        return Generation(prompt[::-1], len(prompt), len(prompt), "eos")


def open_stand_in() -> StandInBackend:
    return StandInBackend()
