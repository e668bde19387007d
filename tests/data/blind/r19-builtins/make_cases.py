#!/usr/bin/env python3
"""Blind evaluation set for the built-in (non-LLM) instructions.

Writes one KIND.jsonl per kind into the folder of this script.
Every expected value is computed here (exact Fractions, then int/float).
Standard library only.  Fixed seed.
"""
import json
import os
import random
from fractions import Fraction as F

SEED = 19
rng = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------
# number words
# ----------------------------------------------------------------------------
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"]
ORD_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth",
             6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth",
             11: "eleventh", 12: "twelfth"}


def words(n):
    if n < 0:
        return "negative " + words(-n)
    if n < 20:
        return ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return TENS[t] + ("-" + ONES[o] if o else "")
    if n < 1000:
        h, r = divmod(n, 100)
        return ONES[h] + " hundred" + (" and " + words(r) if r else "")
    if n < 1000000:
        th, r = divmod(n, 1000)
        return words(th) + " thousand" + ((" and " if r < 100 else " ") + words(r) if r else "")
    raise ValueError(n)


def ordinal(n):
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return "%d%s" % (n, suf)


def fmt_dec(fr, places):
    s = "%.*f" % (places, float(fr))
    return s


# ----------------------------------------------------------------------------
# number generators: kind -> (display text, exact value)
# ----------------------------------------------------------------------------
def gen(kind):
    r = rng
    if kind == "s":            # small int
        v = r.randint(2, 12); return str(v), F(v)
    if kind == "m":            # two digits
        v = r.randint(13, 99); return str(v), F(v)
    if kind == "l":            # three digits
        v = r.randint(100, 999); return str(v), F(v)
    if kind == "k":            # thousands, no separators
        v = r.randint(1000, 99999); return str(v), F(v)
    if kind == "K":            # big, with thousands separators
        v = r.randint(10000, 999999); return "{:,}".format(v), F(v)
    if kind == "n":            # negative int as digits
        v = -r.randint(1, 60); return str(v), F(v)
    if kind == "N":            # negative int in words
        v = r.randint(2, 20)
        return r.choice(["negative ", "minus "]) + words(v), F(-v)
    if kind == "d":            # one-decimal, never integral
        while True:
            t = r.randint(1, 999)
            if t % 10:
                break
        s = "%d.%d" % divmod(t, 10); return s, F(s)
    if kind == "D":            # money-like, two decimals
        while True:
            t = r.randint(100, 99999)
            if t % 100:
                break
        s = "%d.%02d" % divmod(t, 100); return s, F(s)
    if kind == "w":            # int in words
        v = r.choice([r.randint(2, 20), r.randint(21, 99)]); return words(v), F(v)
    if kind == "z":            # dozens
        return r.choice([("a dozen", F(12)), ("half a dozen", F(6)),
                         ("two dozen", F(24)), ("three dozen", F(36))])
    if kind == "h":            # round big words
        return r.choice([("a hundred", F(100)), ("a thousand", F(1000)),
                         ("ten thousand", F(10000)), ("a million", F(1000000)),
                         ("five hundred", F(500))])
    if kind == "H":            # fractions in words
        return r.choice([("a half", F(1, 2)), ("a quarter", F(1, 4)),
                         ("three quarters", F(3, 4)), ("two and a half", F(5, 2)),
                         ("one and a half", F(3, 2))])
    if kind == "b":            # power base
        v = r.randint(2, 9); return str(v), F(v)
    if kind == "e":            # exponent
        v = r.randint(2, 5); return str(v), F(v)
    if kind == "o":            # ordinal exponent, digits
        v = r.randint(3, 10); return ordinal(v), F(v)
    if kind == "O":            # ordinal exponent, words
        v = r.randint(3, 8); return ORD_WORDS[v], F(v)
    if kind == "bw":           # power base, words
        v = r.randint(2, 10); return words(v), F(v)
    if kind == "ew":           # exponent, words
        v = r.randint(2, 4); return words(v), F(v)
    if kind == "p":            # positive small decimal base for powers
        s = r.choice(["1.05", "1.1", "0.5", "2.5", "1.5", "0.9", "1.2"]); return s, F(s)
    if kind == "P":            # parenthesised negative base
        v = r.randint(2, 6); return "(-%d)" % v, F(-v)
    if kind == "NEGEXP":       # negative exponent
        v = -r.randint(1, 3); return str(v), F(v)
    if kind == "c":            # small money
        t = r.randint(100, 6000)
        if t % 100 == 0: t += r.randint(1, 99)
        s = "%d.%02d" % divmod(t, 100); return s, F(s)
    if kind == "q":            # small one-decimal quantity 0.5..5.0
        s = r.choice(["0.5", "1.5", "2.5", "0.75", "1.25", "3.5", "2.25", "4.5"]); return s, F(s)
    if kind == "r":            # one-decimal 1.0..25.0, never integral
        while True:
            t = r.randint(10, 250)
            if t % 10: break
        s = "%d.%d" % divmod(t, 10); return s, F(s)
    if kind == "T":            # thousands 1000..9999
        v = r.randint(1000, 9999); return str(v), F(v)
    if kind == "y":            # age gap
        v = r.randint(20, 45); return str(v), F(v)
    if kind == "x":            # larger exponent for base 2
        v = r.randint(10, 20); return str(v), F(v)
    if kind == "t":            # temperature-like int, can be negative
        v = r.randint(-30, 110); return str(v), F(v)
    raise KeyError(kind)


def fill(specs):
    """specs: ordered dict name -> kind | number | '*other:kind' (multiple)."""
    disp, val = {}, {}
    for name, spec in specs.items():
        if isinstance(spec, (int, float, F)) and not isinstance(spec, bool):
            v = F(str(spec)) if isinstance(spec, float) else F(spec)
            disp[name], val[name] = str(spec), v
        elif spec.startswith("*"):
            base, kind = spec[1:].split(":")
            mult = val[base] if base in val else F(int(base))
            _, k = gen(kind)
            v = mult * k
            disp[name], val[name] = (str(v.numerator) if v.denominator == 1 else str(float(v))), v
        else:
            disp[name], val[name] = gen(spec)
    return disp, val


