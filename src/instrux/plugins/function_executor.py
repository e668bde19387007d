"""``@instrux.executor``: turn a plain, type-annotated Python function into an instruction.

The argument model is derived from the signature (annotations, defaults, ``Annotated[...,
Field(...)]`` constraints), the result type from the return annotation and the description from
the docstring's first paragraph. ``arguments=Model`` gives the model explicitly instead (for
rules across fields, which then hold for every executor of the instruction); a parameter
annotated :class:`~instrux.Call` is not an argument: it receives the call being served (its
text and route).

>>> @executor("text.shout", examples=["shout {text}"])
... def shout(text: str) -> str:
...     '''Upper-case the text and add an exclamation mark.'''
...     return text.upper() + "!"
>>> shout("hi")
'HI!'
>>> shout.spec.arguments.model_json_schema()["required"]
['text']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, create_model

from instrux.schemas.call import Call, Output
from instrux.schemas.errors import InvalidSpecError
from instrux.schemas.instruction import ExecutorSpec, InstructionSpec

__all__ = ["FunctionExecutor", "executor"]

P = ParamSpec("P")
R = TypeVar("R")


class FunctionExecutor(Generic[P, R]):
    """A function with the instruction spec and executor spec derived from it.

    Still callable like the original function. Pass it to ``register`` in
    ``instrux_register_instructions`` (registers both specs) or in
    ``instrux_register_executors`` (registers only the executor).
    """

    def __init__(self, fn: Callable[P, R], spec: InstructionSpec, executor_spec: ExecutorSpec):
        self.fn = fn
        self.spec = spec
        self.executor_spec = executor_spec
        self.__doc__ = fn.__doc__
        self.__name__ = getattr(fn, "__name__", spec.name)
        self.__wrapped__ = fn

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<FunctionExecutor {self.spec.name} -> {self.executor_spec.name}>"


def _examples(examples: Iterable[str] | Mapping[str, Iterable[str]]) -> Any:
    if isinstance(examples, Mapping):
        return {language: tuple(phrasings) for language, phrasings in examples.items()}
    return tuple(examples)


def executor(
    name: str,
    *,
    examples: Iterable[str] | Mapping[str, Iterable[str]] = (),
    description: str | None = None,
    tags: Iterable[str] = (),
    executor_name: str | None = None,
    priority: int = 0,
    arguments: type[BaseModel] | None = None,
    result_type: Any = None,
) -> Callable[[Callable[P, R]], FunctionExecutor[P, R]]:
    """Decorate a typed function so it can be registered as an instruction and executor.

    :param name: dotted instruction name, e.g. ``"units.km_to_miles"``.
    :param examples: phrasings with slots named after the parameters, e.g.
        ``"convert {km} km to miles"``; one list, or a mapping of language tag to phrasings
        (``{"en": [...], "zh": ["{km}公里是多少英里"]}``, see
        :attr:`~instrux.InstructionSpec.example_languages`).
    :param description: defaults to the docstring's first paragraph.
    :param executor_name: defaults to ``"<name>.python"``.
    :param priority: among several executors of the instruction the highest wins.
    :param arguments: the argument model, when the signature is not enough (validators
        across fields); its fields must be the function's parameters.
    :param result_type: defaults to the return annotation (give it when the function returns
        an :class:`~instrux.Output`).
    """

    def decorate(fn: Callable[P, R]) -> FunctionExecutor[P, R]:
        hints = _hints(fn, name)
        call_parameter = _call_parameter(fn, hints)
        model = arguments or arguments_model(fn, name)
        if arguments is not None:
            _check_model_matches(fn, model, name, call_parameter)
        returns = result_type if result_type is not None else _result_type(hints)
        try:
            spec = InstructionSpec(
                name=name,
                description=description or _first_paragraph(fn) or name,
                arguments=model,
                result_type=returns,
                examples=_examples(examples),
                tags=tuple(tags),
            )
            executor_spec = ExecutorSpec(
                name=executor_name or f"{name}.python",
                instructions=(name,),
                kind="python",
                priority=priority,
                description=f"Python function {fn.__module__}.{fn.__qualname__}",
                run=_runner(fn, call_parameter),
                accepts_call=call_parameter is not None,
            )
        except ValueError as err:  # pydantic.ValidationError is a ValueError
            raise InvalidSpecError(
                f"@executor({name!r}) on {fn.__qualname__}: {err}",
                hint="Fix the name (dotted, lower case), the examples' slots or the signature.",
            ) from err
        return FunctionExecutor(fn, spec, executor_spec)

    return decorate


def arguments_model(fn: Callable[..., Any], name: str) -> type[BaseModel]:
    """Build a pydantic model from ``fn``'s parameters (all must be annotated)."""
    hints = _hints(fn, name)
    skip = _call_parameter(fn, hints)
    fields: dict[str, Any] = {}
    for param in inspect.signature(fn).parameters.values():
        if param.name == skip:
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise InvalidSpecError(
                f"@executor({name!r}): *args/**kwargs cannot become typed arguments.",
                hint="Give the function named, annotated parameters.",
            )
        if param.name not in hints:
            raise InvalidSpecError(
                f"@executor({name!r}): parameter {param.name!r} has no type annotation.",
                hint="Annotate every parameter, e.g. `a: float`.",
            )
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (hints[param.name], default)
    model_name = "".join(part.title() for part in name.replace(".", "_").split("_")) + "Arguments"
    model: type[BaseModel] = create_model(
        model_name,
        __config__=ConfigDict(extra="forbid"),
        __module__=fn.__module__,
        **fields,
    )
    return model


def _runner(fn: Callable[..., Any], call_parameter: str | None) -> Callable[..., Any]:
    if call_parameter is None:

        def run(arguments: BaseModel) -> Any:
            # A validated model's __dict__ holds exactly its fields: the cheapest way to splat.
            return fn(**arguments.__dict__)

        return run

    def run_with_call(arguments: BaseModel, call: Call) -> Any:
        return fn(**arguments.__dict__, **{call_parameter: call})

    return run_with_call


def _result_type(hints: dict[str, Any]) -> Any:
    """The return annotation, unwrapped from ``Output[T]`` (a bare ``Output`` is ``Any``)."""
    returns = hints.get("return", Any)
    if returns is Output:
        return Any
    if get_origin(returns) is Output:
        return get_args(returns)[0]
    return returns


def _call_parameter(fn: Callable[..., Any], hints: dict[str, Any]) -> str | None:
    """The parameter annotated ``Call`` (it gets the call being served), if any."""
    found = [n for n, hint in hints.items() if n != "return" and hint is Call]
    return found[0] if found else None


def _check_model_matches(
    fn: Callable[..., Any], model: type[BaseModel], name: str, call_parameter: str | None
) -> None:
    params = {p for p in inspect.signature(fn).parameters if p != call_parameter}
    fields = set(model.model_fields)
    if params != fields:
        raise InvalidSpecError(
            f"@executor({name!r}, arguments={model.__name__}): the model's fields "
            f"{sorted(fields)} differ from the parameters of {fn.__qualname__} {sorted(params)}.",
            hint="Give the function exactly one parameter per field of the arguments model.",
        )


def _hints(fn: Callable[..., Any], name: str) -> dict[str, Any]:
    try:
        return get_type_hints(fn, include_extras=True)
    except Exception as err:  # unresolved forward references and the like
        raise InvalidSpecError(
            f"@executor({name!r}): cannot resolve the annotations of {fn.__qualname__}: {err}",
            hint="Use types importable where the function is defined.",
        ) from err


def _first_paragraph(fn: Callable[..., Any]) -> str:
    doc = inspect.getdoc(fn) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())
