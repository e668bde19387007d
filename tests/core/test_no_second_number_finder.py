"""One place says how numbers are found in text: ``instrux.parsing``.

Every regular expression that finds numbers (a digit class: ``\\d``, ``[0-9]``, ``\\p{N}``,
``[:digit:]``) and every spelled number word lives in ``src/instrux/parsing/``; other modules
use :func:`instrux.parsing.find_numbers` or the patterns of :mod:`instrux.parsing.digits`. A
string literal outside ``parsing/`` with a digit class fails this test unless
:data:`NOT_NUMBER_FINDERS` names it, with the reason it finds no numbers.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from instrux.parsing.numbers import NUMBER_WORDS

SRC = Path(__file__).resolve().parents[2] / "src" / "instrux"
PARSING = "parsing/"
# \d; a bracket class of digits and punctuation only ([0-9], [0-9.,], not [a-z0-9_]: names);
# a Unicode number class; a POSIX digit class.
DIGIT_CLASS = re.compile(r"\\d|\[\^?0-9[^\]a-zA-Z]*\]|\\p\{N|\[:digit:\]")
# The number patterns of instrux.parsing that read whole numbers: a module that builds a
# regular expression of its own from them is another number finder.
NUMBER_PATTERNS = frozenset({"NUMBER_PATTERN", "LIST_ITEM_PATTERN", "NUMBER_ITEM_PATTERN"})

# (module under src/instrux, the name the regex is assigned to) -> why it finds no numbers.
NOT_NUMBER_FINDERS = {
    ("plans/planners.py", "_THEN"): (
        "splits a text into sentences: a digit before a dot only says the dot may end a "
        "sentence ('add 3. Then ...'), no number is read"
    ),
    ("runtime/artifacts.py", "ours"): (
        "names of the temporary directories a process leaves: the digits are a process id"
    ),
    ("semantic/lexicon.py", "WORD"): "a word is letters only: it excludes digits, finds none",
    ("semantic/lexicon.py", "_ELISION"): "a French elided word: letters only, excludes digits",
    ("semantic/arguments.py", "_OPERATOR"): (
        "an operator symbol; the letter classes only tell a hyphen inside a word from a minus"
    ),
}


def _literals(node: ast.AST, owner: str) -> Iterator[tuple[str, str, int]]:
    """(owner, text, line) of every string literal under ``node`` that is not a docstring;
    the owner is the name it is assigned to, else the function or class around it."""
    body = getattr(node, "body", None)
    docstring = (
        body[0].value
        if isinstance(body, list)
        and body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        else None
    )
    for child in ast.iter_child_nodes(node):
        name = owner
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = child.name
        elif isinstance(child, ast.Assign | ast.AnnAssign):
            targets = child.targets if isinstance(child, ast.Assign) else [child.target]
            name = next((t.id for t in targets if isinstance(t, ast.Name)), owner)
        if isinstance(child, ast.Expr) and child.value is docstring:
            continue
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield name, child.value, child.lineno
        yield from _literals(child, name)


def number_finders(path: Path, module: str) -> list[tuple[str, str, str]]:
    """(module, owner, what) for each number regex or number word of one source file."""
    found: list[tuple[str, str, str]] = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for owner, text, line in _literals(tree, "<module>"):
        if DIGIT_CLASS.search(text):
            found.append((module, owner, f"line {line}: digit class in {text!r}"))
        elif text.strip().lower() in NUMBER_WORDS:
            found.append((module, owner, f"line {line}: number word {text!r}"))
    for node in ast.walk(tree):
        named = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if isinstance(node, ast.alias):
            named = node.name
        if named in NUMBER_PATTERNS:
            found.append((module, named, f"line {getattr(node, 'lineno', '?')}: uses {named}"))
    return found


def _outside_parsing() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        if not module.startswith(PARSING):
            found += number_finders(path, module)
    return found


def test_no_module_outside_parsing_finds_numbers_its_own_way() -> None:
    private = [f"{m} ({owner}) {what}" for m, owner, what in _outside_parsing()
               if (m, owner) not in NOT_NUMBER_FINDERS]  # fmt: skip
    assert private == [], (
        "number regexes outside instrux.parsing: use instrux.parsing.find_numbers or a "
        "pattern of instrux.parsing.digits (or, if it finds no numbers, add it with the "
        "reason to NOT_NUMBER_FINDERS):\n" + "\n".join(private)
    )


def test_every_allowed_regex_still_exists() -> None:
    found = {(module, owner) for module, owner, _ in _outside_parsing()}
    assert set(NOT_NUMBER_FINDERS) <= found, set(NOT_NUMBER_FINDERS) - found


def test_the_number_regexes_live_in_parsing() -> None:
    """The count: every module with a number regex or number words is in parsing/."""
    modules = {
        path.relative_to(SRC).as_posix() for path in SRC.rglob("*.py") if number_finders(path, "")
    }
    outside = {m for m in modules if not m.startswith(PARSING)}
    assert outside == {module for module, _ in NOT_NUMBER_FINDERS}
    assert {"parsing/numbers.py", "parsing/digits.py"} <= modules


@pytest.mark.parametrize(
    ("source", "owner"),
    [
        ('_N = re.compile(r"\\d+")', "_N"),
        ('_N = r"(?P<n>[0-9]+)"', "_N"),
        ('def f(t):\n    return re.findall(r"[0-9.,]+", t)', "f"),
        ('_UNITS = {"twenty", "thirty"}', "_UNITS"),
        ('_N = re.compile(rf"(?<!\\w){NUMBER_PATTERN}")', "NUMBER_PATTERN"),
        ("from instrux.parsing.lists import NUMBER_ITEM_PATTERN", "NUMBER_ITEM_PATTERN"),
    ],
)
def test_a_new_private_number_regex_is_caught(tmp_path: Path, source: str, owner: str) -> None:
    module = tmp_path / "new.py"
    module.write_text(f'"""A module with \\\\d in its docstring: not a regex."""\n{source}\n')
    assert [found[1] for found in number_finders(module, "new.py")][:1] == [owner]


@pytest.mark.parametrize(
    "source",
    [
        'NAME = re.compile(r"^[a-z][a-z0-9_]*$")',  # digits as letters of a name
        'HEX = re.compile(r"[0-9a-f]{8}")',  # hexadecimal: letters in the class
        'print("one of them")',  # a number word inside a sentence is just a word
        'def f():\n    r"""Reads \\d+ and [0-9] in a docstring."""',
    ],
)
def test_what_is_no_number_regex(tmp_path: Path, source: str) -> None:
    module = tmp_path / "other.py"
    module.write_text(source + "\n")
    assert number_finders(module, "other.py") == []
