"""Built-in fine-tuned heads: every head artifact in ``Settings.heads_dir`` is an instruction.

``instrux train head`` writes there by default (``INSTRUX_HEADS_DIR``; ``instrux heads add
DIR`` copies an artifact in). Each head registers its instruction (arguments: the ``text``
to classify; result: a ``Literal`` of its labels, or a float for regression heads; examples:
its phrasings, e.g. "what is the sentiment of {text}") and one executor of kind ``head``
that runs its ONNX graph: the value is the label, ``details`` holds its calibrated
probability (``score``) and every label's (``scores``); below the head's out-of-scope
threshold the executor declines (``DeclinedError``) instead of naming a label. A head whose
config says it ``routes`` is also a router tier (``instrux_route``, ``trylast``) for raw
sentences (:mod:`instrux.heads.route`). Starting an engine reads only the artifacts'
config.json; a graph is verified against its manifest and loaded on its first execution.
A directory that is not a head artifact fails this plugin, by name, with the directory. A head
that runs on an encoder's vectors (graph ``head``) loads that encoder through its model spec.

Each slots artifact there (``instrux train slots``) is registered as a slot filler
(:class:`instrux.SlotFillerSpec`) of the instructions it serves that are registered: the
semantic tier asks it for arguments the words do not yield (:mod:`instrux.heads.slots`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterExecutor, RegisterInstruction, RouteRequest
from instrux.schemas.call import Call, Output
from instrux.schemas.errors import DeclinedError
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec, SlotFill, SlotFillerSpec
from instrux.schemas.models import ModelSpec

if TYPE_CHECKING:
    from instrux.heads.route import RoutingHead
    from instrux.heads.runtime import HeadModel
    from instrux.models.encoder import Encoder
    from instrux.plugins.types import CommandGroups
    from instrux.settings import Settings

__all__ = ["KIND", "HeadText", "HeadsPlugin", "head_spec"]

KIND = "head"


class HeadText(BaseModel):
    """The argument of every head: the text it reads."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1, description="The text to classify.")


def head_spec(config: dict[str, Any]) -> InstructionSpec:
    """The instruction a head artifact's config describes."""
    labels = tuple(config.get("labels", ()))
    regression = config.get("task") == "regression"
    result: Any = float if regression else Literal[labels]
    return InstructionSpec(
        name=config["instruction"],
        description=f"{config['description']} {_summary(config)}",
        arguments=HeadText,
        result_type=result,
        examples=tuple(config.get("phrasings", ())),
        tags=("head", str(config.get("mode", "")), *(() if regression else labels)),
    )


def _summary(config: dict[str, Any]) -> str:
    """ "Head (linear): labels negative, positive; val accuracy 0.912." for listings."""
    labels = config.get("labels", [])
    kind = "regression head" if config.get("task") == "regression" else "Head"
    parts = [f"{kind} ({config.get('mode')})"]
    if labels:
        parts.append(f": labels {', '.join(labels[:12])}{' ...' if len(labels) > 12 else ''}")
    numbers = []
    for split, metrics in config.get("summary", {}).items():
        for key in ("accuracy", "macro_f1", "mae"):
            if metrics.get(key) is not None:
                numbers.append(f"{split} {key.replace('_', '-')} {metrics[key]:.3f}")
    return "".join(parts) + (f"; {', '.join(numbers)}" if numbers else "") + "."


class HeadsPlugin:
    """One instance per engine: the heads found in its settings' heads directory."""

    def __init__(self) -> None:
        self._heads: dict[str, tuple[Path, dict[str, Any], InstructionSpec]] = {}
        self._served: dict[str, Path] = {}  # instruction -> the slots artifact serving it
        self._routing: list[RoutingHead] = []  # heads that route raw sentences, registered

    @hookimpl
    def instrux_register_commands(self, cli: CommandGroups) -> None:
        """``train head|slots|router``, ``eval head|slots|router`` and ``heads add|list``."""
        from instrux.heads.commands import add_head_commands

        add_head_commands(cli)

    @hookimpl
    def instrux_register_instructions(
        self, register: RegisterInstruction, settings: Settings
    ) -> None:
        from instrux.heads.artifact import HEAD_FORMAT, find_heads, slot_instructions

        for folder in find_heads(settings.heads_dir):
            config = _config(folder)
            if config["format"] != HEAD_FORMAT:  # a slots artifact: a slot filler (below)
                for instruction in slot_instructions(config):
                    self._served.setdefault(instruction, folder)
                continue
            spec = head_spec(config)
            self._heads[spec.name] = (folder, config, spec)
            register(spec)

    @hookimpl
    def instrux_register_executors(
        self,
        register: RegisterExecutor,
        instructions: Mapping[str, InstructionSpec],
        settings: Settings,
        models: Mapping[str, ModelSpec],
    ) -> None:
        for name, (folder, config, spec) in self._heads.items():
            if instructions.get(name) is not spec:
                continue
            executor = _HeadExecutor(folder, config, settings, models)
            if config.get("routes") and config.get("task") != "regression":
                from instrux.heads.route import RoutingHead

                self._routing.append(RoutingHead(name, folder, executor.model))
            register(
                ExecutorSpec(
                    name=f"{name}.head",
                    instructions=(name,),
                    kind=KIND,
                    priority=10,
                    description=f"Fine-tuned head {folder} on ONNX Runtime",
                    run=executor.run,
                    run_batch=executor.run_batch,
                )
            )
        _register_slot_fillers(register, self._served, instructions, settings)

    @hookimpl(trylast=True)
    def instrux_route(self, request: RouteRequest) -> Call | None:
        """Raw sentences to the routing heads (module docstring; :mod:`instrux.heads.route`)."""
        if not self._routing:
            return None
        from instrux.heads.route import route_texts

        ((call, misses),) = route_texts(self._routing, [request.text])
        if call is None and request.near_misses_wanted:
            request.near_misses.extend(misses)
        return call

    @hookimpl(trylast=True)
    def instrux_route_many(self, requests: Sequence[RouteRequest]) -> None:
        """:meth:`instrux_route` for every pending request, one graph call per head."""
        pending = [r for r in requests if r.call is None and r.error is None]
        if not self._routing or not pending:
            return
        from instrux.heads.route import route_texts

        decided = route_texts(self._routing, [r.text for r in pending])
        for request, (call, misses) in zip(pending, decided, strict=True):
            request.call = call
            if call is None and request.near_misses_wanted:
                request.near_misses.extend(misses)


