"""Built-in plugins: ordinary plugins written through the same hooks third parties use.

Each can be left out with ``INSTRUX_DISABLE_BUILTINS`` (or ``Engine(disable_builtins=...)``).
Modules are imported only when loaded, so that disabled ones cost nothing.
"""

BUILTIN_PLUGINS: dict[str, str] = {
    "instrux.dispatch": "instrux.plugins.builtin.dispatch",
    "instrux.models": "instrux.models.plugin",
    "instrux.guards": "instrux.plugins.builtin.guards",
    "instrux.templates": "instrux.plugins.builtin.templates",
    "instrux.arithmetic": "instrux.arithmetic.instructions",
    "instrux.neural": "instrux.arithmetic.plugin",
    "instrux.semantic": "instrux.plugins.builtin.semantic",
    "instrux.routers": "instrux.heads.intents",
    "instrux.planners": "instrux.plugins.builtin.planners",
    "instrux.llm": "instrux.plugins.builtin.llm",
    "instrux.heads": "instrux.heads.plugin",
}

__all__ = ["BUILTIN_PLUGINS"]
