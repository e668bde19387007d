"""Digits in text, coarsely: the cheap patterns of the fast paths and of tokenizers.

:func:`instrux.parsing.finder.find_numbers` reads every number a text says (signs, words,
ordinals, percentages). Some callers need less, and need it faster or with other edges: a
first check that costs one regular expression, a token of a tokenizer that leaves signs to
the grammar, a number the plan shapes can swap for another. Each such pattern is defined
here, once, with who uses it and why it is not the finder; no module outside
``instrux.parsing`` writes its own (``tests/core/test_no_second_number_finder.py`` counts them).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "DIGITS_GLUED",
    "DIGIT_GROUPS",
    "DIGIT_RUNS",
    "DIGIT_TOKEN",
    "LONE_DECIMAL",
    "UNSIGNED_DECIMAL",
]

# Every run of digits ("1,234.5" is three): the plan shapes' coarse shape, a sure "no" for
# texts of no kept shape at the cost of one substitution (instrux.plans.shapes).
DIGIT_RUNS: Final = re.compile(r"\d+")
# Digits with the dots, commas and percent sign written inside or after them: one written
# number, coarsely ("1,234.5%"; also "1.2.3"). Counting numbers cheaply, or reading a text of
# digits only without a tokenizer (instrux.plans.tokens, instrux.engine.deciding).
DIGIT_GROUPS: Final = re.compile(r"\d+(?:[.,]\d+)*%?")
# A whole or decimal number in plain digits, no sign ("20", "2.5"): what a word problem's
# amount is (instrux.plans.stories) and what a plan's seed may be (instrux.plans.planners).
UNSIGNED_DECIMAL: Final = r"\d+(?:\.\d+)?"
# An unsigned decimal standing alone, not part of a word ("8th", "s1"), of a longer number
# ("1,000", "2.5.1"), a percentage or an exponent: a number that another number can replace
# without changing how the text reads (instrux.plans.shapes).
LONE_DECIMAL: Final = re.compile(rf"(?<![\w.,]){UNSIGNED_DECIMAL}(?![\w%]|[.,]\d)")
# A number token of arithmetic text, no sign ("-" is the grammar's: "3-5" is a subtraction):
# thousands groups, decimals, exponents, percentages (instrux.plans.tokens).
DIGIT_TOKEN: Final = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?|\.\d+%?"
# A digit and the punctuation glued to it ("1.5", "3:30", "1,000"): a number-like token
# that some argument must account for (instrux.semantic.tier, words left over by a slot head).
DIGITS_GLUED: Final = r"\d[\d.,:]*"
