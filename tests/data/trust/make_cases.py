"""Writes the trust development set (``*.jsonl`` beside this file) from hand-written phrasings.

Every phrasing below was written by hand; this script only fills in numbers (seeded, so the
files are reproducible) and computes the right answers. Each phrasing belongs to one split:
``dev`` (looked at while tuning) or ``heldout`` (never tuned on). The split is decided per
*phrasing*, not per case, so held-out cases are worded differently from every dev case.

Run it from the repository root: ``python tests/data/trust/make_cases.py``. Kinds (file stems):

- paraphrase: one operation, any numbers in [-10^6, 10^6], digits or words;
- roles: phrasings whose argument order is decided by words ("from", "than", "into");
- near_miss: operations instrux has no instruction for, worded like ones it has (the value is
  the true answer, or null when a number answer makes no sense); a refusal is right... enough;
- dropped_numbers: texts with more numbers than one operation takes;
- off_topic: requests that are not arithmetic at all, many with numbers in them;
- other_language: arithmetic in other languages (refusing is fine, a wrong value is not).
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
R = random.Random(20261130)

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    if n < 0:
        return "minus " + words(-n)
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + (" and " + words(rest) if rest else "")
    rest = n % 1000
    return (
        words(n // 1000)
        + " thousand"
        + ((" and " if rest < 100 else " ") + words(rest) if rest else "")
    )


def number(kind: str) -> int | float:
    if kind == "small":
        return R.randint(0, 20)
    if kind == "pos":
        return R.randint(1, 1000)
    if kind == "big":
        return R.randint(-(10**6), 10**6)
    if kind == "float":
        return round(R.uniform(-1000, 1000), R.choice([1, 2]))
    return R.randint(-1000, 1000)


def show(value: int | float, style: str) -> str:
    if style == "words" and isinstance(value, int) and abs(value) < 10**6:
        return words(value)
    return str(value)


OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
}

# (operation, phrasing with {a} and {b} in argument order a OP b, split)
PARAPHRASES: list[tuple[str, str, str]] = [
    ("add", "could you tell me what {a} and {b} add up to", "dev"),
    ("add", "what do you get when you add {a} and {b}", "dev"),
    ("add", "what is the sum of {a} and {b}", "dev"),
    ("add", "{a} plus {b}", "dev"),
    ("add", "please add {b} to {a}", "dev"),
    ("add", "what's the total of {a} and {b}", "dev"),
    ("add", "increase {a} by {b}", "dev"),
    ("add", "{a} + {b} = ?", "dev"),
    ("add", "can you sum {a} and {b} for me", "heldout"),
    ("add", "what does {a} plus {b} equal", "heldout"),
    ("add", "compute {a} added to {b}", "heldout"),
    ("add", "how much is {a} and {b} added together", "heldout"),
    ("add", "I need the sum of {a} and {b}", "heldout"),
    ("add", "{a} and {b} summed", "heldout"),
    ("sub", "subtract {b} from {a}", "dev"),
    ("sub", "what is {a} minus {b}", "dev"),
    ("sub", "take {b} away from {a}", "dev"),
    ("sub", "reduce {a} by {b}", "dev"),
    ("sub", "what's the difference between {a} and {b}", "dev"),
    ("sub", "{a} - {b}", "dev"),
    ("sub", "what do you get if you subtract {b} from {a}", "heldout"),
    ("sub", "decrease {a} by {b}", "heldout"),
    ("sub", "how much is {a} take away {b}", "heldout"),
    ("sub", "calculate {a} less {b}", "heldout"),
    ("sub", "please work out {a} minus {b}", "heldout"),
    ("mul", "multiply {a} by {b}", "dev"),
    ("mul", "what is {a} times {b}", "dev"),
    ("mul", "what's the product of {a} and {b}", "dev"),
    ("mul", "{a} * {b}", "dev"),
    ("mul", "{a} multiplied by {b}", "dev"),
    ("mul", "can you multiply {a} and {b}", "heldout"),
    ("mul", "what do you get when you multiply {a} by {b}", "heldout"),
    ("mul", "calculate the product of {a} and {b} please", "heldout"),
    ("mul", "how much is {a} times {b}", "heldout"),
    ("div", "divide {a} by {b}", "dev"),
    ("div", "what is {a} divided by {b}", "dev"),
    ("div", "{a} / {b}", "dev"),
    ("div", "what's the quotient of {a} and {b}", "dev"),
    ("div", "could you divide {a} by {b} for me", "heldout"),
    ("div", "how much is {a} over {b}", "heldout"),
    ("div", "calculate {a} divided by {b} please", "heldout"),
    ("pow", "{a} to the power of {b}", "dev"),
    ("pow", "raise {a} to the power of {b}", "dev"),
    ("pow", "what is {a} raised to the power {b}", "dev"),
    ("pow", "{a} ^ {b}", "dev"),
    ("pow", "compute {a} to the power {b}", "heldout"),
    ("pow", "what's {a} raised to {b}", "heldout"),
    ("pow", "could you raise {a} to the power of {b}", "heldout"),
]
SQUARE = [
    ("what is {x} squared", "dev"),
    ("square {x}", "dev"),
    ("the square of {x}", "dev"),
    ("what's the square of {x}", "heldout"),
    ("could you square {x} for me", "heldout"),
    ("{x} squared please", "heldout"),
]
# One-argument phrasings that imply the other argument (text, value function, split).
IMPLIED = [
    ("double {x}", lambda x: 2 * x, "dev"),
    ("could you halve {x}", lambda x: x / 2, "dev"),
    ("what is half of {x}", lambda x: x / 2, "dev"),
    ("triple {x}", lambda x: 3 * x, "dev"),
    ("what is twice {x}", lambda x: 2 * x, "heldout"),
    ("halve {x} please", lambda x: x / 2, "heldout"),
    ("what's {x} doubled", lambda x: 2 * x, "heldout"),
    ("what is {x} cubed", lambda x: x**3, "dev"),
    ("the cube of {x}", lambda x: x**3, "heldout"),
]

ROLES = [
    ("what is {b} more than {a}", "add", "dev"),
    ("what is {b} less than {a}", "sub", "dev"),
    ("take away {b} from {a}", "sub", "dev"),
    ("find the difference of {a} and {b}", "sub", "dev"),
    ("how many times does {b} go into {a}", "div", "dev"),
    ("what is minus {a_pos} plus {b}", "add_neg", "dev"),
    ("subtract {b} from {a} please", "sub", "dev"),
    ("from {a} subtract {b}", "sub", "dev"),
    ("divide {b} into {a}", "div", "dev"),
    ("raise {a} to the {b}th", "pow_ord", "dev"),
    ("what's {b} fewer than {a}", "sub", "heldout"),
    ("how much is {b} subtracted from {a}", "sub", "heldout"),
    ("what do you get if you take {b} from {a}", "sub", "heldout"),
    ("{a} divided into {b} parts", "div", "heldout"),
    ("what is {b} added to {a}", "add", "heldout"),
    ("minus {a_pos} times {b}", "mul_neg", "heldout"),
    ("take {b} off {a}", "sub", "heldout"),
    ("what is {a} to the {b}th power", "pow_ord", "heldout"),
    ("the difference of {a} and {b}", "sub", "heldout"),
    ("divide {a} into {b} equal parts", "div", "heldout"),
]

# Near misses: worded like a supported operation; value is the true answer (or None).
NEAR_MISS = [
    (
        "what is the square root of {x2}",
        lambda x: math.isqrt(x) if math.isqrt(x) ** 2 == x else None,
        "dev",
    ),
    ("is {x} a prime number", lambda x: None, "dev"),
    ("round {f}", lambda f: None, "dev"),
    ("what's the remainder of {a} divided by {b}", "mod", "dev"),
    ("is {a} greater than {b}", lambda a, b: None, "dev"),
    ("what is {a} modulo {b}", "mod", "dev"),
    ("what is the cube root of {x3}", lambda x: round(x ** (1 / 3)), "dev"),
    ("what is {p} percent of {a}", "pct", "dev"),
    ("what is the average of {a} and {b}", "avg", "dev"),
    ("what is {x} factorial", lambda x: None, "dev"),
    ("what is the log of {x}", lambda x: None, "dev"),
    ("what is the absolute value of {a}", lambda a: abs(a), "dev"),
    ("is {a} bigger than {b}", lambda a, b: None, "dev"),
    ("is {x} even", lambda x: None, "dev"),
    ("what is the square of the sum of {a} and {b}", "sqsum", "dev"),
    ("what is {a} squared root", lambda a: None, "dev"),
    ("round {f} to the nearest integer", lambda f: None, "dev"),
    ("what is the maximum of {a} and {b}", "max", "dev"),
    ("multiply the digits of {x}", lambda x: None, "dev"),
    ("add {a} percent to {b}", lambda a, b: None, "dev"),
    ("what is the reciprocal of {x}", lambda x: None, "dev"),
    ("divide {a} by {b} and round down", "floordiv", "dev"),
    ("is {a} equal to {b}", lambda a, b: None, "dev"),
    ("what's the greatest common divisor of {a} and {b}", lambda a, b: None, "dev"),
    ("what is the sine of {x}", lambda x: None, "dev"),
    ("sqrt {x2}", lambda x: math.isqrt(x), "heldout"),
    ("is {x} divisible by {y}", lambda x, y: None, "heldout"),
    ("what is {a} mod {b}", "mod", "heldout"),
    ("what is the minimum of {a} and {b}", "min", "heldout"),
    ("floor of {f}", lambda f: None, "heldout"),
    ("what is the mean of {a} and {b}", "avg", "heldout"),
    ("compare {a} and {b}", lambda a, b: None, "heldout"),
    ("what is the natural logarithm of {x}", lambda x: None, "heldout"),
    ("find the lowest common multiple of {a} and {b}", lambda a, b: None, "heldout"),
    ("is {a} smaller than {b}", lambda a, b: None, "heldout"),
    ("what is the negative of {a}", lambda a: -a, "heldout"),
    ("what is {x} to the power of one half", lambda x: math.sqrt(x), "heldout"),
    ("is {x} odd", lambda x: None, "heldout"),
    ("what is the integer part of {a} divided by {b}", "floordiv", "heldout"),
    ("count from {a} to {b}", lambda a, b: None, "heldout"),
    ("what is {p}% of {a}", "pct", "heldout"),
    ("convert {x} to binary", lambda x: None, "heldout"),
    ("what is {x} cube rooted", lambda x: None, "heldout"),
    ("sort {a} and {b}", lambda a, b: None, "heldout"),
    ("what is the exponential of {x}", lambda x: None, "heldout"),
]

DROPPED = [
    ("add {a} and {b} and {c}", lambda a, b, c: a + b + c, "dev"),
    ("add {a}, {b} and {c}", lambda a, b, c: a + b + c, "dev"),
    ("what is {a} plus {b} times {c}", lambda a, b, c: a + b * c, "dev"),
    ("multiply {a} by {b} by {c}", lambda a, b, c: a * b * c, "dev"),
    ("subtract {a} and {b} from {c}", lambda a, b, c: c - a - b, "dev"),
    ("{a} plus {b} plus {c}", lambda a, b, c: a + b + c, "dev"),
    ("what is the sum of {a}, {b} and {c}", lambda a, b, c: a + b + c, "heldout"),
    ("what is {a} times {b} minus {c}", lambda a, b, c: a * b - c, "heldout"),
    ("divide {a} by {b} then by {c}", lambda a, b, c: a / b / c, "heldout"),
    ("{a} minus {b} minus {c}", lambda a, b, c: a - b - c, "heldout"),
    ("square {a} and {b}", lambda a, b, c: None, "heldout"),
    ("what is {a} squared plus {b}", lambda a, b, c: a * a + b, "heldout"),
]

OFF_TOPIC = [
    ("what is the weather in paris", "dev"),
    ("book a table for 2 at 8pm", "dev"),
    ("set a timer for 5 minutes", "dev"),
    ("translate hello into french", "dev"),
    ("tell me a joke", "dev"),
    ("call mom", "dev"),
    ("what time is it in tokyo", "dev"),
    ("play some jazz music", "dev"),
    ("how many calories are in 2 eggs", "dev"),
    ("remind me to buy 3 apples tomorrow", "dev"),
    ("what year did world war 2 end", "dev"),
    ("order 4 pizzas", "dev"),
    ("is it going to rain on the 12th", "dev"),
    ("who wrote 1984", "dev"),
    ("turn the volume up to 11", "dev"),
    ("what is the capital of spain", "dev"),
    ("how old is the universe", "dev"),
    ("send 20 dollars to alex", "dev"),
    ("find flights from boston to denver on march 3", "dev"),
    ("what's my account balance", "dev"),
    ("wake me up at 7", "heldout"),
    ("add milk to my shopping list", "heldout"),
    ("reserve a room for 3 nights", "heldout"),
    ("what is love", "heldout"),
    ("how do I make pancakes", "heldout"),
    ("schedule a meeting at 3 with bob", "heldout"),
    ("how far is the moon", "heldout"),
    ("what's 2 plus 2 in roman numerals", "heldout"),
    ("show me 5 photos of cats", "heldout"),
    ("cancel my 9am appointment", "heldout"),
    ("what is the population of canada", "heldout"),
    ("rate this movie 5 stars", "heldout"),
    ("multiply my savings", "heldout"),
    ("divide the bill between friends", "heldout"),
    ("add a reminder for 6pm", "heldout"),
    ("how many people live in 10 downing street", "heldout"),
    ("square dance lessons near me", "heldout"),
    ("what does the power button do", "heldout"),
    ("take 2 pills every 8 hours", "heldout"),
    ("what is the sum of all fears about", "heldout"),
]

OTHER_LANGUAGE = [
    ("wie viel ist {a} plus {b}", "add", "dev"),
    ("combien font {a} et {b}", "add", "dev"),
    ("cuánto es {a} más {b}", "add", "dev"),
    ("quanto fa {a} per {b}", "mul", "dev"),
    ("was ist {a} mal {b}", "mul", "dev"),
    ("divise {a} par {b}", "div", "heldout"),
    ("resta {b} de {a}", "sub", "heldout"),
    ("wat is {a} min {b}", "sub", "heldout"),
    ("quanto é {a} vezes {b}", "mul", "heldout"),
    ("multipliziere {a} mit {b}", "mul", "heldout"),
]


def add(rows: list[dict[str, Any]], text: str, value: Any, split: str) -> None:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    rows.append({"text": text, "value": value, "split": split})


def operands(op: str) -> tuple[int | float, int | float]:
    if op == "pow":
        return R.randint(-12, 12), R.randint(0, 6)
    if op == "div":
        b = R.choice([n for n in range(-50, 51) if n]) if R.random() < 0.5 else number("pos")
        return number(R.choice(["any", "big", "float"])), b
    return number(R.choice(["any", "big", "float", "small"])), number(
        R.choice(["any", "big", "float", "small"])
    )


def paraphrases() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for op, phrase, split in PARAPHRASES:
        for _ in range(2):
            a, b = operands(op)
            style = R.choice(["digits", "digits", "words"])
            add(rows, phrase.format(a=show(a, style), b=show(b, style)), OPS[op](a, b), split)
    for phrase, split in SQUARE:
        for _ in range(2):
            x = number(R.choice(["any", "float", "small"]))
            add(rows, phrase.format(x=show(x, R.choice(["digits", "words"]))), x * x, split)
    for phrase, fn, split in IMPLIED:
        x = number(R.choice(["any", "small"]))
        add(rows, phrase.format(x=show(x, R.choice(["digits", "words"]))), fn(x), split)
    return rows


def roles() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for phrase, op, split in ROLES:
        for _ in range(2):
            a, b = number("pos"), R.randint(2, 9)
            if op == "add_neg":
                value, text = -a + b, phrase.format(a_pos=a, b=b)
            elif op == "mul_neg":
                value, text = -a * b, phrase.format(a_pos=a, b=b)
            elif op == "pow_ord":
                a = R.randint(2, 9)
                value, text = a**b, phrase.format(a=a, b=b)
            else:
                value, text = OPS[op](a, b), phrase.format(a=a, b=b)
            add(rows, text, value, split)
    return rows


def near_misses() -> list[dict[str, Any]]:
    specials = {
        "mod": lambda a, b: a % b,
        "pct": lambda p, a: p * a / 100,
        "avg": lambda a, b: (a + b) / 2,
        "sqsum": lambda a, b: (a + b) ** 2,
        "max": max,
        "min": min,
        "floordiv": lambda a, b: a // b,
    }
    rows: list[dict[str, Any]] = []
    for phrase, fn, split in NEAR_MISS:
        for _ in range(2):
            a, b = number("pos"), R.randint(2, 30)
            x = R.randint(2, 40)
            values = {
                "a": a,
                "b": b,
                "x": x,
                "y": R.randint(2, 9),
                "f": round(R.uniform(0, 100), 2),
                "x2": x * x,
                "x3": x**3,
                "p": R.choice([5, 10, 15, 20, 25, 50]),
            }
            names = [
                n for n in ("p", "a", "b", "x2", "x3", "x", "y", "f") if "{" + n + "}" in phrase
            ]
            args = [values[n] for n in names]
            if isinstance(fn, str):
                value = specials[fn](*args)
            elif names and names[0] in ("x2", "x3"):
                value = fn(values["x2"] if names[0] == "x2" else values["x3"])
            else:
                value = fn(*args)
            add(rows, phrase.format(**values), value, split)
    return rows


def dropped() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for phrase, fn, split in DROPPED:
        for _ in range(2):
            a, b, c = number("pos"), R.randint(2, 20), R.randint(2, 20)
            add(rows, phrase.format(a=a, b=b, c=c), fn(a, b, c), split)
    return rows


def write(kind: str, rows: list[dict[str, Any]]) -> None:
    with (HERE / f"{kind}.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    write("paraphrase", paraphrases())
    write("roles", roles())
    write("near_miss", near_misses())
    write("dropped_numbers", dropped())
    write("off_topic", [{"text": t, "value": None, "split": s} for t, s in OFF_TOPIC])
    other = []
    for phrase, op, split in OTHER_LANGUAGE:
        for _ in range(2):
            a, b = R.randint(2, 50), R.randint(2, 9)
            add(other, phrase.format(a=a, b=b), OPS[op](a, b), split)
    write("other_language", other)


if __name__ == "__main__":
    main()
