#!/usr/bin/env python3
"""Draw the blind event-type evaluation sample from the StockNet tweets."""
import csv
import gzip
import json
import random

SRC = "/work/shared/data/stocknet/tweets.csv.gz"
OUT = "tweets_events_unlabelled.jsonl"
SEED = 20261208
N = 500


def main():
    with gzip.open(SRC, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    seen = set()
    kept = []
    for i, r in enumerate(rows):
        text = r["text"]
        if len(text.split()) < 5:
            continue
        if text in seen:
            continue
        seen.add(text)
        kept.append(i)
    print(f"rows={len(rows)} kept={len(kept)}")
    idx = random.Random(SEED).sample(kept, N)
    with open(OUT, "w", encoding="utf-8") as f:
        for i in idx:
            r = rows[i]
            f.write(json.dumps({"id": i, "ticker": r["ticker"], "date": r["date"],
                                "text": r["text"]}, ensure_ascii=False) + "\n")
    print(f"wrote {N} rows to {OUT}")


if __name__ == "__main__":
    main()