def out(fr):
    if fr is None:
        return None
    if fr.denominator == 1:
        return int(fr)
    return float(fr)


def compute(instr, a=None, b=None, x=None):
    if instr == "math.add":
        return a + b
    if instr == "math.subtract":
        return a - b
    if instr == "math.multiply":
        return a * b
    if instr == "math.divide":
        return None if b == 0 else a / b
    if instr == "math.power":
        assert b.denominator == 1
        if a == 0 and b < 0:
            return None
        return a ** int(b)
    if instr == "math.square":
        return x * x
    raise KeyError(instr)


def math_case(instr, text, specs):
    disp, val = fill(specs)
    t = text.format(**disp)
    if instr == "math.square":
        v = compute(instr, x=val["x"])
    else:
        v = compute(instr, a=val["a"], b=val["b"])
    return {"text": t, "value": out(v), "split": "heldout", "instruction": instr}


ADD, SUB, MUL, DIV, POW, SQ = ("math.add", "math.subtract", "math.multiply",
                               "math.divide", "math.power", "math.square")

# ----------------------------------------------------------------------------
# paraphrase: 25 per math instruction, every line phrased differently
# ----------------------------------------------------------------------------
PARAPHRASE = [
    # ---- add (a + b) ----
    (ADD, "what is {a} plus {b}?", {"a": "m", "b": "m"}),
    (ADD, "add {a} and {b}", {"a": "l", "b": "l"}),
    (ADD, "Could you add {a} to {b} for me please?", {"a": "d", "b": "d"}),
    (ADD, "{a}+{b}=?", {"a": "m", "b": "s"}),
    (ADD, "I'm doing my taxes, what's {a} plus {b}?", {"a": "D", "b": "D"}),
    (ADD, "sum of {a} and {b}", {"a": "w", "b": "w"}),
    (ADD, "whats {a} and {b} together", {"a": "m", "b": "m"}),
    (ADD, "hey quick one: {a} + {b}", {"a": "k", "b": "k"}),
    (ADD, "could you tell me what {a} added to {b} makes", {"a": "w", "b": "w"}),
    (ADD, "total up {a} and {b}", {"a": "D", "b": "D"}),
    (ADD, "{a} plus {b}, what do you get?", {"a": "n", "b": "m"}),
    (ADD, "pls add {a} adn {b}", {"a": "m", "b": "m"}),
    (ADD, "If I add {b} onto {a}, where do I end up?", {"a": "m", "b": "s"}),
    (ADD, "What's the sum of {a} and {b}?", {"a": "K", "b": "K"}),
    (ADD, "increase {a} by {b}", {"a": "l", "b": "s"}),
    (ADD, "{a} plus {b}", {"a": "w", "b": "w"}),
    (ADD, "put {a} and {b} together, how much is that", {"a": "m", "b": "m"}),
    (ADD, "Grocery run, can you add up {a} and {b}?", {"a": "D", "b": "D"}),
    (ADD, "what do {a} and {b} add up to?", {"a": "m", "b": "l"}),
    (ADD, "Add {a} and {b}.", {"a": "N", "b": "w"}),
    (ADD, "what's {b} more than {a}", {"a": "m", "b": "s"}),
    (ADD, "yo what's {a} plus {b}", {"a": "z", "b": "s"}),
    (ADD, "{b} on top of {a}, how much is that?", {"a": "h", "b": "l"}),
    (ADD, "Kindly compute the sum of {a} and {b}.", {"a": "d", "b": "n"}),
    (ADD, "add {b} to {a}", {"a": "s", "b": "H"}),
    # ---- subtract (a - b) ----
    (SUB, "what is {a} minus {b}?", {"a": "m", "b": "s"}),
    (SUB, "subtract {b} from {a}", {"a": "l", "b": "m"}),
    (SUB, "shave {b} off {a}", {"a": "m", "b": "s"}),
    (SUB, "{a} - {b}", {"a": "l", "b": "l"}),
    (SUB, "substract {b} from {a}", {"a": "m", "b": "s"}),
    (SUB, "Whats {a} take away {b}?", {"a": "w", "b": "w"}),
    (SUB, "what's the difference between {a} and {b}", {"a": "l", "b": "m"}),
    (SUB, "knock {b} off {a}", {"a": "l", "b": "m"}),
    (SUB, "decrease {a} by {b}", {"a": "l", "b": "m"}),
    (SUB, "reduce {a} by {b}", {"a": "D", "b": "D"}),
    (SUB, "I'm balancing my checkbook, can you do {a} minus {b}?", {"a": "D", "b": "D"}),
    (SUB, "minus {b} from {a}", {"a": "m", "b": "s"}),
    (SUB, "calculate {a} minus {b}", {"a": "n", "b": "m"}),
    (SUB, "what's {a} minus {b}", {"a": "w", "b": "N"}),
    (SUB, "deduct {b} from {a}", {"a": "k", "b": "l"}),
    (SUB, "please compute {a} minus {b}", {"a": "k", "b": "k"}),
    (SUB, "how much is left if you take {b} from {a}", {"a": "m", "b": "z"}),
    (SUB, "What do I get when I subtract {b} from {a}?", {"a": "d", "b": "d"}),
    (SUB, "Could you subtract {b} from {a} for me?", {"a": "w", "b": "w"}),
    (SUB, "{a} minus {b} = ?", {"a": "s", "b": "m"}),
    (SUB, "remove {b} from {a}, what remains?", {"a": "l", "b": "m"}),
    (SUB, "What is {a} less {b}?", {"a": "K", "b": "K"}),
    (SUB, "lower {a} by {b}", {"a": "m", "b": "s"}),
    (SUB, "subtact {b} from {a}", {"a": "l", "b": "m"}),
    (SUB, "{a} take away {b} is what", {"a": "h", "b": "l"}),
    # ---- multiply (a * b) ----
    (MUL, "{a} lots of {b}", {"a": "s", "b": "s"}),
    (MUL, "what is {a} times {b}?", {"a": "m", "b": "s"}),
    (MUL, "multiply {a} by {b}", {"a": "l", "b": "m"}),
    (MUL, "double {a}", {"a": "m", "b": 2}),
    (MUL, "triple {a}", {"a": "m", "b": 3}),
    (MUL, "{a} x {b}", {"a": "s", "b": "s"}),
    (MUL, "{a} * {b}", {"a": "d", "b": "s"}),
    (MUL, "mutliply {a} and {b}", {"a": "m", "b": "m"}),
    (MUL, "what's the product of {a} and {b}?", {"a": "w", "b": "w"}),
    (MUL, "I'm ordering supplies, what's {a} times {b}?", {"a": "m", "b": "D"}),
    (MUL, "{a} times {b}", {"a": "w", "b": "w"}),
    (MUL, "quadruple {a}", {"a": "m", "b": 4}),
    (MUL, "what's {a} times {b}", {"a": "z", "b": "s"}),
    (MUL, "find the product: {a} and {b}", {"a": "n", "b": "n"}),
    (MUL, "times {a} by {b}", {"a": "m", "b": "s"}),
    (MUL, "{a} multiplied by {b}", {"a": "s", "b": "l"}),
    (MUL, "how much is {a} times {b}?", {"a": "s", "b": "d"}),
    (MUL, "can u multiply {a} by {b} pls", {"a": "k", "b": "s"}),
    (MUL, "what's twice {a}?", {"a": "l", "b": 2}),
    (MUL, "multiply {a} with {b}", {"a": "w", "b": "N"}),
    (MUL, "What do you get if you multiply {a} by {b}?", {"a": "d", "b": "d"}),
    (MUL, "go ahead and multiply {a} by {b}", {"a": "m", "b": "H"}),
    (MUL, "{a} times {b} please", {"a": "h", "b": "s"}),
    (MUL, "work out {a} \u00d7 {b}", {"a": "m", "b": "m"}),
    (MUL, "what's {a} multiplied by {b}? asking for my kid's homework", {"a": "s", "b": "s"}),
    # ---- divide (a / b) ----
    (DIV, "cut {a} in half", {"a": "*2:m", "b": 2}),
    (DIV, "halve {a}", {"a": "l", "b": 2}),
    (DIV, "what is {a} divided by {b}?", {"b": "s", "a": "*b:m"}),
    (DIV, "{a} / {b}", {"a": "l", "b": "s"}),
    (DIV, "devide {a} by {b}", {"b": "m", "a": "*b:s"}),
    (DIV, "split {a} between {b} people", {"a": "D", "b": "w"}),
    (DIV, "what's a quarter of {a}", {"a": "m", "b": 4}),
    (DIV, "what's half of {a}", {"a": "d", "b": 2}),
    (DIV, "{a} over {b}", {"a": "m", "b": "s"}),
    (DIV, "{a} divided by {b}", {"a": "w", "b": "w"}),
    (DIV, "divide {a} by {b}", {"a": "n", "b": "s"}),
    (DIV, "how much is {a} \u00f7 {b}?", {"b": "s", "a": "*b:l"}),
    (DIV, "how many {b}s are in {a}?", {"a": "m", "b": "d"}),
    (DIV, "could you divide {a} by {b}, thanks", {"a": "l", "b": "m"}),
    (DIV, "what do you get if you divide {a} by {b}", {"a": "z", "b": "s"}),
    (DIV, "{a} shared equally by {b}, how much each?", {"a": "h", "b": "s"}),
    (DIV, "what's {a} split {b} ways", {"a": "l", "b": "s"}),
    (DIV, "what's the quotient of {a} and {b}", {"a": "l", "b": "s"}),
    (DIV, "what is one third of {a}", {"a": "*3:m", "b": 3}),
    (DIV, "what's {a} dividied by {b}", {"b": "s", "a": "*b:s"}),
    (DIV, "{a} divided by {b} equals what", {"a": "m", "b": "n"}),
    (DIV, "I'm scaling down a recipe, what's {a} divided by {b}?", {"a": "d", "b": "s"}),
    (DIV, "{a} / {b} = ?", {"a": "s", "b": "m"}),
    (DIV, "hey what's {a} divided by {b}", {"a": "m", "b": 0}),
    (DIV, "take {a} and divide it by {b}", {"a": "K", "b": "m"}),
    # ---- power (a ** b) ----
    (POW, "{a} to the power of {b}", {"a": "b", "b": "e"}),
    (POW, "{a}^{b}", {"a": "b", "b": "e"}),
    (POW, "what's {a} raised to the {b} power", {"a": "s", "b": "o"}),
    (POW, "{a} to the {b}", {"a": "b", "b": "O"}),
    (POW, "what is {a} cubed", {"a": "m", "b": 3}),
    (POW, "{a}**{b}", {"a": "b", "b": "e"}),
    (POW, "raise {a} to the power {b}", {"a": "b", "b": "e"}),
    (POW, "compute {a} to the power of {b}", {"a": "bw", "b": "ew"}),
    (POW, "what's {a} to the power of {b}", {"a": "p", "b": "e"}),
    (POW, "what's {a} raised to the power of {b}?", {"a": "P", "b": "e"}),
    (POW, "what is {a} to the power {b}", {"a": "b", "b": "NEGEXP"}),
    (POW, "{a} raised to {b}", {"a": "b", "b": "e"}),
    (POW, "what's {a} to the {b}", {"a": "b", "b": "o"}),
    (POW, "how much is {a} to the {b}", {"a": "bw", "b": "O"}),
    (POW, "{a} cubed?", {"a": "s", "b": 3}),
    (POW, "what's {a} to the power of zero", {"a": "l", "b": 0}),
    (POW, "{a} to the first power", {"a": "l", "b": 1}),
    (POW, "calculate {a} to the {b} power please", {"a": "b", "b": "o"}),
    (POW, "I'm working out some interest, what's {a} to the power of {b}?", {"a": "p", "b": "e"}),
    (POW, "2 to the {b}", {"a": 2, "b": "x"}),
    (POW, "what is {a} with an exponent of {b}", {"a": "b", "b": "e"}),
    (POW, "raise {a} to the {b} power", {"a": "bw", "b": "O"}),
    (POW, "{a} to the powr of {b}", {"a": "b", "b": "e"}),
    (POW, "what's the {b} power of {a}?", {"a": "b", "b": "O"}),
    (POW, "can you take {a} to the power {b}", {"a": "s", "b": "e"}),
    # ---- square (x * x) ----
    (SQ, "square {x}", {"x": "m"}),
    (SQ, "what's {x} squared", {"x": "m"}),
    (SQ, "{x} times itself", {"x": "s"}),
    (SQ, "multiply {x} by itself", {"x": "d"}),
    (SQ, "what is the square of {x}", {"x": "l"}),
    (SQ, "{x} squared", {"x": "w"}),
    (SQ, "sqaure {x}", {"x": "m"}),
    (SQ, "square {x} please", {"x": "n"}),
    (SQ, "could you square {x} for me", {"x": "d"}),
    (SQ, "{x}\u00b2", {"x": "s"}),
    (SQ, "what do you get when you square {x}", {"x": "w"}),
    (SQ, "square the number {x}", {"x": "l"}),
    (SQ, "I'm tiling a floor, what's {x} squared?", {"x": "d"}),
    (SQ, "squaring {x} gives what?", {"x": "m"}),
    (SQ, "whats {x} squard", {"x": "k"}),
    (SQ, "the square of {x}?", {"x": "N"}),
    (SQ, "hey can you square {x}", {"x": "D"}),
    (SQ, "{x} multiplied by itself", {"x": "w"}),
    (SQ, "need the square of {x}", {"x": "d"}),
    (SQ, "squared value of {x}?", {"x": "m"}),
    (SQ, "{x} squared is how much", {"x": "h"}),
    (SQ, "Square {x}", {"x": "z"}),
    (SQ, "find {x} squared, thx", {"x": "m"}),
    (SQ, "If you square {x} what comes out?", {"x": "n"}),
    (SQ, "tell me the square of {x}", {"x": "w"}),
]

