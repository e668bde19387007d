"""The semantic tier's logic: text -> decision -> verified :class:`~instrux.Call` or near misses.

:class:`ExampleTier` routes over the registry's own examples (what the built-in plugin uses by
default); :class:`instrux.semantic.artifact.TrainedTier` routes with a trained router artifact.
Both expose ``decide(text)`` (``ExampleTier`` also ``decide_many(texts)``: one encoder call for
a batch) and share :func:`conclude`, which turns a decision into a call only with evidence:

1. the encoder proposes: the instructions whose score reaches their threshold (ExampleTier
   embeds the text with its numbers replaced by the examples' sample numbers, so that "300 and
   500" is as close to an example as "3 and 5");
2. the words verify: a candidate is kept only when its arguments use every number of the text
   and its phrasings explain every other word (:mod:`instrux.semantic.lexicon`); argument roles
   come from the best-aligned phrasing (:mod:`instrux.semantic.roles`);
3. one candidate left is the call, even when the encoder's margin was too small to choose
   ("double 21": multiply, divide and square were within 0.002); two left that the encoder
   cannot separate by its margin are ambiguous; none left is a decline whose near misses name
   what each candidate did not understand ("'cubed' is not understood by math.square").

Where the words do not yield the arguments (one is missing, or words are left that could be
argument values), an instruction with a slot filler in the registry (a
:class:`~instrux.SlotFillerSpec`: the built-in ``instrux.heads`` registers one per slots
artifact in ``Settings.heads_dir``) gets its arguments from the filler instead, under the same
rule: the filler must be sure (it declines otherwise), and the words outside the spans that
became arguments must be explained by the instruction's phrasings. Otherwise the candidate
declines as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

import numpy as np
from pydantic import BaseModel

from instrux.models.encoder import Encoder
from instrux.parsing.dates import DATE_PATTERN
from instrux.parsing.digits import DIGITS_GLUED
from instrux.parsing.slots import slot_for
from instrux.parsing.text import QUOTED
from instrux.registry import Registry
from instrux.schemas.call import Call, Route
from instrux.schemas.errors import Candidate, InvalidArgumentsError
from instrux.schemas.instruction import InstructionSpec
from instrux.semantic.arguments import NotUnderstood, delexicalize, extract_arguments
from instrux.semantic.evidence import WordEvidence
from instrux.semantic.index import ExampleIndex, build_router
from instrux.semantic.lexicon import WORD, Vocabulary, naming_words, unexplained
from instrux.semantic.router import Decision, SemanticRouter

__all__ = ["TIER", "ExampleTier", "Routed", "conclude", "decision_to_candidates"]

TIER = "semantic"
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)

# What must be explained outside a slot head's spans: words, numbers (a number the call does
# not use is never dropped) and symbols other than sentence punctuation.
_LEFT_OVER = re.compile(rf"{WORD.pattern}|{DIGITS_GLUED}|[^\w\s.,;:!?'\"()\u2019\u201c\u201d]")


class Routed(Protocol):
    """What the plugin needs from a tier implementation."""

    @property
    def evidence(self) -> WordEvidence | None:
        """Spelling and context evidence for words its phrasings do not explain (or none)."""
        ...

    @property
    def specs(self) -> Mapping[str, InstructionSpec] | None:
        """The instructions as this tier reads them (its languages' examples), or ``None``
        for the registry's own."""
        ...

    def decide(self, text: str) -> tuple[Decision, str | None]:
        """The decision, and the chosen instruction's nearest example template (if accepted)."""
        ...


class ExampleTier:
    """Nearest registered examples, thresholds from :mod:`instrux.semantic.calibrate`."""

    def __init__(
        self,
        registry: Registry,
        encoder: Encoder,
        exclude: frozenset[str] = frozenset(),
        languages: frozenset[str] | None = None,
    ) -> None:
        self.encoder = encoder
        # ``exclude``: instructions another tier decides (a trained router's intents).
        specs = [e.spec for e in registry.instructions() if e.spec.name not in exclude]
        if languages is not None:  # an encoder that reads English sees the English examples
            specs = [spec.model_copy(update={"examples": spec.examples_in(languages)})
                     for spec in specs]  # fmt: skip
        # Verification reads these too: roles and spellings come from the same examples.
        self.specs: Mapping[str, InstructionSpec] | None = (
            {spec.name: spec for spec in specs} if languages is not None else None
        )
        self.index = ExampleIndex.build(specs, self.encoder)
        self.router: SemanticRouter = build_router(self.index)
        self.evidence = WordEvidence(encoder, self.router)
        self._forms = frozenset().union(*(Vocabulary.of(spec).forms for spec in specs))
        # Examples embed a date or free-text slot as "something" (phrasing.sample_value): so
        # does the text, for its dates and quoted text, when an instruction takes such a slot.
        kinds = {
            slot_for(f.annotation).kind
            for spec in specs
            for f in spec.arguments.model_fields.values()
        }
        self._samples = [
            pattern for kind, pattern in (("date", _DATE), ("text", QUOTED)) if kind in kinds
        ]

    def decide(self, text: str) -> tuple[Decision, str | None]:
        return self._decide_embedded(self.encoder.encode([self._embedded_form(text)])[0])

    def decide_many(self, texts: list[str]) -> list[tuple[Decision, str | None]]:
        """:meth:`decide` for many texts, embedded in one batched encoder call."""
        embeddings = self.encoder.encode([self._embedded_form(text) for text in texts])
        return [self._decide_embedded(row) for row in embeddings]

    def _embedded_form(self, text: str) -> str:
        """What is embedded: the examples' samples for the text's numbers (and dates and quoted
        text, when an instruction takes such a slot), typos of known words respelled."""
        respelled = self.evidence.respelled(text, self._forms)
        for pattern in self._samples:
            respelled = pattern.sub("something", respelled)
        return delexicalize(respelled)

    def _decide_embedded(self, embedding: np.ndarray) -> tuple[Decision, str | None]:
        decision = self.router.decide(embedding)
        if decision.instruction is None:
            return decision, None
        return decision, self._nearest_template(decision.instruction, embedding)

    def _nearest_template(self, instruction: str, embedding: np.ndarray) -> str:
        label = self.index.instructions.index(instruction)
        rows = np.flatnonzero(self.index.labels == label)
        best = rows[int(np.argmax(self.index.vectors[rows] @ embedding))]
        return str(self.index.templates[best])


def conclude(
    decision: Decision,
    text: str,
    registry: Registry,
    template: str | None,
    evidence: WordEvidence | None = None,
    specs: Mapping[str, InstructionSpec] | None = None,
) -> tuple[Call | None, list[Candidate]]:
    """The verified call for a decision (or None), and the near misses that explain the rest.

    Slot fillers in ``registry`` are asked when the words do not yield an instruction's
    arguments (see the module docstring); ``evidence`` explains typos and context clauses
    (:mod:`instrux.semantic.evidence`); ``specs``: the instructions as the tier reads them
    (the examples of its languages), else the registry's.
    """
    if not decision.eligible:
        return None, decision_to_candidates(decision)
    verified: list[tuple[str, float, BaseModel, str | None]] = []
    misses: list[Candidate] = []
    for name, score in decision.eligible:
        spec = _spec_of(name, registry, specs)
        nearest = template if name == decision.ranked[0][0] else None
        rivals = _rivals(name, decision, registry, specs)
        try:
            verified.append(
                (name, score, *_arguments(spec, text, nearest, registry, evidence, rivals))
            )
            if name == decision.instruction:
                break  # the encoder's clear choice, verified: no rival to weigh it against
        except NotUnderstood as err:
            misses.append(_candidate(name, score, str(err)))
        except InvalidArgumentsError:
            if name == decision.instruction:  # the encoder's clear choice: report its error
                raise
            misses.append(_candidate(name, score, "its arguments are not in the text"))
    if not verified:
        return None, misses
    if len(verified) > 1 and verified[0][1] - verified[1][1] < decision.margin_required:
        why = f"ambiguous: {verified[0][0]} and {verified[1][0]} both explain the text"
        return None, [_candidate(name, score, why, explained=True)
                      for name, score, _, _ in verified] + misses  # fmt: skip
    name, score, arguments, slot_head = verified[0]
    return _call(decision, text, name, score, arguments, template, misses, slot_head), misses


def _rivals(
    name: str,
    decision: Decision,
    registry: Registry,
    specs: Mapping[str, InstructionSpec] | None,
) -> tuple[Vocabulary, ...]:
    """The vocabularies of the other instructions the encoder ranked eligible (cached per
    instruction: nothing is built per text)."""
    return tuple(
        Vocabulary.of(_spec_of(other, registry, specs))
        for other, _ in decision.eligible
        if other != name
    )


def _spec_of(
    name: str, registry: Registry, specs: Mapping[str, InstructionSpec] | None
) -> InstructionSpec:
    """The instruction as the tier reads it (its languages' examples), else the registry's."""
    return specs[name] if specs is not None and name in specs else registry.instruction(name).spec


def _arguments(
    spec: InstructionSpec,
    text: str,
    template: str | None,
    registry: Registry,
    evidence: WordEvidence | None = None,
    rivals: tuple[Vocabulary, ...] = (),
) -> tuple[BaseModel, str | None]:
    """Arguments by the words (:func:`extract_arguments`), else by the spec's slot filler.

    Also the filler's source (its artifact) when it gave them. When the filler declines too
    (or none is registered), the words' error stands, with the filler's reason added to a
    :class:`NotUnderstood`.
    """
    try:
        return extract_arguments(spec, text, template, evidence, rivals), None
    except (NotUnderstood, InvalidArgumentsError) as err:
        tagged = _slot_head_arguments(spec, text, registry)
        if tagged is None:
            raise
        arguments, why = tagged
        if arguments is not None:
            return arguments, why
        if isinstance(err, NotUnderstood):
            raise NotUnderstood(spec.name, err.what, f"{err}; {why}") from None
        raise


def _slot_head_arguments(
    spec: InstructionSpec, text: str, registry: Registry
) -> tuple[BaseModel | None, str] | None:
    """The slot filler's arguments and its source, or None and why it declined.

    None when no slot filler is registered for ``spec``.
    """
    filler = registry.filler_for(spec.name)
    if filler is None:
        return None
    fill = filler.spec.fill(spec, text)
    if fill.arguments is None:
        return None, fill.reason
    covered = list(fill.spans)
    left = [
        m.group(0)
        for m in _LEFT_OVER.finditer(text)
        if not any(start <= m.start() and m.end() <= end for start, end in covered)
    ]
    # The same rule as for the words' own arguments: every word outside the values must be
    # one of the instruction's (or generic), and one of them must name what it does.
    vocabulary = Vocabulary.of(spec)
    what = unexplained(left, vocabulary)
    if what:
        listed = ", ".join(repr(w) for w in what)
        return None, f"{listed} {'is' if len(what) == 1 else 'are'} outside its slot tagger's spans"
    if vocabulary.has_names and not naming_words(left, vocabulary):
        return None, f"no word outside its slot tagger's spans names what {spec.name} does"
    return fill.arguments, fill.source


def _call(
    decision: Decision,
    text: str,
    name: str,
    score: float,
    arguments: BaseModel,
    template: str | None,
    passed_over: list[Candidate],
    slot_head: str | None = None,
) -> Call:
    threshold, rival, margin = _own_terms(decision, name, score, passed_over)
    # The nearest examples go into the sentence too: it is what `instrux parse` shows.
    examples = ", ".join(f"{n.text!r} ({n.score:.2f})" for n in decision.nearest)
    explanation = (
        f"Semantically closest to {name}: score {score:.2f}"
        f" >= its threshold {threshold:.2f}; every word and number of the text is explained by it"
        # Arguments a tagger read are a model's reading: say so, and which model.
        + (f" and the spans its slot head {slot_head} tagged as arguments" if slot_head else "")
        + (f"; margin {margin:.2f} over {rival}" if rival else "")
        + "".join(f"; not {c.instruction}: {c.evidence}" for c in passed_over)
        + (f"; nearest examples {examples}." if examples else ".")
    )
    return Call.model_construct(
        instruction=name,
        arguments=arguments,
        route=Route.model_construct(
            tier=TIER,
            score=round(score, 4),
            alternatives=[
                _candidate(other, other_score, "runner-up")
                for other, other_score in decision.ranked
                if other != name
            ],
            explanation=explanation,
            details=_details(decision, template, threshold, margin, slot_head),
        ),
        text=text,
    )


def _own_terms(
    decision: Decision, name: str, score: float, passed_over: list[Candidate]
) -> tuple[float, str | None, float]:
    """The chosen instruction's own threshold, its rival and its margin over that rival.

    The rival is the best other ranked instruction that the words did not rule out: an
    instruction ranked higher but declined (a near miss) is no rival, so the margin is never
    measured against a candidate the text was shown not to mean.
    """
    threshold = decision.thresholds.get(name, decision.threshold)
    ruled_out = {c.instruction for c in passed_over}
    rival = next(((n, s) for n, s in decision.ranked if n != name and n not in ruled_out), None)
    if rival is None:
        return threshold, None, score
    return threshold, rival[0], score - rival[1]


def decision_to_candidates(decision: Decision) -> list[Candidate]:
    """A rejected decision's ranked instructions, saying why each was not taken."""
    why = {
        "below_threshold": f"below threshold {decision.threshold:.2f}",
        "ambiguous": f"ambiguous: margin {decision.margin:.3f} < {decision.margin_required:.3f}",
    }.get(decision.reason, "the router's out-of-scope class won")
    return [_candidate(name, score, why) for name, score in decision.ranked]


def _candidate(name: str, score: float, why: str, explained: bool = False) -> Candidate:
    return Candidate(
        instruction=name, score=round(score, 3), tier=TIER, evidence=why, explained=explained
    )


def _details(
    decision: Decision,
    template: str | None,
    threshold: float,
    margin: float,
    slot_head: str | None = None,
) -> dict[str, object]:
    return {
        # Every word and number of the text was accounted for (see the module docstring);
        # planners trust such a call as one whole instruction.
        "verified": True,
        "margin": round(margin, 4),  # the chosen instruction's, over its rival (_own_terms)
        "threshold": round(threshold, 4),  # the chosen instruction's own
        "template": template,
        "nearest": [
            {"instruction": n.instruction, "example": n.text, "score": n.score}
            for n in decision.nearest
        ],
        **({"slot_head": slot_head} if slot_head else {}),  # arguments read by this tagger
    }
