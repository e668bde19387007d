"""The instrux error hierarchy: one root, two branches.

- :class:`ConfigurationError`: a user or plugin mistake found while the engine is being set up
  (duplicate registration, an invalid instruction spec, an unknown name asked for by code).
- :class:`InstructionRunError`: a failure while handling one instruction (no instruction
  matched, ambiguous match, invalid arguments, executor failure, a plugin that crashed).

Every error has a stable ``code`` (for programs), a ``message`` that says what went wrong and a
``hint`` that says how to fix it. :meth:`InstruxError.to_info` turns any of them into the
:class:`ErrorInfo` pydantic model used by ``--json`` output and (later) HTTP responses.
Errors are translated to exit codes or HTTP statuses only at the edges.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AmbiguousInstructionError",
    "Candidate",
    "ConfigurationError",
    "DeclinedError",
    "DuplicateRegistrationError",
    "ErrorInfo",
    "ExecutorError",
    "InstructionRunError",
    "InstruxError",
    "InvalidArgumentsError",
    "InvalidInputError",
    "InvalidSpecError",
    "NoMatchError",
    "OutOfRangeError",
    "PluginError",
    "UnknownNameError",
]


class Candidate(BaseModel):
    """An instruction that a router considered, with its score (higher is closer)."""

    model_config = ConfigDict(frozen=True)

    instruction: str
    score: float
    tier: str | None = None
    evidence: str | None = Field(default=None, description="What made it a candidate.")
    explained: bool = Field(
        default=False,
        description="It explained every word and number of the text, and lost only because "
        "another instruction did too (ambiguous).",
    )


class ErrorInfo(BaseModel):
    """Serialisable form of any instrux error (``--json`` output, HTTP bodies)."""

    code: str
    kind: str = Field(description="'configuration' or 'run'.")
    message: str
    hint: str
    details: dict[str, Any] = Field(default_factory=dict)
    candidates: list[Candidate] = Field(default_factory=list)


class InstruxError(Exception):
    """Root of every error instrux raises on purpose."""

    code: ClassVar[str] = "instrux_error"
    kind: ClassVar[str] = "run"
    exit_code: ClassVar[int] = 1

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        details: dict[str, Any] | None = None,
        candidates: list[Candidate] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or {}
        self.candidates = candidates or []

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()

    def to_info(self) -> ErrorInfo:
        return ErrorInfo(
            code=self.code,
            kind=self.kind,
            message=self.message,
            hint=self.hint,
            details=self.details,
            candidates=self.candidates,
        )

    @classmethod
    def from_info(cls, info: ErrorInfo | dict[str, Any]) -> InstruxError:
        """The error an :class:`ErrorInfo` describes (e.g. read back from JSON or HTTP).

        The class is found by ``code`` among the subclasses of this class; an unknown code
        gives a plain error of this class carrying that code. Message, hint, details and
        candidates are kept as they were; attributes such as ``instruction`` or ``plugin``
        are restored from ``details``.
        """
        info = ErrorInfo.model_validate(info)
        target = _class_for_code(cls, info.code) or cls
        err = target.__new__(target)
        InstruxError.__init__(
            err, info.message, hint=info.hint, details=dict(info.details),
            candidates=list(info.candidates),
        )  # fmt: skip
        if target.code != info.code:
            err.code = info.code  # type: ignore[misc]
        for key, value in info.details.items():
            if key.isidentifier() and not hasattr(err, key):
                setattr(err, key, value)
        return err


def _class_for_code(root: type[InstruxError], code: str) -> type[InstruxError] | None:
    stack: list[type[InstruxError]] = [root]
    while stack:
        current = stack.pop()
        if current.code == code:
            return current
        stack.extend(current.__subclasses__())
    return None


# --- branch 1: mistakes in how instrux is set up -------------------------------------------


class ConfigurationError(InstruxError):
    """A user or plugin mistake: fix the code or the configuration, not the input."""

    code = "configuration_error"
    kind = "configuration"
    exit_code = 10


class DuplicateRegistrationError(ConfigurationError):
    """Two plugins registered the same instruction or executor name."""

    code = "duplicate_registration"

    def __init__(self, what: str, name: str, first_plugin: str, second_plugin: str) -> None:
        super().__init__(
            f"{what} {name!r} is registered by both plugin {first_plugin!r} "
            f"and plugin {second_plugin!r}.",
            hint="Rename one of them, or disable one plugin (INSTRUX_PLUGINS / "
            "INSTRUX_DISABLE_BUILTINS).",
            details={
                "what": what,
                "name": name,
                "plugins": [first_plugin, second_plugin],
            },
        )


class InvalidSpecError(ConfigurationError):
    """An instruction or executor spec is malformed (bad name, unknown slot, ...)."""

    code = "invalid_spec"

    def __init__(self, message: str, *, hint: str, plugin: str | None = None) -> None:
        super().__init__(message, hint=hint, details={"plugin": plugin})


class UnknownNameError(ConfigurationError):
    """Code asked for an instruction, executor, model or plugin name that is not registered."""

    code = "unknown_name"

    def __init__(
        self, what: str, name: str, known: list[str], *, listing: str = "instrux list"
    ) -> None:
        """:param listing: the command that lists the known names."""
        from difflib import get_close_matches

        close = get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f"Did you mean {', '.join(close)}?" if close else f"Run `{listing}` to see {what}s."
        super().__init__(
            f"No {what} named {name!r}.", hint=hint, details={"what": what, "name": name}
        )


# --- branch 2: failures while handling one instruction ---------------------------------------


class InstructionRunError(InstruxError):
    """A failure while parsing or running one instruction; the engine stays usable."""

    code = "run_error"
    kind = "run"
    exit_code = 1


class InvalidInputError(InstructionRunError):
    """The text itself is unusable: empty, too long, control characters, invalid UTF-8."""

    code = "invalid_input"
    exit_code = 7

    def __init__(self, message: str, *, hint: str, reason: str) -> None:
        super().__init__(message, hint=hint, details={"reason": reason})


class NoMatchError(InstructionRunError):
    """No instruction matched; ``candidates`` lists the closest ones with scores."""

    code = "no_match"
    exit_code = 3

    def __init__(self, text: str, candidates: list[Candidate]) -> None:
        near = ", ".join(f"{c.instruction} ({c.score:.2f})" for c in candidates[:3])
        # Why the closest one was not taken ("'cubed' is not understood by math.square") is
        # usually what the user needs to read.
        why = (
            f" {_sentence(candidates[0].evidence)}" if candidates and candidates[0].evidence else ""
        )
        super().__init__(
            f"No instruction matched {_clip(text)!r}."
            + (f" Closest: {near}." if near else "")
            + why,
            hint="Rephrase it like one of the examples in `instrux list`, "
            "or install a plugin that handles it.",
            details={"text": text},
            candidates=candidates,
        )


def _sentence(evidence: str) -> str:
    text = evidence.strip().rstrip(".")
    return f"{text[:1].upper()}{text[1:]}."


class AmbiguousInstructionError(InstructionRunError):
    """Several instructions matched equally well."""

    code = "ambiguous"
    exit_code = 4

    def __init__(self, text: str, candidates: list[Candidate]) -> None:
        names = ", ".join(c.instruction for c in candidates)
        super().__init__(
            f"{_clip(text)!r} matches several instructions equally well: {names}.",
            hint="Add words that pick one of them (see `instrux show NAME` for its examples).",
            details={"text": text},
            candidates=candidates,
        )


class InvalidArgumentsError(InstructionRunError):
    """An argument is missing or has a value the instruction cannot take."""

    code = "invalid_arguments"
    exit_code = 5

    def __init__(self, instruction: str, argument: str, reason: str, *, hint: str = "") -> None:
        super().__init__(
            f"Invalid argument {argument!r} for {instruction}: {reason}.",
            hint=hint or f"Give {argument!r} a valid value (see `instrux show {instruction}`).",
            details={"instruction": instruction, "argument": argument, "reason": reason},
        )
        self.instruction = instruction
        self.argument = argument
        self.reason = reason


class DeclinedError(InstructionRunError):
    """An executor declines a call it cannot serve well; another executor may.

    The default dispatcher then tries the instruction's other executors, by priority, and the
    result names the one that ran. Only when every executor declines is the error raised (the
    last one, with the reasons of all in ``details['declined']``). Raise it (or a subclass)
    from an executor for calls outside what it does well: a range, a language, a length.
    """

    code = "declined"
    exit_code = 6

    def __init__(
        self, instruction: str, reason: str, *, argument: str | None = None, hint: str = ""
    ) -> None:
        super().__init__(
            f"No executor could run {instruction}: {reason}.",
            hint=hint or "Select another executor kind (--executor-kind) or change the input.",
            details={"instruction": instruction, "argument": argument, "reason": reason},
        )
        self.instruction = instruction
        self.argument = argument
        self.reason = reason


class OutOfRangeError(DeclinedError):
    """The executor cannot compute this call exactly (e.g. an ONNX net in float64)."""

    code = "out_of_range"
    exit_code = 5

    def __init__(self, instruction: str, argument: str, reason: str, *, hint: str = "") -> None:
        super().__init__(instruction, reason, argument=argument, hint=hint)
        self.message = f"Invalid argument {argument!r} for {instruction}: {reason}."
        self.args = (self.message,)


class ExecutorError(InstructionRunError):
    """The executor raised or returned something unusable."""

    code = "executor_failed"
    exit_code = 6

    def __init__(self, executor: str, plugin: str, reason: str) -> None:
        super().__init__(
            f"Executor {executor!r} from plugin {plugin!r} failed: {reason}.",
            hint=f"Report this to the author of plugin {plugin!r}, or select another "
            "executor for the instruction.",
            details={"executor": executor, "plugin": plugin, "reason": reason},
        )
        self.executor = executor
        self.plugin = plugin


class PluginError(InstructionRunError):
    """A plugin's hook implementation raised an unexpected exception."""

    code = "plugin_failed"
    exit_code = 8

    def __init__(
        self, plugin: str, hook: str, reason: str, *, where: str | None = None, hint: str = ""
    ) -> None:
        at = f" at {where}" if where else ""
        super().__init__(
            f"Plugin {plugin!r} failed in hook {hook}{at}: {reason}.",
            hint=hint
            or "Disable it with INSTRUX_PLUGINS (entry points) or report it to its author.",
            details={"plugin": plugin, "hook": hook, "reason": reason, "where": where},
        )
        self.plugin = plugin
        self.hook = hook


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
