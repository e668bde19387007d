#!/usr/bin/env python3
"""Blind dev-set generator for the natural-language instruction engine.

Writes one KIND.jsonl per kind into the folder of this script.
Expected values are computed here (Decimal arithmetic, exact unit definitions).
Standard library only. Fixed seed 4242.
"""
import json
import os
import random
from decimal import Decimal, getcontext

getcontext().prec = 60
SEED = 4242
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- numbers ---
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"]
ORD_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth",
             6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth",
             11: "eleventh", 12: "twelfth"}


def words(n):
    """English words for 0 <= n < 1,000,000 (negative -> 'negative ...')."""
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
    th, r = divmod(n, 1000)
    return words(th) + " thousand" + ((" and " if r < 100 else " ") + words(r) if r else "")


def ordinal(n):
    if 10 <= n % 100 <= 20:
        suf = "th"
    else:
        suf = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


class Num:
    """A number as written in the text (s) and its value (v)."""

    def __init__(self, s, v):
        self.s = s
        self.v = Decimal(v)

    def __str__(self):
        return self.s

    def __format__(self, spec):
        return self.s


class G:
    """Random number helper bound to one seeded RNG."""

    def __init__(self, rng):
        self.r = rng

    def i(self, lo, hi):
        n = self.r.randint(lo, hi)
        return Num(str(n), n)

    def c(self, lo, hi):  # comma-grouped large integer
        n = self.r.randint(lo, hi)
        return Num(f"{n:,}", n)

    def w(self, lo, hi):  # integer written in words
        n = self.r.randint(lo, hi)
        return Num(words(n), n)

    def neg(self, lo, hi):  # negative integer in digits, lo/hi are magnitudes
        n = self.r.randint(lo, hi)
        return Num(f"-{n}", -n)

    def d(self, lo, hi, places=2):  # decimal, never a whole number
        scale = 10 ** places
        n = self.r.randint(lo * scale, hi * scale)
        if n % 10 == 0:
            n += self.r.randint(1, 9)
        v = Decimal(n).scaleb(-places)
        return Num(str(v), v)

    def lit(self, s, v):
        return Num(s, v)

    def prod(self, a, b):  # a*b in digits (for clean divisions)
        v = a.v * b.v
        return Num(fmt_dec(v), v)

    def choice(self, seq):
        return self.r.choice(seq)


def fmt_dec(v):
    v = Decimal(v)
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), "f")


def out(v):
    """Decimal -> JSON number (int when whole)."""
    if v is None:
        return None
    v = Decimal(v)
    if v == v.to_integral_value():
        return int(v)
    return float(v)


# ------------------------------------------------------------ operations ---
def op_value(instr, args):
    a = [x.v if isinstance(x, Num) else Decimal(x) for x in args]
    if instr == "math.add":
        return a[0] + a[1]
    if instr == "math.subtract":
        return a[0] - a[1]
    if instr == "math.multiply":
        return a[0] * a[1]
    if instr == "math.divide":
        if a[1] == 0:
            return None
        return a[0] / a[1]
    if instr == "math.power":
        e = a[1]
        assert e == e.to_integral_value()
        return a[0] ** int(e)
    if instr == "math.square":
        return a[0] * a[0]
    raise ValueError(instr)


LEN_M = {"km": Decimal("1000"), "m": Decimal("1"), "cm": Decimal("0.01"),
         "mm": Decimal("0.001"), "mile": Decimal("1609.344"),
         "yard": Decimal("0.9144"), "foot": Decimal("0.3048"),
         "inch": Decimal("0.0254"), "nautical mile": Decimal("1852")}


def conv_length(v, f, t):
    return Decimal(v) * LEN_M[f] / LEN_M[t]


def conv_temp(v, f, t):
    v = Decimal(v)
    if f == "celsius":
        c = v
    elif f == "fahrenheit":
        c = (v - 32) * 5 / 9
    else:
        c = v - Decimal("273.15")
    if t == "celsius":
        return c
    if t == "fahrenheit":
        return c * 9 / 5 + 32
    return c + Decimal("273.15")


# ----------------------------------------------------------- paraphrase ---
# Each entry: (instruction, fn(g) -> (text, [arg, arg]))
ADD, SUB, MUL, DIV, POW, SQ = ("math.add", "math.subtract", "math.multiply",
                               "math.divide", "math.power", "math.square")


