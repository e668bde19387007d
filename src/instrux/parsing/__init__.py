"""Typed text parsing shared by every router tier: input checks, numbers, slots, validation.

The template tier and the semantic tier both read arguments out of text with these, so a
number or an enum value means the same thing whichever tier routed the instruction. It is
also the one place that says how numbers are found in text: :func:`find_numbers` (every
number of a text, :mod:`instrux.parsing.finder`) and the coarse digit patterns of fast paths
(:mod:`instrux.parsing.digits`).
"""

from instrux.parsing.finder import NumberReader, NumberSpan, find_numbers
from instrux.parsing.numbers import NUMBER_PATTERN, parse_number, parse_number_words
from instrux.parsing.slots import SUPPORTED_TYPES, Slot, check_fillable, fillable, slot_for
from instrux.parsing.text import DEFAULT_MAX_LENGTH, check_input, decode_input, normalize
from instrux.parsing.validation import validation_error_to_invalid_arguments

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "NUMBER_PATTERN",
    "SUPPORTED_TYPES",
    "NumberReader",
    "NumberSpan",
    "Slot",
    "check_fillable",
    "check_input",
    "decode_input",
    "fillable",
    "find_numbers",
    "normalize",
    "parse_number",
    "parse_number_words",
    "slot_for",
    "validation_error_to_invalid_arguments",
]
