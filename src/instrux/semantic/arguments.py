"""Typed arguments after a semantic route, extracted by slot type.

The semantic tier knows *which* instruction a text means and *which example* it is closest
to, but not where the arguments are, so they are found by type (the slot kinds of
:mod:`instrux.parsing.slots`):

- numbers: every number in the text (:func:`~instrux.parsing.finder.find_numbers`),
  assigned in the order the number slots appear in the nearest example ("subtract {b} from
  {a}" takes the first number as ``b``). When an instruction takes numbers, a text with more
  numbers than its slots take is refused ("add 1, 2 and 3" is not 1 + 2); numbers inside
  free text or a choice do not count;
- lists of numbers (``list[int]``, ...): the numbers that the number slots after the list in
  the example do not need; they must stand together as one list ("1, 2 and 3", read by
  :mod:`instrux.parsing.lists`, so that a list means the same as in the template tier);
  lists of choices: every mention of a choice, again standing together;
- yes/no and choices (Enum, Literal): the spelled value where the text has one, else the
  value closest in spelling to a word of the text;
- free text: quoted text first, else the words after the last word the text shares with the
  instruction's examples (``"please shout hello there"`` -> ``"hello there"``).

A field that is not found and has no default raises :class:`~instrux.InvalidArgumentsError`
naming it; values are validated by the instruction's argument model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from instrux.parsing.finder import NumberSpan, find_numbers
from instrux.parsing.slots import Slot, slot_for
from instrux.parsing.text import YES_NO_QUESTION
from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.schemas.errors import InvalidArgumentsError
from instrux.schemas.instruction import InstructionSpec, example_constants, example_slots
from instrux.semantic.choice_roles import order_by_neighbours
from instrux.semantic.evidence import CONTEXT, WordEvidence
from instrux.semantic.free_text import TOKEN_WORD, free_texts
from instrux.semantic.lexicon import (
    WORD,
    Vocabulary,
    naming_words,
    unbound,
    unexplained,
    word_forms,
)
from instrux.semantic.phrasing import SAMPLE_NUMBERS, example_sentences
from instrux.semantic.roles import NUMBER, Phrasing, assign_numbers, phrasings

__all__ = ["NotUnderstood", "delexicalize", "extract_arguments"]

# What may stand between an argument's name and its number: "base of 4", "exponent: 6".
_NAMING_LINKS = frozenset({"of", "is", "=", ":"})
# An operator symbol; a hyphen inside a word ("Pourriez-vous", "lui-même") is none.
_OPERATOR = re.compile(r"(?!(?<=[^\W\d_])-(?=[^\W\d_]))[-+*/^%<>×÷√²³!]")
_TOKEN = re.compile(rf"{WORD.pattern}|{_OPERATOR.pattern}", re.UNICODE)


class NotUnderstood(ValueError):
    """The text says more than the instruction's call would use: the tier must decline.

    ``what`` names it: ``"'cubed'"`` (words no phrasing of the instruction explains) or
    ``"the number 3"`` (numbers no argument takes).
    """

    def __init__(self, instruction: str, what: list[str], reason: str) -> None:
        self.instruction = instruction
        self.what = what
        super().__init__(reason)


def extract_arguments(
    spec: InstructionSpec,
    text: str,
    template: str | None,
    evidence: WordEvidence | None = None,
    rivals: tuple[Vocabulary, ...] = (),
) -> BaseModel:
    """The validated arguments of ``spec`` found in ``text`` (``template``: nearest example).

    ``evidence`` (the tier's encoder) may explain words the phrasings do not: typos and
    context clauses (:mod:`instrux.semantic.evidence`). Raises :class:`NotUnderstood` when a
    number or a word of the text is not accounted for (see :mod:`instrux.semantic.lexicon`),
    :class:`~instrux.InvalidArgumentsError` when an argument is missing or invalid.
    ``rivals``: the other candidate instructions' vocabularies; a word of theirs that this
    instruction means only next to another word must stand next to it here
    (:func:`~instrux.semantic.lexicon.unbound`).
    """
    fields = spec.arguments.model_fields
    slots = _slots(spec)
    number_list = any(map(_is_number_list, slots.values()))
    found = _Finder(text, spec, [], number_list)
    roles = None if number_list else _roles(spec, slots, found)
    if roles is not None:
        template = roles[0].example
    found.set_example([slots[name] for name in example_slots(template or "") if name in slots])
    values = _constants(spec, slots, template) if roles is not None else {}
    missing: list[str] = []
    spelled: dict[str, tuple[int, int]] = {}  # choice slots filled from the text: their spans
    for name in _slot_order(list(fields), template):
        if name in values:
            continue
        try:
            if roles is not None and name in roles[1]:
                value = found.take(roles[1][name], slots[name])
            else:
                used = len(found.used)
                value = found.next_value(slots[name])
                if slots[name].kind == "choice" and len(found.used) > used:
                    spelled[name] = found.used[-1]
        except ValueError as err:  # a list not spelt unambiguously, a date that is no date
            hint = (
                f"Give {name!r} a valid value."
                if slots[name].exact_shape
                else f"Write it as in {_example_hint(spec)}."
            )
            raise InvalidArgumentsError(spec.name, name, str(err), hint=hint) from None
        if value is not None:
            values[name] = value
        elif fields[name].is_required():
            missing.append(name)
    _shared_by_neighbours(spec, template, slots, spelled, values, text)
    if missing:
        # A word the instruction does not know says more than the missing argument: "is 7
        # a prime number" is not math.power without an exponent, it is not math.power.
        _check_words_explained(spec, found, roles[0] if roles is not None else None, evidence,
                               rivals)  # fmt: skip
        _check_not_a_yes_no_question(spec, text)
        raise InvalidArgumentsError(
            spec.name,
            missing[0],
            "it is required but was not found in the text",
            hint=f"Say the {missing[0]} in the text, as in {_example_hint(spec)}.",
        )
    numeric = [n for n in fields if slots[n].kind == "number" or _is_number_list(slots[n])]
    if numeric:  # elsewhere a number word is just a word ("which one", "translate one")
        _check_no_number_left(spec, found)
    if fields:
        _check_words_explained(spec, found, roles[0] if roles is not None else None, evidence,
                               rivals)  # fmt: skip
    _check_not_a_yes_no_question(spec, text)  # after the words: a named word says more
    try:
        return spec.arguments.model_validate(values)
    except ValidationError as err:
        raise validation_error_to_invalid_arguments(spec.name, err) from None


def _check_not_a_yes_no_question(spec: InstructionSpec, text: str) -> None:
    """A yes/no question is declined by an instruction none of whose phrasings is one: "are
    the bedroom lights on?" asks about the lights, it does not switch them on."""
    question = YES_NO_QUESTION.match(text)
    if question is None or _asks_yes_no(spec):
        return
    word = question.group(1)
    raise NotUnderstood(
        spec.name,
        [repr(word)],
        f"it asks whether something is so ({word!r} ...?), and no phrasing of {spec.name} "
        "is such a question",
    )


@lru_cache(maxsize=1024)
def _asks_yes_no(spec: InstructionSpec) -> bool:
    return any(YES_NO_QUESTION.match(sentence) for _, sentence in example_sentences(spec))


def _shared_by_neighbours(
    spec: InstructionSpec,
    template: str | None,
    slots: dict[str, Slot],
    spelled: dict[str, tuple[int, int]],
    values: dict[str, Any],
    text: str,
) -> None:
    """Two values of a choice type two slots share go where the words around them put them
    (:mod:`instrux.semantic.choice_roles`); a text whose words do not tell is declined."""
    shared = [name for name in spelled if slots[name].pattern in _shared_choices(spec)]
    if len(shared) != 2 or template is None:
        return
    numbers = frozenset(name for name, slot in slots.items() if slot.kind == "number")
    ordered = order_by_neighbours(template, {n: spelled[n] for n in shared}, numbers, text)
    if ordered is None:
        raise NotUnderstood(
            spec.name,
            [text[start:end] for start, end in (spelled[n] for n in shared)],
            f"the words do not say which of {shared[0]} and {shared[1]} each value is",
        )
    for name, (start, end) in ordered.items():
        values[name] = slots[name].parse(text[start:end])


@lru_cache(maxsize=1024)
def _slots(spec: InstructionSpec) -> dict[str, Slot]:
    """Each field's slot (specs are frozen: computed once per instruction)."""
    return {
        name: slot_for(field.annotation, name)
        for name, field in spec.arguments.model_fields.items()
    }


@lru_cache(maxsize=1024)
def _shared_choices(spec: InstructionSpec) -> frozenset[str]:
    """Patterns of choice slots that two of the spec's slots share (from/to currencies)."""
    patterns = [slot.pattern for slot in _slots(spec).values() if slot.kind == "choice"]
    return frozenset(p for p in patterns if patterns.count(p) > 1)


def delexicalize(text: str) -> str:
    """The text with its numbers replaced by the sample numbers the examples are embedded with.

    "what do 300 and 500 add up to" and "what do 3 and 5 add up to" then embed alike: the
    values of the numbers say nothing about which instruction the text means.
    """
    mentions = _numbers(text, list_items=False)
    if not mentions:
        return text
    parts: list[str] = []
    last = 0
    for index, number in enumerate(mentions):
        parts += [text[last : number.start], SAMPLE_NUMBERS[index % len(SAMPLE_NUMBERS)]]
        last = number.end
    return "".join([*parts, text[last:]])


def _constants(
    spec: InstructionSpec, slots: dict[str, Slot], template: str | None
) -> dict[str, Any]:
    """The arguments the phrasing implies ("double {a}{b=2}"), typed by their slots."""
    constants: dict[str, Any] = {}
    for name, raw in example_constants(template or "").items():
        if name in slots:
            constants[name] = slots[name].parse(raw.strip())
    return constants


def _roles(
    spec: InstructionSpec, slots: dict[str, Slot], found: _Finder
) -> tuple[Phrasing, dict[str, int]] | None:
    """The best-aligned phrasing and which number each number slot takes (module roles)."""
    number_fields = frozenset(name for name, slot in slots.items() if slot.kind == "number")
    if not number_fields or not found.mentions:
        return None
    tokens = found.tokens()
    assigned = assign_numbers(phrasings(spec, number_fields), tokens)
    if assigned is None:
        return None
    named = _named_numbers(number_fields, tokens)
    if not named:
        return assigned
    # Named numbers first; the other fields keep their aligned numbers where still free, else
    # take the remaining numbers in text order.
    roles = dict(named)
    free = [n for n in range(len(found.mentions)) if n not in named.values()]
    for field in sorted(number_fields - named.keys()):
        wanted = assigned[1].get(field)
        pick = wanted if wanted in free else (free[0] if free else None)
        if pick is not None:
            roles[field] = pick
            free.remove(pick)
    return assigned[0], roles


def _named_numbers(fields: frozenset[str], tokens: list[frozenset[str]]) -> dict[str, int]:
    """Numbers the text gives by argument name: "exponent 6, base 4", "base of 4".

    A number right after a field's name (or after its name and "of"/"is"/"="/":"), for names
    of three letters or more (never "a" or "x"), takes that field, whatever the phrasing says.
    Every named number must be distinct, or none is used.
    """
    names = {f: word_forms(f) for f in fields if len(f) >= 3 and f.isalpha()}
    ordinal = {i: n for n, i in enumerate(i for i, t in enumerate(tokens) if NUMBER in t)}
    found: dict[str, int] = {}
    for index, token in enumerate(tokens):
        field = next((f for f, forms in names.items() if not token.isdisjoint(forms)), None)
        if field is None:
            continue
        after = index + 1
        while after < len(tokens) and not tokens[after].isdisjoint(_NAMING_LINKS):
            after += 1
        if after < len(tokens) and after in ordinal:
            found[field] = ordinal[after]
    return found if len(set(found.values())) == len(found) else {}


def _slot_order(fields: list[str], template: str | None) -> list[str]:
    """Fields in the nearest example's slot order, then the rest in declaration order."""
    in_template = [name for name in example_slots(template or "") if name in fields]
    return list(dict.fromkeys([*in_template, *fields]))


def _check_no_number_left(spec: InstructionSpec, found: _Finder) -> None:
    """Decline a text with more numbers than the arguments take ("add 1, 2 and 3" for a + b).

    Dropping a number the user typed would execute something else than what was asked.
    """
    left = found.numbers_left()
    if left:
        raise NotUnderstood(
            spec.name,
            left,
            f"{_quoted(left)} {'is' if len(left) == 1 else 'are'} not used by {spec.name} "
            "(it takes fewer numbers)",
        )


def _check_words_explained(
    spec: InstructionSpec,
    found: _Finder,
    phrasing: Phrasing | None,
    evidence: WordEvidence | None = None,
    rivals: tuple[Vocabulary, ...] = (),
) -> None:
    """Decline when a word of the text is neither generic nor one of the instruction's, or
    is a rival's word that this instruction means only next to a word it is not next to."""
    vocabulary = Vocabulary.of(spec)
    also = phrasing.tokens if phrasing is not None else ()
    uncovered_words, uncovered_symbols = found.uncovered_words(), found.uncovered_symbols()
    what = [
        *unexplained(uncovered_words, vocabulary, also),
        *unexplained(uncovered_symbols, vocabulary, also),
    ]
    what += [
        word
        for word in unbound(WORD.findall(found.text), vocabulary)
        if word not in what and any(rival.explains(word) for rival in rivals)
    ]
    if what and evidence is not None:
        readings = evidence.explain(found.text, what, vocabulary)
        what = [word for word in what if word not in readings]
        # A typo reads as the word it misspells (it may name the operation); context is gone.
        uncovered_words = [
            readings.get(w.lower(), w)
            for w in uncovered_words
            if readings.get(w.lower()) != CONTEXT
        ]
    if what:
        verb = "is" if len(what) == 1 else "are"
        raise NotUnderstood(
            spec.name, what, f"{_quoted(what)} {verb} not understood by {spec.name}"
        )
    uncovered = [*uncovered_words, *uncovered_symbols]
    naming = naming_words(uncovered, vocabulary, also)
    if vocabulary.has_names and not naming and not found.choice_spelled:
        raise NotUnderstood(spec.name, [], f"no word of the text names what {spec.name} does")
    repeated = _repeated(naming, phrasing)
    if repeated:
        raise NotUnderstood(
            spec.name,
            repeated,
            f"{_quoted(repeated)} asks for {spec.name} more often than one call does it",
        )


def _repeated(naming: list[str], phrasing: Phrasing | None) -> list[str]:
    """Operation words the text has more often than the phrasing ("9 squared, squared",
    "2 plus 3 plus"): a word set cannot see the second one, and one call does it once."""
    groups: list[tuple[set[str], list[str]]] = []  # forms of one operation, its words
    for word in naming:
        forms = word_forms(word)  # "squared" and "square" are one operation
        group = next((g for g in groups if not g[0].isdisjoint(forms)), None)
        if group is None:
            groups.append((set(forms), [word.lower()]))
        else:
            group[0].update(forms)
            group[1].append(word.lower())
    found = []
    for operation, words in groups:
        allowed = (
            1
            if phrasing is None
            else sum(1 for token in phrasing.tokens if not token.isdisjoint(operation))
        )
        if len(words) > max(allowed, 1):
            found.append(words[0])
    return found


def _quoted(items: list[str]) -> str:
    return ", ".join(repr(item) for item in items)


def _is_number_list(slot: Slot) -> bool:
    return slot.kind == "list" and slot.item is not None and slot.item.kind == "number"


class _Finder:
    """Hands out values in text order: two slots of one type get two different mentions.

    Number slots take the numbers of the text in order; a list of numbers takes every number
    that the number slots after it in the example do not need, and they must stand together
    as one list ("1, 2 and 3").
    """

    def __init__(
        self, text: str, spec: InstructionSpec, in_example: list[Slot], number_list: bool
    ) -> None:
        self.text = text
        self.spec = spec
        # With a list of numbers, mentions are list items: "one two three" is three numbers,
        # not the one number 6 that the scalar pattern reads.
        self.mentions = _numbers(text, list_items=number_list)
        self.numbers_after_list = 0
        self.set_example(in_example)
        self.texts: list[tuple[str, tuple[int, int]]] | None = None  # free text, in order
        # A choice spelled out in the text ("a table in the kitchen") names the instruction
        # whose slot it fills, as a word of its phrasings would (_check_words_explained);
        # where two slots share its type (from/to currencies), only when both are spelled:
        # the words around them then say which value is which.
        self.choice_spelled = False
        self.shared_spelled = 0  # choices spelled in slots that share their type
        self.taken: set[int] = set()  # indexes of mentions given to a number slot
        self.used: list[tuple[int, int]] = []  # spans given to choice, list and text slots

    def set_example(self, in_example: list[Slot]) -> None:
        """The slots of the example the text was matched with, in order.

        The number slots after a list in the example take the last numbers. Fields that the
        example does not show reserve none: they come after the list has taken its numbers,
        so they are left to their defaults rather than guessed.
        """
        lists = [i for i, slot in enumerate(in_example) if _is_number_list(slot)]
        after = in_example[lists[0] + 1 :] if lists else []
        self.numbers_after_list = sum(slot.kind == "number" for slot in after)

    def take(self, ordinal: int, slot: Slot) -> Any:
        """The value of the text's ``ordinal``-th number (a role decided by alignment), read
        by the slot ("100%" is 100 in an int slot, as in the template tier)."""
        self.taken.add(ordinal)
        return slot.parse(self.mentions[ordinal].text)

    def tokens(self) -> list[frozenset[str]]:
        """The text as alignment tokens: word forms, symbols, and ``#`` for each number."""
        spans = [(m.start, m.end, frozenset({NUMBER})) for m in self.mentions]
        covered = [(start, end) for start, end, _ in spans]
        for match in _TOKEN.finditer(self.text):
            if not _inside(match.span(), covered):
                spans.append((match.start(), match.end(), word_forms(match.group(0))))
        return [token for _, _, token in sorted(spans, key=lambda s: s[0])]

    def uncovered_words(self) -> list[str]:
        """Words of the text that no argument took."""
        covered = self._covered()
        return [m.group(0) for m in WORD.finditer(self.text) if not _inside(m.span(), covered)]

    def uncovered_symbols(self) -> list[str]:
        """Operator-like symbols ("+", "%", "√") that no argument took."""
        covered = self._covered()
        return [m.group(0) for m in _OPERATOR.finditer(self.text) if not _inside(m.span(), covered)]

    def _covered(self) -> list[tuple[int, int]]:
        return [*(self.mentions[i].span for i in self.taken), *self.used]

    def next_value(self, slot: Slot) -> Any:
        if slot.kind == "number":
            free = self._free_numbers()
            if not free:
                return None
            self.taken.add(free[0])
            return slot.parse(self.mentions[free[0]].text)  # "100%" is 100 in an int slot
        if slot.kind == "list":
            return self._list(slot)
        if slot.kind in ("bool", "choice") or slot.exact_shape:
            return self._choice(slot)
        return self._free_text()

    def numbers_left(self) -> list[str]:
        return [self.mentions[i].text for i in self._free_numbers()]

    def _free_numbers(self) -> list[int]:
        return [
            i
            for i, number in enumerate(self.mentions)
            if i not in self.taken and not self._overlaps(number.span)
        ]

    def _overlaps(self, span: tuple[int, int]) -> bool:
        return any(span[0] < end and start < span[1] for start, end in self.used)

    def _choice(self, slot: Slot) -> Any:
        bad: ValueError | None = None  # a value of the slot's exact shape that does not parse
        for match in re.finditer(rf"(?<![\w]){slot.pattern}", self.text, re.IGNORECASE):
            if self._overlaps(match.span()):
                continue
            try:
                value = slot.parse(match.group(0))
            except ValueError as err:
                bad = bad or (err if slot.exact_shape else None)
                continue
            self.used.append(match.span())
            if slot.kind == "choice":
                # A spelled choice names the instruction; a type two slots share (from/to
                # units) when both are spelled ("16 Meilen sind wieviel Fuß"), the words
                # around them saying which is which (_shared_by_neighbours).
                shared = slot.pattern in _shared_choices(self.spec)
                self.shared_spelled += shared
                self.choice_spelled = self.choice_spelled or not shared or self.shared_spelled > 1
            return value
        if bad is not None:  # "31 February 2025": a date that is no date, not a missing one
            raise bad
        if slot.kind == "bool" or slot.exact_shape:
            return None  # a yes/no, a date or a time is never guessed from spelling
        words = [w for w in TOKEN_WORD.finditer(self.text) if not self._overlaps(w.span())]
        closest = _closest_choice(slot, [w.group(0).lower() for w in words])
        if closest is None:
            return None
        value, index = closest
        self.used.append(words[index].span())  # the misspelt word is the value, explained
        return value

    def _list(self, slot: Slot) -> Any:
        spans = self._number_list_spans() if _is_number_list(slot) else self._item_spans(slot)
        if not spans:
            return None
        start, end = spans[0][0], spans[-1][1]
        self.used.append((start, end))
        try:
            return slot.parse(self.text[start:end])
        except ValueError as err:
            raise ValueError(f"{self.text[start:end]!r} is not one list ({err})") from None

    def _number_list_spans(self) -> list[tuple[int, int]]:
        free = self._free_numbers()
        mine = free[: max(len(free) - self.numbers_after_list, 0)]
        self.taken.update(mine)
        return [self.mentions[i].span for i in mine]

    def _item_spans(self, slot: Slot) -> list[tuple[int, int]]:
        """Every mention of a choice (or yes/no) that no other slot took."""
        if slot.item is None:
            return []
        found = []
        for match in re.finditer(rf"(?<![\w]){slot.item.pattern}", self.text, re.IGNORECASE):
            try:
                slot.item.parse(match.group(0))
            except ValueError:
                continue
            if not self._overlaps(match.span()):
                found.append(match.span())
        return found

    def _free_text(self) -> str | None:
        if self.texts is None:
            self.texts = free_texts(self.text, self.spec)
        if not self.texts:
            return None
        value, span = self.texts.pop(0)
        self.used.append(span)
        return value


@lru_cache(maxsize=256)
def _numbers(text: str, *, list_items: bool) -> tuple[NumberSpan, ...]:
    """Every number of the text; "minus" right after a number is an operator, not a sign.

    Cached: the tier reads one text's numbers to embed it, then again for each candidate.
    """
    return tuple(find_numbers(text, list_items=list_items))


def _inside(span: tuple[int, int], covered: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in covered)


def _closest_choice(
    slot: Slot, words: Sequence[str], cutoff: float = 0.8
) -> tuple[Any, int] | None:
    """The choice closest in spelling to a word, and that word's index."""
    best, best_index, best_score = None, -1, cutoff
    for index, word in enumerate(words):
        for choice in slot.spellings:
            score = SequenceMatcher(None, word, choice).ratio()
            if score >= best_score:
                best, best_index, best_score = choice, index, score
    return (slot.parse(best), best_index) if best is not None else None


def _example_hint(spec: InstructionSpec) -> str:
    from instrux.semantic.phrasing import example_sentences

    sentences = example_sentences(spec)
    return repr(sentences[0][1]) if sentences else f"`instrux show {spec.name}`"