# ----------------------------------------------------------------------------
# roles: argument order decided by phrasing
# ----------------------------------------------------------------------------
ROLES = [
    (SUB, "take {b} from {a}", {"a": "m", "b": "s"}),
    (SUB, "what is {b} fewer than {a}", {"a": "m", "b": "s"}),
    (SUB, "how much more is {a} than {b}", {"a": "m", "b": "m"}),
    (SUB, "{a} less {b}", {"a": "m", "b": "s"}),
    (SUB, "what do I get if I subtract {b} from {a}", {"a": "s", "b": "m"}),
    (SUB, "what's {b} less than {a}", {"a": "l", "b": "m"}),
    (SUB, "how much smaller is {b} than {a}", {"a": "l", "b": "m"}),
    (SUB, "{b} subtracted from {a}", {"a": "m", "b": "s"}),
    (SUB, "from {a}, subtract {b}", {"a": "l", "b": "l"}),
    (SUB, "take away {b} from {a}", {"a": "m", "b": "s"}),
    (SUB, "how much do I need to add to {b} to get {a}?", {"a": "l", "b": "m"}),
    (SUB, "{a} take away {b}", {"a": "s", "b": "m"}),
    (SUB, "subtract {b} from {a}", {"a": "s", "b": "l"}),
    (SUB, "what is {a} minus {b}", {"a": "m", "b": "l"}),
    (SUB, "how many fewer is {b} than {a}", {"a": "m", "b": "s"}),
    (SUB, "what's {b} from {a}", {"a": "m", "b": "s"}),
    (SUB, "how far short of {a} is {b}?", {"a": 100, "b": "m"}),
    (SUB, "if you take {b} away from {a}, what's left?", {"a": "s", "b": "m"}),
    (SUB, "how much less than {a} is {b}", {"a": "l", "b": "m"}),
    (SUB, "what number is {b} below {a}", {"a": "m", "b": "s"}),
    (SUB, "how much bigger is {a} than {b}", {"a": "l", "b": "l"}),
    (SUB, "{b} less than {a} is what?", {"a": "w", "b": "w"}),
    (SUB, "subtract {a} minus {b}", {"a": "m", "b": "m"}),
    (SUB, "deduct {b} from {a}", {"a": "n", "b": "s"}),
    (SUB, "by how much does {a} exceed {b}?", {"a": "l", "b": "m"}),
    (DIV, "divide {b} into {a}", {"b": "s", "a": "*b:s"}),
    (DIV, "how many {b}s fit into {a}", {"b": "s", "a": "*b:s"}),
    (DIV, "how many times does {b} go into {a}?", {"b": "s", "a": "*b:m"}),
    (DIV, "what's {a} divided by {b}", {"a": "s", "b": "m"}),
    (DIV, "what fraction of {b} is {a}?", {"a": "s", "b": "m"}),
    (DIV, "how many groups of {b} can you make from {a}", {"b": "s", "a": "*b:s"}),
    (DIV, "{a} shared among {b}", {"b": "s", "a": "*b:m"}),
    (DIV, "what's the ratio of {a} to {b}", {"a": "s", "b": "m"}),
    (DIV, "divide {a} by {b}", {"a": "s", "b": "l"}),
    (DIV, "how many times bigger is {a} than {b}?", {"b": "s", "a": "*b:s"}),
    (DIV, "{a} over {b}", {"a": "s", "b": "m"}),
    (DIV, "{b} goes into {a} how many times?", {"b": "s", "a": "*b:s"}),
    (DIV, "split {a} into groups of {b}; how many groups?", {"b": "s", "a": "*b:s"}),
    (DIV, "{b} into {a}?", {"b": "s", "a": "*b:s"}),
    (DIV, "divide {a} into {b} equal parts, how big is each part", {"b": "s", "a": "*b:s"}),
    (DIV, "what is {b} divided into {a}", {"b": "s", "a": "*b:m"}),
    (POW, "{a} to the {b}", {"a": 2, "b": "o"}),
    (POW, "what's {a} to the power of {b}", {"a": "s", "b": 2}),
    (POW, "raise {a} to the {b}", {"a": 2, "b": "O"}),
    (POW, "what is the {b} power of {a}", {"a": "b", "b": "o"}),
    (POW, "{a} raised to {b}", {"a": 2, "b": "b"}),
    (POW, "{a} to the power of {b}", {"a": 3, "b": 2}),
    (POW, "take {a} and raise it to the power {b}", {"a": 4, "b": 3}),
    (POW, "the exponent is {b} and the base is {a}, what's the result?", {"a": "b", "b": "e"}),
    (POW, "what is {a} raised to the power of {b}", {"a": 10, "b": "b"}),
]

