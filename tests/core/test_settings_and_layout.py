"""One settings object read once, and a package layout whose imports run one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from instrux import ConfigurationError, Engine, InvalidInputError, Settings, load_settings

SRC = Path(__file__).resolve().parents[2] / "src" / "instrux"

# Lower layers never import higher ones: cli -> engine -> plugins -> tiers/executors ->
# runtime/registry/parsing -> schemas. (Same-layer imports are fine.)
LAYERS = {
    "schemas": 0,
    "parsing": 1,
    "registry": 1,
    "runtime": 1,
    "settings": 2,
    "templates": 3,
    "semantic": 3,
    "neural": 3,
    "plans": 3,
    "llm": 3,
    "heads": 3,
    "plugins": 4,
    "engine": 5,
    "cli": 6,
    "trust": 6,
    "serve": 6,  # HTTP and Ray Serve: an edge like the CLI (imports the engine)
}


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv(" in path.read_text()
    )
    assert set(readers) <= {"settings.py"}  # it reads through pydantic-settings
    assert "BaseSettings" in (SRC / "settings.py").read_text(encoding="utf-8")


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "instrux" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Imported instrux modules, except those under ``if TYPE_CHECKING:`` (types only)."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append(child.module)
            elif isinstance(child, ast.Import):
                found.extend(alias.name for alias in child.names)
            visit(child)

    visit(tree)
    return found


def test_imports_run_one_way() -> None:
    wrong = []
    for path in SRC.rglob("*.py"):
        own = _layer("instrux." + ".".join(path.relative_to(SRC).with_suffix("").parts))
        if own is None:
            continue
        for module in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            other = _layer(module)
            if other is not None and LAYERS[other] > LAYERS[own]:
                wrong.append(f"{path.relative_to(SRC)} ({own}) imports {module} ({other})")
    assert wrong == []


def test_settings_come_from_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_EXECUTOR_KIND", "python")
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "semantic, neural")
    monkeypatch.setenv("INSTRUX_MAX_TEXT_LENGTH", "20")
    settings = load_settings()
    assert settings.executor_kind == "python"
    assert settings.disable_builtins == frozenset({"semantic", "neural"})
    engine = Engine(load_entry_points=False)
    monkeypatch.setenv("INSTRUX_MAX_TEXT_LENGTH", "5")  # read once: the engine keeps 20
    assert engine.run("add 2 and 3").value == 5
    with pytest.raises(InvalidInputError):
        engine.run("add 2 and 3 " + "x" * 20)


def test_explicit_values_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_DEVICE", "cuda")
    assert Settings(device="cpu").device == "cpu"
    assert load_settings().with_options(device="cpu", executor_kind=None).device == "cpu"


def test_bad_settings_are_configuration_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_ORT_THREADS", "zero")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert "INSTRUX_ORT_THREADS" in caught.value.message
    monkeypatch.delenv("INSTRUX_ORT_THREADS")
    monkeypatch.setenv("INSTRUX_DEVICE", "tpu")
    with pytest.raises(ConfigurationError):
        Engine(load_entry_points=False)


def test_two_engines_with_different_settings_in_one_process() -> None:
    common = {"disable_builtins": frozenset({"semantic"}), "plugins": frozenset()}
    exact = Engine(settings=Settings(executor_kind="python", max_text_length=50, **common))
    neural = Engine(settings=Settings(executor_kind="onnx", **common))
    assert exact.run("add 2 and 3").executor == "math.add.python"
    assert neural.run("add 2 and 3").executor == "math.add.onnx"
    with pytest.raises(InvalidInputError):
        exact.run("add 2 and 3" + " " * 40 + "x")
    assert neural.settings.max_text_length == 10_000
