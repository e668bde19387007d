"""Results as every JSON reader can read them: integers too long for one become strings.

Python's ``json.loads`` (and httpx, and every client built on it) refuses an integer of more
than 4,300 digits, Python's default limit for ``int(str)``; "2 to the power of 33000" has
9,934. Such integers in a result's value (at any depth) are written as decimal strings, and
the result says so: ``details["big_ints_as_strings"] is True``. The limit is the number
reader's own (:data:`instrux.parsing.numbers.MAX_NUMBER_DIGITS`), so a number the server
answers with can always be sent back to it in a text. Documented in docs/serving.md.
"""

from __future__ import annotations

from typing import Any, TypeVar

from instrux.parsing.numbers import MAX_NUMBER_DIGITS
from instrux.schemas.call import Result
from instrux.schemas.plan import PlanResult

__all__ = ["BIG_INTS_FLAG", "json_safe", "readable"]

BIG_INTS_FLAG = "big_ints_as_strings"
# The smallest magnitude with more digits than the limit: a comparison, not a conversion.
_TOO_BIG = 10**MAX_NUMBER_DIGITS
R = TypeVar("R", bound=Result)


def _too_big(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return bool(value >= _TOO_BIG or value <= -_TOO_BIG)
    if isinstance(value, list | tuple):
        return any(_too_big(item) for item in value)
    if isinstance(value, dict):
        return any(_too_big(item) for item in value.values())
    return False


def readable(value: Any) -> Any:
    """``value`` with every integer over the digit limit written as a decimal string."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _decimal(value) if value >= _TOO_BIG or value <= -_TOO_BIG else value
    if isinstance(value, list | tuple):
        return [readable(item) for item in value]
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    return value


def _decimal(value: int) -> str:
    # str() itself refuses over the limit: write the digits in chunks under it.
    sign, value = ("-", -value) if value < 0 else ("", value)
    chunk = 10**1000
    parts: list[str] = []
    while value >= chunk:
        value, low = divmod(value, chunk)
        parts.append(f"{low:01000d}")
    return sign + str(value) + "".join(reversed(parts))


def json_safe(result: R) -> R:
    """``result`` unchanged, or a copy whose too-long integers are strings (and flagged)."""
    update: dict[str, Any] = {}
    if _too_big(result.value):
        update["value"] = readable(result.value)
        update["details"] = {**result.details, BIG_INTS_FLAG: True}
    if isinstance(result, PlanResult):
        steps = {key: json_safe(step) for key, step in result.steps.items()}
        if any(step is not result.steps[key] for key, step in steps.items()):
            update["steps"] = steps
    return result.model_copy(update=update) if update else result