def _register_slot_fillers(
    register: RegisterExecutor,
    served_by: Mapping[str, Path],
    instructions: Mapping[str, InstructionSpec],
    settings: Settings,
) -> None:
    """One slot filler per slots artifact, for the instructions it serves that exist."""
    by_folder: dict[Path, list[str]] = {}
    for instruction, folder in served_by.items():
        if instruction in instructions:
            by_folder.setdefault(folder, []).append(instruction)
    for folder, served in sorted(by_folder.items()):
        register(
            SlotFillerSpec(
                name=f"heads.slots.{_slug(folder.name)}",
                instructions=tuple(sorted(served)),
                description=f"BIO slot tagger {folder} on ONNX Runtime",
                fill=_SlotFiller(folder, settings).fill,
            )
        )


def _slug(name: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "tagger"
    return slug if slug[0].isalpha() else f"t_{slug}"


class _SlotFiller:
    """Reads arguments with one slots artifact; loads (and verifies) it on first use."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.threads = settings.ort_threads
        self.device = settings.device

    def fill(self, spec: InstructionSpec, text: str) -> SlotFill:
        from instrux.heads.slots import fill_from_tags, slot_model

        model = slot_model(self.folder, threads=self.threads, device=self.device)
        return fill_from_tags(spec, text, model)


def _config(folder: Path) -> dict[str, Any]:
    """A head's config.json, or an error naming the directory (the plugin fails by name)."""
    from instrux.heads.artifact import read_config
    from instrux.runtime.errors import ArtifactError
    from instrux.schemas.errors import ConfigurationError

    try:
        return read_config(folder)
    except ArtifactError as err:
        raise ConfigurationError(
            f"{folder} in the heads directory is not a head artifact: {err.file} {err.reason}.",
            hint="Remove it from INSTRUX_HEADS_DIR, or train it again (`instrux train head`).",
            details={"path": str(folder)},
        ) from None


class _HeadExecutor:
    """Runs one artifact's graph; loads (and verifies) it, and its encoder, on first use."""

    def __init__(
        self,
        folder: Path,
        config: dict[str, Any],
        settings: Settings,
        models: Mapping[str, ModelSpec],
    ) -> None:
        self.folder = folder
        self.config = config
        self.settings = settings
        self.models = models
        self._encoder: tuple[Encoder | None] | None = None  # (the encoder,) once resolved

    def run(self, arguments: HeadText) -> Output[Any]:
        return self.run_batch([arguments])[0]

    def run_batch(self, arguments: Sequence[HeadText]) -> list[Output[Any]]:
        """The labels; a text below the out-of-scope threshold declines (the engine then
        retries the batch call by call, so only that text fails)."""
        model = self.model()
        predictions = model.predict([a.text for a in arguments])
        refused = next((p for p in predictions if not p.in_scope), None)
        if refused is not None:
            raise DeclinedError(
                self.config["instruction"],
                f"the text is out of scope for this head: it {model.refusal(refused)}",
                argument="text",
                hint="Give it a text about one of its labels (`instrux show "
                f"{self.config['instruction']}`).",
            )
        return [
            Output(p.label, {"score": p.score, "scores": p.scores, "head": str(self.folder)})
            for p in predictions
        ]

    def model(self) -> HeadModel:
        """The loaded head (verified, with its encoder, once per process)."""
        from instrux.heads.runtime import get_head

        settings = self.settings
        return get_head(self.folder, encoder=self.encoder(), int8=settings.heads_int8,
                        threads=settings.ort_threads, device=settings.device)  # fmt: skip

    def encoder(self) -> Encoder | None:
        """The encoder a ``head`` graph reads, resolved once (``None``: a pipeline graph)."""
        if self._encoder is None:  # two threads may both resolve it: the load is cached
            from instrux.heads.runtime import head_encoder

            self._encoder = (head_encoder(self.config, self.models, self.settings),)
        return self._encoder[0]


# The plugin host instantiates classes: the module exposes the class as its plugin object.
plugin = HeadsPlugin
