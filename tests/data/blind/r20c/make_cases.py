#!/usr/bin/env python3
"""Blind evaluation set generator (zh, fr, de, es). Standard library only.

Writes OUTDIR/LANG/KIND.jsonl. Expected values are computed here, never by hand.
"""
import json
import os
import random
import re
import sys
import unicodedata

OUTDIR = os.path.dirname(os.path.abspath(__file__))
SPLIT = "heldout"
SEED = 4242

# ---------------------------------------------------------------- operations
def _div(a, b):
    if b == 0:
        return None  # refusal expected
    return a / b

OPS = {
    "math.add": lambda a, b: a + b,
    "math.subtract": lambda a, b: a - b,
    "math.multiply": lambda a, b: a * b,
    "math.divide": _div,
    "math.power": lambda a, b: a ** b,
    "math.square": lambda a, b=None: a * a,
}

LEN_M = {"km": 1000.0, "m": 1.0, "cm": 0.01, "mm": 0.001, "mile": 1609.344,
         "yard": 0.9144, "foot": 0.3048, "inch": 0.0254, "nmi": 1852.0}


def conv_length(v, f, t):
    return v * LEN_M[f] / LEN_M[t]


def conv_temp(v, f, t):
    if f == "C":
        c = v
    elif f == "F":
        c = (v - 32) * 5 / 9
    else:
        c = v - 273.15
    if t == "C":
        return c
    if t == "F":
        return c * 9 / 5 + 32
    return c + 273.15


def clean(v):
    if v is None:
        return None
    if isinstance(v, float):
        r = round(v, 9)
        if abs(r - v) <= 1e-14 * max(1.0, abs(v)):
            v = r  # drop binary float noise such as 5.6000000000000005
        if v == int(v) and abs(v) < 1e15:
            return int(v)
        return v
    return v

# ---------------------------------------------------------------- number words
ZH_D = "零一二三四五六七八九"


def zh_int(n, top=True):
    if n < 0:
        return "负" + zh_int(-n)
    if n == 0:
        return "零"
    if n >= 10000:
        w, r = divmod(n, 10000)
        s = zh_int(w) + "万"
        if r:
            s += ("零" if r < 1000 else "") + zh_int(r, top=False)
        return s
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero_pending = False
    started = False
    for val, name in units:
        d = (n // val) % 10
        if d == 0:
            if started:
                zero_pending = True
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        if val == 10 and d == 1 and not started and top:
            out += "十"
        elif d == 2 and val in (1000, 100):
            out += "两" + name
        else:
            out += ZH_D[d] + name
        started = True
    if not top and n < 100 and n >= 10 and out.startswith("十"):
        out = "一" + out
    return out


FR_U = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
        "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept",
        "dix-huit", "dix-neuf"]
FR_T = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def fr_int(n):
    if n < 0:
        return "moins " + fr_int(-n)
    if n < 20:
        return FR_U[n]
    if n < 70:
        t, u = divmod(n, 10)
        if u == 0:
            return FR_T[t]
        if u == 1:
            return FR_T[t] + " et un"
        return FR_T[t] + "-" + FR_U[u]
    if n < 80:
        if n == 71:
            return "soixante et onze"
        return "soixante-" + FR_U[n - 60]
    if n < 100:
        if n == 80:
            return "quatre-vingts"
        return "quatre-vingt-" + FR_U[n - 80]
    if n < 1000:
        h, r = divmod(n, 100)
        s = "cent" if h == 1 else FR_U[h] + " cent" + ("s" if r == 0 else "")
        return s + (" " + fr_int(r) if r else "")
    if n < 1000000:
        th, r = divmod(n, 1000)
        s = "mille" if th == 1 else fr_int(th).replace("quatre-vingts", "quatre-vingt") \
            .replace("cents", "cent") + " mille"
        return s + (" " + fr_int(r) if r else "")
    return str(n)


DE_U = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
        "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
        "achtzehn", "neunzehn"]
DE_T = {2: "zwanzig", 3: "dreißig", 4: "vierzig", 5: "fünfzig", 6: "sechzig",
        7: "siebzig", 8: "achtzig", 9: "neunzig"}


