"""Which words of a text an instruction explains: the evidence behind a semantic route.

Nearest-example cosine cannot tell "square" from "square root" or "7 squared" from "7 cubed":
the sentences differ by one word. So after the encoder proposes an instruction, every word of
the text must be *explained* (see :func:`unexplained`):

- by the slot values the arguments took (numbers, choices, free text);
- by the instruction's own vocabulary: the words of its example phrasings, of its name and
  of its argument names, compared through :func:`word_forms` ("added", "adds": "add");
- or by :data:`GENERIC_WORDS`: words that ask, are polite or point at the answer ("what",
  "please", "could you tell me", "result") and never carry an operation.

Any other word is evidence of something the instruction does not do ("root", "cubed",
"remainder", "greater"), and the tier declines, naming it. Prepositions that decide argument
roles ("from", "than", "into", "by") are deliberately not generic: an instruction explains
them only when one of its examples uses them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from instrux.parsing.language import HAN_CHARACTER, chinese_runs, segment_chinese
from instrux.schemas.instruction import InstructionSpec
from instrux.templates.compiler import template_variants

__all__ = [
    "FUNCTION_WORDS",
    "GENERIC_WORDS",
    "WORD",
    "Vocabulary",
    "hyphen_in_word",
    "naming_words",
    "unbound",
    "unexplained",
    "word_forms",
]

WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", re.UNICODE)

GENERIC_WORDS = frozenset(
    [
     "a", "an", "the", "of", "this", "that", "it", "its", "there", "here", "what", "whats",
     "which", "who", "how",
     "much", "many", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "done",
     "can", "could", "would", "will", "should", "may", "might", "must", "shall", "please", "pls",
     "plz", "kindly", "thanks", "thank", "thx", "cheers", "i", "im", "me", "my", "we", "us",
     "our", "you", "your", "u", "ya", "tell", "give", "show", "let", "lets", "help", "calculate",
     "compute", "evaluate", "solve", "work", "out", "figure", "find", "get", "got", "gets",
     "getting", "make", "makes", "made", "result", "results", "answer", "value", "number",
     "numbers", "if", "when", "so", "ok", "okay", "hey", "hi", "hello", "well", "just", "now",
     "quick", "quickly", "exactly", "for", "need", "want", "like", "know", "wonder", "wondering",
     "question", "math", "maths",
     # The same kinds of words in the other languages instrux reads (instrux.parsing.language):
     # Chinese as jieba cuts it, French, German, Spanish. No preposition or operation word, and
     # none that is a form of an English word (word_forms: "les" of "less", "son" of "sons").
     "是", "多少", "几", "啊", "呢", "吗", "呀", "吧", "请", "请问", "帮", "帮忙", "我", "你", "把",
     "将", "求", "算", "算算", "计算", "一下", "结果", "等于", "得", "为", "了", "告诉", "麻烦",
     "能", "可以", "什么", "答案", "得数", "想", "知道", "要", "就", "那", "这", "哦", "嗯",
     "大概", "大约", "一共", "总共", "encore", "nochmal", "noch", "einmal", "otra", "vez",
     "quel", "quelle", "est", "c'est", "ce", "combien", "font", "fait", "ça", "ca", "donne",
     "quoi", "je", "tu", "vous", "moi", "peux", "pouvez", "pourriez", "pourrais", "s'il",
     "plaît", "plait", "stp", "svp", "merci", "calcule", "calculer", "calculez", "dis",
     "donner", "résultat", "resultat", "voudrais", "veux", "sais", "savoir", "bonjour", "alors",
     "vaut", "égal", "égale", "egal", "egale", "cherche", "aide", "aider",
     "was", "ist", "sind", "wie", "viel", "viele", "wieviel", "wieviele", "bitte", "danke",
     "berechne", "berechnen", "rechne", "mir", "ich", "du", "sag", "sage", "kannst", "können",
     "könntest", "ergebnis", "ergibt", "macht", "gibt", "denn", "eigentlich", "hallo", "möchte",
     "wissen", "bekomme", "kommt", "heraus", "raus",
     "cuánto", "cuanto", "cuánta", "cuanta", "qué", "cuál", "cual", "dime", "calcula",
     "calcular", "puedes", "podrías", "podrias", "favor", "gracias", "resultado", "hace",
     "yo", "quiero", "saber", "hola", "ayuda", "ayúdame", "es", "eso", "esto",
     "el", "los", "las", "le", "der", "das", "dem", "lautet", "sería",
     "seria", "porfa", "necesito", "cuántos", "cuantos", "cuántas", "cuantas", "wievielen",
     "vielen", "nombre", "zahl", "número", "numero", "wert", "valeur", "valor", "dame", "sie",
     "groß", "gross", "bitte", "kriegt", "jeder", "chaque", "cada", "merci", "danke",
     "谢谢", "一下", "请你", "帮忙", "guten", "tag", "morgen", "könnten", "könnte", "sagen",
     "bonjour", "bonsoir", "salut", "pourriez", "savoir", "dire", "buenas", "buenos", "días",
     "podría", "podria", "decir", "puede", "calculer", "calcular", "berechnen", "rechnen",
     "resultado", "stp", "svp", "porfa", "bitteschön",
     # shorthands and answer verbs people type: "cb fait", "j'obtiens quoi", "cuánto da",
     # "was kommt bei ... raus", "求出", "平方值"
     "cb", "cmb", "obtiens", "obtient", "obtenir", "si", "da", "bei", "值",
     "数值", "求出", "算出", "下", "serían", "serian",
    ]
)  # fmt: skip

# Words that link arguments but name no operation: a call needs at least one other word (or
# symbol) of the instruction's, or "what is 50% of 311" would be a subtraction through "of".
FUNCTION_WORDS = frozenset(
    ["the", "a", "an", "of", "and", "to", "by", "from", "than", "into", "in", "on", "at", "with",
     "as", "or",
     # The same in French, German, Spanish and Chinese: "combien font 20 et 3" must not be a
     # subtraction through the "et" of "la différence entre {a} et {b}".
     "et", "de", "du", "des", "à", "au", "aux", "en", "par", "dans", "avec", "ou", "le", "la",
     "und", "von", "zu", "zum", "mit", "aus", "oder", "dem", "der", "das",
     "y", "al", "del", "con", "por", "o", "el",
     "的", "从", "里", "中", "与", "跟"]
)  # fmt: skip

# French elision: "j'ajoute", "l'addition", "qu'il", "d'un" (the word after the apostrophe).
_ELISION = re.compile(r"^(?:j|l|d|qu|n|s|c|m|t)['\u2019]([^\W\d_]{2,})$")

_BEFORE_INFINITIVE = frozenset(
    ["want", "wanted", "need", "like", "going", "have", "trying", "able"]
)

_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
    ("ing", ""), ("ing", "e"), ("ly", ""),
)  # fmt: skip


@lru_cache(maxsize=4096)
def word_forms(word: str) -> frozenset[str]:
    """The word and its likely base forms: "added" -> {added, add, adde}, "summed" -> sum;
    a French elided word is also the word it elides to: "j'ajoute" -> ajoute."""
    elided = _ELISION.match(word.lower())
    if elided is not None:
        return frozenset({*word_forms(elided.group(1)), word.lower().replace("'", "")})
    folded = word.lower().replace("'", "").replace("\u2019", "")
    forms = {folded}
    if (
        not folded.isascii()
    ):  # people leave accents out: "carre" is "carré", "multiplie" "multiplié"
        forms.add(_without_accents(folded))
    for suffix, replacement in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            base = folded[: -len(suffix)] + replacement
            forms.add(base)
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiousl":
                forms.add(base[:-1])  # a doubled consonant: summed -> summ -> sum
    return frozenset(forms)


def _without_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Vocabulary:
    """The word forms of one instruction's examples and name."""

    def __init__(
        self,
        words: Iterable[str],
        phrasing_words: Iterable[str] = (),
        bound: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        # (word form, "after" or "before", neighbour): a word that stands next to the same word
        # in every phrasing ("times" of "{x} times itself") means the instruction only with it.
        self.bound: dict[tuple[str, str], frozenset[str]] = {
            (form, side): word_forms(neighbour) for form, side, neighbour in bound
        }
        phrasing_words = [w.lower() for w in phrasing_words]
        everything = [*(w.lower() for w in words), *phrasing_words]
        self.forms: frozenset[str] = frozenset(f for w in everything for f in word_forms(w))
        # Whether its phrasings have a word that names it (not only "from {a} to {b}"): then
        # a text must contain one (see naming_words).
        self.has_names = any(
            w not in GENERIC_WORDS and w not in FUNCTION_WORDS for w in phrasing_words
        )

    @classmethod
    def of(cls, spec: InstructionSpec) -> Vocabulary:
        return _vocabulary(spec.name, spec.examples, tuple(spec.arguments.model_fields))

    def explains(self, word: str) -> bool:
        return not self.forms.isdisjoint(word_forms(word))


@lru_cache(maxsize=1024)
def _vocabulary(name: str, examples: tuple[str, ...], fields: tuple[str, ...]) -> Vocabulary:
    # The argument names count too: "set level 2" names the level it sets.
    names = WORD.findall(" ".join([name, *fields]).replace("_", " ").replace(".", " "))
    words: list[str] = []
    neighbours: dict[tuple[str, str], set[str | None]] = {}
    for example in examples:
        for variant in template_variants(example):
            _record_neighbours(variant, neighbours)
            # A phrasing that implies an argument ("[the] square root of {base}{exponent=0.5}")
            # explains its words only when it is the phrasing the text was matched with:
            # otherwise "cube" (from "cube of") and "root" would explain "cube root".
            if all(kind != "const" for kind, _ in variant):
                # A Chinese character is a template word, not one of the words jieba cuts.
                words.extend(
                    value
                    for i, (kind, value) in enumerate(variant)
                    if kind in ("word", "sym")
                    and not HAN_CHARACTER.match(value)
                    and not hyphen_in_word(variant, i)
                )
        if HAN_CHARACTER.search(example):
            words.extend(chinese_words(example))
    # A binding to a linking word is weak evidence: people drop them ("set temperature 20.5").
    bound = [
        (word, side, neighbour)
        for (word, side), seen in neighbours.items()
        if len(seen) == 1
        and (neighbour := next(iter(seen))) is not None
        and neighbour not in FUNCTION_WORDS
    ]
    return Vocabulary(names, words, bound)


def hyphen_in_word(variant: list[tuple[str, str]], i: int) -> bool:
    """Whether token ``i`` is the hyphen of a hyphenated word ("a-t-il"), not a minus sign:
    "combien de fois y a-t-il {b} dans {a}" must not explain the "-" of "16.7 - 20.6"."""
    return (
        variant[i] == ("sym", "-")
        and 0 < i < len(variant) - 1
        and variant[i - 1][0] == "word"
        and variant[i + 1][0] == "word"
    )


def _record_neighbours(
    variant: list[tuple[str, str]], neighbours: dict[tuple[str, str], set[str | None]]
) -> None:
    """Each content word's nearest non-generic token on each side (``None``: a slot, a symbol
    or the end), to find the words bound to a neighbour (:class:`Vocabulary`)."""
    tokens = [value.lower() if kind == "word" else None for kind, value in variant]
    tokens = [t for t in tokens if t is None or t not in GENERIC_WORDS]
    for i, token in enumerate(tokens):
        if token is None or HAN_CHARACTER.match(token):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1] if i else None
        for form in word_forms(token):  # "multiplied by" binds no "multiply {a} by {b}"
            neighbours.setdefault((form, "after"), set()).add(after)
            if token not in FUNCTION_WORDS:  # a linking word binds only to what it links
                neighbours.setdefault((form, "before"), set()).add(before)


