"""The edge where an :class:`~instrux.InstruxError` becomes a message and an exit code.

Defined once, in :mod:`instrux.plugins.commands` (commands of feature packages and third
parties use it from there); re-exported here for the CLI's own modules.
"""

from __future__ import annotations

from instrux.plugins.commands import error_text, instrux_errors, report_error, warn

__all__ = ["error_text", "instrux_errors", "report_error", "warn"]