def de_int(n):
    if n < 0:
        return "minus " + de_int(-n)
    if n < 20:
        return DE_U[n]
    if n < 100:
        t, u = divmod(n, 10)
        if u == 0:
            return DE_T[t]
        return ("ein" if u == 1 else DE_U[u]) + "und" + DE_T[t]
    if n < 1000:
        h, r = divmod(n, 100)
        return ("ein" if h == 1 else DE_U[h]) + "hundert" + (de_int(r) if r else "")
    if n < 1000000:
        th, r = divmod(n, 1000)
        pre = "ein" if th == 1 else de_int(th)
        if pre.endswith("eins"):
            pre = pre[:-1]
        return pre + "tausend" + (de_int(r) if r else "")
    return str(n)


ES_U = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
        "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
        "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés",
        "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho",
        "veintinueve"]
ES_T = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta",
        8: "ochenta", 9: "noventa"}
ES_H = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos",
        5: "quinientos", 6: "seiscientos", 7: "setecientos", 8: "ochocientos",
        9: "novecientos"}


def es_int(n):
    if n < 0:
        return "menos " + es_int(-n)
    if n < 30:
        return ES_U[n]
    if n < 100:
        t, u = divmod(n, 10)
        return ES_T[t] + (" y " + ES_U[u] if u else "")
    if n < 1000:
        if n == 100:
            return "cien"
        h, r = divmod(n, 100)
        return ES_H[h] + (" " + es_int(r) if r else "")
    if n < 1000000:
        th, r = divmod(n, 1000)
        if th == 1:
            s = "mil"
        else:
            s = es_int(th)
            if s.endswith("uno"):
                s = s[:-3] + ("ún" if s.endswith("iuno") else "un")
            s += " mil"
        return s + (" " + es_int(r) if r else "")
    return str(n)


INT_WORDS = {"zh": zh_int, "fr": fr_int, "de": de_int, "es": es_int}
NEG_WORD = {"zh": "负", "fr": "moins ", "de": "minus ", "es": "menos "}


def fmt_num(x):
    if isinstance(x, int):
        return str(x)
    s = ("%.6f" % x).rstrip("0").rstrip(".")
    return s


def words(x, lang):
    s = fmt_num(x)
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    if "." in s:
        ip, fp = s.split(".")
        ip = int(ip)
        if lang == "zh":
            w = zh_int(ip) + "点" + "".join(ZH_D[int(c)] for c in fp)
        elif lang == "fr":
            frac = fr_int(int(fp)) if not fp.startswith("0") else " ".join(FR_U[int(c)] for c in fp)
            w = fr_int(ip) + " virgule " + frac
        elif lang == "de":
            w = de_int(ip) + " Komma " + " ".join(DE_U[int(c)] if c != "1" else "eins" for c in fp)
        else:
            frac = es_int(int(fp)) if not fp.startswith("0") else " ".join(ES_U[int(c)] for c in fp)
            w = es_int(ip) + " coma " + frac
    else:
        w = INT_WORDS[lang](int(s))
    if neg:
        w = NEG_WORD[lang] + w
    return w


FULLW = str.maketrans("0123456789", "０１２３４５６７８９")


def digits(x, lang, rng):
    s = fmt_num(x)
    if "." in s and lang in ("fr", "de", "es") and rng.random() < 0.75:
        s = s.replace(".", ",")
    return s


def render_num(x, lang, mode, rng, qty=False):
    if mode == "a" and isinstance(x, int) and lang != "zh":
        # "eins Euro", "un degrés", "cincuenta y uno euros" read badly: use digits
        if x == 1 or (qty and lang == "es" and x % 10 == 1 and x % 100 != 11):
            mode = "d"
    if mode == "d":
        return digits(x, lang, rng)
    if mode == "w":
        return words(x, lang)
    if mode == "a" and qty and lang == "zh" and x == 2 and rng.random() < 0.5:
        return "两"
    if mode == "W":
        return digits(x, lang, rng).translate(FULLW)
    # auto
    r = rng.random()
    if lang == "zh":
        if r < 0.45:
            return digits(x, lang, rng)
        if r < 0.85:
            return words(x, lang)
        return digits(x, lang, rng).translate(FULLW)
    return digits(x, lang, rng) if r < 0.6 else words(x, lang)


