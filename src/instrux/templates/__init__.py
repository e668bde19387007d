"""The template router tier: example phrasings compiled into typed-slot matchers.

The first tier of the cascade (exact and model-free); its plugin is
:mod:`instrux.templates.plugin`. Slot and number parsing live in
:mod:`instrux.parsing`, shared with the semantic tier.
"""

from instrux.templates.router import TemplateRouter

__all__ = ["TemplateRouter"]
