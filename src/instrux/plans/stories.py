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

from instrux.parsing.digits import LONE_DECIMAL, UNSIGNED_DECIMAL
from instrux.parsing.language import has_chinese
from instrux.parsing.numbers import parse_number
from instrux.plans.expression import ADD, SUB, Node, Num, Op

__all__ = ["parse_story"]

_NUMBER = rf"(?P<n>{UNSIGNED_DECIMAL})"  # a story's amounts: whole or decimal, no sign
# "dollars", "red apples", "to ann": a few words that start no clause
_THINGS = r"(?:\s+(?!(?:and|then|but|how|what|so|now|more)\b)[a-z]+){0,3}"
_SUBJECT = r"(?:(?P<who>i|we|you|he|she|they|[a-z]+)\s+)"
_START = re.compile(
    rf"^(?:(?:a|an|the)\s+)?{_SUBJECT}"
    r"(?:had|have|has|started with|start with|began with|owned|own|owns|"
    rf"bought|buys|picked|picks|baked|bakes|made|makes|caught|catches|collected|collects)\s+"
    rf"{_NUMBER}(?P<things>{_THINGS})",
    re.IGNORECASE,
)
# "there are 25 students", "there were 9 birds on a wire": things that come and go themselves.
_THERE_START = re.compile(
    rf"^there\s+(?:are|were|is|was)\s+{_NUMBER}(?P<things>{_THINGS}{_THINGS})", re.IGNORECASE
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
# Verbs that move things one way and money the other ("I had 20 dollars and bought 3 candies"):
# an event only when it says it is the same things ("bought 4 more", "sold 15 of them",
# "sold 3 books" after "40 books").
_BUY = r"bought|buy|buys|made|make|makes|baked|bake|bakes|picked|pick|picks|caught|catch|catches"
_SELL = r"sold|sell|sells|lent|lend|lends"
_JOINT = r"(?:\s*[,.;]\s*|\s+)(?:and\s+then\s+|then\s+|and\s+|but\s+)?"
# A number with no verb repeats the verb before it, only after "and" or a comma ("spent 12
# and then 8"): "spent 8 dollars on 2 apples" is no second event.
_SAID_JOINT = r"(?:\s*,\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?)"
_EVENT = re.compile(
    rf"(?:{_JOINT}{_SUBJECT}?(?P<verb>{_TAKE}|{_ADD}|{_BUY}|{_SELL})\s+|{_SAID_JOINT})"
    rf"(?:another\s+)?{_NUMBER}(?P<more>\s+more)?(?P<things>{_THINGS})(?P<more2>\s+more)?"
    r"(?P<them>\s+of\s+them)?",
    re.IGNORECASE,
)
# Things that go ("and 5 leave", "and 4 flew away") or come ("and 3 more arrive").
_MOVE = (
    r"(?:flew|fly|flies|ran|run|runs|went|go|goes|swam|swim|swims|walked|walk|walks|drove|"
    r"drive|drives|hopped|hop|hops|moved|move|moves|rode|ride|rides|sailed|sail|sails|jumped|"
    r"jump|jumps|got|get|gets)"
)
_GO = (
    rf"leave|leaves|left|departed|depart|departs|escaped|escape|escapes|died|die|dies|"
    rf"{_MOVE}\s+(?:away|off|out|home)|(?:were|are|got|get)\s+(?:eaten|taken|sold|removed|used)|"
    r"popped|pop|pops|melted|melt|melts"
)
_COME = (
    rf"came|come|comes|arrived|arrive|arrives|joined|join|joins|{_MOVE}\s+(?:in|on|back)|"
    r"(?:were|are)\s+added"
)
_THERE_EVENT = re.compile(
    rf"{_JOINT}(?:another\s+)?{_NUMBER}(?:\s+more)?(?P<things>(?:\s+[a-z]+){{0,2}}?)"
    rf"(?P<them>\s+of\s+them)?\s+(?P<verb>(?P<go>{_GO})|{_COME})\b(?:\s+(?:them|in|us|back))?",
    re.IGNORECASE,
)
# What may follow a number with no verb: "and 8 on rent", not "and 2 hours later found 3".
_VERBLESS_THINGS = re.compile(r"^(?:\s+(?:on|for|at|in|to)\b.*)?$", re.IGNORECASE)
_QUESTION = re.compile(
    r"^(?:\s*[,.;]\s*|\s+)(?:so\s+|now\s+)?(?:"
    r"how (?:much|many)(?:\s+[a-z]+){0,2}?\s+(?:is|are)\s+(?:left|remaining)"
    rf"|how (?:much|many)(?:\s+[a-z]+){{0,2}}?\s+(?:do|does)\s+{_SUBJECT}have(?:\s+left)?"
    r"|how (?:much|many)(?:\s+[a-z]+){0,2}?\s+(?:remains?|remained|stay|stayed|is there"
    r"|are there|are still there|are still here)"
    r"|what(?:\s+is|'s)\s+left"
    r")(?:\s+(?:now|altogether|in total|in all))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "how many birds are on the tree now": where the story's things are (the place it named).
_PLACE_QUESTION = re.compile(
    r"^(?:\s*[,.;]\s*|\s+)(?:so\s+|now\s+)?how many(?:\s+[a-z]+){0,2}?\s+(?:are|were)\s+"
    r"(?:still\s+|now\s+|left\s+|remaining\s+)?(?:on|in|at)\s+(?:the\s+)?(?P<place>[a-z]+)"
    r"(?:\s+now)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+")
_LEFT = re.compile(r"\bleft\b", re.IGNORECASE)
# Someone acting on things that are somewhere ("there are 9 apples in a basket. I take 3."):
# taking them away or putting more there.
_TAKE_AWAY = (
    r"took|take|takes|ate|eat|eats|removed|remove|removes|picked|pick|picks|sold|sell|sells|"
    r"used|use|uses|caught|catch|catches|gave away|give away|gives away"
)
_PUT = r"put|puts|added|add|adds|brought|bring|brings|placed|place|places"
_BY_EVENT = re.compile(
    rf"{_JOINT}{_SUBJECT}(?P<verb>{_TAKE_AWAY}|{_PUT})\s+(?:another\s+)?{_NUMBER}(?:\s+more)?"
    rf"(?P<things>{_THINGS})(?P<them>\s+of\s+them)?",
    re.IGNORECASE,
)
_TAKES_AWAY = re.compile(rf"^(?:{_TAKE_AWAY})$", re.IGNORECASE)
# What a question asks about: "how many pencils do I have" -> "pencils".
_ASKED = re.compile(
    r"how (?:much|many)(?P<what>(?:\s+[a-z]+){0,2}?)\s+"
    r"(?:is|are|do|does|remains?|remained|stay|stayed)\b",
    re.IGNORECASE,
)
_MONEY = {"dollar", "euro", "pound", "cent", "buck", "yen", "rupee", "penny", "pennie", "coin",
          "money", "cash", "$"}  # fmt: skip
# Verbs that spend money: an event of a story about money (or about no named things).
_PAYS = re.compile(r"^(?:spent|spend|spends|paid|pay|pays)$", re.IGNORECASE)
# Words that multiply, divide or compare: the story is then not a sum of its events.
_NOT_A_SUM = re.compile(
    r"%|\b(?:each|per|every|times|twice|double|triple|half|halves|percent|of|apiece|dozens?|"
    r"than|as many|as much|share|split|divide|multipl\w*)\b",
    re.IGNORECASE,
)
_TAKES = re.compile(rf"^(?:{_TAKE}|{_SELL}|{_GO})$", re.IGNORECASE)
_BUYS_OR_SELLS = re.compile(rf"^(?:{_BUY}|{_SELL})$", re.IGNORECASE)
_OF_THEM = re.compile(r"\bof them\b", re.IGNORECASE)
# Words after a number that say where or to whom, not what: "spent 8 on candy", "gave 2 to Ann".
_LINKS = {"on", "for", "at", "in", "to", "from", "with", "into", "away", "back", "today",
          "yesterday", "later", "now"}  # fmt: skip
_SAME = {"i": {"i"}, "we": {"we"}, "you": {"you", "i"}, "he": {"he"}, "she": {"she"},
         "they": {"they"}}  # fmt: skip
_NOT_NAMES = {"there", "it", "this", "that", "what", "how", "which", "who"}


def parse_story(text: str) -> Node | None:
    """The story as ``((N - a) + b) - c ...``, or ``None`` when it is not one such story."""
    if has_chinese(text):
        return _chinese_story(text)
    if _NOT_A_SUM.search(_OF_THEM.sub(" ", text)):
        return None
    text = text.strip()
    there = _THERE_START.match(text)
    if there is not None:
        return _there_story(text, there)
    start = _START.match(text)
    if start is None or start.group("who").lower() in _NOT_NAMES:
        return None
    who = start.group("who").lower()
    things = _nouns(start.group("things"))
    tree: Node = Num(parse_number(start.group("n")), start.start("n"), start.end("n"))
    at = start.end()
    events = 0
    kind = SUB
    left_said = False
    while True:
        moved = _moved(text, at, things)  # "Jack had 8 balloons and 3 popped": they go
        if moved is not None:
            tree, at, said_left = _applied(tree, moved, SUB if moved.group("go") else ADD)
            left_said = left_said or said_left
            events += 1
            continue
        event = _EVENT.match(text, at)
        if event is None:
            break
        if not _same_one(who, event.group("who")):
            return None
        verb = event.group("verb")
        if verb is None and (events == 0 or not _VERBLESS_THINGS.match(event.group("things"))):
            return None  # "... and 8": a number with no verb says what only after one
        if not _same_things(things, event):
            return None  # "I had 3 apples and spent 5 dollars": not one amount
        if verb is not None:
            kind = SUB if _TAKES.match(verb) else ADD
        amount = Num(parse_number(event.group("n")), event.start("n"), event.end("n"))
        tree = Op(kind, (tree, amount), 0, event.end())
        at = event.end()
        events += 1
    question = _question(text[at:], start.group())
    if events == 0 or question is None or not _same_one(who, question.groupdict().get("who")):
        return None
    if left_said and _LEFT.search(text[at:]):
        return None  # "Jack had 8 pies and 3 left, how many are left": 3 or 5?
    return tree if _asks_about(things, text[at:]) else None


def _question(rest: str, start: str) -> re.Match[str] | None:
    """The question, when it is one; "how many are on the tree" only where the start named
    that place ("15 birds on a tree", "a bus had 20 passengers")."""
    place = _PLACE_QUESTION.match(rest)
    if place is None:
        return _QUESTION.match(rest)
    return place if place.group("place").lower() in _WORD.findall(start.lower()) else None


def _moved(text: str, at: int, things: set[str]) -> re.Match[str] | None:
    """The next event of things that come or go themselves, when they are the story's."""
    event = _THERE_EVENT.match(text, at)
    if event is None:
        return None
    said = _nouns(event.group("things"))
    return None if said and not said <= things else event


def _applied(tree: Node, event: re.Match[str], kind: str) -> tuple[Node, int, bool]:
    """The story so far with one more event; where it ends; whether its verb was "left"."""
    amount = Num(parse_number(event.group("n")), event.start("n"), event.end("n"))
    verb = event.group("verb").lower()
    return Op(kind, (tree, amount), 0, event.end()), event.end(), verb == "left"


def _there_story(text: str, start: re.Match[str]) -> Node | None:
    """ "there are 25 students and 5 leave, how many stay": the things come and go."""
    things = _nouns(start.group("things"))
    tree: Node = Num(parse_number(start.group("n")), start.start("n"), start.end("n"))
    at = start.end()
    events = 0
    left_said = False
    while True:
        event = _moved(text, at, things)
        kind = SUB if event is not None and event.group("go") else ADD
        if event is None:  # "There are 9 apples in a basket. I take 3."
            event = _BY_EVENT.match(text, at)
            if event is None or not _takes_these(event, things):
                break
            kind = SUB if _TAKES_AWAY.match(event.group("verb")) else ADD
        tree, at, said_left = _applied(tree, event, kind)
        left_said = left_said or said_left
        events += 1
    question = _question(text[at:], start.group())
    if events == 0 or question is None or question.groupdict().get("who") is not None:
        return None
    if left_said and _LEFT.search(text[at:]):
        return None  # "there were 40 cookies and 15 left, how many are left": 15 or 25?
    return tree if _asks_about(things, text[at:]) else None


def _takes_these(event: re.Match[str], things: set[str]) -> bool:
    """Whether someone's event is about the story's things: named the same or not named."""
    said = _nouns(event.group("things"))
    return not said or said <= things


def _asks_about(things: set[str], question: str) -> bool:
    """Whether the question asks about the story's things ("how many pencils": pencils)."""
    asked = _ASKED.search(question)
    said = _nouns(asked.group("what")) if asked else set()
    if not said or not things:
        return True
    return said <= things or (said == {"money"} and things <= _MONEY)


def _nouns(words: str | None) -> set[str]:
    """What some things are, in words compared without a plural "s": "red apples" ->
    {"red", "apple"}; where or to whom ("on candy", "to Ann") is not what."""
    found: set[str] = set()
    for word in (words or "").lower().split():
        if word in _LINKS:
            break
        if word not in {"more", "of", "them"}:
            found.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return found


def _same_things(things: set[str], event: re.Match[str]) -> bool:
    """Whether an event's number counts the story's things: it names none of its own or the
    same ones; a verb that moves things one way and money the other must say so ("4 more",
    "15 of them", "3 books" after "40 books")."""
    said = _nouns(event.group("things"))
    if said and things and not said <= things:
        return False
    verb = event.group("verb")
    if verb is not None and _PAYS.match(verb) and not things <= _MONEY:
        return False  # "I bought 10 apples and spent 5": apples or money?
    if verb is None or not _BUYS_OR_SELLS.match(verb):
        return True
    # "sold 12" after "made 30 muffins": the story's things (never its money)
    own = (bool(said) and said <= things) or (not said and bool(things) and not things <= _MONEY)
    if _TAKES.match(verb):  # sold, lent
        them = event.group("them") or _OF_THEM.search(event.group("things") or "")
        return them is not None or own
    return (event.group("more") or event.group("more2")) is not None or own


def _same_one(who: str, other: str | None) -> bool:
    """Whether ``other`` (an event's or the question's subject) is the story's someone."""
    if other is None:
        return True
    other = other.lower()
    if who in _SAME:
        return other in _SAME[who]
    return other in {who, "he", "she", "they"}  # a name, then a pronoun for it


# --- Chinese ----------------------------------------------------------------------------------
# The same kind of story in Chinese, split into words by jieba (instrux.parsing.language):
# "妈妈 买 了 15 个 鸡蛋 , 用 了 6 个 , 还 剩 多少 个 ?". Clauses end at commas: the first
# has the one starting amount, each middle one takes or adds one number by its verb, the last
# asks what is left or how many there are now, with no number. Anything else gives ``None``.
_ZH_CLAUSES = re.compile(r"\s*[,，。;；]\s*")
_ZH_AMOUNT = LONE_DECIMAL  # a Chinese story's words and numbers stand apart (jieba)
_ZH_TAKE = re.compile(r"(?:用|吃|卖|花|丢|拿走|捐|喝|飞走|走|离开|少|减少|坏|破|掉|输|摔|扔|剪|撕)")
# Giving and lending go either way ("送给他三十本": he gets them): the story is not read.
_ZH_EITHER_WAY = re.compile(r"(?:送|给|借)")
# How a story starts: someone has, buys, picks, makes ... an amount.
_ZH_START = re.compile(r"(?:有|买|摘|拿|做|烤|养|存|带|收|得|捡|种|准备|装|采|钓|画|折|写)")
_ZH_ADD = re.compile(
    r"(?:又|再|买|得到|收到|捡|找到|加|来|多|赚|获得|增加|赢|摘|存|添|借来|拿来|送来)"
)
_ZH_QUESTION = re.compile(r"(?:多少|几)")
# The question asks what is had or left ("还剩多少", "现在有几个"), not what the events add up
# to ("一共卖了多少斤" is the sum of two sales, not a stock that went down).
_ZH_NOW = re.compile(r"(?:剩|有)")
_ZH_NOT_A_SUM = re.compile(r"(?:每|倍|平均|一半|分成|乘|除|比|%)")


def _chinese_story(text: str) -> Node | None:
    if _ZH_NOT_A_SUM.search(text):
        return None
    clauses = [c for c in _ZH_CLAUSES.split(text.strip().rstrip("?？!！ ")) if c]
    if len(clauses) < 3:
        return None
    *said, question = clauses
    if _ZH_AMOUNT.search(question) or not (
        _ZH_QUESTION.search(question) and _ZH_NOW.search(question)
    ):
        return None
    amounts = [list(_ZH_AMOUNT.finditer(clause)) for clause in said]
    if any(len(found) != 1 for found in amounts):
        return None
    offsets = _clause_offsets(text, said)
    first = amounts[0][0]
    if not _ZH_START.search(said[0][: first.start()]):
        return None  # the story starts with what someone has, not with an event
    tree: Node = Num(
        parse_number(first.group(0)), offsets[0] + first.start(), offsets[0] + first.end()
    )
    for clause, found, offset in zip(said[1:], amounts[1:], offsets[1:], strict=True):
        verb = clause[: found[0].start()]
        if _ZH_EITHER_WAY.search(verb):
            return None
        kind = SUB if _ZH_TAKE.search(verb) else ADD if _ZH_ADD.search(verb) else None
        if kind is None:
            return None
        amount = Num(
            parse_number(found[0].group(0)), offset + found[0].start(), offset + found[0].end()
        )
        tree = Op(kind, (tree, amount), 0, offset + len(clause))
    return tree


def _clause_offsets(text: str, clauses: list[str]) -> list[int]:
    offsets: list[int] = []
    at = 0
    for clause in clauses:
        at = text.index(clause, at)
        offsets.append(at)
        at += len(clause)
    return offsets