PH = re.compile(r"\{(\w+)(?::(\w))?\}")


def render(text, vals, lang, rng, modes=None, qty=False):
    def rep(m):
        k, mode = m.group(1), m.group(2)
        v = vals[k]
        if isinstance(v, str):
            return v
        return render_num(v, lang, mode or (modes or {}).get(k, "a"), rng, qty)
    return PH.sub(rep, text)


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn")


def casualize(text, lang, rng):
    """Occasionally make the text look typed in a hurry."""
    r = rng.random()
    if lang in ("fr", "es") and r < 0.15:
        text = strip_accents(text)
    elif lang == "de" and r < 0.08:
        text = text.replace("ß", "ss")
    r = rng.random()
    if r < 0.12:
        text = text[:1].lower() + text[1:]
        text = text.rstrip("?.!？。！ ")
        if text.startswith("¿") and "?" not in text:
            text = text[1:]
    return text

# ---------------------------------------------------------------- generators
def dec1(rng, lo, hi):
    return round(rng.uniform(lo, hi), 1)


def num_n(rng):
    r = rng.random()
    if r < 0.45:
        return rng.randint(1, 100)
    if r < 0.72:
        return rng.randint(100, 1000)
    if r < 0.87:
        return dec1(rng, 0.5, 200) if rng.random() < 0.7 else round(rng.uniform(0, 50), 2)
    return -rng.randint(1, 100)


def g_add(rng):
    return {"a": num_n(rng), "b": num_n(rng)}


def g_sub(rng):
    a, b = num_n(rng), abs(num_n(rng))
    if rng.random() < 0.7 and isinstance(a, int) and isinstance(b, int) and 0 <= a < b:
        a, b = b, a
    return {"a": a, "b": b}


def g_subpos(rng):
    a, b = rng.randint(2, 1000), rng.randint(1, 500)
    if a <= b:
        a, b = b + 1, a
    return {"a": a, "b": b}


def g_mul(rng):
    r = rng.random()
    if r < 0.5:
        return {"a": rng.randint(2, 99), "b": rng.randint(2, 30)}
    if r < 0.7:
        return {"a": rng.randint(100, 999), "b": rng.randint(2, 12)}
    if r < 0.85:
        return {"a": dec1(rng, 0.5, 50), "b": rng.randint(2, 20)}
    return {"a": -rng.randint(2, 50), "b": rng.randint(2, 20)}


def g_dbl(rng):
    return {"a": rng.choice([rng.randint(1, 500), dec1(rng, 1, 100)]), "b": 2}


def g_tri(rng):
    return {"a": rng.randint(2, 300), "b": 3}


def g_div(rng):
    r = rng.random()
    if r < 0.65:
        b = rng.randint(2, 25)
        return {"a": b * rng.randint(1, 40), "b": b}
    if r < 0.85:
        return {"a": rng.randint(1, 1000), "b": rng.randint(2, 16)}
    if r < 0.93:
        return {"a": dec1(rng, 1, 100), "b": rng.choice([2, 4, 5, 10])}
    b = rng.randint(2, 10)
    return {"a": -b * rng.randint(1, 20), "b": b}


def g_divexact(rng):
    b = rng.randint(2, 25)
    return {"a": b * rng.randint(2, 40), "b": b}


def g_half(rng):
    return {"a": rng.choice([2 * rng.randint(1, 500), rng.randint(1, 999)]), "b": 2}


def g_quarter(rng):
    return {"a": 4 * rng.randint(1, 100), "b": 4}


def g_div0(rng):
    return {"a": rng.randint(1, 500), "b": 0}


def g_pow(rng):
    r = rng.random()
    if r < 0.45:
        return {"a": rng.randint(2, 12), "b": rng.randint(2, 4)}
    if r < 0.7:
        return {"a": 2, "b": rng.randint(5, 10)}
    if r < 0.82:
        return {"a": -rng.randint(2, 5), "b": 3}  # odd exponent: no (-x)^2 vs -(x^2) ambiguity
    if r < 0.92:
        return {"a": rng.choice([1.5, 0.5, 2.5, 1.1]), "b": rng.randint(2, 3)}
    return {"a": rng.randint(2, 50), "b": rng.choice([0, 1])}


