"""The plugin object: the module the entry point ``units = "instrux_units.plugin"`` names.

instrux imports this module when it loads entry points and registers it with pluggy; the
functions below are its hook implementations. Importing it stays cheap (no heavy libraries)
because every ``instrux`` command, even ``--help``, loads installed plugins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import instrux
from instrux_units import length, temperature, text

if TYPE_CHECKING:
    from instrux.plugins import RegisterExecutor, RegisterInstruction


@instrux.hookimpl
def instrux_register_instructions(register: RegisterInstruction) -> None:
    # @instrux.executor functions register their instruction and their executor at once.
    register(length.convert_length)
    register(text.word_count)
    # A hand-built InstructionSpec registers only the instruction ...
    register(temperature.INSTRUCTION)


@instrux.hookimpl
def instrux_register_executors(register: RegisterExecutor) -> None:
    # ... and its executor comes here, after every plugin's instructions exist.
    register(temperature.EXECUTOR)
