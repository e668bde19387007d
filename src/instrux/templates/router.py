"""The template tier: exact, deterministic matching of example phrasings.

Every instruction's examples are compiled once (see :mod:`.compiler`). A text is matched
against the variants whose literal anchors all occur in it; each full match is scored by its
*specificity*: how many characters of the text were matched by literals and typed slots (free
text, the separators of a list slot and polite lead-ins do not count, so "add 1 and 2" is
more specific for "add {a} and {b}" than for "add {numbers}"). The most specific match wins;
when two different instructions tie, the text is ambiguous. Between equally specific matches
of one instruction, registration order decides (its first example, then that example's first
variant), never the order of a hash, so the choice is the same in every process.

A match whose typed slot does not parse is tried with the other splits of its free text
(:meth:`CompiledTemplate.splits_after`). When none parses and the slot has an exact shape (a date, a
time, a duration: ``31 February 2025``, ``25:00``), the text is a bad value of that argument:
unless a more specific template matched, an :class:`InvalidArgumentsError` names the argument
and why, instead of "not understood".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from instrux.parsing.slots import Slot, slot_for
from instrux.parsing.text import YES_NO_QUESTION, starts_as_question
from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.schemas.call import Call, Route
from instrux.schemas.errors import (
    AmbiguousInstructionError,
    Candidate,
    InvalidArgumentsError,
    InvalidSpecError,
)
from instrux.schemas.instruction import InstructionSpec
from instrux.templates.compiler import (
    CompiledTemplate,
    compile_template,
    literal_text,
    text_tokens,
)
from instrux.templates.nearmiss import NearMissIndex

__all__ = ["SlotRefusal", "TemplateMatch", "TemplateRouter"]

TIER = "template"


@dataclass(frozen=True, slots=True)
class TemplateMatch:
    template: CompiledTemplate
    values: dict[str, Any]
    texts: dict[str, str]
    specificity: int


@dataclass(frozen=True, slots=True)
class SlotRefusal:
    """A full match whose slot of an exact shape holds a value that does not parse."""

    template: CompiledTemplate
    argument: str
    reason: str
    specificity: int

    def error(self) -> InvalidArgumentsError:
        return InvalidArgumentsError(self.template.instruction, self.argument, self.reason)


def _rank(found: TemplateMatch | SlotRefusal) -> tuple[int, int]:
    """Sort key, best first: the most specific, then the first registered."""
    return -found.specificity, found.template.order


class TemplateRouter:
    """Matches text against every instruction's compiled examples."""

    def __init__(self, specs: Iterable[InstructionSpec]) -> None:
        self._specs = {spec.name: spec for spec in specs}
        self._templates: list[CompiledTemplate] = []
        # (instruction, example): their literal words are read on the first near-miss lookup,
        # not here (the engine compiles its templates while it starts)
        self._examples: list[tuple[str, str]] = []
        # Whether matching depends on a text's digits only through where they are (see
        # _value_blind): what lets a known plan shape skip the whole text's route.
        self.value_blind = True
        for spec in self._specs.values():
            slots = {
                name: slot_for(f.annotation, name)
                for name, f in spec.arguments.model_fields.items()
            }
            self.value_blind = self.value_blind and _value_blind(spec.examples, slots.values())
            for example in spec.examples:
                try:
                    compiled = compile_template(spec.name, example, slots)
                except ValueError as err:
                    raise InvalidSpecError(
                        f"Example {example!r} of {spec.name} does not compile: {err}.",
                        hint="Balance [optional] and (a|b) brackets in the example, and give "
                        "{name=value} constants a value of the argument's type.",
                    ) from err
                for template in compiled:
                    template.order = len(self._templates)
                    self._templates.append(template)
                self._examples.append((spec.name, example))
        self._index = _anchor_index(self._templates)
        # (instruction, example) -> the instruction's longer words that example lacks, read on
        # the first free-text match of the example (see _restates), not while starting
        self._foreign: dict[tuple[str, str], frozenset[str]] = {}
        self._near: NearMissIndex | None = None  # built on the first near-miss lookup

    def route(self, normalized: str, text: str) -> Call | None:
        """The call for ``normalized`` text, or ``None`` when no template matches.

        Raises :class:`InvalidArgumentsError` when the best match's date, time or duration
        does not parse (see the module docstring).
        """
        matches, refusal = self._scan(normalized)
        if refusal is not None and (not matches or refusal.specificity > matches[0].specificity):
            raise refusal.error()
        if not matches:
            return None
        best = matches[0]
        name = best.template.instruction
        rivals = [m for m in matches[1:] if m.template.instruction != name]
        if rivals and rivals[0].specificity == best.specificity:
            tied = [best, *(m for m in rivals if m.specificity == best.specificity)]
            raise AmbiguousInstructionError(text, [_candidate(m, best) for m in tied])
        arguments = self._validate(name, best.values)
        return Call(
            instruction=name,
            arguments=arguments,
            route=_route(best, rivals),
            text=text,
        )

    def matches(self, normalized: str) -> list[TemplateMatch]:
        """Every template variant that fully matches, best first (one per instruction)."""
        return self._scan(normalized)[0]

    def _scan(self, normalized: str) -> tuple[list[TemplateMatch], SlotRefusal | None]:
        """The best match of each instruction, best first, and the best refusal (if any)."""
        tokens = text_tokens(normalized)
        question = YES_NO_QUESTION.match(normalized) is not None
        best: dict[str, TemplateMatch] = {}
        refusal: SlotRefusal | None = None
        for template in self._candidates(tokens):
            found = _match(template, normalized)
            if found is None or self._restates(found):
                continue
            if question and not starts_as_question(template.template):
                continue  # "are the kitchen lights on" is no "{room} lights {on}"
            if isinstance(found, SlotRefusal):
                if refusal is None or _rank(found) < _rank(refusal):
                    refusal = found
                continue
            current = best.get(template.instruction)
            if current is None or _rank(found) < _rank(current):
                best[template.instruction] = found
        return sorted(best.values(), key=_rank), refusal

    def _restates(self, found: TemplateMatch | SlotRefusal) -> bool:
        """Whether a free-text value holds a word of the instruction's other phrasings (not of
        the matched one): in "don't let me forget to water the plants, remind me at 8", the
        task is not "water the plants remind me". The semantic tier reads such texts instead,
        ending the value at the clause (:mod:`instrux.semantic.free_text`)."""
        if not isinstance(found, TemplateMatch):
            return False
        for name, slot in found.template.slots.items():
            value = found.texts.get(name, "")
            if slot.kind != "text" or value.startswith(("'", '"', "\u201c", "\u2018")):
                continue
            if not self._foreign_words(found.template).isdisjoint(value.lower().split()):
                return True
        return False

    def _foreign_words(self, template: CompiledTemplate) -> frozenset[str]:
        key = (template.instruction, template.template)
        words = self._foreign.get(key)
        if words is None:  # a race computes the same set twice
            examples = self._specs[template.instruction].examples
            own = {w for example in examples for w in literal_text(example).split() if len(w) > 3}
            words = self._foreign[key] = frozenset(
                own.difference(literal_text(template.template).split())
            )
        return words

    def _candidates(self, tokens: frozenset[str]) -> list[CompiledTemplate]:
        """Templates whose literal tokens all occur in the text (cheap pre-filter)."""
        found = list(self._index.get("", ()))
        for token in tokens:
            for template in self._index.get(token, ()):
                if template.anchors <= tokens:
                    found.append(template)
        return found

    def near_misses(self, normalized: str, limit: int = 3) -> list[Candidate]:
        """Instructions whose examples look most like the text (only on the no-match path).

        The score is the Dice overlap of word sets (see :mod:`.nearmiss`): an inverted index,
        built on the first call, so that a text costs the examples sharing a word with it, not
        a scan of every example.
        """
        if self._near is None:
            self._near = NearMissIndex(
                [(name, example, frozenset(literal_text(example).split()))
                 for name, example in self._examples]
            )  # fmt: skip
        ranked = self._near.best(frozenset(normalized.lower().split()), limit)
        return [
            Candidate(
                instruction=name, score=round(score, 3), tier=TIER, evidence=f"example {example!r}"
            )
            for name, score, example in ranked
        ]

    def _validate(self, name: str, values: dict[str, Any]) -> BaseModel:
        try:
            return self._specs[name].arguments.model_validate(values)
        except ValidationError as err:
            raise validation_error_to_invalid_arguments(name, err) from None