# ----------------------------------------------------------------------------
# word problems
# ----------------------------------------------------------------------------
WORD_PROBLEMS = [
    (ADD, "I've got {a} cookies and my friend gives me {b}, how many now?", {"a": "s", "b": "s"}),
    (MUL, "a pack has {a} pens, how many pens in {b} packs", {"a": "s", "b": "s"}),
    (SUB, "I had {a} dollars and spent {b}. How much is left?", {"a": "l", "b": "m"}),
    (DIV, "{a} students are split into {b} equal teams. How many per team?", {"b": "s", "a": "*b:s"}),
    (MUL, "A train goes {a} miles an hour for {b} hours. How far does it travel?", {"a": "m", "b": "s"}),
    (SUB, "There were {a} birds on a wire and {b} flew away. How many are left?", {"a": "m", "b": "s"}),
    (MUL, "My rent is {a} a month. What do I pay over {b} months?", {"a": "l", "b": "s"}),
    (MUL, "We ordered {a} pizzas, each cut into {b} slices. How many slices in total?", {"a": "s", "b": "s"}),
    (ADD, "The recipe needs {a} cups of flour and {b} cups of sugar. How many cups altogether?", {"a": "q", "b": "q"}),
    (SUB, "My book has {a} pages and I've read {b}. How many pages to go?", {"a": "l", "b": "m"}),
    (DIV, "{a} apples shared equally between {b} kids, how many does each kid get?", {"b": "s", "a": "*b:s"}),
    (ADD, "I saved {a} in January and {b} in February. How much did I save in total?", {"a": "D", "b": "D"}),
    (MUL, "Tickets cost {a} each. What do {b} tickets cost?", {"a": "c", "b": "s"}),
    (SUB, "It was {a} degrees this morning and the temperature dropped by {b} degrees. What is it now?", {"a": "s", "b": "s"}),
    (DIV, "A rope {a} m long is cut into {b} equal pieces. How long is each piece?", {"a": "r", "b": "s"}),
    (ADD, "I ran {a} km on Monday and {b} km on Tuesday; how far did I run in total?", {"a": "r", "b": "r"}),
    (DIV, "Each box holds {b} eggs. How many boxes can I fill with {a} eggs?", {"b": "s", "a": "*b:s"}),
    (SQ, "A square garden has sides of {x} meters. What's its area in square meters?", {"x": "m"}),
    (POW, "A cell splits into two every hour. Starting from one cell, how many cells are there after {b} hours?", {"a": 2, "b": "s"}),
    (SUB, "The shop had {a} shirts and sold {b} of them. How many remain?", {"a": "l", "b": "m"}),
    (SUB, "My phone battery was at {a} percent and went down {b} percentage points. Where is it now?", {"a": "m", "b": "s"}),
    (ADD, "Tom is {a} years old and his dad is {b} years older. How old is his dad?", {"a": "s", "b": "y"}),
    (MUL, "A bag of rice weighs {a} kg. How much do {b} bags weigh?", {"a": "r", "b": "s"}),
    (SUB, "I owe {a} and I pay back {b}. How much do I still owe?", {"a": "l", "b": "m"}),
    (DIV, "A class of {a} kids is split into groups of {b}. How many groups are there?", {"b": "s", "a": "*b:s"}),
    (POW, "A cube-shaped box is {a} cm on each side. What is its volume in cubic cm?", {"a": "m", "b": 3}),
    (SUB, "Lisa has {a} stickers and Sam has {b} fewer than Lisa. How many stickers does Sam have?", {"a": "m", "b": "s"}),
    (DIV, "A dozen donuts cost {a}. What does one donut cost?", {"a": "c", "b": 12}),
    (ADD, "I walked {a} steps this morning and {b} steps this evening. How many steps today?", {"a": "T", "b": "T"}),
    (DIV, "{a} litres of juice are poured equally into {b} bottles. How much goes in each bottle?", {"a": "r", "b": "s"}),
]

