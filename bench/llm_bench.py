"""LLM prompt executors: onnxruntime-genai vs transformers, label scoring, extraction, in one run.

Needs the model ``instrux llm setup`` builds (``~/.cache/instrux/llm/smollm2-135m-instruct-*``,
the int8 onnxruntime-genai model and the transformers folder beside it) and ../shared/data/sst2.
One thread for both runtimes, pinned to one core. Sections:

1. ``generation``: greedy tokens/s on the same prompt, onnxruntime-genai vs transformers;
2. ``label_scoring``: 8-shot SST-2 label scoring, ms per sentence: onnxruntime-genai with the
   prefix cache reused, the same recomputing the whole prompt, transformers (reference);
3. ``sst2``: accuracy on the SST-2 test set (``--limit`` sentences; 1,821 in all), 8-shot
   (through :func:`instrux.llm.run_prompt`) and zero-shot (the ``text.classify`` prompt);
4. ``extraction``: ``text.extract`` on a small hand-written set: schema-valid outputs and
   field accuracy.

Writes ``bench/results/llm_bench.json`` and ``.md``. Usage::

    python bench/llm_bench.py [--limit 1821] [--timing-sentences 30] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any, Literal

from _common import machine, measured_at, pin_to_one_core  # bench/ is on sys.path

RESULTS = Path(__file__).resolve().parent / "results"
SST2 = Path(__file__).resolve().parents[2] / "shared" / "data" / "sst2"
PROMPT = "<|im_start|>user\nWrite a short story about a robot.<|im_end|>\n<|im_start|>assistant\n"
TEMPLATE = "Review: {text}\nSentiment:"
EXTRACTION = [  # (fields, text, expected)
    ("name and city", "Ann lives in Oslo.", {"name": "Ann", "city": "Oslo"}),
    ("name and city", "Last year Pedro moved to Lisbon.", {"name": "Pedro", "city": "Lisbon"}),
    ("name and age", "Maria is 34 years old.", {"name": "Maria", "age": "34"}),
    ("company and year", "Nokia was founded in 1865.", {"company": "Nokia", "year": "1865"}),
    ("product and price", "The lamp costs 25 dollars.", {"product": "lamp", "price": "25"}),
    ("name and email", "Write to Tom at tom@example.com.",
     {"name": "Tom", "email": "tom@example.com"}),
    ("city and country", "Kyoto is a city in Japan.", {"city": "Kyoto", "country": "Japan"}),
    ("author and title", "Orwell wrote Animal Farm.", {"author": "Orwell", "title": "Animal Farm"}),
    ("name and job", "Lena works as a nurse.", {"name": "Lena", "job": "nurse"}),
    ("team and score", "Ajax won the match 3 to 1.", {"team": "Ajax", "score": "3 to 1"}),
    ("date and place", "We meet on Friday in Room 4.", {"date": "Friday", "place": "Room 4"}),
    ("animal and colour", "The cat is black.", {"animal": "cat", "colour": "black"}),
]  # fmt: skip


def read_sst2(split: str) -> list[tuple[str, str]]:
    rows = (line.split(" ", 1) for line in (SST2 / f"stsa.binary.{split}").read_text().splitlines())
    return [("positive" if label == "1" else "negative", text) for label, text in rows]


def few_shot(train: list[tuple[str, str]], per_class: int = 4) -> list[tuple[dict[str, Any], str]]:
    positives = [r for r in train if r[0] == "positive"][:per_class]
    negatives = [r for r in train if r[0] == "negative"][:per_class]
    pairs = [x for pair in zip(positives, negatives, strict=True) for x in pair]
    return [({"text": text}, label) for label, text in pairs]


def median_ms(fn: Any, items: list[Any]) -> float:
    samples = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 1)


def generation(genai: Any, hf: Any, repeat: int, tokens: int) -> dict[str, Any]:
    def rate(backend: Any) -> tuple[float, int]:
        ids = backend.encode(PROMPT)
        backend.generate_ids(ids, max_new_tokens=4)  # warm
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            out = backend.generate_ids(ids, max_new_tokens=tokens)
            runs.append(out.completion_tokens / (time.perf_counter() - start))
        return statistics.median(runs), out.completion_tokens

    ours, n_ours = rate(genai)
    theirs, n_theirs = rate(hf)
    return {"tokens_per_s_genai": round(ours, 1), "tokens_per_s_transformers": round(theirs, 1),
            "ratio": round(ours / theirs, 2), "tokens": [n_ours, n_theirs]}  # fmt: skip


def label_timing(genai: Any, hf: Any, spec: Any, texts: list[str]) -> dict[str, Any]:
    from instrux.llm.prompts import prefix_text

    prefix = prefix_text(spec, ["positive", "negative"])
    options = [" positive", " negative"]
    items = [TEMPLATE.format(text=t) for t in texts]
    genai.score(prefix, items[0], options)  # warm, and fill the prefix cache
    cached = median_ms(lambda item: genai.score(prefix, item, options), items)
    recomputed = median_ms(
        lambda item: genai.score_ids(
            [], genai.encode(prefix) + genai.encode(item), [genai.encode(o) for o in options]
        ),
        items,
    )
    reference = median_ms(lambda item: hf.score(prefix, item, options), items)
    hf_cached = transformers_prefix_cached(hf, prefix, options)
    reused = median_ms(hf_cached, items)
    return {"ms_genai_prefix_cached": cached, "ms_genai_recomputed": recomputed,
            "ms_transformers_prefix_cached": reused,
            "ms_transformers_reference_recomputed_per_label": reference,
            "ratio_cached_genai_vs_cached_transformers": round(reused / cached, 2),
            "ratio_recomputed_genai_vs_reference": round(reference / recomputed, 2),
            "sentences": len(items), "prefix_tokens": len(genai.encode(prefix))}  # fmt: skip


def transformers_prefix_cached(hf: Any, prefix: str, options: list[str]) -> Any:
    """The fair baseline: transformers with the prefix's key/value cache reused per item."""
    import copy

    import torch

    model = hf._model
    prefix_ids = torch.tensor([hf.encode(prefix)])  # (1, P)
    option_ids = [hf.encode(o) for o in options]
    with torch.inference_mode():
        cache = model(prefix_ids, use_cache=True).past_key_values

    def score(item: str) -> list[float]:
        totals = []
        with torch.inference_mode():
            for option in option_ids:
                ids = torch.tensor([hf.encode(item) + option[:-1]])  # (1, T)
                logits = model(ids, past_key_values=copy.deepcopy(cache)).logits[0]  # (T, V)
                picked = torch.log_softmax(logits[-len(option) :].double(), -1)
                totals.append(float(picked[torch.arange(len(option)), torch.tensor(option)].sum()))
        return totals

    return score