def unbound(words: Sequence[str], vocabulary: Vocabulary) -> list[str]:
    """The text's words (in order) that the instruction means only next to a word they do not
    stand next to here: "times" without "itself" is no square ("what is 6 times")."""
    tokens = [w.lower() for w in words if w.lower() not in GENERIC_WORDS]
    found: dict[str, None] = {}
    for i, token in enumerate(tokens):
        sides = {"after": tokens[i + 1] if i + 1 < len(tokens) else None,
                 "before": tokens[i - 1] if i else None}  # fmt: skip
        for side, neighbour in sides.items():
            needed = _bound_to(vocabulary, token, side)
            if needed is not None and (
                neighbour is None or needed.isdisjoint(word_forms(neighbour))
            ):
                found[token] = None
    return list(found)


def _bound_to(vocabulary: Vocabulary, word: str, side: str) -> frozenset[str] | None:
    return next(
        (vocabulary.bound[(f, side)] for f in word_forms(word) if (f, side) in vocabulary.bound),
        None,
    )


def chinese_words(example: str) -> list[str]:
    """The Chinese words of an example as a text's words are cut (jieba, which is taught each
    run of the registry's examples): "从{a}(里|中)减(去|掉){b}" -> 从, 里, 中, 减, 去, 掉. A
    word of a text is explained by these whole words, never character by character ("成以",
    a typo of "乘以", is not explained by the "成" of "分成" and the "以" of "除以")."""
    runs = chinese_runs(example)
    return [*runs, *(word for run in runs for word in segment_chinese(run).split())]


