"""Template router tier: example phrasings compiled into typed-slot matchers."""

from instrux.engine.templates.numbers import parse_number
from instrux.engine.templates.router import TemplateRouter

__all__ = ["TemplateRouter", "parse_number"]
