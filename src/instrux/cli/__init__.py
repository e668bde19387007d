"""The ``instrux`` command line.

- :mod:`instrux.cli.main`: :func:`~instrux.cli.main.build_app` builds the typer app from the
  core commands and every plugin's ``instrux_register_commands`` hook (see its docstring for
  the contract); ``main()`` is the console script.
- :mod:`instrux.cli.commands`: the core commands (``run``, ``parse``, ``list``, ``show``,
  ``plugins``).
- :mod:`instrux.arithmetic.commands`, :mod:`instrux.cli.semantic`: the CLI's own command plugins.
- :mod:`instrux.cli.options`: options shared by every command (``--executor-kind``,
  ``--max-length``, ``--device``, ``--trace``), turned into :class:`~instrux.Settings`; the
  one place an :class:`~instrux.Engine` is built.
- :mod:`instrux.cli.render`: plain, rich and JSON output.
- :mod:`instrux.cli.errors`: the edge where :class:`~instrux.InstruxError` becomes a message
  on stderr and an exit code, and warnings.

Nothing is imported here, so that ``import instrux.arithmetic.commands`` (say) does not pull in typer's
app before it is needed.
"""
