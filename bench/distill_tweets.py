"""Unlabelled in-domain text for distilling a finance sentiment head: StockNet tweets.

Writes one tweet per line (UTF-8) for ``instrux train head --teacher ... --unlabelled FILE``
(docs/heads.md, "Distillation"). The tweets are StockNet's (``../shared/data/stocknet/
tweets.csv.gz``, column ``text``), whitespace collapsed, kept when they have at least
``--min-words`` words, deduplicated, and never one of the blind-labelled tweets (the tweet test
set: their ``id`` is the 0-based data-row index of the CSV, and their text is excluded too,
since the same tweet is repeated once per ticker it names). ``--size`` of them are drawn with
``random.Random(--seed)`` from the distinct texts in file order, so the file is reproducible::

    python bench/distill_tweets.py --size 3000 --out /work/distill-runs/tweets-3000.txt
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TWEETS = ROOT.parent / "shared" / "data" / "stocknet" / "tweets.csv.gz"
BLIND = Path("/work/blind/misc/tweets_labelled.jsonl")


def blind_rows(path: Path) -> tuple[set[int], set[str]]:
    """The data-row ids and the normalised texts of the blind-labelled tweets."""
    ids: set[int] = set()
    texts: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                ids.add(int(row["id"]))
                texts.add(" ".join(str(row["text"]).split()))
    return ids, texts


def distinct_tweets(path: Path, min_words: int, excluded: tuple[set[int], set[str]]) -> list[str]:
    """Distinct tweet texts of at least ``min_words`` words, in file order, minus ``excluded``."""
    ids, texts = excluded
    seen: set[str] = set()
    kept: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle)):
            text = " ".join(row["text"].split())
            if index in ids or text in texts or text in seen or len(text.split()) < min_words:
                continue
            seen.add(text)
            kept.append(text)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tweets", type=Path, default=TWEETS)
    parser.add_argument("--blind", type=Path, default=BLIND, help="tweets to exclude (JSONL)")
    parser.add_argument("--size", type=int, default=3000, help="tweets to write")
    parser.add_argument("--min-words", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    pool = distinct_tweets(args.tweets, args.min_words, blind_rows(args.blind))
    chosen = random.Random(args.seed).sample(pool, min(args.size, len(pool)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(t + "\n" for t in chosen), encoding="utf-8")
    summary = {"out": str(args.out), "written": len(chosen), "distinct_pool": len(pool),
               "min_words": args.min_words, "seed": args.seed}  # fmt: skip
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