# ----------------------------------------------------------------------------
# conversions
# ----------------------------------------------------------------------------
M = {"km": F(1000), "m": F(1), "cm": F(1, 100), "mm": F(1, 1000),
     "mile": F("1609.344"), "yard": F("0.9144"), "foot": F("0.3048"),
     "inch": F("0.0254"), "nautical mile": F(1852)}


def length(v, fu, tu):
    return v * M[fu] / M[tu]


def to_kelvin(v, u):
    if u == "celsius":
        return v + F("273.15")
    if u == "fahrenheit":
        return (v - 32) * F(5, 9) + F("273.15")
    return v


def from_kelvin(k, u):
    if u == "celsius":
        return k - F("273.15")
    if u == "fahrenheit":
        return (k - F("273.15")) * F(9, 5) + 32
    return k


def temperature(v, fu, tu):
    return from_kelvin(to_kelvin(v, fu), tu)


LEN, TEMP = "units.length", "units.temperature"
CONVERSIONS = [
    (LEN, "how many feet is {v} meters", "s", "m", "foot"),
    (LEN, "convert {v} km to miles", "m", "km", "mile"),
    (LEN, "{v} inches in cm", "s", "inch", "cm"),
    (LEN, "what's {v} miles in kilometers?", "d", "mile", "km"),
    (LEN, "how many yards in {v} meters", "l", "m", "yard"),
    (LEN, "{v} ft to m", "m", "foot", "m"),
    (LEN, "How tall is {v} feet in centimeters?", "s", "foot", "cm"),
    (LEN, "a marathon is {v} km, how many miles is that?", "42.195", "km", "mile"),
    (LEN, "how many millimeters are in {v} inches", "s", "inch", "mm"),
    (LEN, "convert {v} nautical miles to km", "m", "nautical mile", "km"),
    (LEN, "{v} nautical miles in miles?", "s", "nautical mile", "mile"),
    (LEN, "what is {v} yards in feet", "m", "yard", "foot"),
    (LEN, "how many inches are in {v} feet", "s", "foot", "inch"),
    (LEN, "{v} cm = ? inches", "m", "cm", "inch"),
    (LEN, "change {v} metres to feet", "d", "m", "foot"),
    (LEN, "How many kilometres is {v} miles", "l", "mile", "km"),
    (LEN, "{v} mm in inches please", "l", "mm", "inch"),
    (LEN, "I need {v} m in yards", "m", "m", "yard"),
    (LEN, "how far is {v} miles in meters", "s", "mile", "m"),
    (LEN, "convert {v} feet into inches", "d", "foot", "inch"),
    (LEN, "{v} inch to mm", "d", "inch", "mm"),
    (LEN, "what's {v} km in meters", "d", "km", "m"),
    (LEN, "how many cm in {v} m", "d", "m", "cm"),
    (LEN, "I ran {v} miles, how many km is that?", "s", "mile", "km"),
    (LEN, "{v} yards to meters", "l", "yard", "m"),
    (LEN, "how many nautical miles is {v} km", "l", "km", "nautical mile"),
    (LEN, "{v} kilometers in feet?", "s", "km", "foot"),
    (TEMP, "what's {v}F in celsius", "t", "fahrenheit", "celsius"),
    (TEMP, "convert {v} \u00b0C to Fahrenheit", "t", "celsius", "fahrenheit"),
    (TEMP, "{v} degrees celsius in kelvin", "t", "celsius", "kelvin"),
    (TEMP, "How hot is {v} F in C?", "t", "fahrenheit", "celsius"),
    (TEMP, "{v} kelvin to celsius", "l", "kelvin", "celsius"),
    (TEMP, "it's {v} degrees fahrenheit outside, what's that in celsius", "t", "fahrenheit", "celsius"),
    (TEMP, "what's {v} celsius in fahrenheit", "n", "celsius", "fahrenheit"),
    (TEMP, "{v}K in F", "l", "kelvin", "fahrenheit"),
    (TEMP, "convert {v} fahrenheit to kelvin", "t", "fahrenheit", "kelvin"),
    (TEMP, "my oven says {v}\u00b0F, what is it in celsius?", "OVEN", "fahrenheit", "celsius"),
    (TEMP, "body temp is {v} C, what's that in fahrenheit", "BODY", "celsius", "fahrenheit"),
    (TEMP, "how many degrees F is {v} degrees C", "t", "celsius", "fahrenheit"),
    (TEMP, "{v} deg C -> K", "d", "celsius", "kelvin"),
]


