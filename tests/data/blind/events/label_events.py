#!/usr/bin/env python3
"""Merge hand-assigned event labels into the sampled tweets.

Inputs : tweets_events_unlabelled.jsonl, event_labels.txt (`<position> <label>`),
         hard_positions.txt (whitespace-separated positions judged hard/ambiguous).
Output : tweets_events_labelled.jsonl (sample rows + "event", and "hard": true where flagged).
"""
import json
from collections import Counter

LABELS = {"earnings", "analyst", "deal", "legal", "product", "macro", "other"}


def main():
    rows = [json.loads(l) for l in open("tweets_events_unlabelled.jsonl", encoding="utf-8")]
    labels = {}
    for line in open("event_labels.txt", encoding="utf-8"):
        if not line.strip():
            continue
        pos, lab = line.split()
        pos = int(pos)
        if lab not in LABELS:
            raise ValueError(f"bad label {lab!r} at position {pos}")
        if pos in labels:
            raise ValueError(f"duplicate position {pos}")
        labels[pos] = lab
    hard = {int(t) for t in open("hard_positions.txt", encoding="utf-8").read().split()}
    missing = [i for i in range(len(rows)) if i not in labels]
    if missing:
        raise ValueError(f"unlabelled positions: {missing[:10]}...")
    with open("tweets_events_labelled.jsonl", "w", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            r = dict(r, event=labels[i])
            if i in hard:
                r["hard"] = True
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    c = Counter(labels.values())
    print("labelled", len(rows), "hard", len(hard))
    for k in sorted(LABELS):
        print(f"{k:9s} {c[k]}")


if __name__ == "__main__":
    main()
