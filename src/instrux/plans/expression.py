"""Arithmetic in words or symbols, parsed into a tree: the expression planner's grammar.

It reads infix expressions with the usual precedence and parentheses ("2 plus 2 times 3",
"(2 + 3) * 4", "9 squared minus 1"), nested phrases ("the sum of 2 and 3", "the square of
..."), imperatives whose arguments are themselves expressions ("subtract the sum of 2 and 3
from 10") and n-ary folds ("add 10, 20 and 30", "the product of 2, 3 and 4").

The parser is generalised: it finds *every* reading of the text. The planner acts only when
there is exactly one; a text with two readings, a word it does not know, or a shape people
read both ways is refused (``None``), never guessed:

- the last argument of a verb or a "the X of" phrase must be a single operand (a number, a
  parenthesised expression or another such phrase): "divide 10 by 2 plus 3" could be 8 or 2;
- a "the X of" phrase followed by an operator is ambiguous ("the sum of 2 and 3 times 4");
- a negative number raised to a power is ambiguous ("minus 3 squared": 9 or -9).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from instrux.plans.tokens import Token, tokenize

__all__ = ["Ambiguous", "Node", "Num", "Op", "parse_expression", "strip_lead_in", "tokenize"]

# Operator kinds: the planner turns each into one instruction through a canonical phrase.
ADD, SUB, MUL, DIV, POW, SQUARE = "add", "sub", "mul", "div", "pow", "square"

_LEAD_IN = re.compile(
    r"^(?:(?:please|kindly|ok|okay|so|can you|could you|would you)\s+)*"
    r"(?:(?:what is|what's|whats|how much is|calculate|compute|evaluate|work out|tell me|"
    r"give me|find)\s+)?",
    re.IGNORECASE,
)
_TAIL = re.compile(r"(?:\s*[?.!]+|\s+please|\s+thanks|\s+thank you)+$", re.IGNORECASE)
_BINARY: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "sum": [(("plus",), ADD), (("+",), ADD), (("minus",), SUB), (("-",), SUB),
            (("\u2212",), SUB)],
    "product": [(("times",), MUL), (("*",), MUL), (("×",), MUL), (("x",), MUL),
                (("multiplied", "by"), MUL), (("divided", "by"), DIV), (("/",), DIV),
                (("÷",), DIV), (("over",), DIV)],
    "power": [(("to", "the", "power", "of"), POW), (("to", "the", "power"), POW),
              (("^",), POW), (("**",), POW), (("raised", "to", "the", "power", "of"), POW),
              (("raised", "to"), POW)],
}  # fmt: skip
# Level -> first word -> (words, kind): an operator is looked up by the token it starts with.
_BY_FIRST: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {
    level: {} for level in _BINARY
}
for _level, _operators in _BINARY.items():
    for _words, _kind in _operators:
        _BY_FIRST[_level].setdefault(_words[0], []).append((_words, _kind))
_POSTFIX = {"squared": (SQUARE, None), "cubed": (POW, 3)}
_NEGATIVE = {"minus", "negative", "-", "\u2212"}
# Words before one operand that scale it: (words, kind, constant operand).
_PREFIX = (
    (("twice",), MUL, 2), (("double",), MUL, 2), (("triple",), MUL, 3),
    (("half", "of"), DIV, 2), (("halve",), DIV, 2),
)  # fmt: skip
_PREFIX_FIRST = {words[0] for words, _kind, _factor in _PREFIX}


class Ambiguous(Exception):
    """The text can be read in more than one way; the planner must not pick one."""


@dataclass(frozen=True, slots=True)
class Num:
    value: int | float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Op:
    kind: str
    args: tuple[Node, ...]
    start: int
    end: int
    # Ends with a phrase whose last argument's extent the words do not fix: "" (it does not),
    # ONE_OF ("the square of 3"), LIST_OF ("the sum of 2 and 3") or SCALED ("twice 7").
    open_end: str = field(default="", compare=False)
    # Written with an operator between its operands ("2 plus 3"), not a verb or a phrase.
    infix: bool = field(default=False, compare=False)


Node = Num | Op
# How an open end was opened (see Op.open_end).
ONE_OF, LIST_OF, SCALED = "one-of", "list-of", "scaled"
# How tightly each operator binds: a comma before an operator applies it to the whole value
# before the comma, which is the reading precedence gives only when nothing before the comma
# binds looser ("100 divided by 4, plus 5"; not "6 plus 4, divided by 2").
_PRECEDENCE = {ADD: 1, SUB: 1, MUL: 2, DIV: 2, POW: 3, SQUARE: 3}
_LEVEL_PRECEDENCE = {"sum": 1, "product": 2, "power": 3}
# Nouns of the phrases that start "the X of" / "the X between" (an operand in its own right).
_PHRASE_NOUNS = {"sum", "total", "product", "difference", "quotient", "square", "cube"}
Parses = list[tuple[Node, int]]


def strip_lead_in(text: str) -> tuple[str, int]:
    """The text without polite lead-ins and trailing punctuation, and where it now starts."""
    tail = _TAIL.search(text)
    end = tail.start() if tail else len(text)
    lead = _LEAD_IN.match(text[:end])
    start = lead.end() if lead else 0
    return text[start:end], start


def parse_expression(text: str) -> Node | None:
    """The one reading of ``text``; ``None`` when there is none; :class:`Ambiguous` when two."""
    body, offset = strip_lead_in(text)
    tokens = tokenize(body, offset)
    if tokens is None or not tokens:
        return None
    parser = _Parser(tokens)
    complete = {node for node, end in parser.top(0) if end == len(tokens)}
    if len(complete) > 1:
        raise Ambiguous(text)
    return next(iter(complete), None)


# --- grammar ---------------------------------------------------------------------------------


class _Parser:
    """Every reading of a token list: each rule returns all (node, next position) pairs."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self._memo: dict[tuple[str, int], Parses] = {}

    def _memoized(self, rule: str, at: int, parse: Callable[[int], Parses]) -> Parses:
        key = (rule, at)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = parse(at)
        return found

    # words

    def _words(self, at: int, words: tuple[str, ...]) -> int | None:
        end = at + len(words)
        if end > len(self.tokens):
            return None
        if all(self.tokens[at + i].text == w for i, w in enumerate(words)):
            return end
        return None

    def _either(self, at: int, *choices: tuple[str, ...]) -> int | None:
        for words in choices:
            end = self._words(at, words)
            if end is not None:
                return end
        return None

    def _the(self, at: int) -> int:
        return at + 1 if self._words(at, ("the",)) is not None else at

    # top level: an imperative or an expression

    def top(self, at: int) -> Parses:
        found: Parses = []
        for node, after in [*self.verb(at), *self.expr(at)]:
            found += self._after_commas(node, after)
        return found

    def _after_commas(self, node: Node, at: int) -> Parses:
        """ "the sum of 2 and 3, squared", "100 divided by 4, plus 5": an operator after a
        comma applies to the whole value before it. That closes an open phrase ("the sum of
        10 and 20, divided by 5"), but where precedence would bind the operator tighter than
        an operator before the comma ("6 plus 4, divided by 2": 8 or 5?) it is ambiguous."""
        found: Parses = [(node, at)]
        # "..., all divided by 3": "all" says the whole value outright, whatever precedence
        whole = self._either(at, (",", "all"), ("all",))
        joint = whole if whole is not None else self._words(at, (",",))
        if joint is None:
            return found
        for level, precedence in _LEVEL_PRECEDENCE.items():
            for kind, after in self._operators(joint, level):
                if whole is None:
                    _refuse_looser(node, precedence)
                if level == "power":
                    _refuse_negative(node)
                for right, end in self.power(after):
                    found += self._after_commas(self._op(kind, (node, right), node, end), end)
        postfix = _POSTFIX.get(self.tokens[joint].text) if joint < len(self.tokens) else None
        if postfix is not None:
            if whole is None:
                _refuse_looser(node, _PRECEDENCE[SQUARE])
            _refuse_negative(node)
            kind, exponent = postfix
            token = self.tokens[joint]
            args = (node,) if exponent is None else (node, Num(exponent, token.start, token.end))
            found += self._after_commas(self._op(kind, args, node, joint + 1), joint + 1)
        return found

    def verb(self, at: int) -> Parses:
        return self._memoized("verb", at, self._verb)

    def _verb(self, at: int) -> Parses:
        found: Parses = []
        if self._either(at, ("add",), ("sum",)) is not None:
            found += self._list(at, at + 1, ADD)
            found += self._pair(at, at + 1, ("to",), ADD, swap=False)
        for verb, kind in (("add", ADD), ("sum", ADD), ("total", ADD), ("multiply", MUL)):
            # "add up 1, 2 and 3", "multiply together 2, 3 and 4", "add the numbers 1 and 2"
            joint = self._either(at, (verb, "up"), (verb, "together"), (verb, "the", "numbers"))
            if joint is not None:
                found += self._list(at, joint, kind)
        if self._words(at, ("multiply",)) is not None:
            found += self._list(at, at + 1, MUL)
            found += self._pair(at, at + 1, ("by",), MUL, swap=False)
        if self._words(at, ("subtract",)) is not None:
            found += self._pair(at, at + 1, ("from",), SUB, swap=True)
        if self._words(at, ("divide",)) is not None:
            found += self._pair(at, at + 1, ("by",), DIV, swap=False)
        if self._words(at, ("raise",)) is not None:
            found += self._pair(at, at + 1, ("to", "the", "power", "of"), POW, swap=False)
            found += self._pair(at, at + 1, ("to",), POW, swap=False)
        if self._words(at, ("square",)) is not None:
            found += [(self._op(SQUARE, (arg,), at, end), end) for arg, end in self.last(at + 1)]
        return found

    def _pair(
        self, start: int, at: int, middle: tuple[str, ...], kind: str, *, swap: bool
    ) -> Parses:
        found: Parses = []
        for first, after in self.expr(at):
            joint = self._words(after, middle)
            if joint is None:
                continue
            for second, end in self.last(joint):
                args = (second, first) if swap else (first, second)
                found.append((self._op(kind, args, start, end), end))
        return found

    def _list(self, start: int, at: int, kind: str) -> Parses:
        """Two or more operands joined by commas and "and": one n-ary node ("... together")."""
        found: Parses = []
        for items, end in self._items(at):
            if len(items) >= 2:
                found.append((self._op(kind, tuple(items), start, end), end))
                together = self._either(end, ("together",), ("all", "together"))
                if together is not None:
                    found.append((self._op(kind, tuple(items), start, together), together))
        return found

    def _items(self, at: int, anded: bool = False) -> Iterator[tuple[list[Node], int]]:
        """Items joined by commas, the last by "and" ("1, 2 and 3", "1 and 2 and 3"); no comma
        after an "and" ("the sum of 4 and 5, the product of 2 and 3" is no list of three)."""
        for last, end in self.last(at):
            yield [last], end
        for first, after in self.expr(at):
            if anded:
                joint = self._words(after, ("and",))
            else:
                joint = self._either(after, (",", "and"), (",",), ("and",))
            if joint is None:
                continue
            for rest, end in self._items(joint, anded or self.tokens[joint - 1].text == "and"):
                yield [first, *rest], end

    # "the sum of ...", "the square of ...": operands, self-contained on the left only

    def phrase(self, at: int) -> Parses:
        return self._memoized("phrase", at, self._phrase)

    def _phrase(self, at: int) -> Parses:
        start = at
        at = self._the(at)
        found: Parses = []
        for noun, kind in (("sum", ADD), ("total", ADD), ("product", MUL)):
            joint = self._words(at, (noun, "of"))
            if joint is not None:
                found += self._opened(self._list(start, joint, kind), LIST_OF)
        for noun, kind, links in (
            ("difference", SUB, (("between",), ("of",))),
            ("quotient", DIV, (("of",),)),
        ):
            if self._words(at, (noun,)) is None:
                continue
            for link in links:
                joint = self._words(at + 1, link)
                if joint is not None:
                    pair = self._pair(start, joint, ("and",), kind, swap=False)
                    found += self._opened(pair, LIST_OF)
        joint = self._words(at, ("square", "of"))
        if joint is not None:
            square = [(self._op(SQUARE, (a,), start, end), end) for a, end in self.last(joint)]
            found += self._opened(square, ONE_OF)
        joint = self._words(at, ("cube", "of"))
        if joint is not None:
            found += self._opened(self._scaled(start, joint, POW, 3), ONE_OF)
        return found

    def _prefixed(self, at: int) -> Parses:
        """ "twice 7", "double the sum of ...", "half of 10": one operand, scaled. Its extent
        is clear only to the right of the word, so an operator after it is refused like
        after a "the X of" phrase ("twice 7 plus 1": 15 or 16?)."""
        found: Parses = []
        for words, kind, factor in _PREFIX:
            joint = self._words(at, words)
            if joint is not None:
                found += self._opened(self._scaled(at, joint, kind, factor), SCALED)
        return found

    def _scaled(self, start: int, at: int, kind: str, factor: int) -> Parses:
        token = self.tokens[start]
        constant = Num(factor, token.start, token.end)
        return [(self._op(kind, (arg, constant), start, end), end) for arg, end in self.last(at)]

    def _opened(self, parses: Sequence[tuple[Node, int]], how: str) -> Parses:
        return [(_with_open_end(node, how), end) for node, end in parses]

    # infix expressions, by precedence

    def expr(self, at: int) -> Parses:
        return self._memoized("expr", at, self._expr)

    def _expr(self, at: int) -> Parses:
        return self._chain(at, self.term, "sum")

    def term(self, at: int) -> Parses:
        return self._memoized("term", at, self._term)

    def _term(self, at: int) -> Parses:
        return self._chain(at, self.power, "product")

    def _chain(self, at: int, operand: Callable[[int], Parses], level: str) -> Parses:
        """Left-associative ``operand (op operand)*``: every prefix is a reading."""
        found: Parses = []
        frontier = operand(at)
        while frontier:
            found += frontier
            grown: Parses = []
            for left, after in frontier:
                for kind, joint in self._operators(after, level):
                    if not self._parallel(left, joint):
                        _refuse_open(left)
                    for right, end in operand(joint):
                        grown.append((self._op(kind, (left, right), left, end), end))
            frontier = grown
        return found

    def _parallel(self, left: Node, at: int) -> bool:
        """ "the square of 3 plus the square of 4": a phrase of one operand, an operator,
        then another "the X of" phrase reads as the two phrases joined (a reading that put
        the second phrase inside the first would say "the square of the sum of ...")."""
        if not isinstance(left, Op) or left.open_end != ONE_OF or at + 1 >= len(self.tokens):
            return False
        return self.tokens[at].text == "the" and self.tokens[at + 1].text in _PHRASE_NOUNS

    def _operators(self, at: int, level: str) -> list[tuple[str, int]]:
        if at >= len(self.tokens):
            return []
        found = []
        for words, kind in _BY_FIRST[level].get(self.tokens[at].text, ()):
            end = self._words(at, words)
            if end is not None:
                found.append((kind, end))
        return found

    def power(self, at: int) -> Parses:
        return self._memoized("power", at, self._power)

    def _power(self, at: int) -> Parses:
        """Right-associative: 2 ^ 3 ^ 2 is 2 ^ 9."""
        found: Parses = []
        for base, after in self.postfix(at):
            found.append((base, after))
            for kind, joint in self._operators(after, "power"):
                _refuse_open(base)
                _refuse_negative(base)
                for exponent, end in self.power(joint):
                    found.append((self._op(kind, (base, exponent), base, end), end))
        return found

    def postfix(self, at: int) -> Parses:
        return self._memoized("postfix", at, self._postfix)

    def _postfix(self, at: int) -> Parses:
        found: Parses = []
        for node, after in self.unary(at):
            found.append((node, after))
            while after < len(self.tokens) and self.tokens[after].text in _POSTFIX:
                kind, exponent = _POSTFIX[self.tokens[after].text]
                _refuse_open(node)
                _refuse_negative(node)
                end = after + 1
                args: tuple[Node, ...] = (node,)
                if exponent is not None:
                    token = self.tokens[after]
                    args = (node, Num(exponent, token.start, token.end))
                node = self._op(kind, args, node, end)
                after = end
                found.append((node, after))
        return found

    def unary(self, at: int) -> Parses:
        return self._memoized("unary", at, self._unary)

    def _unary(self, at: int) -> Parses:
        if at >= len(self.tokens):
            return []
        token = self.tokens[at]
        if token.text in _NEGATIVE and at + 1 < len(self.tokens):
            number = self.tokens[at + 1]
            if number.kind == "num" and number.value is not None:
                return [(Num(-number.value, token.start, number.end), at + 2)]
            return []
        return self.primary(at)

    def last(self, at: int) -> Parses:
        """The last argument of a verb or phrase: one operand, so its extent is clear."""
        return self.unary(at)

    def primary(self, at: int) -> Parses:
        if at >= len(self.tokens):
            return []
        token = self.tokens[at]
        if token.kind == "num" and token.value is not None:
            return [(Num(token.value, token.start, token.end), at + 1)]
        if token.text == "(":
            found: Parses = []
            for inner, after in self.expr(at + 1):
                if self._words(after, (")",)) is not None:
                    found.append((_closed(inner), after + 1))
            return found
        if token.text in _PREFIX_FIRST:
            return self._prefixed(at)
        return self.phrase(at)

    def _op(self, kind: str, args: tuple[Node, ...], start: int | Node, end: int) -> Op:
        first = start.start if isinstance(start, Num | Op) else self.tokens[start].start
        last = args[-1]
        return Op(kind, args, first, self.tokens[end - 1].end,
                  open_end=last.open_end if isinstance(last, Op) else "",
                  infix=isinstance(start, Num | Op))  # fmt: skip