_SLOT = re.compile(r"\{[^{}]*\}")
_BLIND_KINDS = frozenset({"number", "text", "bool"})


def _value_blind(examples: Iterable[str], slots: Iterable[Slot]) -> bool:
    """Whether matching these examples depends on a text's digits only through where they
    are (and whether they are whole or decimal), never through their values: no digit in an
    example's literal text, and every slot a number, free text, yes/no, a list of those, or a
    choice with no digit in its spellings (not a date: "2024-2-30" is none)."""
    if any(char.isdigit() for example in examples for char in _SLOT.sub(" ", example)):
        return False
    for slot in slots:
        if slot.kind == "list" and slot.item is not None:
            slot = slot.item
        if slot.kind == "choice":
            if any(char.isdigit() for spelling in slot.spellings for char in spelling):
                return False
        elif slot.kind not in _BLIND_KINDS:
            return False
    return True


def _anchor_index(templates: list[CompiledTemplate]) -> dict[str, list[CompiledTemplate]]:
    """Each template under its rarest anchor ("" for templates made only of slots)."""
    counts: dict[str, int] = {}
    for template in templates:
        for anchor in template.anchors:
            counts[anchor] = counts.get(anchor, 0) + 1
    index: dict[str, list[CompiledTemplate]] = {}
    for template in templates:
        key = min(template.anchors, key=lambda a: (counts[a], a)) if template.anchors else ""
        index.setdefault(key, []).append(template)
    return index