def accuracy(backend: Any, spec: Any, rows: list[tuple[str, str]], label_of: Any) -> dict[str, Any]:
    from instrux.llm.prompts import run_prompt

    correct, times = 0, []
    for gold, text in rows:
        start = time.perf_counter()
        out = run_prompt(spec, label_of(text), backend, budget=8, timeout_s=60)
        times.append((time.perf_counter() - start) * 1000)
        correct += out.value == gold
    return {"accuracy": round(correct / len(rows), 4), "n": len(rows),
            "median_ms": round(statistics.median(times), 1)}  # fmt: skip


def extraction(backend: Any) -> dict[str, Any]:
    from instrux.llm.plugin import EXTRACT, ExtractArguments
    from instrux.llm.prompts import run_prompt

    valid = right = total = 0
    times, failures = [], []
    for fields, text, expected in EXTRACTION:
        start = time.perf_counter()
        try:
            out = run_prompt(EXTRACT.prompt, ExtractArguments(fields=fields, text=text), backend,
                             budget=96, timeout_s=60)  # fmt: skip
        except ValueError as err:
            failures.append(f"{text}: {err}")
            continue
        finally:
            times.append((time.perf_counter() - start) * 1000)
        valid += 1
        for name, want in expected.items():
            total += 1
            right += (out.value.get(name) or "").casefold() == want.casefold()
    n = len(EXTRACTION)
    return {"schema_valid": f"{valid}/{n}", "field_accuracy": round(right / (2 * n), 3),
            "fields_right": right, "median_ms": round(statistics.median(times), 1),
            "failures": failures}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "instrux")
    parser.add_argument("--limit", type=int, default=1821, help="SST-2 test sentences.")
    parser.add_argument("--timing-sentences", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=48)
    parser.add_argument("--skip", nargs="*", default=[], help="Sections to leave out.")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    import torch

    torch.set_num_threads(1)
    from instrux.llm import default_model_dir
    from instrux.llm.genai import GenaiBackend
    from instrux.llm.hf import TransformersBackend
    from instrux.llm.instruction import prompt_instruction
    from instrux.llm.plugin import CLASSIFY, ClassifyArguments

    genai = GenaiBackend.load(default_model_dir(args.cache_dir, "int8"), device="cpu", threads=1)
    hf = TransformersBackend.load(default_model_dir(args.cache_dir, "hf"))
    train, test = read_sst2("train"), read_sst2("test")
    sentiment = prompt_instruction("bench.sentiment", template=TEMPLATE, examples=few_shot(train),
                                   result_type=Literal["positive", "negative"])  # fmt: skip
    spec = sentiment.prompt
    report: dict[str, Any] = {"measured_at": measured_at(), "machine": machine(),
                              "pinned": pinned, "model": genai.model}  # fmt: skip
    if "generation" not in args.skip:
        report["generation"] = generation(genai, hf, args.repeat, args.tokens)
        print(report["generation"], flush=True)
    if "label_scoring" not in args.skip:
        texts = [t for _, t in test[: args.timing_sentences]]
        report["label_scoring"] = label_timing(genai, hf, spec, texts)
        print(report["label_scoring"], flush=True)
    if "sst2" not in args.skip:
        rows = test[: args.limit]
        report["sst2_8shot"] = accuracy(genai, spec, rows, lambda t: spec_args(sentiment, t))
        print(report["sst2_8shot"], flush=True)
        zero = lambda t: ClassifyArguments(text=t, labels="positive or negative")  # noqa: E731
        report["sst2_zero_shot"] = accuracy(genai, CLASSIFY.prompt, rows, zero)
        print(report["sst2_zero_shot"], flush=True)
    if "extraction" not in args.skip:
        report["extraction"] = extraction(genai)
        print(report["extraction"], flush=True)
    write(report)


def spec_args(instruction: Any, text: str) -> Any:
    return instruction.spec.arguments(text=text)


def write(report: dict[str, Any]) -> None:
    """Merge into the results file: sections left out by --skip keep their last figures."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "llm_bench.json"
    for values in report.values():  # each section says when it was measured
        if isinstance(values, dict):
            values.setdefault("measured_at", report["measured_at"])
    if path.exists():
        report = {**json.loads(path.read_text()), **report}
    (RESULTS / "llm_bench.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# LLM prompt executors ({report['model']}, {report['measured_at']})", "",
             f"{report['machine']}; {report['pinned']}; 1 thread per runtime.", ""]  # fmt: skip
    for section, values in report.items():
        if isinstance(values, dict):
            lines.append(f"- **{section}**: " + ", ".join(f"{k} {v}" for k, v in values.items()))
    (RESULTS / "llm_bench.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