def _ends_open(node: Node) -> bool:
    return isinstance(node, Op) and bool(node.open_end)


def _with_open_end(node: Node, how: str) -> Node:
    if not isinstance(node, Op):
        return node
    return Op(node.kind, node.args, node.start, node.end, how, node.infix)


def _closed(node: Node) -> Node:
    """A parenthesised expression: one operand, closed on both sides."""
    if not isinstance(node, Op):
        return node
    return Op(node.kind, node.args, node.start, node.end, "", False)


def _refuse_open(node: Node) -> None:
    if _ends_open(node):
        raise Ambiguous("a 'the X of' phrase followed by an operator")


def _refuse_looser(node: Node, precedence: int) -> None:
    """Refuse a comma before an operator where precedence would not apply it to the whole
    value before the comma. Powers group to the right: "2 to the power of 3, squared" is 64
    with the comma and 512 without, so a power before the comma takes no power after it."""
    if not isinstance(node, Op) or not node.infix:
        return
    before = _PRECEDENCE[node.kind]
    if before < precedence or (node.kind == POW and precedence == _PRECEDENCE[POW]):
        raise Ambiguous("an operator after a comma that precedence would bind tighter")


def _refuse_negative(node: Node) -> None:
    if isinstance(node, Num) and node.value < 0:
        raise Ambiguous("a negative number raised to a power")