def P_add():
    L = []

    def t(f):
        L.append((ADD, f))

    def _1(g):
        a, b = g.i(11, 99), g.i(11, 99)
        return f"what's {a} plus {b}?", [a, b]
    t(_1)

    def _2(g):
        a, b = g.c(10000, 999999), g.c(10000, 999999)
        return f"Add {a} and {b}.", [a, b]
    t(_2)

    def _3(g):
        a, b = g.d(800, 4000), g.d(100, 900)
        return (f"I'm doing my taxes and I need the total of ${a} and ${b}. "
                f"Can you add those up?"), [a, b]
    t(_3)

    def _4(g):
        a, b = g.neg(10, 80), g.i(5, 60)
        return f"{a} + {b} = ?", [a, b]
    t(_4)

    def _5(g):
        a, b = g.w(21, 99), g.w(11, 19)
        return f"could you please sum {a} and {b} for me", [a, b]
    t(_5)

    def _6(g):
        a, b = g.i(3, 40), g.i(3, 40)
        return f"hey wats {a} and {b} put togther", [a, b]
    t(_6)

    def _7(g):
        a, b = g.i(2, 30), g.i(100, 500)
        return f"What is {a} more than {b}?", [b, a]
    t(_7)

    def _8(g):
        a, b = g.i(12, 99), g.i(120, 999)
        return f"pls add {a} to {b}", [b, a]
    t(_8)

    def _9(g):
        a, b = g.i(50, 300), g.i(50, 300)
        return f"What do you get when you combine {a} with {b}?", [a, b]
    t(_9)

    def _10(g):
        a, b = g.i(20, 90), g.neg(5, 15)
        return f"Quick one: {a} plus {b}", [a, b]
    t(_10)

    def _11(g):
        a, b = g.lit("a dozen", 12), g.w(3, 19)
        return f"whats a dozen plus {b}", [a, b]
    t(_11)

    def _12(g):
        a, b = g.i(200, 5000), g.i(10, 250)
        return f"Increase {a} by {b}.", [a, b]
    t(_12)

    def _13(g):
        a, b = g.d(0, 1, 3), g.d(0, 1, 2)
        return f"total up {a} and {b} for me", [a, b]
    t(_13)

    def _14(g):
        a, b = g.i(1000, 9000), g.i(10, 99)
        return f"If I tack {b} onto {a}, what's the result?", [a, b]
    t(_14)

    def _15(g):
        a, b = g.d(1, 20, 1), g.d(1, 20, 1)
        return f"What's the sum of {a} and {b}?", [a, b]
    t(_15)

    def _16(g):
        a, b = g.i(15, 60), g.i(15, 60)
        return f"Sorry to bother you, but what is {a} add {b}?", [a, b]
    t(_16)

    def _17(g):
        b = g.d(2, 9, 2)
        return f"what's half plus {b}", [g.lit("half", "0.5"), b]
    t(_17)
    return L


def P_sub():
    L = []

    def t(f):
        L.append((SUB, f))

    def _1(g):
        a, b = g.i(50, 99), g.i(11, 49)
        return f"what is {a} minus {b}", [a, b]
    t(_1)

    def _2(g):
        a, b = g.i(300, 900), g.i(20, 299)
        return f"Subtract {b} from {a}.", [a, b]
    t(_2)

    def _3(g):
        a, b = g.i(25, 60), g.i(2, 9)
        return f"shave {b} off {a}", [a, b]
    t(_3)

    def _4(g):
        a, b = g.w(20, 99), g.w(2, 19)
        return f"{a} take away {b}", [a, b]
    t(_4)

    def _5(g):
        a, b = g.i(10, 40), g.neg(3, 20)
        return f"Can you work out {a} minus {b}?", [a, b]
    t(_5)

    def _6(g):
        a, b = g.d(1500, 3000), g.d(200, 1400)
        return (f"I'm balancing my checkbook: {a} minus {b}, "
                f"what do I end up with?"), [a, b]
    t(_6)

    def _7(g):
        a, b = g.i(60, 200), g.i(5, 30)
        return f"knock {b} off {a} for me", [a, b]
    t(_7)

    def _8(g):
        a, b = g.i(40, 99), g.i(10, 39)
        return f"whats {a} subract {b}", [a, b]
    t(_8)

    def _9(g):
        a, b = g.i(1000, 5000), g.i(100, 999)
        return f"Deduct {b} from {a}, please.", [a, b]
    t(_9)

    def _10(g):
        a, b = g.i(30, 80), g.i(4, 25)
        return f"what number is {b} less than {a}?", [a, b]
    t(_10)

    def _11(g):
        a, b = g.i(10, 30), g.i(31, 70)
        return f"Take {b} away from {a}.", [a, b]
    t(_11)

    def _12(g):
        a, b = g.d(10, 50, 1), g.d(1, 9, 1)
        return f"how much is {a} less {b}?", [a, b]
    t(_12)

    def _13(g):
        a, b = g.lit("ninety", 90), g.w(11, 19)
        return f"ninety minus {b}, thanks", [a, b]
    t(_13)

    def _14(g):
        a, b = g.i(100, 400), g.i(10, 99)
        return f"Reduce {a} by {b}", [a, b]
    t(_14)

    def _15(g):
        a, b = g.neg(10, 50), g.i(5, 30)
        return (f"Please compute the difference when {b} is subtracted "
                f"from {a}."), [a, b]
    t(_15)

    def _16(g):
        a = g.i(30, 80)
        return f"subtract a dozen from {a}", [a, g.lit("a dozen", 12)]
    t(_16)

    def _17(g):
        a, b = g.c(100000, 900000), g.c(10000, 99999)
        return f"{a} - {b} = ?", [a, b]
    t(_17)
    return L


