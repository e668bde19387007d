"""Compile example phrasings into regular expressions.

Template syntax (inside an instruction's ``examples``):

- ``{name}``: a typed slot named after an argument field;
- ``[words]``: optional words, e.g. ``"[what is] [the] sum of {a} and {b}"``;
- ``(a|b)``: alternatives, e.g. ``"{a} (plus|added to) {b}"``;
- ``{name=value}``: an argument the phrasing implies without text, e.g. ``"double {a}{b=2}"``
  (read like text typed into that slot, so typed by the field);
- everything else is literal, matched case-insensitively; runs of spaces match any spacing,
  and symbols (``+``, ``*``, ``/``, ``^``) may have spaces around them or not.

Optional parts and alternatives are expanded into plain variants when compiled (templates are
short, so this stays small) and each variant becomes one anchored regular expression. Every
template also accepts polite lead-ins ("please", "can you", "what is", "calculate", ...).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from instrux.parsing.language import HAN, HAN_CHARACTER
from instrux.parsing.slots import Slot

__all__ = [
    "MAX_SPLITS",
    "CompiledTemplate",
    "Token",
    "anchor_token",
    "compile_template",
    "literal_text",
    "template_variants",
    "text_tokens",
]


def _han_phrase(phrase: str) -> str:
    """A Chinese phrase as a pattern that matches it however it was split into words (each
    character may have white space after it: texts are split by jieba)."""
    return r"\s*".join(re.escape(char) for char in phrase)


def _phrases(*phrases: str) -> str:
    return "|".join(_han_phrase(p) if HAN_CHARACTER.match(p) else p for p in phrases)


# Polite lead-ins and question words that ask for any result, in each language instrux reads
# (instrux.parsing.language): "please", "what is", "combien font", "wie viel ist", "请问".
LEAD_IN = (
    r"(?P<instrux_lead>"
    r"(?:(?:please|kindly|hey|ok|okay|so|can you|could you|would you|will you|"
    r"s'il te pla[iî]t|bitte|por favor|pouvez-vous|peux-tu|pourriez-vous|pourrais-tu|"
    r"tu peux|kannst du|können sie|könntest du|puedes|podrías|podrias|me puedes|"
    + _phrases("请问", "请", "帮我", "麻烦", "把", "将", "用")
    + r")\s*,?\s+)*"
    r"(?:(?:what is|what's|whats|what are|how much is|how much are|calculate|compute|"
    r"evaluate|work out|tell me|give me|find|"
    r"combien (?:font|fait|vaut|valent|est|égale?)|combien|calcule[sz]?|quel est|fais|prends|"
    r"haz|saca|toma|nimm|mach|"
    r"quelle est|c'est combien|dis-moi|"
    r"was (?:ist|sind|ergibt|ergeben|macht)|wie ?viel (?:ist|sind|ergibt|macht)|wie ?viel|"
    r"berechne|rechne|sag mir|"
    r"cu[aá]nto (?:es|son|da|hace)|cu[aá]nto|calcula|qu[eé] es|dime|"
    + _phrases("算一下", "算算", "计算一下", "计算", "算", "求一下", "求", "把", "将", "取")
    + r")\s*,?\s+)?)"
)
TAIL = (
    r"(?:\s+(?:please|thanks|thank you|s'il te pla[iî]t|s'il vous pla[iî]t|merci|bitte|danke|"
    r"por favor|gracias|" + _phrases("谢谢") + r"))?"
    r"(?:\s*(?:"
    + _phrases("结果", "答案")
    + r")?\s*(?:"
    + _phrases("等于", "是", "得", "得到", "为")
    + r")?\s*(?:"
    + _phrases("多少", "几", "什么")
    + r")?\s*(?:"
    + _phrases("呢", "啊", "呀", "吗")
    + r")?)?"
)
# Splits of a text tried per template (see CompiledTemplate.splits_after): only a typed slot
# that does not parse asks for more than the first.
MAX_SPLITS = 16

_TOKEN = re.compile(
    r"\{(?P<const>[A-Za-z_]\w*=[^{}]*)\}|\{(?P<slot>[A-Za-z_]\w*)\}|(?P<han>["
    + HAN
    + r"])|(?P<word>(?:(?!["
    + HAN
    + r"])\w)+(?:'\w+)*)|(?P<open>[\[(])|(?P<close>[\])])|(?P<bar>\|)|(?P<sym>\S)"
)


@dataclass(slots=True)
class CompiledTemplate:
    """One concrete variant of an example phrasing.

    The regular expression is compiled on first use: number slots make each pattern large
    (about 2 ms to compile), and most variants are never reached past the anchor pre-filter,
    so compiling all of them up front would cost a one-shot CLI call hundreds of ms.
    """

    instruction: str
    template: str  # the example as written by the plugin author
    pattern: str
    slots: dict[str, Slot]  # slot name -> slot, in template order
    anchors: frozenset[str]  # literal tokens (see anchor_token) that must appear in the text
    constants: dict[str, Any] = field(default_factory=dict)  # arguments implied ({b=2})
    # Registration order among the router's templates: what decides between equally specific
    # matches, never the order of a set (see instrux.templates.router)
    order: int = 0
    _regex: re.Pattern[str] | None = None
    # The pattern cut after each free-text slot (see splits_after), compiled on first use
    _cut_after: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = field(default_factory=dict)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        regex = self._regex
        if regex is None:  # a race only compiles the same pattern twice
            regex = self._regex = re.compile(self.pattern, re.IGNORECASE | re.DOTALL)
        return regex.fullmatch(text)

    def splits_after(self, text: str, match: re.Match[str]) -> Iterator[dict[str, str]]:
        """The slot texts (``s_NAME`` and the lead-in) of other full matches of ``text`` than
        ``match``: each free-text slot, the last first, ending further on (those after it
        shortest again); at most :data:`MAX_SPLITS` in all.

        The regular expression already skips splits that leave a typed slot text of the wrong
        shape ("remind me to {task} at {time}" on "... call mum at the office at 5pm"), but a
        slot's pattern can match text that does not parse: in "repeat {text} {times} times",
        "repeat one two three times" first leaves {times} "two three", number words that are
        no one number; the router then asks for the next split ("one two", "three"). The
        pattern is cut in two after the free-text slot and each half compiled once, so a
        split costs two anchored matches, not a new pattern.
        """
        free = [name for name, slot in self.slots.items() if slot.free_text]
        found = 1
        for name in reversed(free):
            head, tail = self._halves(name)
            for cut in range(match.end(f"s_{name}") + 1, len(text)):
                after = tail.fullmatch(text, cut)
                before = head.fullmatch(text, 0, cut) if after is not None else None
                if after is None or before is None:
                    continue
                yield before.groupdict() | after.groupdict()
                found += 1
                if found == MAX_SPLITS:
                    return

    def _halves(self, name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The pattern up to the end of free-text slot ``name``, and the rest."""
        halves = self._cut_after.get(name)
        if halves is None:
            slot = f"(?P<s_{name}>{self.slots[name].pattern})"
            cut = self.pattern.index(slot) + len(slot)
            flags = re.IGNORECASE | re.DOTALL
            halves = re.compile(self.pattern[:cut], flags), re.compile(self.pattern[cut:], flags)
            self._cut_after[name] = halves
        return halves


