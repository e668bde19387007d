"""Word problems of one quantity that goes up and down: "I had 20 dollars and spent 8, how
much is left", "Tom has 5 marbles, gets 7 more and loses 2. How many does he have now?".

The text must be exactly: someone has N (things), then one or more events that each take or
add one number ("spent 8", "gave away 3", "found 4 more"), then a question about what that
same someone has now ("how much is left", "how many does he have"). Anything else, a word
that multiplies ("each", "per", "twice"), a number the story does not place, a question about
something else ("how much did I spend"), someone else's amount, gives ``None``: the planner
does not guess what a story means.
"""

from __future__ import annotations

import re

from instrux.plans.expression import ADD, SUB, Node, Num, Op

__all__ = ["parse_story"]

_NUMBER = r"(?P<n>\d+(?:\.\d+)?)"
# "dollars", "red apples", "to ann": a few words that start no clause
_THINGS = r"(?:\s+(?!(?:and|then|but|how|what|so|now|more)\b)[a-z]+){0,3}"
_SUBJECT = r"(?:(?P<who>i|we|you|he|she|they|[a-z]+)\s+)"
_START = re.compile(
    rf"^{_SUBJECT}(?:had|have|has|started with|start with|began with|owned|own|owns)\s+"
    rf"{_NUMBER}{_THINGS}",
    re.IGNORECASE,
)
# Verbs whose number leaves the someone's amount whatever the things are. Buying, selling,
# saving, depositing and withdrawing are not here: they move money one way and things the
# other ("I had 20 dollars and bought 3 candies").
_TAKE = (
    r"spent|spend|spends|lost|lose|loses|gave away|give away|gives away|gave|give|gives|ate|"
    r"eat|eats|used|use|uses|paid|pay|pays|dropped|drops|broke|breaks|donated|donates|"
    r"threw away|throws away"
)
_ADD = (
    r"got|get|gets|found|find|finds|received|receive|receives|earned|earn|earns|won|win|"
    r"wins|gained|gain|gains|"
    r"was given|is given|were given|are given|collected|collects|picked up|picks up"
)
_JOINT = r"(?:\s*,\s*|\s+)(?:and\s+then\s+|then\s+|and\s+|but\s+)?"
# A number with no verb repeats the verb before it, only after "and" or a comma ("spent 12
# and then 8"): "spent 8 dollars on 2 apples" is no second event.
_SAID_JOINT = r"(?:\s*,\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?)"
_EVENT = re.compile(
    rf"(?:{_JOINT}{_SUBJECT}?(?P<verb>{_TAKE}|{_ADD})\s+|{_SAID_JOINT})(?:another\s+)?"
    rf"{_NUMBER}(?:\s+more)?(?P<things>{_THINGS})(?:\s+more)?",
    re.IGNORECASE,
)
# What may follow a number with no verb: "and 8 on rent", not "and 2 hours later found 3".
_VERBLESS_THINGS = re.compile(r"^(?:\s+(?:on|for|at|in|to)\b.*)?$", re.IGNORECASE)
_QUESTION = re.compile(
    r"^(?:\s*[,.;]\s*|\s+)(?:so\s+|now\s+)?(?:"
    r"how (?:much|many)(?:\s+[a-z]+){0,2}?\s+(?:is|are)\s+(?:left|remaining)"
    rf"|how (?:much|many)(?:\s+[a-z]+){{0,2}}?\s+(?:do|does)\s+{_SUBJECT}have(?:\s+left)?"
    r"|how (?:much|many)(?:\s+[a-z]+){0,2}?\s+(?:remains?|is there|are there)"
    r"|what(?:\s+is|'s)\s+left"
    r")(?:\s+now)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# Words that multiply, divide or compare: the story is then not a sum of its events.
_NOT_A_SUM = re.compile(
    r"%|\b(?:each|per|every|times|twice|double|triple|half|halves|percent|of|apiece|dozens?|"
    r"than|as many|as much|share|split|divide|multipl\w*)\b",
    re.IGNORECASE,
)
_TAKES = re.compile(rf"^(?:{_TAKE})$", re.IGNORECASE)
_SAME = {"i": {"i"}, "we": {"we"}, "you": {"you", "i"}, "he": {"he"}, "she": {"she"},
         "they": {"they"}}  # fmt: skip
_NOT_NAMES = {"there", "it", "this", "that", "what", "how", "which", "who"}


def parse_story(text: str) -> Node | None:
    """The story as ``((N - a) + b) - c ...``, or ``None`` when it is not one such story."""
    if _NOT_A_SUM.search(text):
        return None
    start = _START.match(text.strip())
    if start is None or start.group("who").lower() in _NOT_NAMES:
        return None
    who = start.group("who").lower()
    tree: Node = Num(_value(start.group("n")), start.start("n"), start.end("n"))
    at = start.end()
    rest = text.strip()
    events = 0
    kind = SUB
    while True:
        event = _EVENT.match(rest, at)
        if event is None:
            break
        if not _same_one(who, event.group("who")):
            return None
        verb = event.group("verb")
        if verb is None and (events == 0 or not _VERBLESS_THINGS.match(event.group("things"))):
            return None  # "... and 8": a number with no verb says what only after one
        if verb is not None:
            kind = SUB if _TAKES.match(verb) else ADD
        amount = Num(_value(event.group("n")), event.start("n"), event.end("n"))
        tree = Op(kind, (tree, amount), 0, event.end())
        at = event.end()
        events += 1
    question = _QUESTION.match(rest[at:])
    if events == 0 or question is None or not _same_one(who, question.group("who")):
        return None
    return tree


def _same_one(who: str, other: str | None) -> bool:
    """Whether ``other`` (an event's or the question's subject) is the story's someone."""
    if other is None:
        return True
    other = other.lower()
    if who in _SAME:
        return other in _SAME[who]
    return other in {who, "he", "she", "they"}  # a name, then a pronoun for it


def _value(number: str) -> int | float:
    return float(number) if "." in number else int(number)
