"""How well text in another language routes when the instructions have English examples only
(issue 20: "a plugin with English examples only still routes other languages through the
multilingual encoder"): the built-in arithmetic and the units plugin re-registered with their
English examples alone, run on a per-language case folder; the same folder with the real
instructions (every language's examples) beside it.

Usage: ``python bench/languages_zero_shot.py tests/data/blind/r20b`` (prints a JSON table:
right / refused / wrong per language, both ways). Needs the units example plugin installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import instrux
from instrux import Engine
from instrux.plugins import RegisterExecutor, RegisterInstruction
from instrux.trust import evaluate, load_cases


class EnglishOnly:
    """The arithmetic and unit instructions of ``engine`` again, English examples only."""

    def __init__(self, engine: Engine) -> None:
        self.specs = [
            entry.spec.model_copy(
                update={"examples": entry.spec.examples_in({"en"}), "example_languages": ()}
            )
            for entry in engine.registry.instructions()
            if entry.spec.name.split(".")[0] in ("math", "units")
        ]
        self.executors = [engine.registry.chosen_executor(spec.name) for spec in self.specs]

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        for spec in self.specs:
            register(spec)

    @instrux.hookimpl
    def instrux_register_executors(self, register: RegisterExecutor) -> None:
        for chosen in self.executors:
            if chosen is not None:
                register(chosen.spec)


def _table(engine: Engine, folder: Path) -> dict[str, Any]:
    report = evaluate(engine, load_cases(folder), ("dev", "heldout"))
    return {
        score.lang: {"cases": score.cases, "right": score.right, "refused": score.refused,
                     "wrong": score.wrong}
        for score in report.languages
    }  # fmt: skip


def main() -> None:
    folder = Path(sys.argv[1])
    full = Engine(prefer_executor_kind="python")
    english = Engine(
        {"english_only": EnglishOnly(full)},
        load_entry_points=False,
        disable_builtins=["arithmetic", "neural"],
        prefer_executor_kind="python",
    )
    print(json.dumps({"every_language": _table(full, folder),
                      "english_examples_only": _table(english, folder)}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
