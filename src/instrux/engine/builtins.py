"""The built-in plugins: ordinary plugins written through the same hooks third parties use.

The one list of them: plugin name -> the module that holds it. Each feature package holds its
own plugin (it registers the feature's models, instructions, executors and commands); the two
in :mod:`instrux.plugins.builtin`, the default dispatcher and the output guard, are the
engine's own behaviour written as plugins. The list lives here, above every feature, because
the engine (and the command line) is what composes them; the plugin host only loads what it is
given. Each can be left out with ``INSTRUX_DISABLE_BUILTINS`` (or
``Engine(disable_builtins=...)``). Modules are imported only when loaded, so that disabled
ones cost nothing.
"""

from __future__ import annotations

__all__ = ["BUILTIN_PLUGINS"]

BUILTIN_PLUGINS: dict[str, str] = {
    "instrux.dispatch": "instrux.plugins.builtin.dispatch",
    "instrux.models": "instrux.models.plugin",
    "instrux.guards": "instrux.plugins.builtin.guards",
    "instrux.templates": "instrux.templates.plugin",
    "instrux.arithmetic": "instrux.arithmetic.instructions",
    "instrux.neural": "instrux.arithmetic.plugin",
    "instrux.semantic": "instrux.semantic.plugin",
    "instrux.routers": "instrux.heads.intents",
    "instrux.planners": "instrux.plans.plugin",
    "instrux.llm": "instrux.llm.plugin",
    "instrux.heads": "instrux.heads.plugin",
}
