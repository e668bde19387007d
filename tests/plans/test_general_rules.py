"""The planners' general rules, each tried on phrasings of its own (not the trust set's):
commas before operators, parallel phrases, folds, sentence ends, arithmetic parts that take
an earlier result, start lists, and stories of things that come and go. Every rule has its
traps beside it: a text two careful readers would answer differently is refused."""

from __future__ import annotations

import pytest

from instrux import Engine, InstructionRunError
from instrux.plans.expression import Ambiguous, parse_expression
from instrux.plans.planners import render
from instrux.plans.stories import parse_story
from instrux.schemas.plan import Ref


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        # a comma closes what comes before it: an open phrase, a verb, a tighter operator
        ("the product of 6 and 7, minus 2", "((6 * 7) - 2)"),
        ("the difference between 9 and 4, cubed", "((9 - 4) ^ 3)"),
        ("multiply 3 by 5, plus 1", "((3 * 5) + 1)"),
        ("what is 30 divided by 6, minus 1", "((30 / 6) - 1)"),
        ("what is 8 plus 1, minus 4", "((8 + 1) - 4)"),
        ("7 squared, plus 1", "((7 ^ 2) + 1)"),
        # one-operand phrases joined by an operator to another "the X of" phrase
        ("the square of 6 minus the square of 2", "((6 ^ 2) - (2 ^ 2))"),
        ("the cube of 3 times the sum of 1 and 1", "((3 ^ 3) * (1 + 1))"),
        # "all" says the whole value outright, whatever precedence would say
        ("6 plus 2, all divided by 4", "((6 + 2) / 4)"),
        ("1 plus 4 all squared", "((1 + 4) ^ 2)"),
        # folds
        ("add together 7, 8 and 9", "(7 + 8 + 9)"),
        ("multiply 3, 3 and 2 all together", "(3 * 3 * 2)"),
        ("multiply together 5, 6 and 7", "(5 * 6 * 7)"),
        ("add the numbers 2, 4 and 6", "(2 + 4 + 6)"),
        ("sum up 1 and 2 and 3", "(1 + 2 + 3)"),
    ],
)
def test_general_grammar_rules_read_one_tree(text: str, tree: str) -> None:
    node = parse_expression(text)
    assert node is not None and render(node) == tree


@pytest.mark.parametrize(
    "text",
    [
        "what is 7 plus 2, times 3",  # 27 with the comma, 13 by precedence
        "9 minus 3, squared",  # 36 or 0
        "4 times 5, cubed",
        "what is 3 to the power of 2, squared",  # powers group to the right: 81 or 6561
        "what is 6 plus 1, minus 2, times 3",
        "the square of 5 plus 2",  # 27 or 49
        "twice 5 plus the square of 3",  # "twice" is no "the X of" phrase
        "the square of 2 plus the square of 3 times 4",
    ],
)
def test_comma_and_phrase_readings_that_disagree_are_ambiguous(text: str) -> None:
    with pytest.raises(Ambiguous):
        parse_expression(text)


