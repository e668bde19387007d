"""Request and response bodies of the HTTP API that the engine's schemas do not cover.

Responses reuse the engine's models as they are (:class:`~instrux.Result`,
:class:`~instrux.Call`, :class:`~instrux.ErrorInfo`, ...); these only wrap what HTTP needs
on top: a text in a JSON body, a batch, and one outcome per text of a batch.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from instrux.schemas.call import Result
from instrux.schemas.errors import ErrorInfo, InvalidInputError

__all__ = [
    "Health",
    "RunManyItem",
    "RunManyRequest",
    "RunManyResponse",
    "TextRequest",
    "read_body",
]

M = TypeVar("M", bound=BaseModel)


def read_body(body: bytes, model: type[M]) -> M:
    """A request body as ``model``, whatever its content type says.

    The API speaks JSON only, so a body is read as JSON even when a client labels it
    otherwise (``curl -d`` sends ``application/x-www-form-urlencoded``). Malformed JSON is an
    ``invalid_input`` error with reason ``invalid_json`` (400); JSON of the wrong shape has
    reason ``invalid_body`` (422).
    """
    try:
        return model.model_validate_json(body)
    except ValidationError as err:
        first = err.errors()[0]
        if first["type"] == "json_invalid":
            raise InvalidInputError(
                f"The request body is not valid JSON: {first['msg']}.",
                hint='Send a JSON object, e.g. {"text": "what is 3 plus 5"}.',
                reason="invalid_json",
            ) from None
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidInputError(
            f"The request body is not a valid {model.__name__}: {where}: {first['msg']}.",
            hint="See /docs (or /openapi.json) for the body of this endpoint.",
            reason="invalid_body",
        ) from None


class TextRequest(BaseModel):
    """One instruction text (``/v1/run``, ``/v1/parse``)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The instruction, e.g. 'what is 3 plus 5'.")


class RunManyRequest(BaseModel):
    """Many instruction texts, routed and executed as one batch (``/v1/run_many``)."""

    model_config = ConfigDict(extra="forbid")

    texts: list[str] = Field(description="Instructions, answered in the same order.")


class RunManyItem(BaseModel):
    """The outcome of one text of a batch: its result, or the error that explains why not."""

    result: Result | None = None
    error: ErrorInfo | None = None


class RunManyResponse(BaseModel):
    results: list[RunManyItem]


class Health(BaseModel):
    status: str = Field(description="'ok' once the engine is built.")
    instructions: int = Field(description="How many instructions the engine serves.")
    version: str
