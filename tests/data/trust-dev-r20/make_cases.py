#!/usr/bin/env python3
"""Blind evaluation set generator: zh / fr / de / es instructions.

Writes OUTDIR/LANG/KIND.jsonl. All expected values are computed here (Decimal arithmetic).
Standard library only. Usage: python3 make_cases.py [OUTDIR]
"""
import json
import os
import random
import sys
import unicodedata
from decimal import Decimal as D, getcontext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numwords import digits, words  # noqa: E402
from lang_data import LANGS  # noqa: E402

getcontext().prec = 60
SPLIT = "dev"
SEED = 777
OUTDIR = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

COUNTS = {"paraphrase": 50, "conversion": 20, "word_problem": 15, "multi_step": 15,
          "unsupported": 15, "off_topic": 20}

# ---------------------------------------------------------------- arithmetic
OPNAME = {"add": "math.add", "sub": "math.subtract", "mul": "math.multiply",
          "div": "math.divide", "pow": "math.power", "sq": "math.square"}


def compute(op, n):
    a, b = n.get("a"), n.get("b")
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    if op == "div":
        if b == 0:
            return None
        return a / b
    if op == "pow":
        return a ** int(b)
    if op == "sq":
        return a * a
    raise ValueError(op)


LEN_M = {"km": D("1000"), "m": D("1"), "cm": D("0.01"), "mm": D("0.001"), "mile": D("1609.344"),
         "yard": D("0.9144"), "foot": D("0.3048"), "inch": D("0.0254"), "nmi": D("1852")}
TEMPS = ("c", "f", "k")


def convert(v, fu, tu):
    if fu in TEMPS:
        c = {"c": v, "f": (v - 32) * 5 / 9, "k": v - D("273.15")}[fu]
        return {"c": c, "f": c * 9 / 5 + 32, "k": c + D("273.15")}[tu]
    return v * LEN_M[fu] / LEN_M[tu]


def out_value(v):
    if v is None:
        return None
    q = v.quantize(D("1e-10"))
    if q == q.to_integral_value():
        return int(q)
    return float(q)


def is_nice(v, places=2):
    return v is not None and (v * 10 ** places) == (v * 10 ** places).to_integral_value() and abs(v) < 10 ** 7


# ---------------------------------------------------------------- number generators
def d1(rng, lo, hi):
    return D(rng.randint(lo * 10, hi * 10)) / 10


def num_general(rng, neg_ok):
    r = rng.random()
    if r < 0.35:
        return D(rng.randint(0, 100))
    if r < 0.65:
        return D(rng.randint(100, 1000))
    if r < 0.78:
        return d1(rng, 0, 100)
    if r < 0.86:
        return D(rng.randint(1, 5000)) / 100
    if neg_ok:
        return D(-rng.randint(1, 300))
    return D(rng.randint(1, 60))


def gen_op(op, rng):
    if op in ("add", "sub"):
        return {"a": num_general(rng, True), "b": num_general(rng, False)}
    if op == "mul":
        r = rng.random()
        if r < 0.7:
            a = D(rng.randint(2, 99))
        elif r < 0.85:
            a = d1(rng, 1, 50)
        else:
            a = D(-rng.randint(2, 40))
        return {"a": a, "b": D(rng.randint(2, 30 if rng.random() < 0.6 else 12))}
    if op == "div":
        if rng.random() < 0.7:
            b = rng.randint(2, 20)
            return {"a": D(b * rng.randint(1, 60)), "b": D(b)}
        return {"a": D(rng.randint(1, 999)), "b": D(rng.choice([2, 4, 5, 8, 10, 20, 25]))}
    if op == "pow":
        while True:
            r = rng.random()
            if r < 0.6:
                a, b = rng.randint(2, 12), rng.randint(2, 4)
            elif r < 0.85:
                a, b = 2, rng.randint(5, 12)
            elif r < 0.95:
                a, b = rng.randint(13, 30), 2
            else:
                a, b = rng.randint(2, 30), rng.choice([0, 1])
            if abs(a ** b) <= 10 ** 6:
                return {"a": D(a), "b": D(b)}
    if op == "sq":
        r = rng.random()
        if r < 0.7:
            return {"a": D(rng.randint(2, 99))}
        if r < 0.88:
            return {"a": d1(rng, 0, 20)}
        return {"a": D(rng.randint(100, 300))}
    raise ValueError(op)


