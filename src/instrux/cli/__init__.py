"""The ``instrux`` command line.

- :mod:`instrux.cli.main`: :func:`~instrux.cli.main.build_app` builds the typer app from the
  command line's own commands and every plugin's ``instrux_register_commands`` hook (see its
  docstring for the contract); ``main()`` is the console script.
- :mod:`instrux.cli.commands`: ``run``, ``parse``, ``list``, ``show``, ``plugins``;
  :mod:`instrux.cli.plan` (``plan``), :mod:`instrux.cli.trust` (``eval trust``),
  :mod:`instrux.cli.serve` (``serve``, ``llm serve``). Features add theirs from their own
  plugins (``instrux.models``, ``instrux.heads``, ``instrux.neural``, ``instrux.llm``).
- :mod:`instrux.cli.options`: options shared by every command (``--executor-kind``,
  ``--max-length``, ``--device``, ``--trace``), turned into :class:`~instrux.Settings`; the
  one place an :class:`~instrux.Engine` is built (the command host of
  :mod:`instrux.plugins.commands`).
- :mod:`instrux.cli.render`: plain, rich and JSON output.
- the error edge and warnings are those of :mod:`instrux.plugins.commands`, which every
  command, the command line's own included, is written with.

Nothing is imported here, so that importing a submodule does not pull in typer's app before
it is needed.
"""
