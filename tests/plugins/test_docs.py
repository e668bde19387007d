"""docs/plugins.md is checked: every hook has a section, and every Python example runs.

Like datasette's ``tests/test_docs.py``: adding a hook to ``instrux.plugins.hookspecs``
without documenting it fails here, and so does an example that drifted from the API.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from instrux.plugins import hookspecs

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
_FENCE = re.compile(r"^```(?P<lang>[\w+-]*)\s*$")


@dataclass(frozen=True)
class CodeBlock:
    section: str  # the nearest "## " heading above the block
    line: int  # 1-based line of the opening fence
    code: str


def hook_names() -> list[str]:
    """Every hook specification: the module's functions named ``instrux_*``."""
    return sorted(
        name
        for name, obj in vars(hookspecs).items()
        if name.startswith("instrux_") and inspect.isfunction(obj)
    )


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def section_titles(markdown: str) -> list[str]:
    return [line[3:].strip() for line in markdown.splitlines() if line.startswith("## ")]


def sections(markdown: str) -> dict[str, str]:
    """Heading -> body for every ``## `` section."""
    found: dict[str, str] = {}
    title = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            found[title] = ""
        elif title:
            found[title] += line + "\n"
    return found


def code_blocks(markdown: str, lang: str) -> Iterator[CodeBlock]:
    section = "(intro)"
    current: list[str] | None = None
    start = 0
    current_lang = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence = _FENCE.match(line)
        if current is None:
            if line.startswith("## "):
                section = line[3:].strip()
            elif fence:
                current, start, current_lang = [], number, fence.group("lang")
        elif fence and not fence.group("lang"):
            if current_lang == lang:
                yield CodeBlock(section, start, "\n".join(current) + "\n")
            current = None
        else:
            current.append(line)


PYTHON_BLOCKS = list(code_blocks(guide_text(), "python")) if GUIDE.exists() else []


def test_guide_exists_and_hooks_are_found() -> None:
    assert GUIDE.exists(), f"{GUIDE} is missing"
    # Guards the tests below against passing vacuously on an empty hook list.
    assert len(hook_names()) >= 5


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_section(hook: str) -> None:
    assert hook in section_titles(guide_text()), (
        f"docs/plugins.md has no '## {hook}' section; document the new hook there "
        "(when it is called, firstresult, parameters, return, and a runnable example)."
    )


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_section_has_a_runnable_example(hook: str) -> None:
    body = sections(guide_text()).get(hook, "")
    assert "```python" in body, f"'## {hook}' has no python example"
    assert hook in body, f"the example in '## {hook}' does not implement {hook}"
    assert "firstresult" in body, f"'## {hook}' does not say whether it is firstresult"


def test_guide_covers_the_authoring_topics() -> None:
    titles = " ".join(section_titles(guide_text())).lower()
    for topic in ("@instrux.executor", "template syntax", "errors", "failure isolation",
                  "tryfirst", "packaging"):  # fmt: skip
        assert topic in titles, f"docs/plugins.md has no section about {topic!r}"
    assert "examples/instrux-units" in guide_text()


def test_python_examples_were_found() -> None:
    # If the fence parser broke, every example test would silently disappear.
    assert len(PYTHON_BLOCKS) >= len(hook_names())


@pytest.mark.parametrize(
    "block", PYTHON_BLOCKS, ids=[f"line{b.line}-{b.section}" for b in PYTHON_BLOCKS]
)
def test_python_example_runs(block: CodeBlock) -> None:
    # An example that asserts nothing would pass even when the API it shows is wrong.
    assert re.search(r"^\s*assert\b", block.code, re.MULTILINE), (
        f"the example at docs/plugins.md:{block.line} asserts nothing"
    )
    run_as_module(block)


def run_as_module(block: CodeBlock) -> None:
    """Execute ``block`` as a fresh module, as a reader pasting it into a file would."""
    name = f"instrux_docs_example_line{block.line}"
    module = types.ModuleType(name)
    module.__file__ = f"{GUIDE}:{block.line}"
    code = compile(block.code, module.__file__, "exec")
    sys.modules[name] = module  # pydantic and get_type_hints look the module up by name
    environ = dict(os.environ)
    try:
        exec(code, module.__dict__)
    finally:
        del sys.modules[name]
        os.environ.clear()
        os.environ.update(environ)  # an example must not leak settings into other tests