def P_mul():
    L = []

    def t(f):
        L.append((MUL, f))

    def _1(g):
        a, b = g.i(6, 19), g.i(6, 19)
        return f"what's {a} times {b}", [a, b]
    t(_1)

    def _2(g):
        a, b = g.i(3, 9), g.i(10, 15)
        return f"{a} lots of {b}?", [a, b]
    t(_2)

    def _3(g):
        a = g.i(13, 99)
        return f"double {a}", [a, g.lit("2", 2)]
    t(_3)

    def _4(g):
        a = g.i(11, 60)
        return f"can you triple {a}?", [a, g.lit("3", 3)]
    t(_4)

    def _5(g):
        a, b = g.i(100, 999), g.i(11, 99)
        return f"Multiply {a} by {b}.", [a, b]
    t(_5)

    def _6(g):
        a, b = g.i(20, 80), g.i(3, 9)
        return f"{a} x {b}?", [a, b]
    t(_6)

    def _7(g):
        a, b = g.neg(2, 30), g.i(2, 30)
        return f"{a}*{b}", [a, b]
    t(_7)

    def _8(g):
        a, b = g.i(12, 40), g.i(12, 40)
        return f"Could you mulitply {a} and {b} for me?", [a, b]
    t(_8)

    def _9(g):
        a, b = g.d(1, 10, 1), g.d(1, 10, 1)
        return f"What is the product of {a} and {b}?", [a, b]
    t(_9)

    def _10(g):
        a, b = g.i(20, 150), g.d(3, 40)
        return (f"I'm pricing out an order at work, what's {a} multiplied "
                f"by {b}?"), [a, b]
    t(_10)

    def _11(g):
        a, b = g.c(1000, 9999), g.i(100, 999)
        return f"{a} multiplied by {b} equals what?", [a, b]
    t(_11)

    def _12(g):
        b = g.i(10, 200)
        return f"what's a quarter times {b}", [g.lit("a quarter", "0.25"), b]
    t(_12)

    def _13(g):
        a, b = g.w(3, 12), g.w(3, 12)
        return f"how much is {a} groups of {b}", [a, b]
    t(_13)

    def _14(g):
        a, b = g.i(6, 15), g.i(6, 15)
        return f"times {a} by {b}", [a, b]
    t(_14)

    def _15(g):
        a, b = g.i(4, 20), g.i(2, 9)
        return (f"what do you get if you multiply {a} by negative {b}",
                [a, Num(f"negative {b}", -b.v)])
    t(_15)

    def _16(g):
        a = g.i(3, 15)
        return f"how many is {a} dozen?", [a, g.lit("dozen", 12)]
    t(_16)

    def _17(g):
        a, b = g.i(25, 99), g.i(25, 99)
        return f"Can I get {a} times {b}? thx", [a, b]
    t(_17)
    return L


def P_div():
    L = []

    def t(f):
        L.append((DIV, f))

    def _1(g):
        b, q = g.i(3, 12), g.i(5, 30)
        a = g.prod(b, q)
        return f"what is {a} divided by {b}", [a, b]
    t(_1)

    def _2(g):
        a = g.i(20, 200)
        return f"cut {a} in half", [a, g.lit("2", 2)]
    t(_2)

    def _3(g):
        a = g.i(101, 999)
        return f"halve {a}", [a, g.lit("2", 2)]
    t(_3)

    def _4(g):
        b, q = g.i(11, 40), g.i(11, 40)
        a = g.prod(b, q)
        return f"Divide {a} by {b}.", [a, b]
    t(_4)

    def _5(g):
        a, b = g.i(10, 99), g.lit("8", 8)
        return f"{a} / {b}", [a, b]
    t(_5)

    def _6(g):
        b, q = g.i(3, 9), g.i(10, 50)
        a = g.prod(b, q)
        return (f"if I split {a} into {b} equal parts, how big is each part?",
                [a, b])
    t(_6)

    def _7(g):
        a, b = g.i(1, 9), g.lit("4", 4)
        return f"What's {a} over {b}?", [a, b]
    t(_7)

    def _8(g):
        b, q = g.i(6, 15), g.i(6, 15)
        a = g.prod(b, q)
        return f"how much is {a} ÷ {b}", [a, b]
    t(_8)

    def _9(g):
        b, q = g.i(2, 9), g.i(20, 99)
        a = g.prod(b, q)
        return f"devide {a} by {b} pls", [a, b]
    t(_9)

    def _10(g):
        b, q = g.i(4, 25), g.i(4, 25)
        a = g.prod(b, q)
        return f"What's the quotient of {a} and {b}?", [a, b]
    t(_10)

    def _11(g):
        a = g.i(5, 500)
        return (f"what is {a} divided by zero?",
                [a, g.lit("zero", 0)])
    t(_11)

    def _12(g):
        b, q = g.i(3, 8), g.i(4, 20)
        a = g.prod(b, q)
        return (f"Could you tell me what {a} shared equally among {b} "
                f"comes to?"), [a, b]
    t(_12)

    def _13(g):
        a, b = g.d(60, 240), g.lit("4", 4)
        return (f"we're splitting a ${a} dinner bill 4 ways, how much does "
                f"each person pay?"), [a, b]
    t(_13)

    def _14(g):
        a = g.i(10, 400)
        return f"What's a quarter of {a}?", [a, g.lit("4", 4)]
    t(_14)

    def _15(g):
        b, q = g.i(3, 9), g.i(3, 20)
        a = Num(f"-{b.v * q.v}", -(b.v * q.v))
        return f"{a} divided by {b}", [a, b]
    t(_15)

    def _16(g):
        q = g.i(4, 40)
        a = Num(fmt_dec(q.v * 3), q.v * 3)
        return f"whats a third of {a}", [a, g.lit("3", 3)]
    t(_16)

    def _17(g):
        a, b = g.lit("one hundred", 100), g.lit("eight", 8)
        return "Divide one hundred by eight and tell me the answer.", [a, b]
    t(_17)
    return L


