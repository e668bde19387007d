"""The ``instrux`` command line.

- :mod:`instrux.cli.main`: the typer app, its commands and the ``main()`` console script; it
  also loads the command groups of other modules (see its docstring for that contract).
- :mod:`instrux.cli.options`: engine options shared by every command (``--executor-kind``,
  ``--max-length``) and the one place an :class:`~instrux.Engine` is built.
- :mod:`instrux.cli.render`: plain, rich and JSON output.
- :mod:`instrux.cli.errors`: the edge where :class:`~instrux.InstruxError` becomes a message
  on stderr and an exit code.

Nothing is imported here, so that ``import instrux.cli.neural`` (say) does not pull in typer's
app before it is needed.
"""
