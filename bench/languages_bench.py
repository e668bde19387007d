"""What reading other languages costs (issue 20), on one core, in one run.

- ``prepare``: :func:`instrux.parsing.language.prepare` per text (language identification,
  numbers in words to digits, Chinese words), per language, on the texts of the dev set
  ``tests/data/trust-dev-r20`` (all kinds), after a warm-up (lingua's models, jieba's
  dictionary, cn2an and text2num are loaded on first use and not counted);
- ``prepare_en``: the same on English texts (``tests/data/trust``, dev split): the path English
  takes (its words are plainly English: no detector call);
- ``semantic_zh`` / ``semantic_en``: ``Engine.parse`` of texts that the semantic tier decides
  (answered or refused with its candidates): Chinese ones (the multilingual encoder's tier)
  and English ones (the default encoder's), for the ratio.

Reports p50 per text (the median over ``--repeat`` passes of each text's time, then the median
over texts) and the ratio semantic_zh / semantic_en. Writes ``bench/results/languages_bench.json``.
Usage: ``python bench/languages_bench.py [--repeat 15]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("INSTRUX_ORT_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from _common import machine, measured_at, parse_or_refuse, pin_to_one_core  # bench/ is on sys.path

from instrux import Engine, InstruxError
from instrux.parsing.language import prepare
from instrux.trust import default_cases_dir, load_cases

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DEV = ROOT / "tests" / "data" / "trust-dev-r20"


def p50_ms(fn: object, texts: list[str], repeat: int) -> float:
    """Median over texts of each text's median time over ``repeat`` calls, in ms."""
    per_text = []
    for text in texts:
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn(text)  # type: ignore[operator]
            samples.append((time.perf_counter() - start) * 1e3)
        per_text.append(statistics.median(samples))
    return statistics.median(per_text)


def _semantic_texts(engine: Engine, texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        try:
            if engine.parse(text).route.tier == "semantic":
                found.append(text)
        except InstruxError as err:
            if any(c.tier == "semantic" for c in getattr(err, "candidates", [])):
                found.append(text)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    pinned = pin_to_one_core()
    by_language = {
        lang: [c.text for c in load_cases(DEV) if c.lang == lang]
        for lang in ("zh", "fr", "de", "es")
    }
    english = [c.text for c in load_cases(default_cases_dir(), ("dev",))]
    for texts in [*by_language.values(), english]:
        for text in texts:
            prepare(text)  # warm-up: every library loaded, every cache filled
    engine = Engine(prefer_executor_kind="python")
    zh = _semantic_texts(engine, by_language["zh"])
    en = _semantic_texts(engine, english)
    results = {
        "prepare_ms_p50": {
            lang: round(p50_ms(prepare, texts, args.repeat), 4)
            for lang, texts in by_language.items()
        },
        "prepare_en_ms_p50": round(p50_ms(prepare, english, args.repeat), 4),
        "semantic_zh_ms_p50": round(
            p50_ms(lambda t: parse_or_refuse(engine, t), zh, args.repeat), 3
        ),
        "semantic_en_ms_p50": round(
            p50_ms(lambda t: parse_or_refuse(engine, t), en, args.repeat), 3
        ),
        "texts": {
            "semantic_zh": len(zh),
            "semantic_en": len(en),
            **{lang: len(texts) for lang, texts in by_language.items()},
        },
        "repeat": args.repeat,
        "pinned": pinned,
        "machine": machine(),
        "measured_at": measured_at(),
    }
    results["ratio_semantic_zh_to_en"] = round(
        results["semantic_zh_ms_p50"] / results["semantic_en_ms_p50"], 3
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "languages_bench.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