# A token is ("word", "sum"), ("sym", "+"), ("slot", "a") or ("const", "b=2").
Token = tuple[str, str]


def compile_template(
    instruction: str, template: str, slots: dict[str, Slot]
) -> list[CompiledTemplate]:
    """Compile ``template`` into one :class:`CompiledTemplate` per expanded variant."""
    compiled = []
    for variant in template_variants(template):
        constants = _constants(variant, slots)
        tokens = [token for token in variant if token[0] != "const"]
        if not tokens:
            continue
        used = {value: slots[value] for kind, value in tokens if kind == "slot"}
        pattern = f"{LEAD_IN}{_render(tokens, used)}{TAIL}"
        anchors = frozenset(anchor_token(value) for kind, value in tokens if kind != "slot")
        compiled.append(CompiledTemplate(instruction, template, pattern, used, anchors, constants))
    return compiled


def template_variants(template: str) -> list[list[Token]]:
    """Every plain variant of ``template`` as tokens (optional parts and alternatives expanded)."""
    return _expand(_parse(template))


def _constants(tokens: list[Token], slots: dict[str, Slot]) -> dict[str, Any]:
    constants: dict[str, Any] = {}
    for kind, value in tokens:
        if kind == "const":
            name, raw = value.split("=", 1)
            if name not in slots:
                raise ValueError(f"{{{value}}} names no argument")
            constants[name] = slots[name].parse(raw.strip())  # ValueError: not of the type
    return constants


