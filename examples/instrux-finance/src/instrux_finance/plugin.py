"""The plugin object: the module the entry point ``finance = "instrux_finance.plugin"`` names.

Importing it stays cheap (pydantic and the standard library; numpy, pandas, onnxruntime and
matplotlib are imported inside the functions that need them), because every engine and every
``instrux`` command loads installed plugins.

Installed, this plugin is in every engine, so its instructions must never take a text meant
for another one: their phrasings all say "financial sentiment", "finance topic" or "which
stock ... about", so no other instruction's text matches them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import instrux
from instrux_finance import sentiment, topic

if TYPE_CHECKING:
    from instrux import CommandGroups, InstructionSpec, ModelSpec, Settings
    from instrux.plugins import RegisterExecutor, RegisterInstruction


@instrux.hookimpl
def instrux_register_instructions(register: RegisterInstruction, settings: Settings) -> None:
    register(topic.text_topic)
    if sentiment.heads_dir_serves(settings) is None:  # else instrux.heads registers it
        register(sentiment.INSTRUCTION)


@instrux.hookimpl
def instrux_register_executors(
    register: RegisterExecutor,
    instructions: Mapping[str, InstructionSpec],
    settings: Settings,
    models: Mapping[str, ModelSpec],
) -> None:
    if instructions.get(sentiment.INSTRUCTION.name) is sentiment.INSTRUCTION:
        register(sentiment.SentimentExecutor(settings, models).spec())


@instrux.hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """``instrux finance train|monitor|eval``."""
    from instrux_finance.commands import add_finance_commands

    add_finance_commands(cli)
