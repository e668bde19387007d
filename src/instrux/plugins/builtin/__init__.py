"""Built-in plugins: ordinary plugins written through the same hooks third parties use.

The one list of them: plugin name -> the module that holds it. Each feature package holds its
own plugin (it registers the feature's models, instructions, executors and commands); the two
here, the default dispatcher and the output guard, are the engine's own behaviour written as
plugins. Each can be left out with ``INSTRUX_DISABLE_BUILTINS`` (or
``Engine(disable_builtins=...)``). Modules are imported only when loaded, so that disabled ones
cost nothing.
"""

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

__all__ = ["BUILTIN_PLUGINS"]