def P_pow():
    L = []

    def t(f):
        L.append((POW, f))

    def _1(g):
        a, b = g.i(2, 9), g.i(3, 6)
        return f"what is {a} to the power of {b}", [a, b]
    t(_1)

    def _2(g):
        a, b = g.i(2, 6), g.i(4, 8)
        return f"{a}^{b}", [a, b]
    t(_2)

    def _3(g):
        b = g.i(8, 16)
        return f"2 to the {ordinal(int(b.v))}", [g.lit("2", 2), b]
    t(_3)

    def _4(g):
        a, b = g.i(3, 7), g.i(4, 6)
        return (f"raise {a} to the {ordinal(int(b.v))} power", [a, b])
    t(_4)

    def _5(g):
        a = g.i(4, 15)
        return f"what's {a} cubed?", [a, g.lit("3", 3)]
    t(_5)

    def _6(g):
        a = g.i(16, 30)
        return f"cube {a}", [a, g.lit("3", 3)]
    t(_6)

    def _7(g):
        a, b = g.i(2, 5), g.i(5, 9)
        return f"{a}**{b}", [a, b]
    t(_7)

    def _8(g):
        a, b = g.i(11, 20), g.i(3, 4)
        return f"{a} raised to {b}?", [a, b]
    t(_8)

    def _9(g):
        a, b = g.lit("1.5", "1.5"), g.i(2, 5)
        return f"calculate 1.5 to the power {b}", [a, b]
    t(_9)

    def _10(g):
        a, b = g.i(3, 9), g.i(3, 5)
        return f"whats {a} to the powr of {b}", [a, b]
    t(_10)

    def _11(g):
        n = g.r.randint(4, 9)
        return (f"what's ten to the {ORD_WORDS[n]}?",
                [g.lit("ten", 10), Num(ORD_WORDS[n], n)])
    t(_11)

    def _12(g):
        a, b = g.i(2, 12), g.i(2, 4)
        return f"I need {a} with an exponent of {b}", [a, b]
    t(_12)

    def _13(g):
        a, b = g.i(3, 9), g.i(4, 7)
        return f"What's the {ordinal(int(b.v))} power of {a}?", [a, b]
    t(_13)

    def _14(g):
        a = g.neg(2, 5)
        b = g.lit("5", 5)
        return f"({a}) to the power of 5", [a, b]
    t(_14)

    def _15(g):
        b = g.i(2, 6)
        return (f"I need 1.05 to the power of {b} for a compound interest "
                f"thing, what is it?"), [g.lit("1.05", "1.05"), b]
    t(_15)

    def _16(g):
        a, b = g.lit("2", 2), g.i(1, 4)
        return (f"2 to the power of -{b}",
                [a, Num(f"-{b}", -b.v)])
    t(_16)
    return L


def P_sq():
    L = []

    def t(f):
        L.append((SQ, f))

    def _1(g):
        a = g.i(11, 40)
        return f"what is {a} squared", [a]
    t(_1)

    def _2(g):
        a = g.i(41, 99)
        return f"Square {a}.", [a]
    t(_2)

    def _3(g):
        a = g.i(100, 999)
        return f"{a} squared?", [a]
    t(_3)

    def _4(g):
        a = g.i(13, 30)
        return f"what's the square of {a}", [a]
    t(_4)

    def _5(g):
        a = g.i(6, 25)
        return f"{a} times itself", [a]
    t(_5)

    def _6(g):
        a = g.d(1, 9, 1)
        return f"multiply {a} by itself", [a]
    t(_6)

    def _7(g):
        a = g.i(20, 70)
        return f"{a}^2", [a]
    t(_7)

    def _8(g):
        a = g.i(7, 19)
        return f"sqaure {a} please", [a]
    t(_8)

    def _9(g):
        a = g.i(3, 20)
        return f"what's {a} to the second power", [a]
    t(_9)

    def _10(g):
        a = g.i(3, 15)
        return (f"what do you get if you square negative {a}?",
                [Num(f"negative {a}", -a.v)])
    t(_10)

    def _11(g):
        a = g.lit("2.5", "2.5")
        return "Find the square of 2.5", [a]
    t(_11)

    def _12(g):
        a = g.i(9, 24)
        return (f"I'm tiling a square room that's {a} feet on each side. "
                f"What's {a} squared?"), [a]
    t(_12)

    def _13(g):
        a = g.c(1000, 9999)
        return f"how much is {a} squared", [a]
    t(_13)

    def _14(g):
        a = g.w(13, 19)
        return f"{a} squared", [a]
    t(_14)

    def _15(g):
        return "What's a dozen squared?", [g.lit("a dozen", 12)]
    t(_15)

    def _16(g):
        return "what's half squared", [g.lit("half", "0.5")]
    t(_16)
    return L