def unexplained(
    words: Iterable[str], vocabulary: Vocabulary, also: Iterable[frozenset[str]] = ()
) -> list[str]:
    """The words neither generic, nor in ``vocabulary``, nor among the forms ``also`` lists."""
    extra = frozenset().union(*also)
    found: dict[str, None] = {}
    previous = ""
    for word in words:
        folded = word.lower().replace("\u2019", "'")
        after, previous = previous, folded
        elided = _ELISION.match(folded)
        if folded in GENERIC_WORDS or folded.replace("'", "") in GENERIC_WORDS:
            continue
        if elided is not None and elided.group(1) in GENERIC_WORDS:
            continue  # "j'obtiens"
        if folded == "to" and after in _BEFORE_INFINITIVE:
            continue  # "want to", "need to": an infinitive's "to" is no argument's preposition
        if not vocabulary.explains(folded) and extra.isdisjoint(word_forms(folded)):
            found[folded] = None
    return list(found)


def naming_words(
    words: Iterable[str], vocabulary: Vocabulary, also: Iterable[frozenset[str]] = ()
) -> list[str]:
    """The words that name the instruction's operation: its own, not generic, not linking."""
    extra = frozenset().union(*also)
    return [
        word
        for word in words
        if (folded := word.lower()) not in GENERIC_WORDS
        and folded not in FUNCTION_WORDS
        and (vocabulary.explains(folded) or not extra.isdisjoint(word_forms(folded)))
    ]
