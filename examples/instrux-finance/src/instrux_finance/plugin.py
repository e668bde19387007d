"""The plugin object: the module the entry point ``finance = "instrux_finance.plugin"`` names.

Importing it stays cheap (pydantic and the standard library; numpy, pandas, onnxruntime and
matplotlib are imported inside the functions that need them), because every engine and every
``instrux`` command loads installed plugins.

Installed, this plugin is in every engine, so its instructions must never take a text meant
for another one: they have no examples for the template and semantic tiers, and the plugin's
own exact tier (:mod:`instrux_finance.route`) takes only texts that start with one of their
fixed phrasings ("what is the financial sentiment of ...", "finance topic of ...").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import instrux
from instrux_finance import route, sentiment, topic

if TYPE_CHECKING:
    from collections.abc import Sequence

    from instrux import Call, CommandGroups, InstructionSpec, ModelSpec, RouteRequest, Settings
    from instrux.plugins import RegisterExecutor, RegisterInstruction

# The exact tier's decision never depends on the digits in a text (they land in `text`), so
# the engine may keep reusing exact plans with this plugin installed (docs/plugins.md).
value_blind = True


@instrux.hookimpl
def instrux_register_instructions(register: RegisterInstruction, settings: Settings) -> None:
    register(topic.INSTRUCTION)
    if sentiment.heads_dir_serves(settings) is None:  # else instrux.heads registers it
        register(sentiment.INSTRUCTION)


@instrux.hookimpl
def instrux_register_executors(
    register: RegisterExecutor,
    instructions: Mapping[str, InstructionSpec],
    settings: Settings,
    models: Mapping[str, ModelSpec],
) -> None:
    register(topic.TopicExecutor(settings, models).spec())
    if instructions.get(sentiment.INSTRUCTION.name) is sentiment.INSTRUCTION:
        register(sentiment.SentimentExecutor(settings, models).spec())


@instrux.hookimpl(tryfirst=True)
def instrux_route(request: RouteRequest) -> Call | None:
    return route.finance_call(request)


@instrux.hookimpl(tryfirst=True)
def instrux_route_many(requests: Sequence[RouteRequest]) -> None:
    # A batch form, so that run_many keeps batching the tiers after this one.
    route.route_all(requests)


@instrux.hookimpl
def instrux_register_commands(cli: CommandGroups) -> None:
    """``instrux finance train|monitor|eval``."""
    from instrux_finance.commands import add_finance_commands

    add_finance_commands(cli)
