"""The language of an instruction, and the form every router tier reads it in.

``prepare(text)`` is the first thing routing does with a checked text (:class:`Prepared`):

1. **Which language** (:func:`detect_language`): any Chinese character makes it Chinese (the
   script says so for sure, at no cost); otherwise lingua-language-detector chooses among the
   languages instrux reads (:data:`LANGUAGES`), and a text stays English unless another
   language is clearly more likely (:data:`MIN_CONFIDENCE`): "10 km to miles" is English
   although its words fit Spanish as well. Pure-ASCII text that English reads is the common
   case and takes one dictionary lookup per word (:func:`_plainly_english`).
2. **Numbers in words become digits** through the language's reader
   (:func:`instrux.parsing.numerals.reader_for`): "combien font sept fois six" is read as
   "combien font 7 fois 6", "三加五" as "3 加 5"; so templates, roles, plans and the semantic
   tier's arguments read numbers one way, with the English reader (one number finder).
   A decimal comma ("3,5" in fr/de/es) becomes a dot, full-width digits and CJK punctuation
   become ASCII (NFKC).
3. **Chinese is split into words** with jieba (a space between words), since every tier
   splits text into words on white space.

English text is returned as it came: the English results never depend on this module.
The user's own text stays in :attr:`Prepared.original` (errors quote it back).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from instrux.parsing.finder import find_numbers
from instrux.parsing.numerals import reader_for

__all__ = [
    "HAN",
    "HAN_CHARACTER",
    "LANGUAGES",
    "MIN_CONFIDENCE",
    "SURE",
    "Prepared",
    "chinese_runs",
    "detect_language",
    "has_chinese",
    "prepare",
    "segment_chinese",
    "teach_chinese_words",
]

# The languages instrux reads (BCP 47 tags): detection chooses only among these.
LANGUAGES: Final = ("en", "zh", "fr", "de", "es")
# Another language than English must be at least this likely (lingua's relative confidence),
# for a text with a word the English reader does not know (_plainly_english).
MIN_CONFIDENCE: Final = 0.3
# ... and at least this likely to be read in it first (else English first, then it).
SURE: Final = 0.8

# The Chinese characters (CJK unified ideographs, extension A, compatibility): the one class
# every module that treats Chinese apart uses (templates, the word check, plans).
HAN: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHARACTER: Final = re.compile(f"[{HAN}]")
_HAN_RUN = re.compile(f"[{HAN}]+")
_ASCII_WORD = re.compile(r"[a-z]+")
# "3,5" in French, German and Spanish is three and a half (a thousands comma has 3 digits
# after it: "1,000" stays as English reads it).
_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d{1,2}|\d{4,})(?!\d|,\d)")
_ANY_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d+)(?!\d|,\d)")
# A spoken decimal point after a number the reader turned into digits: "trois virgule cinq".
_SPOKEN_POINT = re.compile(
    r"(\d+) (?:virgule|komma|coma|punto|vírgula|virgola) ((?:\d+|un|une|uno|una|eins)(?: \d\b)*)\b",
    re.I,
)


_GLUED_UNIT = re.compile(r"(\d)([A-Za-z°])")
# German puts "dann" after the verb ("und zieh dann 9 ab", "und halbiere es dann"); the plans
# read sequence words before the step they start.
_GERMAN_THEN = re.compile(
    r"\s*(?:\bund|,)\s+(?P<verb>[^\W\d]+(?:\s+[^\W\d]+){0,2}?)\s+(?P<then>dann|danach|anschließend)\b",
    re.I,
)
# "moins 3", "menos 3", "minus 3": a negative number, unless a number comes right before the
# word ("10 moins 3" is a subtraction), as the English reader decides for "minus".
_SIGN_WORD = re.compile(r"(?P<before>\S*)(?P<space>\s*)\b(?:moins|menos|minus)\s+(?=\d)", re.I)


_BELOW_ZERO = re.compile(r"零下\s*(?=([\d零一二两三四五六七八九十百千万点]))")


def _signed(match: re.Match[str]) -> str:
    before = match.group("before")
    if before[-1:].isdigit():
        return match.group(0)
    return f"{before}{match.group('space')}-"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text ready for routing: ``text`` in the form the tiers read, its ``language``, and
    the ``original`` the user typed."""

    text: str
    language: str
    original: str
    # Another reading, tried when this one finds nothing (a text English may or may not be).
    alternative: Prepared | None = None


