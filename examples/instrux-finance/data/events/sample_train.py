#!/usr/bin/env python3
"""Draw the 1000-tweet training sample (stdlib only).

Rows with >= 5 whitespace-separated words, exact-duplicate texts dropped
(first occurrence kept), ids of the blind evaluation sets excluded, then
random.Random(20261209).sample(kept, 1000) in draw order.
"""
import csv, gzip, json, sys

# The data: ../shared/data/stocknet/tweets.csv.gz of the checkout, or the path given.
SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/stocknet/tweets.csv.gz"
# The ids of the two blind tweet sets (tests/data/blind/events: 500; the sentiment set: 200),
# one per line, so that no evaluation tweet is trained on.
EXCLUDE = "excluded_ids.txt"
OUT = "tweets_train_unlabelled.jsonl"
SEED, N = 20261209, 1000


def excluded_ids():
    with open(EXCLUDE, encoding="utf-8") as f:
        return {int(line) for line in f if line.strip()}


def main():
    import random
    excl = excluded_ids()
    rows, kept, seen = [], [], set()
    with gzip.open(SRC, "rt", encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            rows.append(r)
            t = r["text"]
            if len(t.split()) < 5 or t in seen:
                continue
            seen.add(t)
            if i in excl:
                continue
            kept.append(i)
    print(f"data rows {len(rows)}, excluded ids {len(excl)}, kept {len(kept)}")
    draw = random.Random(SEED).sample(kept, N)
    with open(OUT, "w", encoding="utf-8") as f:
        for i in draw:
            r = rows[i]
            f.write(json.dumps({"id": i, "ticker": r["ticker"], "date": r["date"],
                                "text": r["text"]}, ensure_ascii=False) + "\n")
    print(f"wrote {N} rows to {OUT}")


if __name__ == "__main__":
    main()