def conv_value(kind):
    if kind == "OVEN":
        v = rng.choice([325, 350, 375, 400, 425, 450]); return str(v), F(v)
    if kind == "BODY":
        s = rng.choice(["36.6", "37", "37.5", "38.2", "39.1"]); return s, F(s)
    if kind[0].isdigit():
        return kind, F(kind)
    return gen(kind)

# ----------------------------------------------------------------------------
# word count
# ----------------------------------------------------------------------------
WC_TEXTS = [
    ("how many words are in \"{t}\"?", "The quick brown fox jumps over the lazy dog"),
    ("count the words: \"{t}\"", "To be, or not to be, that is the question."),
    ("word count for this please: '{t}'", "Meeting moved to Thursday at 3pm, bring the slides."),
    ("How many words does \"{t}\" have", "I can't believe it's already December!"),
    ("give me the number of words in \"{t}\"", "Please find attached the revised invoice for March."),
    ("can you count how many words are in this sentence: \"{t}\"", "Our well-known bakery opens early on weekends"),
    ("number of words in: \"{t}\"", "Hello"),
    ("My essay intro is \"{t}\" - how many words is that?",
     "Climate change is one of the most pressing issues facing humanity today, and it demands urgent action from every nation."),
    ("how many words in '{t}'", "buy milk, eggs, bread and 2 apples"),
    ("what's the word count of \"{t}\"?", "Never gonna give you up, never gonna let you down"),
]