def _match(template: CompiledTemplate, normalized: str) -> TemplateMatch | SlotRefusal | None:
    """The first split of the text whose slots all parse; else the first refusal of a slot of
    an exact shape; else ``None`` (no match, or only values that merely looked like one)."""
    match = template.fullmatch(normalized)
    if match is None:
        return None
    found = _read(template, match.group, len(normalized))
    if isinstance(found, TemplateMatch):  # the common case: no other split to try
        return found
    refusal = found
    for groups in template.splits_after(normalized, match):
        found = _read(template, groups.__getitem__, len(normalized))
        if isinstance(found, TemplateMatch):
            return found
        refusal = refusal or found
    return refusal


def _read(
    template: CompiledTemplate, group: Callable[[str], str], length: int
) -> TemplateMatch | SlotRefusal | None:
    """A match's values from its slot texts (``group("s_NAME")``), or why there are none."""
    values: dict[str, Any] = dict(template.constants)
    texts: dict[str, str] = {}
    uncounted = len(group("instrux_lead"))
    bad: tuple[str, str] | None = None  # (argument, why) of a slot of an exact shape
    for name, slot in template.slots.items():
        raw = group(f"s_{name}")
        try:
            values[name] = slot.parse(raw)
        except ValueError as err:
            if not slot.exact_shape:
                return None  # e.g. a choice that only looked like one
            bad = bad or (name, str(err))
        texts[name] = raw
        if slot.unscored is not None:  # free text and list separators (see Slot.unscored)
            uncounted += slot.unscored(raw)
    if bad is not None:
        return SlotRefusal(template, *bad, length - uncounted)
    return TemplateMatch(template, values, texts, length - uncounted)


def _candidate(match: TemplateMatch, best: TemplateMatch) -> Candidate:
    return Candidate(
        instruction=match.template.instruction,
        score=round(match.specificity / max(best.specificity, 1), 3),
        tier=TIER,
        evidence=f"example {match.template.template!r}",
    )


def _route(best: TemplateMatch, rivals: list[TemplateMatch]) -> Route:
    slots = ", ".join(f"{k}={v!r}" for k, v in best.texts.items())
    return Route(
        tier=TIER,
        score=1.0,
        alternatives=[_candidate(m, best) for m in rivals],
        explanation=f"Matched example {best.template.template!r} of {best.template.instruction}"
        + (f" with {slots}." if slots else "."),
        details={
            "template": best.template.template,
            "slots": best.texts,
            "specificity": best.specificity,
        },
    )
