"""Numbers written in words in Chinese, French, German, Spanish (and the other text2num
languages): :class:`NumberReader` implementations for :func:`instrux.parsing.find_numbers`.

Reading number words is a solved problem with well-kept libraries, so these readers find where
a number is and let the library say what it is worth: cn2an for Chinese numerals (三百零五,
两千, 负三, 三点五, 百分之二十), text2num for the European languages (soixante-dix,
quatre-vingt-douze, einundzwanzig, veintitrés). English keeps its own reader
(:data:`instrux.parsing.finder.ENGLISH`). Digits are not these readers' business: the text
they see has had its number words replaced by digits by :mod:`instrux.parsing.language`,
which every router tier then reads with the English reader.

Both libraries are imported on first use (a text in one of these languages), never by
``import instrux``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final

from instrux.parsing.finder import MinusAfterNumber, NumberSpan
from instrux.parsing.numbers import NumberKind

__all__ = ["CHINESE_DIGITS", "TEXT2NUM_LANGUAGES", "ChineseNumbers", "WordNumbers", "reader_for"]

# The characters of a Chinese numeral. "两" is two only before a measure or scale word, but a
# bare "两" in an instruction is two as well ("两乘以三"), so it is one of them.
CHINESE_DIGITS: Final = "零〇一二两三四五六七八九十百千万亿"
_CHINESE_NUMBER = re.compile(
    rf"百分之[{CHINESE_DIGITS}]+(?:点[{CHINESE_DIGITS}]+)?"
    rf"|负?[{CHINESE_DIGITS}]+(?:点[{CHINESE_DIGITS}]+)?"
)
# Words that start with "一" and mean no number: "算一下" (work it out), "一些" (some), "一起"
# (together), "一共" (in all), "一样" (the same), "一直", "一般", "一半" (half), "一倍" (one
# more time: "翻一倍" is "doubled"), "一点儿" (a little).
_NOT_ONE = re.compile(r"一(?:下|些|起|共|样|直|般|半|倍|点儿|点点)")


class ChineseNumbers:
    """Chinese numerals through cn2an; each run of numeral characters is one number."""

    @property
    def language(self) -> str:
        return "zh"

    def find(
        self, text: str, *, list_items: bool = False, minus_after_number: MinusAfterNumber = "sign"
    ) -> list[NumberSpan]:
        convert = _cn2an()
        found: list[NumberSpan] = []
        for match in _CHINESE_NUMBER.finditer(text):
            raw = match.group(0)
            if _NOT_ONE.match(text, match.start()) or raw in {"万", "亿", "千", "百"}:
                continue
            percent = raw.startswith("百分之")
            try:
                value = float(convert(raw.removeprefix("百分之"), "smart"))
            except (ValueError, KeyError):
                continue  # characters in an order that is no number
            # A percentage keeps its written number: 百分之二十 is "20%", as English writes it.
            number = int(value) if value.is_integer() else value
            kind: NumberKind = "percent" if percent else "words"
            found.append(NumberSpan(number, match.start(), match.end(), raw, kind))
        return found


# Articles that are also the number one; read as an article ("ajoute un à cinq" is rare, "une
# pomme" frequent). "eins", "uno" standing alone are numbers.
_ARTICLES: Final = frozenset(
    {"un", "une", "uno", "una", "un'", "ein", "eine", "einen", "einem", "einer", "eines"}
)
# Words text2num reads as numbers that are something else here: "milles" and "miles" are the
# mile in French ("mille", a thousand, never takes an s).
_NOT_NUMBERS: Final = frozenset({"milles", "miles", "mile"})
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# ... but the number one after an operator or at the end of a clause: "86 plus un", "moins une".
_OPERATOR_BEFORE = re.compile(
    r"(?:plus|moins|fois|par|más|mas|menos|por|entre|mal|minus|durch|hoch|puissance)\s+$", re.I
)
_CLAUSE_AFTER = re.compile(r"\s*(?:$|[,.;?!)])")


def _one_here(text: str, word: re.Match[str]) -> bool:
    before = text[: word.start()]
    return bool(_OPERATOR_BEFORE.search(before)) or bool(_CLAUSE_AFTER.match(text, word.end()))


_LONGEST_RUN = 8  # words in one number: "quatre-vingt-dix-neuf mille trois cent vingt et un"


class WordNumbers:
    """Number words of a text2num language ("fr", "es", "de", "it", "pt", "nl", "da"): the
    longest run of words, from a word that is a number alone, that text2num reads as one."""

    def __init__(self, language: str) -> None:
        self._language = language

    @property
    def language(self) -> str:
        return self._language

    def find(
        self, text: str, *, list_items: bool = False, minus_after_number: MinusAfterNumber = "sign"
    ) -> list[NumberSpan]:
        words = list(_WORD.finditer(text))
        found: list[NumberSpan] = []
        index = 0
        while index < len(words):
            span = self._number_at(text, words, index)
            if span is None:
                index += 1
                continue
            number, last = span
            found.append(number)
            index = last + 1
        return found

    def _loose_and(self, raw: str) -> bool:
        return self._language == "fr" and _FRENCH_LOOSE_ET.search(raw) is not None

    def _number_at(
        self, text: str, words: list[re.Match[str]], first: int
    ) -> tuple[NumberSpan, int] | None:
        word = words[first].group(0).lower()
        if word in _ARTICLES and not _one_here(text, words[first]):
            return None
        alone = _read(word, self._language)
        if word in _NOT_NUMBERS or alone is None:
            return None
        if alone == 0:  # "null acht" after a decimal point is 0, 8: a zero starts no number
            end = words[first].end()
            return NumberSpan(0, words[first].start(), end, words[first].group(0), "words"), first
        for last in range(min(len(words), first + _LONGEST_RUN) - 1, first - 1, -1):
            between = text[words[first].end() : words[last].start()] if last > first else ""
            if any(not (part.isspace() or part == "-") for part in between if not part.isalpha()):
                continue  # a number does not run over punctuation or digits
            raw = text[words[first].start() : words[last].end()]
            if _NOT_NUMBERS.intersection(raw.lower().split()) or self._loose_and(raw):
                continue
            value = _read(raw, self._language)
            if value is not None:
                start, end = words[first].start(), words[last].end()
                return NumberSpan(value, start, end, raw, "words"), last
        return None


# French joins with "et" only before "un"/"une"/"onze" (vingt et un, soixante et onze):
# "six cent vingt et six cent vingt-sept" is 620 and 627, which text2num would read as 626.
_FRENCH_LOOSE_ET = re.compile(r"\bet\s+(?!(?:un|une|onze|unième)\b)", re.IGNORECASE)


@cache
def _text2num() -> Any:
    from text_to_num import text2num  # type: ignore[import-untyped]

    return text2num


@cache
def _cn2an() -> Any:
    import cn2an  # type: ignore[import-untyped]

    return cn2an.cn2an


def _read(words: str, language: str) -> int | None:
    try:
        value = _text2num()(words.lower(), language)
    except (ValueError, KeyError, IndexError):
        return None
    return int(value)


_READERS: dict[str, ChineseNumbers | WordNumbers] = {"zh": ChineseNumbers()}
TEXT2NUM_LANGUAGES: Final = frozenset({"fr", "es", "de", "it", "pt", "nl", "da"})


def reader_for(language: str) -> ChineseNumbers | WordNumbers | None:
    """The number-word reader of a language, ``None`` for English (its own reader) and for a
    language no library here reads."""
    reader = _READERS.get(language)
    if reader is None and language in TEXT2NUM_LANGUAGES:
        reader = _READERS[language] = WordNumbers(language)
    return reader