# ----------------------------------------------------------------------------
# multi-step: (text, specs, fn(vals) -> Fraction)  |  ambiguous: (text, specs, readings)
# ----------------------------------------------------------------------------
MULTI = [
    ("add {a} and {b}, then halve it", {"a": "s", "b": "m"}, lambda v: (v["a"] + v["b"]) / 2),
    ("multiply {a} by {b} and then subtract {c}", {"a": "s", "b": "s", "c": "m"}, lambda v: v["a"] * v["b"] - v["c"]),
    ("take {a}, double it, then add {b}", {"a": "m", "b": "s"}, lambda v: v["a"] * 2 + v["b"]),
    ("add {a} and {b} and square the result", {"a": "s", "b": "s"}, lambda v: (v["a"] + v["b"]) ** 2),
    ("subtract {b} from {a} and then divide by {c}", {"a": "l", "b": "m", "c": "s"}, lambda v: (v["a"] - v["b"]) / v["c"]),
    ("square {x} then subtract {b}", {"x": "s", "b": "m"}, lambda v: v["x"] ** 2 - v["b"]),
    ("divide {a} by {b}, then multiply the answer by {c}", {"a": "l", "b": "s", "c": "s"}, lambda v: v["a"] / v["b"] * v["c"]),
    ("first add {a} to {b}, then multiply by {c}", {"a": "m", "b": "m", "c": "s"}, lambda v: (v["a"] + v["b"]) * v["c"]),
    ("triple {a} and then take away {b}", {"a": "m", "b": "m"}, lambda v: v["a"] * 3 - v["b"]),
    ("{a} times {b}, then add {c} to that", {"a": "s", "b": "m", "c": "l"}, lambda v: v["a"] * v["b"] + v["c"]),
    ("convert {a} miles to km and then double it", {"a": "s"}, lambda v: length(v["a"], "mile", "km") * 2),
    ("what's {a} minus {b}? then raise that to the power of {c}", {"a": "l", "b": "m", "c": 2}, lambda v: (v["a"] - v["b"]) ** 2),
    ("halve {a} and then square it", {"a": "*2:s"}, lambda v: (v["a"] / 2) ** 2),
    ("add {a} and {b}, then divide the total by {c}", {"a": "l", "b": "l", "c": "s"}, lambda v: (v["a"] + v["b"]) / v["c"]),
    ("I have {a} and {b}; sum them, then multiply the sum by {c}", {"a": "d", "b": "d", "c": "s"}, lambda v: (v["a"] + v["b"]) * v["c"]),
    ("Take {a}, subtract {b}, and then divide what's left by {c}", {"a": "l", "b": "m", "c": "s"}, lambda v: (v["a"] - v["b"]) / v["c"]),
    ("double {a}, then double it again", {"a": "m"}, lambda v: v["a"] * 4),
    ("work out {a} to the power of {b}, and then take away {c}", {"a": "b", "b": "e", "c": "m"}, lambda v: v["a"] ** int(v["b"]) - v["c"]),
    ("Multiply {a} and {b}. Then divide that by {c}.", {"a": "m", "b": "s", "c": "s"}, lambda v: v["a"] * v["b"] / v["c"]),
    ("add {a} to {b}, after that subtract {c}", {"a": "l", "b": "m", "c": "l"}, lambda v: v["a"] + v["b"] - v["c"]),
    ("start with {a}, add {b}, then cut it in half", {"a": "m", "b": "s"}, lambda v: (v["a"] + v["b"]) / 2),
    ("convert {a} celsius to fahrenheit, then subtract {c} from it", {"a": "m", "c": "s"}, lambda v: temperature(v["a"], "celsius", "fahrenheit") - v["c"]),
    ("count the words in \"see you at the station at noon\" and multiply that by {c}", {"c": "s"}, lambda v: len("see you at the station at noon".split()) * v["c"]),
    ("take the sum of {a} and {b} and multiply it by {c}", {"a": "w", "b": "w", "c": "s"}, lambda v: (v["a"] + v["b"]) * v["c"]),
    ("square {x} and add {b} to the result", {"x": "m", "b": "m"}, lambda v: v["x"] ** 2 + v["b"]),
]

MULTI_AMBIGUOUS = [
    ("add {a} to {b} times {c}", {"a": "s", "b": "s", "c": "s"},
     [lambda v: v["a"] + v["b"] * v["c"], lambda v: (v["a"] + v["b"]) * v["c"]]),
    ("square {a} plus {b}", {"a": "s", "b": "s"},
     [lambda v: v["a"] ** 2 + v["b"], lambda v: (v["a"] + v["b"]) ** 2]),
    ("subtract {b} from {a} divided by {c}", {"c": "s", "a": "*c:m", "b": "s"},
     [lambda v: v["a"] / v["c"] - v["b"], lambda v: (v["a"] - v["b"]) / v["c"]]),
    ("multiply {a} by {b} plus {c}", {"a": "s", "b": "s", "c": "s"},
     [lambda v: v["a"] * (v["b"] + v["c"]), lambda v: v["a"] * v["b"] + v["c"]]),
    ("double {a} plus {b}", {"a": "m", "b": "m"},
     [lambda v: 2 * v["a"] + v["b"], lambda v: 2 * (v["a"] + v["b"])]),
]