_TEXT_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def anchor_token(token: str) -> str:
    """Token form used for pre-filtering: lower case, apostrophes dropped ("What's" -> "whats")."""
    return token.lower().replace("'", "").replace("\u2019", "")


def text_tokens(text: str) -> frozenset[str]:
    """The set of anchor tokens in ``text``; a template can match only if its anchors are in it."""
    folded = text.lower()
    if HAN_CHARACTER.search(folded) is not None:  # a template's Chinese words are characters
        folded = _HAN_RUN.sub(lambda run: " " + " ".join(run.group(0)) + " ", folded)
    if folded.replace(" ", "").isalnum():  # the common case: only words and numbers
        return frozenset(folded.split())
    return frozenset(_TEXT_TOKEN.findall(folded.replace("'", "").replace("\u2019", "")))


def literal_text(template: str) -> str:
    """The template's words without slots or syntax, for lexical similarity."""
    tokens = [value for kind, value in _flatten(_parse(template)) if kind == "word"]
    return " ".join(tokens).lower()


# --- parsing: template -> tree of sequences / optionals / alternatives ------------------------

# A node is a Token, ("opt", [alternatives]) or ("alt", [alternatives]); an alternative is a
# list of nodes.
Node = tuple[str, object]
_LEAVES = ("word", "sym", "slot", "const")


def _parse(template: str) -> list[Node]:
    stack: list[tuple[str, list[list[Node]]]] = [("seq", [[]])]
    for match in _TOKEN.finditer(template):
        kind = match.lastgroup
        text = match.group(0)
        if kind == "open":
            stack.append(("opt" if text == "[" else "alt", [[]]))
        elif kind == "bar" and len(stack) > 1:
            stack[-1][1].append([])
        elif kind == "close" and len(stack) > 1:
            group_kind, alternatives = stack.pop()
            stack[-1][1][-1].append((group_kind, alternatives))
        elif kind == "slot":
            stack[-1][1][-1].append(("slot", match.group("slot")))
        elif kind == "const":
            stack[-1][1][-1].append(("const", match.group("const")))
        elif kind in ("word", "han"):  # a Chinese character is a word of its own
            stack[-1][1][-1].append(("word", text))
        else:
            stack[-1][1][-1].append(("sym", text))
    if len(stack) != 1:
        raise ValueError(f"unbalanced brackets in template {template!r}")
    return stack[0][1][0]


def _expand(nodes: list[Node]) -> list[list[Token]]:
    options: list[list[list[Token]]] = []
    for kind, value in nodes:
        if kind in _LEAVES:
            options.append([[(kind, str(value))]])
        else:
            expanded = [v for alt in value for v in _expand(alt)]  # type: ignore[attr-defined]
            if kind == "opt":
                expanded.append([])
            options.append(expanded)
    return [[tok for part in combo for tok in part] for combo in itertools.product(*options)]


def _flatten(nodes: list[Node]) -> list[Token]:
    out: list[Token] = []
    for kind, value in nodes:
        if kind in _LEAVES:
            out.append((kind, str(value)))
        else:
            for alt in value:  # type: ignore[attr-defined]
                out.extend(_flatten(alt))
    return out


# --- rendering: tokens -> regex ---------------------------------------------------------------


def _render(tokens: list[Token], slots: dict[str, Slot]) -> str:
    pieces: list[str] = []
    for index, (kind, value) in enumerate(tokens):
        if index:
            pieces.append(_separator(tokens[index - 1], (kind, value)))
        if kind == "slot":
            pieces.append(f"(?P<s_{value}>{slots[value].pattern})")
        elif kind == "word" and _is_han(value):
            pieces.append(re.escape(value))  # no \b: Chinese words touch without a space
        elif kind == "word":
            pieces.append(re.escape(value).replace("'", "['\u2019]?") + r"\b")
        else:
            pieces.append(re.escape(value))
    return "".join(pieces)


def _separator(left: Token, right: Token) -> str:
    # Words and slots need white space between them; symbols may touch ("12+30"), and so may a
    # Chinese character and anything (the text's spaces are where jieba cut it).
    if "sym" in (left[0], right[0]) or _is_han(left[1]) or _is_han(right[1]):
        return r"\s*"
    return r"\s+"


def _is_han(value: str) -> bool:
    return len(value) == 1 and HAN_CHARACTER.match(value) is not None


_HAN_RUN = re.compile(f"[{HAN}]+")
