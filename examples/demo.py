"""The main job in one screen: route, dispatch and execute a handful of instructions.

Run with ``make demo`` (sets up .venv first) or ``python examples/demo.py``.
Each line shows the value, which instruction and tier routed it, which executor and plugin ran
it and how long it took; instructions that cannot run show their typed error instead.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from instrux import Engine, InstruxError

INSTRUCTIONS = [
    "what is 3 plus 5",
    "subtract 4 from 10",
    "the product of 6 and 7",
    "divide 100 by 4",
    "square of 12",
    "2 to the power of 10",
    "What's twenty-one times two?",
    "add 123456 and 654321",
    "multiply 123456 by 789",
    "could you tell me what 3 and 5 add up to",
    "convert 5 km to mi",
    "add 2 and 3 then multiply by 4",  # a plan of two steps
    "classify 'the battery died after a day' as positive or negative",  # the language model
    "divide 1 by 0",
    "book a table for two at 8pm",
]


def main() -> None:
    console = Console(width=None if Console().is_terminal else 150)
    engine = Engine()
    table = Table(title="instrux demo", show_lines=False)
    for column in ("instruction text", "value", "routed to", "tier", "executor (plugin)", "ms"):
        table.add_column(column, overflow="fold")
    problems: list[str] = []
    for text in INSTRUCTIONS:
        try:
            result = engine.run(text)
        except InstruxError as err:
            table.add_row(text, f"[red]{err.code}[/red]", _closest(err), "", "", "")
            problems.append(f"[red]{err.code}[/red] {text!r}: {err}")
            continue
        table.add_row(
            text,
            repr(result.value),
            result.call.instruction,
            result.call.route.tier,
            f"{result.executor} ({result.plugin})",
            f"{result.timings_ms['total']:.3f}",
        )
    console.print(table)
    for problem in problems:
        console.print(problem)
    loaded = [p.name for p in engine.plugins() if p.status == "loaded"]
    console.print(f"{len(engine.instructions())} instructions from plugins: {', '.join(loaded)}")


def _closest(err: InstruxError) -> str:
    return ", ".join(f"{c.instruction}? ({c.score:.2f})" for c in err.candidates[:2])


if __name__ == "__main__":
    main()