def make_paraphrase(g):
    rows = []
    for instr, fn in P_add() + P_sub() + P_mul() + P_div() + P_pow() + P_sq():
        text, args = fn(g)
        v = op_value(instr, args)
        rows.append({"text": text, "value": out(v), "split": "dev",
                     "instruction": instr})
    return rows


# ---------------------------------------------------------------- roles ---
def make_roles(g):
    R = []

    def add(instr, text, args):
        R.append((instr, text, args))

    a, b = g.i(20, 60), g.i(3, 9)
    add(SUB, f"take {b} from {a}", [a, b])
    a, b = g.i(11, 40), g.i(2, 9)
    add(SUB, f"what is {b} fewer than {a}?", [a, b])
    a, b = g.i(60, 150), g.i(15, 55)
    add(SUB, f"how much more is {a} than {b}", [a, b])
    b, q = g.i(3, 12), g.i(4, 12)
    a = g.prod(b, q)
    add(DIV, f"divide {b} into {a}", [a, b])
    b, q = g.i(3, 9), g.i(5, 12)
    a = g.prod(b, q)
    add(DIV, f"how many {b}s fit into {a}?", [a, b])
    b = g.i(6, 12)
    add(POW, f"3 to the {ordinal(int(b.v))}", [g.lit("3", 3), b])
    a, b = g.i(10, 30), g.i(2, 9)
    add(SUB, f"{a} less {b}", [a, b])
    a, b = g.i(2, 9), g.i(10, 25)
    add(SUB, f"what do I get if I subtract {b} from {a}?", [a, b])
    b, q = g.i(4, 9), g.i(6, 15)
    a = g.prod(b, q)
    add(DIV, f"how many times does {b} go into {a}", [a, b])
    b, q = g.i(11, 19), g.i(3, 9)
    a = g.prod(b, q)
    add(DIV, f"{b} goes into {a} how many times?", [a, b])
    a, b = g.i(2, 3), g.i(7, 12)
    add(POW, f"raise {a} to the power of {b}", [a, b])
    a, b = g.i(5, 9), g.i(2, 3)
    add(POW, f"what's {a} raised to the power {b}?", [a, b])
    a, b = g.i(3, 15), g.i(20, 40)
    add(SUB, f"subtract {b} from {a}", [a, b])
    a, b = g.i(30, 60), g.i(4, 12)
    add(SUB, f"what number is {b} smaller than {a}?", [a, b])
    a, b = g.i(50, 90), g.i(5, 45)
    add(SUB, f"how much less is {b} than {a}?", [a, b])
    b, q = g.i(3, 8), g.i(5, 20)
    a = g.prod(b, q)
    add(DIV, f"{a} split into {b} parts, how big is each?", [a, b])
    a = g.i(2, 9)
    b = Num(str(a.v * 4), a.v * 4)
    add(DIV, f"what's {a} divided by {b}", [a, b])
    a, b = g.lit("3", 3), g.lit("4", 4)
    add(DIV, "3 over 4", [a, b])
    a, b = g.i(40, 99), g.i(11, 39)
    add(SUB, f"what is {b} subtracted from {a}", [a, b])
    a, b = g.i(5, 20), g.i(21, 40)
    add(SUB, f"start at {a} and go down by {b}, where do I end up?", [a, b])
    a, b = g.i(70, 200), g.i(10, 69)
    add(SUB, f"{a} is how much bigger than {b}?", [a, b])
    a, b = g.i(2, 4), g.i(5, 9)
    add(POW, f"the {ordinal(int(b.v))} power of {a}", [a, b])
    a, b = g.i(2, 3), g.i(4, 8)
    add(POW, f"what is {a} with an exponent of {b}", [a, b])
    b, q = g.lit("25", 25), g.i(3, 12)
    a = g.prod(b, q)
    add(DIV, f"how many 25's in {a}", [a, b])
    a, b = g.i(100, 300), g.i(20, 99)
    add(SUB, f"by how much does {a} exceed {b}?", [a, b])
    a = g.i(2, 9)
    b = Num(str(a.v * 5), a.v * 5)
    add(DIV, f"divide {a} by {b}", [a, b])
    a, b = g.i(2, 4), g.i(5, 8)
    add(POW, f"exponent {b}, base {a}: what's the result?", [a, b])
    a, b = g.i(3, 9), g.i(10, 20)
    add(SUB, f"take {b} away from {a}", [a, b])
    a, b = g.i(30, 90), g.i(3, 19)
    add(SUB, f"what's left if you take {b} off {a}?", [a, b])
    add(DIV, "twelve divided by forty-eight",
        [g.lit("twelve", 12), g.lit("forty-eight", 48)])

    rows = []
    for instr, text, args in R:
        v = op_value(instr, args)
        # order must matter: swapped arguments give a different answer
        swapped = op_value(instr, list(reversed(args)))
        assert swapped != v, text
        rows.append({"text": text, "value": out(v), "split": "dev",
                     "instruction": instr})
    return rows