# ---------------------------------------------------------------- rendering
def render(text, nums, lang, rng, measure=False, extra=None):
    ctx = dict(extra or {})
    for k, x in nums.items():
        dg = digits(x, lang, rng)
        wd = words(x, lang, rng)
        if measure and lang == "zh" and x == 2:
            wd = "两"
        if measure and lang in ("es", "fr") and wd.endswith(("uno", " un", "-un")):
            wd = dg  # agreement before a noun (veintiún / vingt et une): keep digits
        integral = x == x.to_integral_value()
        p = 0.33 if integral and abs(x) <= 2000 else (0.12 if not integral and abs(x) < 100 else 0.0)
        ctx[k] = wd if rng.random() < p else dg
        ctx[k + "_d"] = digits(x, lang, rng, allow_fullwidth=False)
        ctx[k + "_w"] = wd
    return text.format(**ctx)


def strip_accents(s, keep="ñÑ"):
    out = []
    for ch in s:
        if ch in keep:
            out.append(ch)
            continue
        nf = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in nf if not unicodedata.combining(c)))
    return "".join(out)


def noise(text, lang, rng):
    t = text
    end = t.rstrip()
    if len(end) > 1 and end[-1] in "?？.。" and end[-2] not in "=＝" and rng.random() < 0.2:
        t = end[:-1].rstrip()
    if lang == "zh":
        if rng.random() < 0.1:
            t = t.replace("？", "?").replace("，", ",")
        return t
    if rng.random() < 0.2 and t[:1].isupper() and not t.startswith(("I ",)):
        t = t[0].lower() + t[1:]
    if lang == "de":
        if rng.random() < 0.4:
            t = t.replace("wie viel", "wieviel").replace("Wie viel", "Wieviel")
        if rng.random() < 0.05:
            t = t.replace("ß", "ss")
    if lang == "fr" and rng.random() < 0.12:
        t = strip_accents(t)
    if lang == "es":
        if rng.random() < 0.2:
            t = strip_accents(t)
        if rng.random() < 0.3 and "¿" in t:
            t = t.replace("¿", "")
            if rng.random() < 0.5:
                t = t.rstrip("?").rstrip()
        if t.startswith("¿") and not t.rstrip().endswith("?"):
            t = t[1:]
    return t


# ---------------------------------------------------------------- case builders
def rec(text, value, lang, instruction):
    return {"text": text, "value": out_value(value), "split": SPLIT, "lang": lang,
            "instruction": instruction}


def cycle_order(items, n, rng):
    """Indices: every template once (shuffled), then again, ... Max uses = ceil(n/len)."""
    order = []
    while len(order) < n:
        idx = list(range(len(items)))
        rng.shuffle(idx)
        order.extend(idx)
    return order[:n]


def build_paraphrase(L, lang, rng, seen):
    out = []
    templates = L["paraphrase"]
    # one division-by-zero case: refusal expected
    n = {"a": D(rng.randint(3, 500)), "b": D(0)}
    out.append(rec(noise(render(L["div_zero"], n, lang, rng), lang, rng), None, lang, OPNAME["div"]))
    for i in cycle_order(templates, COUNTS["paraphrase"] - 1, rng):
        op, text, fixed = templates[i]
        fixed = fixed or {}
        for _ in range(200):
            n = gen_op(op, rng)
            if "b" in fixed:
                n["b"] = D(fixed["b"])
            if fixed.get("ge") and n["a"] < n["b"]:
                n["a"], n["b"] = n["b"], n["a"]
            if fixed.get("int"):
                n = {k: D(int(abs(v)) or 1) for k, v in n.items()}
            v = compute(op, n)
            t = noise(render(text, n, lang, rng), lang, rng)
            if is_nice(v, 6) and t not in seen:
                break
        seen.add(t)
        out.append(rec(t, v, lang, OPNAME[op]))
    return out


UNIT_RANGES = {"km": (2, 120), "m": (2, 600), "cm": (2, 400), "mm": (5, 1000), "mile": (2, 100),
               "yard": (2, 300), "foot": (2, 200), "inch": (2, 100), "nmi": (2, 60),
               "c": (-30, 100), "f": (-10, 220), "k": (230, 400)}
LEN_PAIRS = [("mile", "km"), ("km", "mile"), ("foot", "m"), ("m", "foot"), ("inch", "cm"), ("cm", "inch"),
             ("yard", "m"), ("m", "yard"), ("nmi", "km"), ("km", "nmi"), ("mm", "inch"), ("foot", "inch"),
             ("mile", "foot"), ("km", "m"), ("m", "cm"), ("cm", "mm"), ("inch", "mm"), ("yard", "foot"),
             ("mile", "m"), ("nmi", "mile"), ("foot", "cm"), ("cm", "foot")]
TEMP_PAIRS = [("c", "f"), ("f", "c"), ("c", "k"), ("k", "c"), ("f", "k"), ("k", "f"), ("c", "f"), ("f", "c")]


