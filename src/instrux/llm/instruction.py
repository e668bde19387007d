"""Declaring a prompt instruction in a few lines, and the executor that runs it.

>>> from typing import Literal
>>> sentiment = prompt_instruction(
...     "review.sentiment",
...     template="Review: {text}\\nSentiment:",
...     result_type=Literal["positive", "negative"],
...     examples=[({"text": "A delight."}, "positive"), ({"text": "Dull."}, "negative")],
...     phrasings=["sentiment of {text}"],
... )
>>> sentiment.spec.arguments.model_json_schema()["required"]
['text']

In a plugin, register it with the engine's settings (the executor opens the backend they
name, lazily, on its first call)::

    @instrux.hookimpl
    def instrux_register_instructions(register, settings):
        register(sentiment.bind(settings))
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, create_model

from instrux.llm.backend import Backend, open_backend
from instrux.llm.prompts import AbstainedError, Example, NotInTextError, PromptSpec, run_prompt
from instrux.runtime.loaded import forget, loaded
from instrux.schemas.call import Output
from instrux.schemas.errors import DeclinedError, InvalidSpecError
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = ["KIND", "BoundPrompt", "PromptInstruction", "get_backend", "prompt_instruction"]

KIND = "llm"


def _backend_key(settings: Settings) -> tuple[Any, ...]:
    return ("llm", settings.llm_backend, settings.llm_model, settings.cache_dir, settings.device,
            settings.ort_threads, settings.llm_base_url, settings.llm_api_model,
            settings.llm_isolation, settings.llm_workers, settings.llm_queue,
            settings.llm_max_input_tokens, settings.llm_worker_max_rss_mb,
            settings.llm_timeout_s)  # fmt: skip


def get_backend(settings: Settings) -> Backend:
    """The backend of ``settings``, loaded once per process and shared by every executor
    (kept in the one cache of loaded models, :mod:`instrux.runtime.loaded`).

    A local model runs in worker processes unless ``Settings.llm_isolation`` is ``"thread"``
    (:mod:`instrux.llm.worker`); a remote endpoint (``openai``) is called from the thread.
    """
    return loaded(_backend_key(settings), lambda: _open(settings))


def _open(settings: Settings) -> Backend:
    if settings.llm_isolation == "thread" or settings.llm_backend == "openai":
        return open_backend(settings)
    from functools import partial

    from instrux.llm.backend import model_dir
    from instrux.llm.worker import ProcessBackend, WorkerLimits

    model_dir(settings)  # no model: the configuration error here, not from a worker
    limits = WorkerLimits(workers=settings.llm_workers, queue=settings.llm_queue,
                          timeout_s=settings.llm_timeout_s,
                          max_rss_mb=settings.llm_worker_max_rss_mb)  # fmt: skip
    return ProcessBackend(partial(open_backend, settings), limits)


def clear_backends() -> None:
    """Forget loaded models (after ``instrux llm setup --force`` rebuilt one)."""
    forget("llm")


@dataclass(frozen=True, slots=True)
class BoundPrompt:
    """An instruction and its prompt executor: what ``register(...)`` takes."""

    spec: InstructionSpec
    executor_spec: ExecutorSpec


@dataclass(frozen=True, slots=True)
class PromptInstruction:
    """An instruction spec with the prompt that executes it (see :func:`prompt_instruction`)."""

    spec: InstructionSpec
    prompt: PromptSpec
    executor_name: str
    priority: int = 0

    def executor(self, settings: Settings) -> ExecutorSpec:
        """The prompt executor, on the backend ``settings`` name (opened on first call)."""
        prompt, name = self.prompt, self.spec.name

        def run(arguments: BaseModel) -> Output[Any]:
            backend = get_backend(settings)
            try:
                output = run_prompt(prompt, arguments, backend,
                                    budget=settings.llm_max_new_tokens,
                                    timeout_s=settings.llm_timeout_s)  # fmt: skip
            except AbstainedError as err:
                declined = DeclinedError(name, err.reason, hint="Give labels that fit the text, "
                                         "or more clearly different ones.")  # fmt: skip
                declined.details["label_scores"] = err.scores
                raise declined from None
            except NotInTextError as err:
                raise DeclinedError(
                    name,
                    f"the model gave {err} (it may have copied an example)",
                    hint="Say the values in the text, or use an instruction whose output is "
                    "new text (prompt_instruction(..., grounded=False)).",
                ) from None
            details = {"backend": backend.name, "model": backend.model, **output.details}
            return Output(output.value, details)

        mode = "label scoring" if prompt.is_labels() else "JSON-schema-constrained generation"
        shots = f"{len(prompt.examples)}-shot" if prompt.examples else "zero-shot"
        return ExecutorSpec(
            name=self.executor_name,
            instructions=(name,),
            kind=KIND,
            priority=self.priority,
            description=f"LLM prompt, {shots}, {mode} ({settings.llm_backend})",
            run=run,
        )

    def bind(self, settings: Settings) -> BoundPrompt:
        """The instruction with its executor, for ``register`` in a register hook."""
        return BoundPrompt(self.spec, self.executor(settings))


def prompt_instruction(
    name: str,
    *,
    template: str,
    result_type: Any,
    examples: Iterable[tuple[dict[str, Any], Any]] = (),
    preamble: str = "",
    phrasings: Iterable[str] = (),
    description: str | None = None,
    arguments: type[BaseModel] | None = None,
    labels: Callable[[BaseModel], Sequence[str]] | None = None,
    output_type: Callable[[BaseModel], Any] | None = None,
    check: Callable[[BaseModel, Any], Any] | None = None,
    calibrate: bool | None = None,
    grounded: bool = True,
    none_label: str | None = None,
    min_margin: float = 0.0,
    tags: Iterable[str] = (),
    executor_name: str | None = None,
    priority: int = 0,
) -> PromptInstruction:
    """Declare an instruction executed by a language model.

    :param template: ``str.format`` template of one item over the argument fields.
    :param result_type: ``Literal[...]``/``Enum`` (label scoring) or a pydantic-validatable
        type (schema-constrained JSON).
    :param examples: few-shot ``(arguments, output)`` pairs.
    :param preamble: task description before the examples (may use ``{labels}``).
    :param phrasings: example phrasings for the routers (``"sentiment of {text}"``).
    :param arguments: the argument model; default: one ``str`` field per template field.
    :param labels: labels from the arguments, when they are not fixed by ``result_type``.
    :param output_type: the type to generate, from the arguments (default ``result_type``).
    :param check: ``check(arguments, value)`` after validation, returning the value or an
        :class:`~instrux.Output` (e.g. drop extracted values that are not in the text).
    :param calibrate: subtract the label scores of content-free inputs (default: on; it
        corrects a small model's preference for some labels).
    :param none_label: an extra option ("none of these"); when it scores highest the executor
        declines (abstains) instead of picking a label.
    :param min_margin: the executor declines when the best label's probability leads the
        second's by less than this (a near tie).
    :param grounded: a structured output's strings must occur in the text of the arguments,
        else the executor declines the call (default: on; turn off for outputs that are new
        text, such as a summary).
    """
    model = arguments or _arguments_from_template(name, template)
    _check_template(name, template, model)
    try:
        spec = InstructionSpec(
            name=name,
            description=description or f"LLM prompt: {template.splitlines()[0]}",
            arguments=model,
            result_type=result_type,
            examples=tuple(phrasings),
            tags=(*tags, KIND),
        )
    except ValueError as err:
        raise InvalidSpecError(f"prompt_instruction({name!r}): {err}",
                               hint="Fix the name or the phrasings' slots.") from err  # fmt: skip
    prompt = PromptSpec(template=template, result_type=result_type, preamble=preamble,
                        examples=tuple(Example(dict(a), o) for a, o in examples),
                        labels=labels, output_type=output_type, check=check,
                        calibrate=calibrate, grounded=grounded, none_label=none_label,
                        min_margin=min_margin)  # fmt: skip
    return PromptInstruction(spec, prompt, executor_name or f"{name}.llm", priority)


def _template_fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def _arguments_from_template(name: str, template: str) -> type[BaseModel]:
    title = "".join(p.title() for p in name.replace(".", "_").split("_")) + "Arguments"
    fields: dict[str, Any] = {f: (str, ...) for f in dict.fromkeys(_template_fields(template))}
    model: type[BaseModel] = create_model(title, __config__=ConfigDict(extra="forbid"), **fields)
    return model


def _check_template(name: str, template: str, model: type[BaseModel]) -> None:
    unknown = [f for f in _template_fields(template) if f not in model.model_fields]
    if unknown:
        raise InvalidSpecError(
            f"prompt_instruction({name!r}): template fields {unknown} are not arguments "
            f"(arguments: {sorted(model.model_fields)}).",
            hint="Name every {field} of the template after an argument.",
        )