# --------------------------------------------------------- word problems ---
def make_word_problems(g):
    R = []

    def add(instr, text, args):
        R.append((instr, text, args))

    a, b = g.i(5, 15), g.i(3, 12)
    add(ADD, f"I've got {a} cookies and my friend gives me {b} more. How many "
             f"do I have now?", [a, b])
    a, b = g.i(6, 24), g.i(3, 12)
    add(MUL, f"A pack has {a} pens. How many pens are in {b} packs?", [a, b])
    a, b = g.i(30, 60), g.i(5, 25)
    add(SUB, f"There were {a} people on the bus and {b} got off at the next "
             f"stop. How many are still on the bus?", [a, b])
    b, q = g.i(3, 8), g.i(4, 12)
    a = g.prod(b, q)
    add(DIV, f"We're sharing {a} sweets equally among {b} kids. How many does "
             f"each kid get?", [a, b])
    a = g.i(5, 30)
    add(SQ, f"A square garden is {a} meters on each side. What is its area in "
            f"square meters?", [a])
    a, b = g.i(800, 2500), g.i(6, 12)
    add(MUL, f"My rent is ${a} a month. How much do I pay over {b} months?",
        [a, b])
    a, b = g.d(3, 12, 1), g.d(3, 12, 1)
    add(ADD, f"I ran {a} km on Monday and {b} km on Tuesday. How far did I "
             f"run in total?", [a, b])
    a, b = g.d(40, 100), g.d(8, 25)
    add(SUB, f"I had ${a} in my wallet and paid ${b} for lunch. How much "
             f"money do I have left?", [a, b])
    n = g.i(5, 12)
    add(POW, f"A single cell splits into 2 every hour. Starting from one "
             f"cell, how many cells are there after {n} hours?",
        [g.lit("2", 2), n])
    a, b = g.i(2, 9), g.i(10, 18)
    add(SUB, f"It was {a} degrees this morning and the temperature dropped "
             f"{b} degrees by midnight. What is it now?", [a, b])
    a, b = g.i(45, 75), g.i(2, 6)
    add(MUL, f"A car drives at {a} miles per hour for {b} hours. How many "
             f"miles does it cover?", [a, b])
    b = g.i(4, 8)
    a = g.d(2, 10, 1)
    add(DIV, f"{a} liters of juice are poured equally into {b} bottles. How "
             f"much juice goes in each bottle?", [a, b])
    a, b = g.i(250, 600), g.i(50, 240)
    add(SUB, f"My book has {a} pages and I've read {b} so far. How many "
             f"pages do I still have to read?", [a, b])
    a, b = g.i(12, 30), g.i(8, 25)
    add(MUL, f"Each row in the theater has {a} seats and there are {b} rows. "
             f"How many seats are there?", [a, b])
    a, b = g.i(10, 40), g.i(10, 40)
    add(ADD, f"Our team scored {a} points in the first half and {b} in the "
             f"second half. What was the final score?", [a, b])
    b, q = g.i(2, 5), g.i(6, 20)
    a = g.prod(b, q)
    add(DIV, f"A rope {a} meters long gets cut into pieces {b} meters long. "
             f"How many pieces do I get?", [a, b])
    a = g.i(15, 45)
    add(SQ, f"A floor tile measures {a} cm by {a} cm. What's its area in "
            f"square centimeters?", [a])
    a, b = g.i(500, 3000), g.i(100, 900)
    add(ADD, f"My savings account had {a} dollars and I deposited another "
             f"{b}. What's the balance now?", [a, b])
    b = g.w(3, 9)
    add(MUL, f"Eggs come in cartons of a dozen. How many eggs are in {b} "
             f"cartons?", [g.lit("a dozen", 12), b])
    a = g.i(4, 12)
    add(POW, f"A cube-shaped box is {a} cm along each edge. What is its "
             f"volume in cubic centimeters?", [a, g.lit("3", 3)])

    return [{"text": t, "value": out(op_value(i, a)), "split": "dev",
             "instruction": i} for i, t, a in R]


