"""One settings object read once, and a package layout whose imports run one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from instrux import ConfigurationError, Engine, InvalidInputError, Settings, load_settings

SRC = Path(__file__).resolve().parents[2] / "src" / "instrux"

# Lower layers never import higher ones, counting imports inside functions (same-layer
# imports are fine, but no two packages import each other: see the test below):
# edges (cli, trust, serve) -> engine -> features -> train -> models -> plugins (the contract)
# -> settings -> runtime / registry / parsing -> schemas.
LAYERS = {
    "schemas": 0,
    "parsing": 1,
    "registry": 1,
    "runtime": 1,  # sessions, artifacts, export, quantizer, device: no torch at import
    "settings": 2,
    "plugins": 3,  # the plugin contract: hookspecs, request types, commands toolkit, host
    "models": 4,  # sentence encoders and language models as plugins
    "train": 5,  # the one training loop, configs, data, metrics, progress
    "templates": 6,
    "plans": 6,
    "semantic": 7,  # the semantic tier: models only, never train or heads
    "llm": 7,
    "arithmetic": 7,
    "heads": 8,  # trained heads, routers and slot taggers
    "engine": 9,
    "cli": 10,
    "trust": 10,
    "serve": 10,  # HTTP and Ray Serve: an edge like the CLI (imports the engine)
}
# What a package must not depend on even though its layer would allow it.
FORBIDDEN = {"semantic": {"train", "heads"}, "runtime": {"models", "train"}}


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


def _package_imports() -> list[tuple[str, str, str]]:
    """``(file, its package, imported package)`` for every instrux import between packages,
    imports inside functions included (only ``if TYPE_CHECKING:`` blocks are exempt)."""
    found = []
    for path in SRC.rglob("*.py"):
        own = _layer("instrux." + ".".join(path.relative_to(SRC).with_suffix("").parts))
        if own is None:
            continue
        for module in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            other = _layer(module)
            if other is not None and other != own:
                found.append((str(path.relative_to(SRC)), own, other))
    return found


def test_every_package_is_in_a_layer() -> None:
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in SRC.glob("*.py") if p.stem != "__init__"}
    assert (packages | modules) - set(LAYERS) == set()


def test_imports_run_one_way() -> None:
    wrong = [
        f"{path} ({own}) imports {other}"
        for path, own, other in _package_imports()
        if LAYERS[other] > LAYERS[own] or other in FORBIDDEN.get(own, set())
    ]
    assert wrong == []


def test_no_two_packages_import_each_other() -> None:
    edges = {(own, other) for _, own, other in _package_imports()}
    mutual = sorted(f"{a} <-> {b}" for a, b in edges if (b, a) in edges and a < b)
    assert mutual == []


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