def has_chinese(text: str) -> bool:
    return HAN_CHARACTER.search(text) is not None


def detect_language(text: str) -> str:
    """The language of ``text`` among :data:`LANGUAGES` ("en" when unsure)."""
    return _languages(text)[0]


def _languages(text: str) -> tuple[str, str | None]:
    """The language to read ``text`` in first, and another worth a try when that fails.

    English comes first unless another language is sure (:data:`SURE`, or a letter English
    does not write and :data:`MIN_CONFIDENCE`): "mutliply 18 and 85" looks German to a
    detector, and "restale 41 a 4,7" Spanish, but neither is sure, so each is read as English
    first and in the other language only when English finds nothing.
    """
    if has_chinese(text):
        return "zh", None
    if _DECIMAL_COMMA.search(text) and not _has_letters(text):
        return "en", "fr"  # "911,1 - 505": English does not write a decimal comma; others do
    if text.isascii() and _plainly_english(text):
        return "en", None
    likeliest = _likeliest(text)
    best, confidence = likeliest[0] if likeliest else ("en", 0.0)
    if best == "en" or confidence < MIN_CONFIDENCE:
        # "2,74 - 16,1": a decimal comma, which English does not write: read it that way
        # when the English reading finds nothing. Nothing else: an English text read in
        # another language when English found nothing gives wrong answers ("take 760,648 and
        # divide it by 30" with a decimal comma), measured on the English sets.
        other = next((code for code, _ in likeliest if code != "en"), "fr")
        return "en", (other if _DECIMAL_COMMA.search(text) else None)
    if confidence >= SURE or not text.isascii():
        return best, None
    return "en", best


def prepare(text: str) -> Prepared:
    """The text as every router tier reads it (see the module docstring)."""
    folded = text if text.isascii() else _fold_width(text)
    language, other = _languages(folded)
    if language == "en":
        alternative = None if other is None else _read_in(folded, other, text)
        return Prepared(folded, "en", text, alternative)
    return _read_in(folded, language, text)


# A superscript exponent ("77²"): NFKC would make it a digit of the number ("772").
_SUPERSCRIPT = re.compile("([0-9\uff10-\uff19])([\u00b2\u00b3\u00b9\u2070\u2074-\u2079]+)")


# CJK punctuation NFKC leaves as it is: the full stop, the enumeration comma, corner quotes.
_CJK_PUNCTUATION = str.maketrans(
    {"。": ". ", "、": ", ", "「": '"', "」": '"', "『": '"', "』": '"'}
)


def _fold_width(text: str) -> str:
    """Full-width digits and punctuation as ASCII (NFKC), exponents kept apart first."""
    return unicodedata.normalize("NFKC", _powers(text)).translate(_CJK_PUNCTUATION)


def _point(match: re.Match[str]) -> str:
    decimals = match.group(2).replace(" ", "")  # "Komma null acht": digit by digit, .08
    return f"{match.group(1)}.{decimals if decimals.isdigit() else 1}"  # "virgule un": .1


def _powers(text: str) -> str:
    return _SUPERSCRIPT.sub(
        lambda m: f"{m.group(1)}^{unicodedata.normalize('NFKC', m.group(2))}", text
    )


def _read_in(folded: str, language: str, original: str) -> Prepared:
    if language != "zh":  # French, German and Spanish write the decimal comma: "42,195" km
        folded = _ANY_DECIMAL_COMMA.sub(r"\1.\2", folded)
    else:  # "零下四摄氏度" is minus four degrees, not "0 下 4"
        folded = _BELOW_ZERO.sub(lambda m: "-" if m.group(1).isdigit() else "负", folded)
    folded = _digits_for_words(folded, language)
    if language != "zh":
        folded = _SPOKEN_POINT.sub(_point, folded)
        folded = _SIGN_WORD.sub(_signed, folded)
    if language == "de":  # "und zieh dann 9 ab": the sequence word first, as in "dann zieh 9 ab"
        folded = _GERMAN_THEN.sub(r", \g<then> \g<verb>", folded)
    else:  # "312K": a unit's letters glued to the digits stand apart, as in "312 K"
        folded = segment_chinese(_GLUED_UNIT.sub(r"\1 \2", folded))
    return Prepared(" ".join(folded.split()), language, original)


