"""The finance instructions' own exact router tier: fixed phrasings, nothing fuzzy.

An installed plugin is in every engine, so its instructions must never take a text meant for
another one. Phrasings given as ``examples`` would also go into the semantic tier's index,
where "classify this text" or "is the market going down" came nearest to
``finance.sentiment`` (measured: they routed there, the first away from ``text.classify``).
So the finance instructions have no examples, and this ``tryfirst`` tier is their only way in:
a text is theirs only when it starts with one of the phrasings below, and the rest of it is
the text to read. Everything else passes on untouched, to the same tiers in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from instrux import Call, InvalidArgumentsError, Route, RouteRequest, UnknownNameError

__all__ = ["PHRASINGS", "finance_call", "route_all"]

_WHAT = r"(?:what is|what's|whats|classify|tell me) the"
_SENTIMENT = r"(?:financial|finance|market) sentiment (?:of|in)"
PHRASINGS: dict[str, tuple[str, ...]] = {
    "finance.sentiment": (
        rf"{_WHAT} {_SENTIMENT}",
        rf"{_SENTIMENT}",
    ),
    "finance.topic": (
        r"(?:what is|what's|whats|tell me) the (?:finance|financial|stock) topic of",
        r"(?:finance|financial|stock) topic of",
        r"which (?:stocks|companies) (?:are|does|do) (?:named|mentioned) in",
    ),
}
_PATTERNS = [
    (name, re.compile(rf"^\s*{prefix}\s*:?\s+(?P<text>.+?)\s*\??\s*$", re.IGNORECASE | re.DOTALL))
    for name, prefixes in PHRASINGS.items()
    for prefix in prefixes
]
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}


def finance_call(request: RouteRequest) -> Call | None:
    """The finance call ``request.text`` asks for, or ``None`` (not a finance phrasing)."""
    for name, pattern in _PATTERNS:
        match = pattern.match(request.text)
        if match is None:
            continue
        text = _unquoted(match.group("text"))
        try:  # finance.sentiment may come from a head in the heads directory: same contract
            spec = request.registry.instruction(name).spec
        except UnknownNameError:
            return None
        if not text:
            raise InvalidArgumentsError(name, "text", "is empty")
        arguments = spec.arguments.model_validate({"text": text})
        route = Route(
            tier="finance",
            score=1.0,
            details={"phrasing": pattern.pattern},
            explanation=f"Starts with a phrasing of {name}; the rest is the text.",
        )
        return Call(instruction=name, arguments=arguments, route=route, text=request.text)
    return None


def route_all(requests: Sequence[RouteRequest]) -> None:
    """The batch form: the same decision for every pending request."""
    for request in requests:
        if request.call is not None or request.error is not None:
            continue
        try:
            request.call = finance_call(request)
        except InvalidArgumentsError as err:
            request.error = err


def _unquoted(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text
