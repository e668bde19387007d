"""Issue 20: which language a text is in, its numbers in words, Chinese words (no encoder)."""

from __future__ import annotations

import pytest

from instrux.parsing.language import detect_language, prepare, segment_chinese
from instrux.parsing.numerals import ChineseNumbers, WordNumbers, reader_for


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三百零五", 305),
        ("两千", 2000),
        ("负三", -3),
        ("三点五", 3.5),
        ("十", 10),
        ("百分之二十", 20),
    ],
)
def test_chinese_numerals_through_cn2an(text: str, value: float) -> None:
    (span,) = ChineseNumbers().find(f"算{text}加一", list_items=False, minus_after_number="sign")[
        :1
    ]
    assert span.value == value
    assert span.kind == ("percent" if text.startswith("百分之") else "words")


def test_chinese_words_that_start_with_one_are_no_number() -> None:
    found = ChineseNumbers().find(
        "算一下一百二十加三十", list_items=False, minus_after_number="sign"
    )
    assert [span.value for span in found] == [120, 30]


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("fr", "combien font soixante-dix plus deux", 70),
        ("fr", "quatre-vingt-douze moins un", 92),
        ("de", "einundzwanzig mal drei", 21),
        ("de", "dreihundertfünf geteilt durch fünf", 305),
        ("es", "veintitrés más doscientos", 23),
    ],
)
def test_number_words_through_text2num(language: str, text: str, value: int) -> None:
    reader = reader_for(language)
    assert isinstance(reader, WordNumbers)
    assert reader.find(text, list_items=False, minus_after_number="sign")[0].value == value


def test_articles_and_the_french_mile_are_no_numbers() -> None:
    fr = WordNumbers("fr")
    assert [s.value for s in fr.find("ajoute une pomme à 5", list_items=False,
                                    minus_after_number="sign")] == []  # fmt: skip
    assert prepare("convertis 77 kilomètres en milles marins").text.endswith("milles marins")


def test_english_has_no_word_reader_and_is_left_as_typed() -> None:
    assert reader_for("en") is None
    for text in ("what is 3 plus 5", "10 km to miles", "add twenty and 4, then halve it"):
        assert prepare(text).text == text
        assert prepare(text).language == "en"


@pytest.mark.parametrize(
    ("text", "language", "read"),
    [
        ("三加五等于多少", "zh", "3 加 5 等于 多少"),
        ("２的１０次方是多少？", "zh", "2 的 10 次方 是 多少 ?"),
        ("combien font sept fois six", "fr", "combien font 7 fois 6"),
        ("zieh drei von zehn ab", "de", "zieh 3 von 10 ab"),
        ("cuánto es nueve más cuatro", "es", "cuánto es 9 más 4"),
        ("wie viel ist drei Komma fünf mal zwei", "de", "wie viel ist 3.5 mal 2"),
        ("combien font 3,5 fois 2", "fr", "combien font 3.5 fois 2"),
        ("resta 401 de menos ciento noventa y siete", "es", "resta 401 de -197"),
        ("dix moins trois", "fr", "10 moins 3"),
        ("Multipliziere 48 mit vier und zähl dann 11 dazu", "de",
         "Multipliziere 48 mit 4, dann zähl 11 dazu"),
    ],
)  # fmt: skip
def test_prepare_reads_numbers_and_words(text: str, language: str, read: str) -> None:
    prepared = prepare(text)
    assert (prepared.language, prepared.text, prepared.original) == (language, read, text)


def test_a_text_that_is_not_surely_another_language_is_read_as_english_first() -> None:
    prepared = prepare("restale 41 a 4,7")
    assert prepared.language == "en"
    assert prepared.text == "restale 41 a 4,7"
    assert prepared.alternative is not None
    assert (prepared.alternative.language, prepared.alternative.text) == ("es", "restale 41 a 4.7")


def test_detection_chooses_among_the_languages_read() -> None:
    assert detect_language("我有3个孩子") == "zh"
    assert detect_language("what is 3 plus 5") == "en"
    assert detect_language("Quelle est la somme de trois et quatre ?") == "fr"


def test_chinese_is_cut_the_same_alone_and_in_a_sentence() -> None:
    assert segment_chinese("3加5等于多少").split() == ["3", "加", "5", "等于", "多少"]
    assert segment_chinese("no chinese here") == "no chinese here"


def test_a_zero_after_a_spoken_decimal_point_is_a_digit() -> None:
    assert prepare("fünfundvierzig Komma null acht weniger zwei").text == "45.08 weniger 2"
    assert prepare("trois virgule zéro cinq plus un").text == "3.05 plus 1"
