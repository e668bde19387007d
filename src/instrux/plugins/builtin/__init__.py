"""The engine's own behaviour written as plugins: the default dispatcher and the output guard.

Every built-in plugin, these two and the feature packages' own, is listed once in
:data:`instrux.engine.builtins.BUILTIN_PLUGINS`.
"""