# ----------------------------------------------------------------------------
# unsupported near misses (value null)
# ----------------------------------------------------------------------------
UNSUPPORTED = [
    ("what's the square root of {a}", {"a": "l"}),
    ("sqrt({a})", {"a": "m"}),
    ("what is {a} factorial", {"a": "s"}),
    ("{a}!", {"a": "s"}),
    ("is {a} prime?", {"a": "l"}),
    ("is {a} a prime number", {"a": "m"}),
    ("what's the percentage change from {a} to {b}", {"a": "m", "b": "m"}),
    ("my salary went from {a} to {b}, by what percent did it grow?", {"a": 52000, "b": 57200}),
    ("what's the average of {a}, {b} and {c}", {"a": "m", "b": "m", "c": "m"}),
    ("find the mean of {a}, {b}, {c}, {d}", {"a": "s", "b": "m", "c": "s", "d": "m"}),
    ("round {a} to the nearest whole number", {"a": "d"}),
    ("round {a} to one decimal place", {"a": "D"}),
    ("convert {a} kg to pounds", {"a": "m"}),
    ("how many ounces in {a} grams", {"a": "l"}),
    ("what time is it in Tokyo", {}),
    ("convert {a} liters to gallons", {"a": "m"}),
    ("how many square feet are in {a} square meters", {"a": "m"}),
    ("what's the cube root of {a}", {"a": "l"}),
    ("log base 10 of {a}", {"a": "l"}),
    ("what's the remainder when {a} is divided by {b}", {"a": "l", "b": "s"}),
    ("{a} mod {b}", {"a": "m", "b": "s"}),
    ("greatest common divisor of {a} and {b}", {"a": "m", "b": "m"}),
    ("what's the least common multiple of {a} and {b}", {"a": "s", "b": "s"}),
    ("what's sin of {a} degrees", {"a": "m"}),
    ("is {a} km more than {b} miles?", {"a": "s", "b": "s"}),
    ("is {a} bigger than {b}", {"a": "l", "b": "l"}),
    ("how many seconds are in {a} hours", {"a": "s"}),
    ("convert {a} acres to hectares", {"a": "m"}),
    ("what's {a} choose {b}", {"a": "s", "b": "s"}),
    ("solve x + {a} = {b}", {"a": "s", "b": "m"}),
    ("what's the derivative of x^{a}", {"a": "e"}),
    ("what's the compound interest on {a} at 5% for {b} years", {"a": "k", "b": "s"}),
    ("what's the next number in the sequence 2, 4, 8, 16", {}),
    ("what's {a} in binary", {"a": "l"}),
    ("write {a} in roman numerals", {"a": "l"}),
    ("sort these numbers: {a}, {b}, {c}, {d}", {"a": "m", "b": "m", "c": "l", "d": "s"}),
    ("what's the median of {a}, {b} and {c}", {"a": "m", "b": "m", "c": "m"}),
    ("is {a} even or odd", {"a": "l"}),
    ("what's the area of a circle with radius {a}", {"a": "s"}),
    ("convert {a} US dollars to euros", {"a": "l"}),
]

OFF_TOPIC = [
    "what's the capital of France?",
    "tell me a joke",
    "hi there!",
    "can you write me a short poem about autumn",
    "translate 'good morning' into Spanish",
    "who won the world cup in 2018?",
    "set an alarm for 7am",
    "remind me to call mom tomorrow",
    "what's the weather like in Paris today",
    "thanks, that's all",
    "how do I reset my email password",
    "recommend a good sci-fi book",
    "order me a large pepperoni pizza",
    "play some jazz",
    "what's your name?",
    "book a table for 4 at 8pm",
    "my flight leaves at 7:45, any tips for the airport?",
    "I'm 34 and I feel tired all the time",
    "who wrote Pride and Prejudice",
    "how do you boil an egg",
    "what's the meaning of life",
    "can you help me write a cover letter for a barista job",
    "good night",
    "what's the difference between a crocodile and an alligator",
    "the meeting went from 3 to 5 today, it was exhausting",
    "call 555 0199",
    "how tall is Mount Everest",
    "what does HTML stand for",
    "are you a robot?",
    "lol ok",
]

EXPECTED_COUNTS = {"paraphrase": 150, "roles": 50, "word_problem": 30, "conversion": 40,
                   "word_count": 10, "multi_step": 30, "unsupported": 40, "off_topic": 30}


def build():
    kinds = {}
    kinds["paraphrase"] = [math_case(i, t, s) for i, t, s in PARAPHRASE]
    kinds["roles"] = [math_case(i, t, s) for i, t, s in ROLES]
    kinds["word_problem"] = [math_case(i, t, s) for i, t, s in WORD_PROBLEMS]

    conv = []
    for instr, text, kind, fu, tu in CONVERSIONS:
        disp, v = conv_value(kind)
        val = length(v, fu, tu) if instr == LEN else temperature(v, fu, tu)
        conv.append({"text": text.format(v=disp), "value": out(val), "split": "heldout",
                     "instruction": instr})
    kinds["conversion"] = conv

    kinds["word_count"] = [{"text": q.format(t=t), "value": len(t.split()), "split": "heldout",
                            "instruction": "units.word_count"} for q, t in WC_TEXTS]

    ms = []
    for text, specs, fn in MULTI:
        disp, val = fill(specs)
        ms.append({"text": text.format(**disp), "value": out(fn(val)), "split": "heldout"})
    for text, specs, readings in MULTI_AMBIGUOUS:
        while True:
            disp, val = fill(specs)
            rs = {r(val) for r in readings}
            if len(rs) == len(readings):   # readings must really disagree
                break
        ms.append({"text": text.format(**disp), "value": None, "split": "heldout"})
    kinds["multi_step"] = ms

    kinds["unsupported"] = []
    for text, specs in UNSUPPORTED:
        disp, _ = fill(specs)
        kinds["unsupported"].append({"text": text.format(**disp), "value": None, "split": "heldout"})
    kinds["off_topic"] = [{"text": t, "value": None, "split": "heldout"} for t in OFF_TOPIC]
    return kinds


def main():
    kinds = build()
    seen = set()
    for kind, rows in kinds.items():
        assert len(rows) == EXPECTED_COUNTS[kind], (kind, len(rows))
        for r in rows:
            assert r["text"] not in seen, ("duplicate", r["text"])
            seen.add(r["text"])
        with open(os.path.join(HERE, kind + ".jsonl"), "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    # phrasing diversity in paraphrase: templates must be unique
    tmpl = [t for _, t, _ in PARAPHRASE]
    assert len(set(tmpl)) == len(tmpl)
    for kind in EXPECTED_COUNTS:
        print(kind, len(kinds[kind]))


if __name__ == "__main__":
    main()
