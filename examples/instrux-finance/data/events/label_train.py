#!/usr/bin/env python3
"""Merge hand labels into tweets_train_labelled.jsonl (stdlib only).

Checks: every sample position has exactly one label, every label is valid,
and every hard position exists and is unique.
"""
import json, sys

LABELS = {"earnings", "analyst", "deal", "legal", "product", "macro", "other"}
SRC, LAB, HARD, OUT = ("tweets_train_unlabelled.jsonl", "train_labels.txt",
                       "hard_positions.txt", "tweets_train_labelled.jsonl")


def main():
    rows = [json.loads(l) for l in open(SRC, encoding="utf-8") if l.strip()]
    labels = {}
    for n, line in enumerate(open(LAB, encoding="utf-8"), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2:
            sys.exit(f"{LAB}:{n}: expected '<position> <label>', got {line!r}")
        pos, lab = int(parts[0]), parts[1]
        if lab not in LABELS:
            sys.exit(f"{LAB}:{n}: invalid label {lab!r}")
        if pos in labels:
            sys.exit(f"{LAB}:{n}: position {pos} labelled twice")
        if not 0 <= pos < len(rows):
            sys.exit(f"{LAB}:{n}: position {pos} out of range")
        labels[pos] = lab
    missing = [p for p in range(len(rows)) if p not in labels]
    if missing:
        sys.exit(f"{len(missing)} positions unlabelled, first: {missing[:10]}")
    hard = [int(l) for l in open(HARD, encoding="utf-8") if l.strip()]
    if len(hard) != len(set(hard)) or any(not 0 <= p < len(rows) for p in hard):
        sys.exit("hard_positions.txt has duplicates or out-of-range positions")
    hard = set(hard)
    counts, hard_counts = {}, {}
    with open(OUT, "w", encoding="utf-8") as f:
        for p, r in enumerate(rows):
            r = dict(r, event=labels[p])
            if p in hard:
                r["hard"] = True
                hard_counts[labels[p]] = hard_counts.get(labels[p], 0) + 1
            counts[labels[p]] = counts.get(labels[p], 0) + 1
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}; hard {len(hard)}")
    for lab in sorted(counts, key=lambda k: -counts[k]):
        print(f"  {lab:9s} {counts[lab]:4d}  hard {hard_counts.get(lab, 0)}")


if __name__ == "__main__":
    main()