def g_cube(rng):
    return {"a": rng.choice([rng.randint(2, 15), -rng.randint(2, 6)]), "b": 3}


def g_sq(rng):
    r = rng.random()
    if r < 0.55:
        return {"a": rng.randint(2, 40)}
    if r < 0.75:
        return {"a": rng.randint(40, 999)}
    return {"a": dec1(rng, 0.5, 20)}


def g_pow2(rng):  # bacteria doubling stories
    return {"a": 2, "b": rng.randint(3, 10)}


def g_small_add(rng):
    return {"a": rng.randint(3, 60), "b": rng.randint(2, 40)}


def g_small_sub(rng):
    a = rng.randint(10, 120)
    return {"a": a, "b": rng.randint(1, a - 1)}


def g_small_mul(rng):
    return {"a": rng.randint(2, 25), "b": rng.randint(2, 12)}


def g_small_div(rng):
    b = rng.randint(2, 9)
    return {"a": b * rng.randint(2, 15), "b": b}


def g_price_div(rng):
    return {"a": rng.randint(20, 150), "b": rng.randint(2, 8)}


def g_temp_sub(rng):
    return {"a": rng.choice([rng.randint(-8, -2), rng.randint(2, 30)]), "b": rng.randint(2, 15)}


def g_side(rng):
    return {"a": rng.randint(2, 30)}


def g_price_mul(rng):
    return {"a": rng.choice([rng.randint(2, 40), dec1(rng, 1, 20)]), "b": rng.randint(2, 9)}


G = {k[2:]: v for k, v in globals().items() if k.startswith("g_")}

# multi-step generators
def m_abc(rng):
    return {"a": rng.randint(2, 100), "b": rng.randint(1, 60), "c": rng.randint(2, 12)}


def m_divsq(rng):
    b = rng.randint(2, 10)
    return {"a": b * rng.randint(1, 12), "b": b, "c": 0}


def m_powc(rng):
    return {"a": rng.randint(2, 6), "b": rng.randint(2, 4), "c": rng.randint(1, 50)}


def m_divc(rng):
    b = rng.randint(2, 12)
    return {"a": b * rng.randint(2, 30), "b": b, "c": rng.randint(1, 100)}


def m_small(rng):
    return {"a": rng.randint(2, 20), "b": rng.randint(1, 15), "c": rng.randint(2, 9)}


def m_unsup(rng):
    a = rng.randint(2, 999)
    return {"a": a, "b": rng.randint(2, 999), "c": rng.randint(2, 999),
            "hi": a + rng.randint(5, 300),
            "s": rng.randint(3, 12), "x": round(rng.uniform(1, 100), 2)}


MG = {"abc": m_abc, "divsq": m_divsq, "powc": m_powc, "divc": m_divc, "small": m_small}

# ---------------------------------------------------------------- language data
from lang_zh import ZH  # noqa: E402
from lang_fr import FR  # noqa: E402
from lang_de import DE  # noqa: E402
from lang_es import ES  # noqa: E402

LANGS = {"zh": ZH, "fr": FR, "de": DE, "es": ES}

# conversion pairs
LEN_PAIRS = [("km", "mile"), ("mile", "km"), ("m", "foot"), ("foot", "m"), ("inch", "cm"),
             ("cm", "inch"), ("yard", "m"), ("m", "yard"), ("nmi", "km"), ("km", "nmi"),
             ("mm", "inch"), ("foot", "inch"), ("m", "cm"), ("km", "m"), ("inch", "mm"),
             ("mile", "foot"), ("yard", "foot"), ("cm", "mm"), ("mile", "nmi"), ("foot", "cm")]
TEMP_PAIRS = [("C", "F"), ("F", "C"), ("C", "K"), ("K", "C"), ("F", "K"), ("K", "F")]


def conv_value(kind, rng, f):
    if kind == "len":
        r = rng.random()
        if r < 0.6:
            return rng.randint(1, 500)
        if r < 0.85:
            return dec1(rng, 0.5, 100)
        return rng.randint(500, 5000)
    if f == "C":
        return rng.choice([rng.randint(-40, 250), dec1(rng, -10, 45)])
    if f == "F":
        return rng.randint(-20, 450)
    return rng.choice([rng.randint(200, 400), round(rng.uniform(250, 350), 2)])