# ------------------------------------------------------------ conversion ---
def make_conversions(g):
    R = []

    def L(text, v, f, t):
        R.append(("units.length", text, conv_length(v.v, f, t)))

    def T(text, v, f, t):
        R.append(("units.temperature", text, conv_temp(v.v, f, t)))

    v = g.i(2, 20)
    L(f"how many feet is {v} meters?", v, "m", "foot")
    v = g.i(60, 110)
    T(f"what's {v}F in celsius", v, "fahrenheit", "celsius")
    v = g.i(5, 50)
    L(f"convert {v} km to miles", v, "km", "mile")
    v = g.i(2, 36)
    L(f"{v} inches in cm?", v, "inch", "cm")
    v = g.i(2, 9)
    L(f"How many yards are there in {v} miles?", v, "mile", "yard")
    v = g.i(15, 40)
    T(f"what is {v} degrees celsius in fahrenheit", v, "celsius",
      "fahrenheit")
    v = g.i(5, 6)
    L(f"I'm {v} feet tall, what's that in centimeters?", v, "foot", "cm")
    v = g.i(10, 200)
    L(f"convert {v} nautical miles to kilometers", v, "nautical mile", "km")
    v = g.i(250, 320)
    T(f"{v} K to °C", v, "kelvin", "celsius")
    v = g.lit("42.195", "42.195")
    L("A marathon is 42.195 km. How many miles is that?", v, "km", "mile")
    v = g.i(2, 12)
    L(f"how many millimeters are in {v} inches", v, "inch", "mm")
    v = g.i(100, 900)
    L(f"what's {v} mm in inches?", v, "mm", "inch")
    v = g.i(-40, 100)
    T(f"{v} celsius to kelvin please", v, "celsius", "kelvin")
    v = g.choice([325, 350, 375, 400, 425, 450])
    v = Num(str(v), v)
    T(f"My oven is set to {v}°F. What's that in Celsius?", v, "fahrenheit",
      "celsius")
    v = g.i(10, 100)
    L(f"How many meters is {v} yards?", v, "yard", "m")
    v = g.i(10, 500)
    L(f"change {v} miles into nautical miles", v, "mile", "nautical mile")
    v = g.neg(5, 25)
    T(f"It's {v} degrees Celsius outside. What is that in Fahrenheit?", v,
      "celsius", "fahrenheit")
    v = g.i(100, 250)
    L(f"{v} cm in feet?", v, "cm", "foot")
    v = g.i(250, 400)
    T(f"Convert {v} kelvin to fahrenheit", v, "kelvin", "fahrenheit")
    v = g.w(2, 12)
    L(f"how many inches in {v} feet", v, "foot", "inch")

    return [{"text": t, "value": out(v), "split": "dev", "instruction": i}
            for i, t, v in R]


# ------------------------------------------------------------ word count ---
def make_word_count(g):
    texts = [
        ('How many words are in "{}"?',
         "The quick brown fox jumps over the lazy dog"),
        ("count the words in this: '{}'", "I think, therefore I am."),
        ('word count for "{}" please',
         "To be or not to be, that is the question"),
        ('How long is this sentence in words? "{}"',
         "Don't count your chickens before they hatch."),
        ('My essay intro is "{}" - how many words is that?',
         "Climate change is one of the defining challenges of our time, "
         "and every country has a part to play in addressing it."),
        ("Number of words: '{}'", "Hello world"),
        ('can you tell me how many words this has: "{}"',
         "Please remember to bring your laptop, charger, and a printed copy "
         "of the agenda to Thursday's meeting."),
        ('count words: "{}"',
         "It was a bright cold day in April, and the clocks were striking "
         "thirteen. Winston Smith, his chin nuzzled into his breast in an "
         "effort to escape the vile wind, slipped quickly through the glass "
         "doors of Victory Mansions."),
        ('How many words did I write here? "{}"',
         "lol ok see u at 7"),
        ('Give me the word count of the following text: "{}"',
         "Our well-known, state-of-the-art product ships in 3 to 5 business "
         "days."),
    ]
    rows = []
    for fmt, body in texts:
        rows.append({"text": fmt.format(body), "value": len(body.split()),
                     "split": "dev", "instruction": "units.word_count"})
    return rows


# ------------------------------------------------------------ multi step ---
def make_multi_step(g):
    R = []

    def add(text, steps):
        """steps: list of (instr, second_arg) applied to a running value,
        first step given fully as (instr, a, b)."""
        instr, a, b = steps[0]
        v = op_value(instr, [a, b])
        for instr2, x in steps[1:]:
            if instr2 == SQ:
                v = op_value(SQ, [v])
            elif isinstance(x, tuple) and x[0] == "left":
                v = op_value(instr2, [x[1], v])
            else:
                v = op_value(instr2, [v, x])
        R.append((text, v))

    a, b = g.i(2, 20), g.i(2, 20)
    if (a.v + b.v) % 2:
        b = Num(str(b.v + 1), b.v + 1)
    add(f"add {a} and {b}, then halve it", [(ADD, a, b), (DIV, 2)])
    a, b, c = g.i(6, 12), g.i(6, 12), g.i(5, 30)
    add(f"multiply {a} by {b} and then subtract {c}", [(MUL, a, b), (SUB, c)])
    a, b = g.i(40, 90), g.i(5, 30)
    add(f"Take {b} from {a}, then double the result.",
        [(SUB, a, b), (MUL, 2)])
    a, c = g.i(4, 15), g.i(3, 20)
    add(f"square {a}, then add {c} to it", [(SQ, a, a), (ADD, c)])
    b, q, c = g.i(3, 9), g.i(5, 20), g.i(2, 30)
    a = g.prod(b, q)
    add(f"divide {a} by {b} and add {c} to that", [(DIV, a, b), (ADD, c)])
    a, b = g.i(2, 9), g.i(2, 9)
    add(f"what's {a} plus {b}, all squared?", [(ADD, a, b), (SQ, None)])
    a, b = g.i(60, 150), g.i(5, 55)
    if (a.v - b.v) % 5:
        b = Num(str(b.v + (a.v - b.v) % 5), b.v + (a.v - b.v) % 5)
    add(f"start with {a}, take away {b}, then divide by 5",
        [(SUB, a, b), (DIV, 5)])
    e = g.i(4, 10)
    add(f"raise 2 to the {ordinal(int(e.v))} and subtract 1",
        [(POW, 2, e), (SUB, 1)])
    a = g.i(4, 30)
    add(f"First multiply {a} by 3, then divide the answer by 4.",
        [(MUL, a, 3), (DIV, 4)])
    a, b, c = g.i(10, 40), g.i(10, 40), g.i(2, 5)
    add(f"Add {a} and {b}, and then multiply the total by {c}.",
        [(ADD, a, b), (MUL, c)])
    a, b = g.i(5, 15), g.i(3, 9)
    add(f"I have {a} boxes with {b} apples in each and I eat 4 apples. "
        f"How many apples are left?", [(MUL, a, b), (SUB, 4)])
    a, b = g.i(8, 25), g.i(30, 60)
    add(f"double {a} and subtract the result from {b}",
        [(MUL, a, 2), (SUB, ("left", b))])
    a, b, c = g.w(3, 9), g.w(2, 9), g.w(2, 5)
    add(f"{a} times {b}, then take away {c}", [(MUL, a, b), (SUB, c)])
    a, b = g.d(1, 9, 1), g.d(1, 9, 1)
    add(f"subtract {b} from {a} and then square whatever you get",
        [(SUB, a, b), (SQ, None)])
    a, b, c = g.i(100, 500), g.i(100, 500), g.i(2, 4)
    add(f"what's {a} + {b}? then divide that by {c}",
        [(ADD, a, b), (DIV, c)])

    rows = [{"text": t, "value": out(v), "split": "dev"} for t, v in R]

    ambiguous = [
        "halve 20 plus 6",                       # 16 or 13
        "what's the square of 3 plus 4",         # 13 or 49
        "subtract 5 from 12 divided by 2",       # 1 or 3.5 or 9.5
        "double it and then add 7",              # no starting number
        "add 8 to that and then multiply by 3",  # no starting number
    ]
    rows += [{"text": t, "value": None, "split": "dev"} for t in ambiguous]
    return rows


