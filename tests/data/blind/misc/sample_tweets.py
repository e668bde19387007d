"""Draw 200 StockNet tweets for hand labelling (standard library only).

Rows: data rows of tweets.csv.gz, 0-based index after the header line.
Filter: drop tweets whose text has fewer than 5 whitespace-separated words;
drop exact duplicates of the text (first occurrence in file order is kept;
this also removes the per-ticker copies of multi-ticker tweets and identical retweets).
Draw: random.Random(20261207).sample(kept_rows, 200), kept in draw order.
"""
import csv, gzip, json, random, sys

PATH = "/work/shared/data/stocknet/tweets.csv.gz"
with gzip.open(PATH, "rt", encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
seen = set()
kept = []
full_dups = len(rows) - len({tuple(r.values()) for r in rows})
for i, r in enumerate(rows):
    t = r["text"]
    if len(t.split()) < 5 or t in seen:
        continue
    seen.add(t)
    kept.append(i)
rng = random.Random(20261207)
pick = rng.sample(kept, 200)
print(f"rows {len(rows)}, full-row duplicates {full_dups}, kept {len(kept)}", file=sys.stderr)
with open("tweets_sample_unlabelled.jsonl", "w") as out:
    for i in pick:
        r = rows[i]
        out.write(json.dumps({"id": i, "ticker": r["ticker"], "date": r["date"], "text": r["text"]}, ensure_ascii=False) + "\n")