# ---------------------------------------------------------------- builders
def rec(text, value, lang, instruction=None, with_instr=True):
    d = {"text": text, "value": clean(value), "split": SPLIT, "lang": lang}
    if with_instr:
        d["instruction"] = instruction
    return d


def spread(templates, n, rng, max_use=2):
    pool = []
    for t in templates:
        pool.extend([t] * max_use)
    rng.shuffle(pool)
    if len(pool) < n:
        raise SystemExit("not enough templates")
    return pool[:n]


def build_paraphrase(L, lang, rng):
    out = []
    tpls = L["paraphrase"]
    special = [t for t in tpls if t[2] == "div0"]
    normal = [t for t in tpls if t[2] != "div0"]
    chosen = spread(normal, 50 - len(special), rng) + special
    rng.shuffle(chosen)
    for instr, text, gkey in chosen:
        vals = G[gkey](rng)
        value = OPS[instr](vals["a"], vals.get("b"))
        t = casualize(render(text, vals, lang, rng), lang, rng)
        out.append(rec(t, value, lang, instr))
    return out


def build_conversion(L, lang, rng):
    out = []
    units = L["units"]
    chosen = spread(L["conversion"], 20, rng)
    for tpl in chosen:
        text, kind = tpl[0], tpl[1]
        if len(tpl) > 2:
            f, t = tpl[2], tpl[3]
        else:
            f, t = rng.choice(LEN_PAIRS if kind == "len" else TEMP_PAIRS)
        if len(tpl) > 4:  # realistic range for a story (lo, hi, decimals)
            lo, hi, nd = tpl[4]
            v = round(rng.uniform(lo, hi), nd) if nd else rng.randint(lo, hi)
        else:
            v = conv_value(kind, rng, f)
        vals = {"v": v, "fu": rng.choice(units[f]), "tu": rng.choice(units[t])}
        if kind == "len":
            value, instr = conv_length(v, f, t), "units.length"
        else:
            value, instr = conv_temp(v, f, t), "units.temperature"
        out.append(rec(casualize(render(text, vals, lang, rng, qty=True), lang, rng), value,
                       lang, instr))
    return out


def build_word(L, lang, rng):
    out = []
    for instr, text, gkey in L["word_problem"]:
        vals = G[gkey](rng)
        value = OPS[instr](vals["a"], vals.get("b"))
        out.append(rec(render(text, vals, lang, rng, qty=True), value, lang, instr))
    return out


def build_multi(L, lang, rng):
    out = []
    for text, gkey, fn in L["multi_step"]:
        vals = MG[gkey](rng)
        value = fn(vals["a"], vals["b"], vals["c"]) if fn else None
        out.append(rec(render(text, vals, lang, rng), value, lang, with_instr=False))
    return out


def build_null(texts, lang, rng):
    out = []
    for text in texts:
        vals = m_unsup(rng)
        out.append(rec(render(text, vals, lang, rng, modes={"x": "d"}), None, lang,
                       with_instr=False))
    return out


COUNTS = {"paraphrase": 50, "conversion": 20, "word_problem": 15, "multi_step": 15,
          "unsupported": 15, "off_topic": 20}


def main():
    rng = random.Random(SEED)
    summary = {}
    for lang, L in LANGS.items():
        sets = {
            "paraphrase": build_paraphrase(L, lang, rng),
            "conversion": build_conversion(L, lang, rng),
            "word_problem": build_word(L, lang, rng),
            "multi_step": build_multi(L, lang, rng),
            "unsupported": build_null(L["unsupported"], lang, rng),
            "off_topic": build_null(L["off_topic"], lang, rng),
        }
        os.makedirs(os.path.join(OUTDIR, lang), exist_ok=True)
        for kind, rows in sets.items():
            assert len(rows) == COUNTS[kind], (lang, kind, len(rows))
            texts = [r["text"] for r in rows]
            assert len(set(texts)) == len(texts), (lang, kind, "duplicate text")
            with open(os.path.join(OUTDIR, lang, kind + ".jsonl"), "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            summary.setdefault(lang, {})[kind] = len(rows)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, OUTDIR)
    main()
