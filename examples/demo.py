"""The main job in one screen: route, dispatch and execute a handful of instructions.

Run with ``make demo`` (sets up .venv first) or ``python examples/demo.py``.
Each line shows the value, which instruction and tier routed it, which executor and plugin ran
it and how long it took; instructions that cannot run show their typed error instead.

Every executor kind is on the table: the arithmetic nets, a plan, the language model, a trained
head (``demo.intent``, trained once from ``demo_data/intents.csv`` into
``CACHE_DIR/demo/heads``) and the two application plugins: ``support.answer`` (an FAQ index
built once from ``demo_data/notes_faq.json`` into ``CACHE_DIR/support/index``, the engine's
own, when none is there) and ``finance.topic``. A plugin that is not installed is skipped with
a note.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from instrux import Engine, InstruxError, Settings, load_settings

DATA = Path(__file__).resolve().parent / "demo_data"

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
HEAD_INSTRUCTIONS = ["switch on the lights in the garage"]  # a raw sentence: the head routes it
SUPPORT_INSTRUCTIONS = ["I accidentally deleted a note, can I get it back?"]
FINANCE_INSTRUCTIONS = ["what is the finance topic of $BA shares fell after the FAA probe"]


def main() -> None:
    console = Console(width=None if Console().is_terminal else 150)
    settings = load_settings()
    notes: list[str] = []
    instructions = list(INSTRUCTIONS)
    heads_dir = settings.cache_dir.expanduser() / "demo" / "heads"
    if _head(console, heads_dir / "demo.intent", notes):
        instructions += HEAD_INSTRUCTIONS
    if _support_index(console, settings, notes):
        instructions += SUPPORT_INSTRUCTIONS
    if _installed("instrux_finance", "finance.topic", notes):
        instructions += FINANCE_INSTRUCTIONS
    engine = Engine(settings=settings.with_options(heads_dir=heads_dir))
    table = Table(title="instrux demo", show_lines=False)
    for column in ("instruction text", "value", "routed to", "tier", "executor (plugin)", "ms"):
        table.add_column(column, overflow="fold")
    problems: list[str] = []
    for text in instructions:
        try:
            result = engine.run(text)
        except InstruxError as err:
            table.add_row(text, f"[red]{err.code}[/red]", _closest(err), "", "", "")
            problems.append(f"[red]{err.code}[/red] {text!r}: {err}")
            continue
        table.add_row(
            text,
            _shown(result.value),
            result.call.instruction,
            result.call.route.tier,
            f"{result.executor} ({result.plugin})",
            f"{result.timings_ms['total']:.3f}",
        )
    console.print(table)
    for problem in problems:
        console.print(problem)
    for note in notes:
        console.print(f"[yellow]skipped[/yellow] {note}")
    loaded = [p.name for p in engine.plugins() if p.status == "loaded"]
    console.print(f"{len(engine.instructions())} instructions from plugins: {', '.join(loaded)}")


def _head(console: Console, artifact: Path, notes: list[str]) -> bool:
    """Train the intent head once (seconds); the engine loads it from its heads directory."""
    if (artifact / "manifest.json").is_file():
        return True
    console.print(f"[dim]One-time set-up: training the head demo.intent into {artifact} ...[/dim]")
    command = ["train", "head", "--data", str(DATA / "intents.csv")]
    command += ["--instruction", "demo.intent", "--out", str(artifact), "--no-progress"]
    return _cli(command, "the trained head demo.intent", notes)


def _support_index(console: Console, settings: Settings, notes: list[str]) -> bool:
    """Build the FAQ index of a fictional notes app once, unless the engine has one already."""
    if not _installed("instrux_support", "support.answer", notes):
        return False
    from instrux_support.index import MANIFEST, default_index_dir

    index = default_index_dir(settings)
    if (index / MANIFEST).is_file():
        return True
    console.print(f"[dim]One-time set-up: indexing the demo FAQ bank into {index} ...[/dim]")
    command = ["support", "index", "--faq", str(DATA / "notes_faq.json")]
    return _cli(command, "support.answer (its FAQ index)", notes)


def _installed(module: str, what: str, notes: list[str]) -> bool:
    if importlib.util.find_spec(module) is not None:
        return True
    package = module.replace("_", "-")
    notes.append(f"{what}: {package} is not installed (pip install -e examples/{package}).")
    return False


def _cli(arguments: list[str], what: str, notes: list[str]) -> bool:
    command = [sys.executable, "-m", "instrux.cli.main", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return True
    reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    notes.append(f"{what}: `instrux {' '.join(arguments)}` failed: {reason[0]}")
    return False


def _shown(value: Any) -> str:
    """A short form of a value: a model's fields (an answer is cut to its first words)."""
    if isinstance(value, BaseModel):
        fields = value.model_dump(exclude={"entry", "runners_up"})
        if isinstance(fields.get("answer"), str) and len(fields["answer"]) > 60:
            fields["answer"] = fields["answer"][:57] + "..."
        return repr(fields)
    return repr(value)


def _closest(err: InstruxError) -> str:
    return ", ".join(f"{c.instruction}? ({c.score:.2f})" for c in err.candidates[:2])


if __name__ == "__main__":
    main()
