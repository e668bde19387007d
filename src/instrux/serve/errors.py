"""The HTTP edge of the error hierarchy: one table from error code to HTTP status.

Every failure an HTTP client sees is an :class:`~instrux.ErrorInfo` JSON body; its status is
decided here and nowhere else (the Ray deployment uses the same function). Errors that only
exist at the HTTP edge (a wrong token, a request that ran out of time, a body too large, a
path that does not exist) are instrux errors too, so ``InstruxError.from_info`` reads them
back like any other.
"""

from __future__ import annotations

import re
from typing import Any

from instrux.schemas.errors import ErrorInfo, InstructionRunError, InstruxError, InvalidInputError

__all__ = [
    "INTERNAL_ERROR",
    "STATUS_BY_CODE",
    "NotFoundError",
    "RequestTimeoutError",
    "UnauthorizedError",
    "as_info",
    "batch_too_large",
    "body_too_large",
    "error_responses",
    "host_not_allowed",
    "http_hint",
    "http_status",
    "not_json",
]

# Error code -> HTTP status. A code missing here is a server-side failure (500).
STATUS_BY_CODE: dict[str, int] = {
    "invalid_input": 422,
    "no_match": 422,
    "ambiguous": 409,
    "invalid_arguments": 422,
    "declined": 422,
    "out_of_range": 422,
    "unknown_name": 404,
    "not_found": 404,
    "unauthorized": 401,
    "timeout": 504,
    "invalid_plan": 422,
    "plan_timeout": 504,
    "executor_failed": 502,
    "plugin_failed": 500,
    # Two plugins register one name: the engine lists but refuses to run until fixed.
    "duplicate_registration": 503,
    "configuration_error": 500,
    "invalid_spec": 500,
    # A bounded queue is full (the language-model workers): try again after Retry-After.
    "busy": 503,
}

# invalid_input reasons that are about size or syntax rather than content.
STATUS_BY_REASON: dict[str, int] = {
    "too_long": 413,
    "body_too_large": 413,
    "batch_too_large": 413,
    "invalid_json": 400,
    "host_not_allowed": 400,
    "unsupported_media_type": 415,
    "too_many_tokens": 413,
}


def http_status(info: ErrorInfo) -> int:
    """The HTTP status for an error (by code, refined by ``details['reason']``)."""
    reason = info.details.get("reason")
    if info.code == "invalid_input" and isinstance(reason, str) and reason in STATUS_BY_REASON:
        return STATUS_BY_REASON[reason]
    return STATUS_BY_CODE.get(info.code, 500)


class UnauthorizedError(InstructionRunError):
    """The request has no bearer token, or not the server's one."""

    code = "unauthorized"
    exit_code = 9

    def __init__(self) -> None:
        super().__init__(
            "Missing or wrong bearer token.",
            hint="Send the header 'Authorization: Bearer TOKEN' with the token this server "
            "was given by its operator.",
        )


class RequestTimeoutError(InstructionRunError):
    """The request took longer than the server's per-request limit."""

    code = "timeout"
    exit_code = 9

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"The request took longer than {seconds:g} s and was abandoned.",
            hint="Send a smaller request (fewer or shorter texts), or ask the server's "
            "operator for a larger time limit.",
            details={"timeout_s": seconds},
        )


class NotFoundError(InstructionRunError):
    """No endpoint at this path (or not with this method)."""

    code = "not_found"
    exit_code = 9

    def __init__(self, method: str, path: str) -> None:
        super().__init__(
            f"No endpoint {method} {path}.",
            hint="See /docs (or /openapi.json) for the endpoints of this server.",
            details={"method": method, "path": path},
        )


def body_too_large(limit: int) -> InvalidInputError:
    return InvalidInputError(
        f"The request body is larger than {limit} bytes.",
        hint="Send fewer or shorter texts (the limit is in the OpenAPI document, /openapi.json).",
        reason="body_too_large",
    )


def batch_too_large(count: int, limit: int) -> InvalidInputError:
    return InvalidInputError(
        f"The batch has {count} texts; this server takes at most {limit}.",
        hint=f"Split it into batches of at most {limit} texts.",
        reason="batch_too_large",
    )


# The body of a 500: a bug, whose traceback is in the server's log, not in the answer.
INTERNAL_ERROR = ErrorInfo(
    code="internal_error", kind="run", message="The server failed.",
    hint="This is a bug in instrux or a plugin; the server log has the traceback.",
)  # fmt: skip


def host_not_allowed() -> InvalidInputError:
    return InvalidInputError(
        "The Host header names a host this server does not answer for.",
        hint="Use the server's own address (e.g. http://127.0.0.1:PORT); a server on another "
        "name must be told to allow it by its operator.",
        reason="host_not_allowed",
    )


def not_json() -> InvalidInputError:
    return InvalidInputError(
        "The request body must be JSON (Content-Type: application/json).",
        hint="Send the header 'Content-Type: application/json' with a JSON body.",
        reason="unsupported_media_type",
    )


# Hints are written for the command line; over HTTP the listing commands have endpoints,
# and any other command is for the server's operator, not the client.
_LISTING_COMMANDS = (
    (re.compile(r"`instrux list`"), "GET /v1/instructions"),
    (re.compile(r"`instrux show ([^`]+)`"), r"GET /v1/instructions/\1"),
)
_COMMAND = re.compile(r"`instrux[ `]|`[^`]*--[a-z]")
OPERATOR_HINT = (
    "The server is not set up for this request; its operator can fix it (details.operator_hint "
    "says how)."
)


def http_hint(info: ErrorInfo) -> ErrorInfo:
    """``info`` with a hint an HTTP client can follow (no command-line commands in it)."""
    hint = info.hint
    for command, endpoint in _LISTING_COMMANDS:
        hint = command.sub(endpoint, hint)
    if _COMMAND.search(hint):
        details = {**info.details, "operator_hint": info.hint}
        return info.model_copy(update={"hint": OPERATOR_HINT, "details": details})
    return info if hint == info.hint else info.model_copy(update={"hint": hint})


def as_info(err: InstruxError) -> tuple[int, ErrorInfo]:
    """(HTTP status, body) of an instrux error, its hint written for HTTP clients."""
    info = http_hint(err.to_info())
    return http_status(info), info


def error_responses(meanings: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for a server's error statuses: each an :class:`ErrorInfo` body."""
    return {
        status: {"model": ErrorInfo, "description": meaning} for status, meaning in meanings.items()
    }
