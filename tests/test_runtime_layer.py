"""One runtime layer: sessions are built in one module, and no runtime module reads the env."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "instrux"
SESSION_FACTORY = SRC / "runtime" / "onnx.py"
# Modules that get device, threads and paths passed in (Settings is the one env reader).
EXPLICIT = [
    path
    for package in ("runtime", "models", "train", "arithmetic", "semantic", "heads")
    for path in sorted((SRC / package).glob("*.py"))
]


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _calls(path: Path, name: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called_name(node) == name
    ]


def test_only_the_runtime_layer_constructs_inference_sessions() -> None:
    builders = {
        str(path.relative_to(SRC)): lines
        for path in SRC.rglob("*.py")
        if (lines := _calls(path, "InferenceSession"))
    }
    assert list(builders) == ["runtime/onnx.py"], builders
    # A textual check too, for aliases the AST walk would not name (x = ort.InferenceSession).
    mentions = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p != SESSION_FACTORY and "InferenceSession(" in p.read_text(encoding="utf-8")
    ]
    assert mentions == []


def test_runtime_modules_never_read_the_environment() -> None:
    readers = []
    for path in EXPLICIT:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert readers == []


def test_there_is_one_function_named_load_artifact() -> None:
    definers = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if any(
            isinstance(n, ast.FunctionDef) and n.name == "load_artifact"
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    ]
    assert definers == ["runtime/artifacts.py"]
