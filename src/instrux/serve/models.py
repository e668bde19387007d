"""Request and response bodies of the HTTP API that the engine's schemas do not cover.

Responses reuse the engine's models as they are (:class:`~instrux.Result`,
:class:`~instrux.Call`, :class:`~instrux.ErrorInfo`, ...); these only wrap what HTTP needs
on top: a text in a JSON body, a batch, and one outcome per text of a batch.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from instrux.schemas.call import Result
from instrux.schemas.errors import ErrorInfo

__all__ = ["Health", "RunManyItem", "RunManyRequest", "RunManyResponse", "TextRequest"]


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