def _digits_for_words(text: str, language: str) -> str:
    reader = reader_for(language)
    if reader is None:
        return text
    spans = find_numbers(text, minus_after_number="sign", reader=reader)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for span in spans:
        parts.append(text[last : span.start])
        written = f"{span.value}%" if span.kind == "percent" else str(span.value)
        parts.append(f" {written} " if language == "zh" else written)
        last = span.end
    parts.append(text[last:])
    return "".join(parts)


def chinese_runs(text: str) -> list[str]:
    """The runs of Chinese characters of a text or an example ("从{a}(里|中)减去{b}" -> 从, 里,
    中, 减去): what jieba is taught, and what explains a Chinese word."""
    return _HAN_RUN.findall(text)


def segment_chinese(text: str) -> str:
    """Chinese words separated by spaces (jieba), each run of Chinese characters cut on its own
    so that a phrase is cut the same way in an example and in a text ("等于多少" in
    "{a}加{b}等于多少" and in "3加5等于多少"); other characters are left as they are."""
    if not has_chinese(text):
        return text
    cut = _jieba_cut()
    parts: list[str] = []
    last = 0
    for match in _HAN_RUN.finditer(text):
        parts.append(text[last : match.start()])
        words = [piece for word in cut(match.group(0)) for piece in _value_name_apart(word)]
        parts.append(" " + " ".join(words) + " ")
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)


# Chinese words of the registered instructions (example phrasings, choice names such as "英尺"),
# added to jieba's dictionary on first use. A value's name is also cut out of a longer word that
# ends or starts with it: jieba's own "几米" ("a few metres") is "几 米" here, so the unit is read.
_TAUGHT: set[str] = set()
_VALUE_NAMES: list[str] = []  # longest first


def teach_chinese_words(words: Iterable[str], value_names: Iterable[str] = ()) -> None:
    """Words jieba must keep whole (an instruction's own vocabulary, and the names of values
    its slots take); cheap until the first Chinese text is cut."""
    names = {word for word in value_names if has_chinese(word)}
    _VALUE_NAMES[:] = sorted(names.union(_VALUE_NAMES), key=len, reverse=True)
    new = ({word for word in words if has_chinese(word)} | names) - _TAUGHT
    if not new:
        return
    _TAUGHT.update(new)
    if _jieba_cut.cache_info().currsize:  # jieba is loaded: teach it now
        _teach(_jieba_module(), new)


@cache
def _jieba_cut() -> Any:
    jieba = _jieba_module()
    _teach(jieba, _TAUGHT)
    # No HMM guessing of unknown words: it glues a unit to the next character ("码是").
    return lambda text: jieba.lcut(text, HMM=False)


def _value_name_apart(word: str) -> list[str]:
    """``word`` with a value's name at its end or start cut off ("几米" -> "几", "米")."""
    if word in _VALUE_NAMES or len(word) < 2:
        return [word]
    for name in _VALUE_NAMES:
        if word.endswith(name):
            return [word[: -len(name)], name]
        if word.startswith(name):
            return [name, word[len(name) :]]
    return [word]


def _jieba_module() -> Any:
    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading banner is no user's business
    return jieba


def _teach(jieba: Any, words: Iterable[str]) -> None:
    for word in words:
        jieba.add_word(word)


def _plainly_english(text: str) -> bool:
    """Every word is an English word instrux knows (a number word or a word of its English
    lexicon): no detector needed."""
    words = _ASCII_WORD.findall(text.lower())
    known = _english_words()
    return all(word in known for word in words)


@cache
def _english_words() -> frozenset[str]:
    from instrux.parsing.numbers import NUMBER_WORDS

    common = (
        "a an the of and to by from than into in on at with as or what whats is are how much "
        "many add plus minus times divided multiply multiplied divide subtract sum product "
        "difference power square squared cubed root convert km miles feet meters celsius "
        "fahrenheit kelvin inches cm mm yards then double half halve triple please"
    )
    return frozenset({*NUMBER_WORDS, *common.split()})


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _likeliest(text: str) -> list[tuple[str, float]]:
    """The languages instrux reads, likeliest first, with lingua's relative confidence."""
    values = _detector().compute_language_confidence_values(text)
    return [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]