# ----------------------------------------------------------- unsupported ---
UNSUPPORTED = [
    "what's the square root of 144?",
    "factorial of 7",
    "is 97 a prime number?",
    "What's the percentage change from 40 to 50?",
    "average of 3, 8, 10 and 15",
    "round 3.14159 to two decimal places",
    "convert 5 kg to pounds",
    "what time is it in Tokyo right now?",
    "cube root of 27 please",
    "what's log base 10 of 1000",
    "sin of 30 degrees?",
    "what's the greatest common divisor of 12 and 18",
    "LCM of 4 and 6",
    "what's the remainder when 17 is divided by 5?",
    "absolute value of -42",
    "add up all the numbers from 1 to 100",
    "how many gallons is 10 liters?",
    "convert 60 mph to km/h",
    "how many minutes are in 3.5 hours?",
    "convert 100 US dollars to euros",
    "what's the median of 4, 1, 9, 7, 3",
    "solve 2x + 3 = 11 for x",
    "what's the derivative of x^2",
    "My salary went from 52,000 to 58,500, by what percent did it grow?",
    "round 7.6 to the nearest whole number",
    "what's 255 in binary?",
    "How many ounces in a pound?",
    "what's the area of a circle with radius 3?",
    "simplify the fraction 12/16",
    "which is bigger, 3/7 or 5/11?",
]

OFF_TOPIC = [
    "what's the weather like tomorrow?",
    "tell me a joke",
    "how do I make pancakes from scratch?",
    "translate 'good morning' into French",
    "who wrote Hamlet?",
    "set a timer for 10 minutes",
    "write me a short poem about the sea",
    "hi there!",
    "what's your name?",
    "what is the capital of Australia?",
    "book me a flight to Lisbon next Friday",
    "remind me to call mom at 6",
    "can you recommend a good movie for tonight?",
    "how do I fix a flat bike tire",
    "how do you spell necessary",
    "thanks, that's all for now",
    "play some jazz",
    "what does serendipity mean?",
    "is it safe to eat raw cookie dough?",
    "my printer won't connect to wifi, any ideas?",
]


def nulls(texts):
    return [{"text": t, "value": None, "split": "dev"} for t in texts]


# ------------------------------------------------------------------ main ---
EXPECTED = {"paraphrase": 100, "roles": 30, "word_problem": 20,
            "conversion": 20, "word_count": 10, "multi_step": 20,
            "unsupported": 30, "off_topic": 20}


def main():
    g = G(random.Random(SEED))
    kinds = {
        "paraphrase": make_paraphrase(g),
        "roles": make_roles(g),
        "word_problem": make_word_problems(g),
        "conversion": make_conversions(g),
        "word_count": make_word_count(g),
        "multi_step": make_multi_step(g),
        "unsupported": nulls(UNSUPPORTED),
        "off_topic": nulls(OFF_TOPIC),
    }
    for kind, rows in kinds.items():
        assert len(rows) == EXPECTED[kind], (kind, len(rows))
        texts = [r["text"] for r in rows]
        assert len(set(texts)) == len(texts), f"duplicate text in {kind}"
        with open(os.path.join(HERE, f"{kind}.jsonl"), "w",
                  encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{kind}: {len(rows)}")


if __name__ == "__main__":
    main()