def unit_name(L, u, rng, p_alt):
    names = L["units"][u][0]
    if len(names) > 1 and rng.random() < p_alt:
        return rng.choice(names[1:])
    return names[0]


def build_conversion(L, lang, rng, seen):
    out = []
    pairs = rng.sample(LEN_PAIRS, 13) + rng.sample(TEMP_PAIRS, 7)
    rng.shuffle(pairs)
    templates = L["conversion"]
    uses = [0] * len(templates)
    for fu, tu in pairs:
        kind = "temp" if fu in TEMPS else "len"
        ok = [i for i, (k, _) in enumerate(templates) if k in ("any", kind) and uses[i] < 2]
        m = min(uses[i] for i in ok)
        i = rng.choice([j for j in ok if uses[j] == m])
        uses[i] += 1
        text = templates[i][1]
        lo, hi = UNIT_RANGES[fu]
        for _ in range(200):
            r = rng.random()
            if r < 0.75:
                v = D(rng.randint(lo, hi))
            else:
                v = d1(rng, lo, hi)
            if fu == "c" and rng.random() < 0.15:
                v = D(rng.choice(["36.6", "37.5", "-40", "0", "100"]))
            extra = {"fu": unit_name(L, fu, rng, 0.3), "tu": unit_name(L, tu, rng, 0.15)}
            if lang == "es":
                fem = L["units"][tu][1] == "f"
                extra["cuantos"] = "cuántas" if fem else "cuántos"
                extra["Cuantos"] = "Cuántas" if fem else "Cuántos"
            t = noise(render(text, {"v": v}, lang, rng, extra=extra), lang, rng)
            if t not in seen and v != 1:
                break
        seen.add(t)
        instr = "units.temperature" if kind == "temp" else "units.length"
        out.append(rec(t, convert(v, fu, tu), lang, instr))
    return out


def build_word_problem(L, lang, rng, seen):
    out = []
    for op, text, gen in L["word_problem"]:
        for _ in range(200):
            n = gen(rng)
            v = compute(op, n)
            t = noise(render(text, n, lang, rng, measure=True), lang, rng)
            if is_nice(v, 4) and t not in seen:
                break
        seen.add(t)
        out.append(rec(t, v, lang, OPNAME[op]))
    assert len(out) == COUNTS["word_problem"], (lang, len(out))
    return out


def default_gen3(rng):
    return {"a": D(rng.randint(2, 100)), "b": D(rng.randint(2, 50)), "c": D(rng.randint(2, 12))}


def build_multi_step(L, lang, rng, seen):
    out = []
    for item in L["multi_step"]:
        text, fn = item[0], item[1]
        gen = item[2] if len(item) > 2 and item[2] else default_gen3
        nice = item[3] if len(item) > 3 else 2
        for _ in range(500):
            n = gen(rng)
            v = fn(n) if fn else None
            t = noise(render(text, n, lang, rng), lang, rng)
            if (fn is None or nice is None or is_nice(v, nice)) and t not in seen:
                break
        else:
            raise RuntimeError("no nice numbers for " + text)
        seen.add(t)
        out.append(rec(t, v, lang, None))
    assert len(out) == COUNTS["multi_step"], (lang, len(out))
    return out


def build_fixed(L, lang, rng, seen, kind):
    out = []
    for text in L[kind]:
        t = noise(text, lang, rng)
        seen.add(t)
        out.append(rec(t, None, lang, None))
    assert len(out) == COUNTS[kind], (lang, kind, len(out))
    return out


def main():
    rng = random.Random(SEED)
    for lang in ("zh", "fr", "de", "es"):
        L = LANGS[lang]
        seen = set()
        kinds = {
            "paraphrase": build_paraphrase(L, lang, rng, seen),
            "conversion": build_conversion(L, lang, rng, seen),
            "word_problem": build_word_problem(L, lang, rng, seen),
            "multi_step": build_multi_step(L, lang, rng, seen),
            "unsupported": build_fixed(L, lang, rng, seen, "unsupported"),
            "off_topic": build_fixed(L, lang, rng, seen, "off_topic"),
        }
        os.makedirs(os.path.join(OUTDIR, lang), exist_ok=True)
        for kind, rows in kinds.items():
            assert len(rows) == COUNTS[kind], (lang, kind, len(rows))
            texts = [r["text"] for r in rows]
            assert len(set(texts)) == len(texts), (lang, kind, "duplicate text")
            with open(os.path.join(OUTDIR, lang, kind + ".jsonl"), "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("written to", OUTDIR)


if __name__ == "__main__":
    main()
