"""Two values of one choice type go where the words around them put them (choice_roles)."""

from __future__ import annotations

from instrux.semantic.choice_roles import order_by_neighbours

TEMPLATE = "cuántos {to_unit} son {value} {from_unit}"
NUMBERS = frozenset({"value"})


def _spans(text: str, first: str, second: str) -> dict[str, tuple[int, int]]:
    a, b = text.index(first), text.index(second)
    return {"to_unit": (a, a + len(first)), "from_unit": (b, b + len(second))}


def test_the_words_around_the_values_decide_which_slot_each_fills() -> None:
    text = "110 fahrenheit cuantos kelvin son"
    # Filled in text order, "fahrenheit" went to to_unit; "cuántos ... son" says it is kelvin.
    ordered = order_by_neighbours(TEMPLATE, _spans(text, "fahrenheit", "kelvin"), NUMBERS, text)
    assert ordered is not None
    assert text[slice(*ordered["to_unit"])] == "kelvin"
    assert text[slice(*ordered["from_unit"])] == "fahrenheit"


def test_the_example_order_stands_when_the_words_agree() -> None:
    text = "cuantos kelvin son 110 fahrenheit"
    spans = _spans(text, "kelvin", "fahrenheit")
    assert order_by_neighbours(TEMPLATE, spans, NUMBERS, text) == spans


def test_words_that_do_not_tell_are_no_order() -> None:
    text = "kelvin fahrenheit"
    assert (
        order_by_neighbours(TEMPLATE, _spans(text, "kelvin", "fahrenheit"), NUMBERS, text) is None
    )
