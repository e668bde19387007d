"""Built-in arithmetic: add, subtract, multiply, divide, power, square.

These are the exact Python executors. Integers stay exact integers (Python's big ints);
anything with a fraction is a 64-bit float, and a result that overflows it is an error
rather than ``inf``.

The domain rules (no division by zero, no zero to a negative power, no fractional power of a
negative base, results of at most 10,000 digits) live on the argument models
(:class:`DivideArguments`, :class:`PowerArguments`), so every executor of these instructions,
of whatever kind, inherits them: a call that breaks one never reaches an executor.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from instrux.plugins.function_executor import executor
from instrux.plugins.hookspecs import hookimpl
from instrux.plugins.types import RegisterInstruction
from instrux.schemas.errors import InvalidArgumentsError

MAX_RESULT_DIGITS = 10_000  # a bigger power would take seconds and megabytes to print


def _finite(value: int | float) -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number (inf, nan and values beyond ±1.8e308 are not)")
    return value


Number = Annotated[int | float, AfterValidator(_finite)]
TAGS = ("math", "arithmetic")


class DivideArguments(BaseModel):
    """a / b, with b non-zero."""

    model_config = ConfigDict(extra="forbid")

    a: Number
    b: Number

    @field_validator("b")
    @classmethod
    def _non_zero(cls, b: int | float) -> int | float:
        if b == 0:
            raise PydanticCustomError(
                "division_by_zero",
                "division by zero is undefined",
                {"hint": "Divide by a non-zero number."},
            )
        return b


class PowerArguments(BaseModel):
    """base ** exponent, when the result is a real number of at most 10,000 digits."""

    model_config = ConfigDict(extra="forbid")

    base: Number
    exponent: Number

    @field_validator("exponent")
    @classmethod
    def _defined(cls, exponent: int | float, info: ValidationInfo) -> int | float:
        base = info.data.get("base")
        if base is None:  # base itself was invalid; that error is reported
            return exponent
        if base == 0 and exponent < 0:
            raise ValueError("zero cannot be raised to a negative power")
        if base < 0 and isinstance(exponent, float) and not exponent.is_integer():
            raise ValueError("a negative base needs a whole-number exponent")
        if abs(base) > 1 and abs(exponent) * math.log10(abs(base)) > MAX_RESULT_DIGITS:
            raise ValueError(f"the result would have more than {MAX_RESULT_DIGITS:,} digits")
        return exponent


def _checked(instruction: str, value: int | float, argument: str = "a") -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidArgumentsError(
            instruction,
            argument,
            "the result is too large for a 64-bit float",
            hint="Use smaller numbers, or integers (they are exact and unbounded).",
        )
    return value


@executor(
    "math.add",
    examples={
        "en": [
            "add {a} and {b}", "add {a} to {b}", "{a} plus {b}", "{a} + {b}",
            "[the] (sum|total) of {a} and {b}", "{a} and {b} added together", "sum {a} and {b}",
            "[what do] {a} and {b} add up to", "{b} more than {a}", "increase {a} by {b}",
            "{a} (added to|increased by) {b}", "put {a} and {b} together", "combine {a} and {b}",
            "{a} and {b} together", "total (up|of) {a} and {b}", "{a} with {b} more",
        ],
        "zh": [
            "{a}加{b}", "{a}加上{b}", "{a}再加[上]{b}", "{a}(与|和){b}之和",
            "{a}(跟|和|与){b}加在一起",
            "在{a}的基础上[再]加[上]{b}",
            "{a}(和|与|跟){b}(的和|相加|加起来)", "把{a}和{b}加起来",
            "{a}(和|与|跟){b}的总和",
        ],
        "fr": [
            "(additionne|ajoute|ajouter|additionner) {a} (et|à) {b}", "la somme de {a} et {b}",
            "{a} et {b} ensemble",
        ],
        "de": [
            "(addiere|addier|addieren) {a} (und|zu) {b}", "die Summe (von|aus) {a} und {b}",
            "{a} und {b} addieren",
            "{a} und {b} zusammen", "(zähl|zähle|addiere) {b} zu {a} [dazu]",
            "(rechne|zähl|zähle) [mal] {a} und {b} zusammen",
        ],
        "es": [
            "{a} (más|mas) {b}", "(suma|sumar|añade|agrega) {a} (y|a|más|mas) {b}",
            "la suma de {a} y {b}", "(rajoute|ajoute) {b} à {a}",
            "(súmale|sumale|añádele|agrégale) {b} a {a}",
        ],
    },
    tags=TAGS,
)  # fmt: skip
def add(a: Number, b: Number) -> Number:
    """Add two numbers: a + b."""
    return _checked("math.add", a + b)


@executor(
    "math.subtract",
    examples={
        "en": [
            "subtract {b} from {a}", "{a} minus {b}", "{a} - {b}", "take {b} away from {a}",
            "take away {b} from {a}", "[the] difference (between|of) {a} and {b}",
            "{a} take away {b}", "{b} less than {a}", "{a} less {b}",
            "(reduce|decrease) {a} by {b}", "(shave|knock) {b} off {a}", "{b} fewer than {a}",
            "deduct {b} from {a}", "remove {b} from {a}", "how much more is {a} than {b}",
            "by how much does {a} exceed {b}", "{a} (decreased|reduced|lowered) by {b}",
            "{a} with {b} taken away",
        ],
        "zh": [
            "{a}减{b}", "{a}减去{b}", "{a}再减[去]{b}", "{a}去掉{b}", "把{b}从{a}(里|中)减(掉|去)",
            "从{a}(里|中)拿走{b}",
            "{a}减掉{b}",
            "从{a}(里|中|里面)减(去|掉){b}", "{a}(和|与){b}的差",
            "{a}比{b}多多少",
        ],
        "fr": [
            "{a} moins {b}",
            "(soustrais|soustraire|retire|retirer|enlève|enlever|ôte) {b} (de|à) {a}",
            "la différence (entre|de) {a} et {b}", "si j'(enlève|ôte|retire) {b} (de|à) {a}",
        ],
        "de": [
            "(zieh|ziehe) {b} von {a} ab", "(subtrahiere|subtrahier) {b} von {a}",
            "die Differenz (von|zwischen) {a} und {b}", "{a} weniger {b}", "nimm {b} von {a} weg",
            "{a} abzüglich {b}", "(ziehen Sie|zieh|ziehe) [bitte] {b} von {a} ab",
            "wenn ich {b} von {a} (abziehe|wegnehme)",
        ],
        "es": [
            "{a} menos {b}", "(resta|restar|réstale|quita|quítale|quitar) {b} (de|a) {a}",
            "la diferencia entre {a} y {b}", "si a {a} le (resto|quito) {b}",
            "(réstale|restale|quítale|quitale) {b} a {a}",
        ],
    },
    tags=TAGS,
)  # fmt: skip
def subtract(a: Number, b: Number) -> Number:
    """Subtract b from a: a - b."""
    return _checked("math.subtract", a - b)


@executor(
    "math.multiply",
    examples={
        "en": [
            "multiply {a} by {b}", "multiply {a} and {b}", "{a} times {b}", "{a} * {b}",
            "{a} x {b}", "{a} × {b}", "[the] product of {a} and {b}", "{a} multiplied by {b}",
            "double {a}{b=2}", "twice {a}{b=2}", "{a} doubled{b=2}", "triple {a}{b=3}",
            "{a} tripled{b=3}", "{a} lots of {b}", "{a} (groups|sets|rows) of {b}",
            "{a} multiplied with {b}", "quadruple {a}{b=4}", "{a} quadrupled{b=4}",
        ],
        "zh": [
            "{a}乘以{b}", "{a}乘{b}", "{a}翻倍{b=2}", "{a}翻一倍{b=2}", "{a}乘上{b}",
            "{a}(和|与|跟){b}的[乘]积",
            "{a}的{b}倍",
        ],
        "fr": [
            "{a} fois {b}", "(multiplie|multiplier) {a} (par|et) {b}", "{a} multiplié par {b}",
            "le produit de {a} (et|par) {b}", "le double de {a}{b=2}", "le triple de {a}{b=3}",
            "(double|doublez|doubler) {a}{b=2}", "(triple|triplez) {a}{b=3}",
        ],
        "de": [
            "{a} mal {b}", "(multipliziere|multiplizier) {a} mit {b}", "{a} mit {b} malnehmen",
            "{a} multipliziert mit {b}",
            "das Produkt (von|aus) {a} und {b}", "das Doppelte von {a}{b=2}",
            "(verdopple|verdoppele) {a}{b=2}", "das Dreifache von {a}{b=3}",
            "(verdreifache|verdreifach) {a}{b=3}",
        ],
        "es": [
            "{a} por {b}", "{a} veces {b}", "(multiplica|multiplicar) {a} (por|y) {b}",
            "{a} multiplicado por {b}", "el producto de {a} y {b}", "el doble de {a}{b=2}",
            "el triple de {a}{b=3}", "(duplica|dobla) {a}{b=2}", "triplica {a}{b=3}",
        ],
    },
    tags=TAGS,
)  # fmt: skip
def multiply(a: Number, b: Number) -> Number:
    """Multiply two numbers: a × b."""
    return _checked("math.multiply", a * b)


@executor(
    "math.divide",
    examples={
        "en": [
            "divide {a} by {b}", "{a} divided by {b}", "{a} / {b}", "{a} ÷ {b}",
            "[the] quotient of {a} and {b}", "{a} over {b}", "divide {b} into {a}",
            "how many times does {b} go into {a}", "split {a} into {b} [equal] parts",
            "halve {a}{b=2}", "half of {a}{b=2}", "{a} halved{b=2}", "cut {a} in half{b=2}",
            "{a} in half{b=2}", "(split|share) {a} (evenly|equally) (between|among) {b} [people]",
            "how many {b}s (fit|go) into {a}", "[a] (quarter|fourth) of {a}{b=4}",
            "[a] third of {a}{b=3}", "{a} shared (between|among) {b}",
        ],
        "zh": [
            "{a}除以{b}", "{b}除{a}", "{a}被{b}除[,商]", "{a}(和|与){b}的商",
            "把{a}平均分成{b}份[,每份]",
            "{a}的一半{b=2}",
        ],
        "fr": [
            "{a} divisé par {b}", "(divise|diviser) {a} (par|en) {b}",
            "le quotient de {a} par {b}", "la moitié de {a}{b=2}",
            "combien de fois y a-t-il {b} dans {a}",
            "partage {a} en {b} parts [égales]",
        ],
        "de": [
            "{a} (geteilt|dividiert) durch {b}", "{a} durch {b}",
            "(teile|teil|dividiere) {a} durch {b}", "wie oft passt {b} in {a}",
            "{a} durch {b} teilen",
            "die Hälfte von {a}{b=2}", "{a} auf {b} Leute [gleich] aufteilen",
            "(halbiere|halbier|halbieren) {a}{b=2}",
        ],
        "es": [
            "{a} (dividido|divido) (por|entre) {b}", "{a} entre {b}",
            "(divide|dividir) {a} (entre|por|en) {b}", "la mitad de {a}{b=2}",
            "cuántas veces cabe {b} en {a}",
            "reparte {a} en {b} partes [iguales]",
            "el cociente de {a} (y|entre) {b}",
        ],
    },
    tags=TAGS,
    arguments=DivideArguments,
)  # fmt: skip
def divide(a: Number, b: Number) -> Number:
    """Divide a by b: a / b (an exact integer when b divides a)."""
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        return a // b
    return _checked("math.divide", a / b)


@executor(
    "math.power",
    examples={
        "en": [
            "{base} to the power of {exponent}", "{base} to the power {exponent}",
            "{base} ^ {exponent}", "{base} ** {exponent}",
            "raise {base} to the power of {exponent}", "raise {base} to {exponent}",
            "{base} raised to [the power of] {exponent}",
            "[raise] {base} to the {exponent} [power]", "[the] {exponent} power of {base}",
            "{base} cubed{exponent=3}", "[the] cube of {base}{exponent=3}",
            "cube {base}{exponent=3}", "[the] square root of {base}{exponent=0.5}",
        ],
        "zh": [
            "{base}的{exponent}次(方|幂)", "{base}的立方{exponent=3}",
            "{base}的[算术]平方根{exponent=0.5}", "{base}开(平方|根号){exponent=0.5}",
            "根号{base}{exponent=0.5}",
        ],
        "fr": [
            "{base} (puissance|exposant) {exponent}", "{base} à la puissance {exponent}",
            "élève {base} à la puissance {exponent}", "{base} au cube{exponent=3}",
            "le cube de {base}{exponent=3}", "{base} élevé à la puissance {exponent}",
            "[la] racine carrée de {base}{exponent=0.5}",
        ],
        "de": [
            "{base} hoch {exponent}", "{base} zur Potenz {exponent}",
            "potenziere {base} mit {exponent}", "{base} mit dem Exponenten {exponent}",
            "[die] (Quadratwurzel|Wurzel) (von|aus) {base}{exponent=0.5}",
            "rechne [mir] {base} hoch {exponent} aus",
        ],
        "es": [
            "{base} elevado a [la] {exponent}", "{base} a la [potencia] {exponent}",
            "{base} al cubo{exponent=3}", "el cubo de {base}{exponent=3}",
            "[la] (raíz|raiz) cuadrada de {base}{exponent=0.5}",
            "eleva {base} a la [potencia] {exponent}",
            "{base} (hoch|elevado a|puissance) {exponent} (berechnen|calcular|calculer)",
        ],
    },
    tags=TAGS,
    arguments=PowerArguments,
)  # fmt: skip
def power(base: Number, exponent: Number) -> Number:
    """Raise base to the power of exponent: base ** exponent."""
    try:
        result = base**exponent
    except OverflowError:
        result = math.inf
    return _checked("math.power", result, "exponent")


@executor(
    "math.square",
    examples={
        "en": [
            "[the] square of {x}",
            "square {x}",
            "{x} squared",
            "{x} to the square",
            "{x} times itself",
        ],
        "zh": [
            "{x}的平方",
            "{x}平方",
            "{x}(自己|本身)乘[以](自己|本身)",
        ],
        "fr": [
            "{x} au carré",
            "le carré de {x}",
            "mets {x} au carré",
            "{x} (fois|multiplié par) lui-même",
            "élève {x} au carré",
        ],
        "de": [
            "{x} (zum|im) Quadrat",
            "das Quadrat von {x}",
            "{x} quadrieren",
            "{x} mal sich selbst",
            "{x} mit sich selbst multipliziert",
            "(quadriere|quadrier) {x}",
            "{x} quadriert",
        ],
        "es": [
            "{x} al cuadrado",
            "el cuadrado de {x}",
            "elevar {x} al cuadrado",
            "{x} (multiplicado por|por) sí mismo",
            "{x} elevado al cuadrado",
            "eleva {x} al cuadrado",
        ],
    },
    tags=TAGS,
)
def square(x: Number) -> Number:
    """Square a number: x²."""
    return _checked("math.square", x * x, "x")


FUNCTIONS = (add, subtract, multiply, divide, power, square)


@hookimpl
def instrux_register_instructions(register: RegisterInstruction) -> None:
    for function in FUNCTIONS:
        register(function)