def test_a_comma_never_follows_an_and_in_a_list() -> None:
    assert parse_expression("the sum of 6 and 7, the product of 1 and 2") is None
    assert parse_expression("add 6 and 7, 8") is None
    node = parse_expression("add 6, 7, and 8")
    assert node is not None and render(node) == "(6 + 7 + 8)"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # sentence ends and semicolons split parts
        ("Add 6 and 2. Divide the result by 4.", 2),
        ("multiply 5 by 5; subtract 5 from it", 20),
        ("Subtract 3 from 9. Then double it.", 12),
        ("What is 6 times 2? Add 3 to it.", 15),
        ("first add 4 and 4. secondly, halve it.", 4),
        ("add 1 and 1, next multiply by 10", 20),
        # a later part is arithmetic with the result in it, named or implied
        ("add 2 and 2, then multiply the result by the sum of 1 and 2", 12),
        ("multiply 2 by 5, then divide the product of 3 and 10 by it", 3),
        ("subtract 1 from 7, then divide by the sum of 1 and 2", 2),
        ("add 6 and 4, then add the product of 2 and 3", 16),
        ("add 1 and 4, then times 3 plus 2", 17),  # left to right is precedence here
        # a comma before an operation verb takes the result
        ("multiply 4 by 4, subtract 6", 10),
        ("add 3 and 9, divide by 4", 3),
        # start lists folded where a later part says "them"
        ("take 4, 5 and 6, then multiply them", 120),
        ("start with 1, 2, 3 and 4 and add them all up", 10),
        ("take 2, 4 and 6, find their sum, then halve it", 6),
        # a start that is itself arithmetic; a sequence word with nothing before it
        ("take the product of 4 and 6 and subtract 4 from it", 20),
        ("finally multiply 6 by 7", 42),
    ],
)
def test_sequences_follow_the_general_rules(exact: Engine, text: str, value: float) -> None:
    assert exact.run(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "Add 1 and 2. Multiply 3 by 4.",  # the second sentence does not use the first
        "add 1 and 2; add 5 and 6",
        "add 1 and 2, then plus 3 times 4",  # running total 12 or precedence 15?
        "add 1 and 2, then multiply it by 3 plus 1",
        "take 5 and 6, then subtract them",
        "take 5, 6 and 7, then add 1 to them",
        "start with 8 and 9, double it",
        "multiply 2 by 3 and divide 8 by 4",
        "multiply 7 by 2, 5",
    ],
)
def test_sequences_that_are_unclear_are_refused(exact: Engine, text: str) -> None:
    with pytest.raises(InstructionRunError):
        exact.run(text)


def test_an_arithmetic_part_references_the_result_before_it(exact: Engine) -> None:
    plan = exact.plan("add 1 and 3, then multiply the result by the sum of 2 and 5")
    assert plan is not None
    last = plan.steps[-1]
    assert len(plan.steps) == 3 and plan.output == last.id
    assert set(last.arguments.values()) == {Ref(ref="s1"), Ref(ref="s2")}
    assert last.text == "multiply the result by the sum of 2 and 5"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("there are 30 cars and 12 drive away, how many are left", 18),
        ("there were 14 ducks on a pond and 5 flew off, how many ducks remained", 9),
        ("there are 6 kids in a room and 4 more come in, how many are in the room now", 10),
        ("There were 20 balloons. 7 popped. How many are left?", 13),
        ("there are 50 people on a train and 10 get off, how many people are on the train", 40),
        ("I have 6 books and buy 3 more, how many books do I have now", 9),
        ("a shop had 40 hats and sold 25 of them, how many hats are left", 15),
        ("she picked 18 flowers and gave away 6, how many does she have", 12),
        ("Ana had 9 cards and sold 4 cards, how many cards does she have left", 5),
        ("Leo has 4 shells and finds 6 more, how many does he have altogether", 10),
        # someone's things that go by themselves; someone acting on things somewhere
        ("Mia had 10 bubbles and 4 popped, how many are left", 6),
        ("a boat had 12 sailors and 3 got off, how many are on the boat", 9),
        ("There are 15 pears in a bowl. Dan eats 4. How many are left in the bowl?", 11),
        ("there are 7 toys in a box and I put 5 more, how many toys are in the box", 12),
    ],
)
def test_stories_of_one_amount(exact: Engine, text: str, value: int) -> None:
    assert exact.run(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "there were 30 pies and 12 left, how many are left",  # 12 left, or 12 went?
        "there are 30 cars and 12 drive away, how many cars drove away",
        "there are 30 cars in a lot and 12 drive away, how many are in the garage",
        "there are 30 cars and 5 vans and 12 drive away, how many are left",
        "I have 6 books and buy 3 more, how many pens do I have",
        "I had 50 euros and bought 3 hats, how much is left",  # money out, hats in
        "I had 50 euros and sold 3, how much do I have",
        "she picked 18 flowers and paid 6, how many are left",  # flowers or money?
        "I had 9 cards and lost 2 coins, how many are left",
        "There are 15 pears in a bowl. Dan eats 4. How many are left in the bag?",
        "there are 7 toys in a box and I put 5 balls, how many toys are in the box",
        "Mia had 10 pies and 4 left, how many are left",  # 4 left, or 4 went?
    ],
)
def test_stories_that_mix_things_are_refused(exact: Engine, text: str) -> None:
    assert parse_story(text) is None
    with pytest.raises(InstructionRunError):
        exact.run(text)
