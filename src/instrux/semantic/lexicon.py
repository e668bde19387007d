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
from collections.abc import Iterable
from functools import lru_cache

from instrux.parsing.language import HAN_CHARACTER, chinese_runs, segment_chinese
from instrux.schemas.instruction import InstructionSpec
from instrux.templates.compiler import template_variants

__all__ = [
    "FUNCTION_WORDS",
    "GENERIC_WORDS",
    "WORD",
    "Vocabulary",
    "naming_words",
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

_BEFORE_INFINITIVE = frozenset(
    ["want", "wanted", "need", "like", "going", "have", "trying", "able"]
)

_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
    ("ing", ""), ("ing", "e"), ("ly", ""),
)  # fmt: skip


@lru_cache(maxsize=4096)
def word_forms(word: str) -> frozenset[str]:
    """The word and its likely base forms: "added" -> {added, add, adde}, "summed" -> sum."""
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

    def __init__(self, words: Iterable[str], phrasing_words: Iterable[str] = ()) -> None:
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
    for example in examples:
        for variant in template_variants(example):
            # A phrasing that implies an argument ("[the] square root of {base}{exponent=0.5}")
            # explains its words only when it is the phrasing the text was matched with:
            # otherwise "cube" (from "cube of") and "root" would explain "cube root".
            if all(kind != "const" for kind, _ in variant):
                # A Chinese character is a template word, not one of the words jieba cuts.
                words.extend(
                    value
                    for kind, value in variant
                    if kind in ("word", "sym") and not HAN_CHARACTER.match(value)
                )
        if HAN_CHARACTER.search(example):
            words.extend(chinese_words(example))
    return Vocabulary(names, words)


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
        if folded in GENERIC_WORDS or folded.replace("'", "") in GENERIC_WORDS:
            continue
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
