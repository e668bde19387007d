#!/usr/bin/env python3
"""Blind evaluation set generator (zh, fr, de, es). Standard library only.

Writes OUTDIR/LANG/KIND.jsonl. Expected values are computed here.
"""
import json
import os
import random
import sys
from collections import Counter

SEED = 20261208
SPLIT = "heldout"
OUTDIR = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

COUNTS = {"paraphrase": 50, "conversion": 20, "word_problem": 15,
          "multi_step": 15, "unsupported": 15, "off_topic": 20}

# ---------------------------------------------------------------- numbers in words
ZH_D = "零一二三四五六七八九"


def zh_int(n):
    if n < 0:
        return "负" + zh_int(-n)
    if n < 10:
        return ZH_D[n]
    if n < 20:
        return "十" + (ZH_D[n % 10] if n % 10 else "")
    if n >= 10000:
        return str(n)
    parts = [(n // 1000, "千"), (n // 100 % 10, "百"), (n // 10 % 10, "十"), (n % 10, "")]
    s, started, zero = "", False, False
    for d, u in parts:
        if d == 0:
            if started:
                zero = True
            continue
        if zero:
            s += "零"
            zero = False
        if not started and d == 2 and u in ("千", "百"):
            s += "两"
        else:
            s += ZH_D[d]
        s += u
        started = True
    return s


FR_U = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize"]
FR_T = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}


def fr_lt100(n):
    if n < 17:
        return FR_U[n]
    if n < 20:
        return "dix-" + FR_U[n - 10]
    if n < 70:
        t, o = n // 10 * 10, n % 10
        if o == 0:
            return FR_T[t]
        if o == 1:
            return FR_T[t] + " et un"
        return FR_T[t] + "-" + FR_U[o]
    if n < 80:
        if n == 71:
            return "soixante et onze"
        return "soixante-" + fr_lt100(n - 60)
    if n == 80:
        return "quatre-vingts"
    return "quatre-vingt-" + fr_lt100(n - 80)


def fr_lt1000(n):
    h, r = n // 100, n % 100
    if h == 0:
        return fr_lt100(r)
    pre = "cent" if h == 1 else FR_U[h] + " cent"
    if r == 0:
        return pre + ("s" if h > 1 else "")
    return pre + " " + fr_lt100(r)


def fr_int(n):
    if n < 0:
        return "moins " + fr_int(-n)
    if n < 1000:
        return fr_lt1000(n)
    th, r = n // 1000, n % 1000
    pre = "mille" if th == 1 else fr_lt1000(th) + " mille"
    return pre if r == 0 else pre + " " + fr_lt1000(r)


DE_U = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
        "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn",
        "neunzehn"]
DE_T = {2: "zwanzig", 3: "dreißig", 4: "vierzig", 5: "fünfzig", 6: "sechzig", 7: "siebzig",
        8: "achtzig", 9: "neunzig"}


def de_lt100(n):
    if n < 20:
        return DE_U[n]
    t, o = n // 10, n % 10
    if o == 0:
        return DE_T[t]
    return ("ein" if o == 1 else DE_U[o]) + "und" + DE_T[t]


def de_lt1000(n):
    h, r = n // 100, n % 100
    s = ""
    if h:
        s = ("" if h == 1 else DE_U[h]) + "hundert"
    if r:
        s += de_lt100(r)
    return s or "null"


def de_int(n):
    if n < 0:
        return "minus " + de_int(-n)
    if n < 1000:
        return de_lt1000(n)
    th, r = n // 1000, n % 1000
    pre = ("" if th == 1 else de_lt1000(th)) + "tausend"
    return pre + (de_lt1000(r) if r else "")


ES_U = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
        "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho",
        "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro",
        "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"]
ES_T = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta",
        9: "noventa"}
ES_H = {2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos", 6: "seiscientos",
        7: "setecientos", 8: "ochocientos", 9: "novecientos"}


def es_lt100(n):
    if n < 30:
        return ES_U[n]
    t, o = n // 10, n % 10
    return ES_T[t] + ("" if o == 0 else " y " + ES_U[o])


def es_lt1000(n):
    h, r = n // 100, n % 100
    if h == 0:
        return es_lt100(r)
    if h == 1:
        return "cien" if r == 0 else "ciento " + es_lt100(r)
    return ES_H[h] + (" " + es_lt100(r) if r else "")


def es_int(n):
    if n < 0:
        return "menos " + es_int(-n)
    if n < 1000:
        return es_lt1000(n)
    th, r = n // 1000, n % 1000
    pre = "mil" if th == 1 else es_lt1000(th) + " mil"
    return pre + (" " + es_lt1000(r) if r else "")


INT_WORDS = {"zh": zh_int, "fr": fr_int, "de": de_int, "es": es_int}
DEC_WORD = {"zh": "点", "fr": " virgule ", "de": " Komma ", "es": " coma "}


def is_int(x):
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


def words(lang, x):
    if is_int(x):
        return INT_WORDS[lang](int(x))
    s = repr(float(x))
    neg = s.startswith("-")
    s = s.lstrip("-")
    ip, dp = s.split(".")
    w = INT_WORDS[lang](int(ip))
    if lang == "zh":
        frac = "".join(ZH_D[int(c)] for c in dp)
    elif lang == "de" or dp.startswith("0"):
        frac = " ".join(INT_WORDS[lang](int(c)) for c in dp)
    else:
        frac = INT_WORDS[lang](int(dp))
    out = w + DEC_WORD[lang] + frac
    if neg:
        out = {"zh": "负", "fr": "moins ", "de": "minus ", "es": "menos "}[lang] + out
    return out


FW = str.maketrans("0123456789", "０１２３４５６７８９")
LINE = {"fw": False}


def newline():
    """Per-line choice: Chinese lines use full-width digits about one time in six."""
    LINE["fw"] = rng.random() < 0.17


def digits(lang, x, fullwidth=None):
    s = str(int(x)) if is_int(x) else repr(float(x))
    if lang == "zh":
        if fullwidth is None:
            fullwidth = LINE["fw"]
        if fullwidth:
            s = s.translate(FW)
    elif "." in s:
        if lang in ("fr", "de") or rng.random() < 0.7:
            s = s.replace(".", ",")
    return s


def render(lang, x, p_words=0.35, count=False):
    if abs(x) < 10000 and rng.random() < p_words:
        if is_int(x) or len(repr(float(x)).split(".")[1]) <= 2:
            if count and lang == "zh" and x == 2:
                return "两"
            return words(lang, x)
    return digits(lang, x)


def norm(v):
    if v is None:
        return None
    v = round(float(v), 10)
    return int(v) if v.is_integer() else v


# ---------------------------------------------------------------- argument generators
def r_int(lo, hi):
    return rng.randint(lo, hi)


def r_dec(lo, hi, nd=1):
    while True:
        v = round(rng.uniform(lo, hi), nd)
        if not float(v).is_integer():
            return v


def g_add():
    k = rng.random()
    if k < 0.55:
        return (r_int(0, 1000), r_int(0, 1000))
    if k < 0.75:
        return (r_int(1, 100), r_int(1, 100))
    if k < 0.9:
        return (r_dec(0, 100), r_dec(0, 50, rng.choice([1, 2])))
    return (r_int(-80, -1), r_int(1, 200))


def g_sub():
    k = rng.random()
    if k < 0.6:
        a = r_int(10, 1000)
        return (a, r_int(0, a))
    if k < 0.75:
        return (r_int(1, 60), r_int(61, 200))   # negative result
    if k < 0.9:
        return (r_dec(10, 200), r_dec(0, 10))
    return (r_int(-50, -1), r_int(1, 50))


def g_mul():
    k = rng.random()
    if k < 0.6:
        return (r_int(2, 99), r_int(2, 30))
    if k < 0.8:
        return (r_int(10, 500), r_int(2, 9))
    if k < 0.9:
        return (r_dec(0, 20), r_int(2, 12))
    return (r_int(-40, -1), r_int(2, 12))


def g_div():
    k = rng.random()
    b = r_int(2, 25)
    if k < 0.65:
        return (b * r_int(1, 40), b)
    if k < 0.9:
        return (r_int(1, 1000), rng.choice([2, 4, 5, 8, 10]))
    return (-b * r_int(1, 20), b)


def g_pow():
    if rng.random() < 0.15:
        return (2, r_int(5, 10))
    return (r_int(2, 12), rng.choice([2, 3, 3, 4]))


def g_sqrt():
    if rng.random() < 0.8:
        return (r_int(1, 30) ** 2, 0.5)
    return (r_int(2, 200), 0.5)


def g_sq():
    k = rng.random()
    if k < 0.7:
        return (r_int(1, 40),)
    if k < 0.85:
        return (r_dec(0, 12),)
    return (r_int(-25, -1),)


def g_double():
    return (r_int(1, 500), 2)


def g_half():
    return (r_int(1, 1000), 2)


def g_divzero():
    return (r_int(1, 500), 0)


GEN = {"math.add": g_add, "math.subtract": g_sub, "math.multiply": g_mul,
       "math.divide": g_div, "math.power": g_pow, "math.square": g_sq}


def compute(instr, args):
    if instr == "math.add":
        return args[0] + args[1]
    if instr == "math.subtract":
        return args[0] - args[1]
    if instr == "math.multiply":
        return args[0] * args[1]
    if instr == "math.divide":
        return None if args[1] == 0 else args[0] / args[1]
    if instr == "math.power":
        return args[0] ** args[1]
    if instr == "math.square":
        return args[0] * args[0]
    raise ValueError(instr)


# ---------------------------------------------------------------- units
LEN_M = {"km": 1000, "m": 1, "cm": 0.01, "mm": 0.001, "mile": 1609.344, "yard": 0.9144,
         "foot": 0.3048, "inch": 0.0254, "nmi": 1852}
LEN_PAIRS = [("km", "mile"), ("mile", "km"), ("m", "foot"), ("foot", "m"), ("inch", "cm"),
             ("cm", "inch"), ("yard", "m"), ("m", "yard"), ("km", "m"), ("mm", "inch"),
             ("nmi", "km"), ("foot", "inch"), ("mile", "foot"), ("cm", "mm"), ("m", "cm"),
             ("inch", "mm"), ("km", "nmi"), ("yard", "foot")]
TEMP_PAIRS = [("C", "F"), ("F", "C"), ("C", "K"), ("K", "C"), ("F", "K"), ("C", "F"), ("F", "C")]


def conv_length(v, f, t):
    return v * LEN_M[f] / LEN_M[t]


def conv_temp(v, f, t):
    c = {"C": v, "F": (v - 32) * 5 / 9, "K": v - 273.15}[f]
    return {"C": c, "F": c * 9 / 5 + 32, "K": c + 273.15}[t]


def g_len_val():
    k = rng.random()
    if k < 0.7:
        return r_int(1, 500)
    if k < 0.9:
        return r_dec(0, 100)
    return r_int(1000, 5000)


def g_temp_val(f):
    if f == "K":
        return rng.choice([r_int(250, 400), r_dec(250, 400, 2)])
    if f == "F":
        return rng.choice([r_int(-40, 220), r_int(32, 110), r_dec(-10, 110)])
    return rng.choice([r_int(-40, 100), r_int(-10, 40), r_dec(-20, 40), 100, 37])


UNIT_NAMES = {
    "zh": {"km": ["公里", "千米"], "m": ["米"], "cm": ["厘米"], "mm": ["毫米"], "mile": ["英里"],
           "yard": ["码"], "foot": ["英尺"], "inch": ["英寸"], "nmi": ["海里"],
           "C": ["摄氏度"], "F": ["华氏度"], "K": ["开尔文", "开"]},
    "fr": {"km": ["kilomètres", "km"], "m": ["mètres", "m"], "cm": ["centimètres", "cm"],
           "mm": ["millimètres", "mm"], "mile": ["miles"], "yard": ["yards"],
           "foot": ["pieds"], "inch": ["pouces"], "nmi": ["milles nautiques", "milles marins"],
           "C": ["degrés Celsius", "°C"], "F": ["degrés Fahrenheit", "°F"], "K": ["kelvins", "K"]},
    "de": {"km": ["Kilometer", "km"], "m": ["Meter", "m"], "cm": ["Zentimeter", "cm"],
           "mm": ["Millimeter", "mm"], "mile": ["Meilen"], "yard": ["Yards"],
           "foot": ["Fuß"], "inch": ["Zoll"], "nmi": ["Seemeilen"],
           "C": ["Grad Celsius", "°C"], "F": ["Grad Fahrenheit", "°F"], "K": ["Kelvin", "K"]},
    "es": {"km": ["kilómetros", "km", "kilometros"], "m": ["metros", "m"],
           "cm": ["centímetros", "cm"], "mm": ["milímetros", "mm"], "mile": ["millas"],
           "yard": ["yardas"], "foot": ["pies"], "inch": ["pulgadas"], "nmi": ["millas náuticas"],
           "C": ["grados Celsius", "°C", "grados centígrados"],
           "F": ["grados Fahrenheit", "°F"], "K": ["kelvin", "K"]},
}
# target names used after "in/into" (short forms natural there)
TARGET_NAMES = {
    "zh": {"C": ["摄氏度"], "F": ["华氏度"], "K": ["开尔文"]},
    "fr": {"C": ["Celsius", "degrés Celsius"], "F": ["Fahrenheit", "degrés Fahrenheit"], "K": ["kelvins"]},
    "de": {"C": ["Celsius", "Grad Celsius"], "F": ["Fahrenheit", "Grad Fahrenheit"], "K": ["Kelvin"]},
    "es": {"C": ["Celsius", "grados Celsius", "centígrados"], "F": ["Fahrenheit", "grados Fahrenheit"], "K": ["kelvin"]},
}


def uname(lang, u, target=False):
    if target and u in TARGET_NAMES[lang]:
        return rng.choice(TARGET_NAMES[lang][u])
    names = UNIT_NAMES[lang][u]
    return rng.choice(names)


# ---------------------------------------------------------------- templates
# paraphrase: (instruction, text, generator or None for default)
P = {}
P["zh"] = [
    ("math.add", "{a}加{b}等于多少？", None),
    ("math.add", "帮我算一下{a}和{b}的和", None),
    ("math.add", "{a}+{b}=?", None),
    ("math.add", "{a}加上{b}是几", None),
    ("math.add", "把{a}跟{b}加起来", None),
    ("math.subtract", "从{a}里减去{b}", g_sub),
    ("math.subtract", "{a}减{b}得多少", None),
    ("math.subtract", "{a}比{b}多多少？", lambda: (lambda a: (a, r_int(0, a)))(r_int(20, 900))),
    ("math.subtract", "算下{a}减掉{b}。", None),
    ("math.multiply", "{a}乘以{b}", None),
    ("math.multiply", "{a}乘{b}等于几？", None),
    ("math.multiply", "{a}和{b}的乘积是多少", None),
    ("math.multiply", "{a}的两倍是多少", g_double),
    ("math.multiply", "{a}翻一番是多少？", g_double),
    ("math.divide", "{a}除以{b}等于多少", None),
    ("math.divide", "用{b}除{a}，结果是多少？", None),
    ("math.divide", "{a}的一半是多少", g_half),
    ("math.divide", "{a}÷{b}", None),
    ("math.power", "{a}的{b}次方", None),
    ("math.power", "{a}的{b}次幂是多少？", None),
    ("math.power", "{a}开平方", g_sqrt),
    ("math.power", "{a}的平方根是多少", g_sqrt),
    ("math.square", "{a}的平方", None),
    ("math.square", "{a}平方等于多少", None),
    ("math.square", "求{a}的平方。", None),
    ("math.divide", "{a}除以{b}是多少", g_divzero),
]
P["fr"] = [
    ("math.add", "combien font {a} plus {b} ?", None),
    ("math.add", "{a} + {b} ça fait combien", None),
    ("math.add", "additionne {a} et {b}", None),
    ("math.add", "ajoute {b} à {a}", None),
    ("math.add", "c'est quoi la somme de {a} et {b}", None),
    ("math.subtract", "retire {b} de {a}", None),
    ("math.subtract", "{a} moins {b}", None),
    ("math.subtract", "Pourriez-vous soustraire {b} de {a} ?", None),
    ("math.subtract", "enleve {b} a {a} stp", None),
    ("math.multiply", "{a} fois {b}", None),
    ("math.multiply", "multiplie {a} par {b}", None),
    ("math.multiply", "Combien fait {a} multiplié par {b} ?", None),
    ("math.multiply", "le double de {a}", g_double),
    ("math.multiply", "quel est le produit de {a} et {b} ?", None),
    ("math.divide", "{a} divisé par {b}", None),
    ("math.divide", "divise {a} par {b} stp", None),
    ("math.divide", "la moitié de {a} c'est combien ?", g_half),
    ("math.divide", "{a} / {b} = ?", None),
    ("math.power", "{a} puissance {b}", None),
    ("math.power", "{a} à la puissance {b}, ça donne quoi ?", None),
    ("math.power", "racine carrée de {a}", g_sqrt),
    ("math.power", "Quelle est la racine carree de {a}", g_sqrt),
    ("math.square", "{a} au carré", None),
    ("math.square", "calcule le carré de {a}", None),
    ("math.square", "combien fait {a} au carré ?", None),
    ("math.divide", "Divise {a} par {b}.", g_divzero),
]
P["de"] = [
    ("math.add", "was ist {a} plus {b}?", None),
    ("math.add", "wieviel ist {a} und {b} zusammen", None),
    ("math.add", "addiere {a} und {b}", None),
    ("math.add", "Rechne bitte {a} + {b}.", None),
    ("math.add", "Summe von {a} und {b}?", None),
    ("math.subtract", "zieh {b} von {a} ab", None),
    ("math.subtract", "{a} minus {b}", None),
    ("math.subtract", "Was ergibt {a} weniger {b}?", None),
    ("math.subtract", "subtrahiere {b} von {a}", None),
    ("math.subtract", "Wie viel bleibt, wenn ich von {a} {b} abziehe?", None),
    ("math.multiply", "{a} mal {b}", None),
    ("math.multiply", "multipliziere {a} mit {b}", None),
    ("math.multiply", "was ist das Produkt aus {a} und {b}", None),
    ("math.multiply", "verdopple {a}", g_double),
    ("math.multiply", "Das Doppelte von {a}?", g_double),
    ("math.divide", "{a} geteilt durch {b}", None),
    ("math.divide", "teile {a} durch {b}", None),
    ("math.divide", "halbiere {a}", g_half),
    ("math.divide", "Was ist {a} durch {b}?", None),
    ("math.power", "{a} hoch {b}", None),
    ("math.power", "Was ist {a} hoch {b}?", None),
    ("math.power", "Wurzel aus {a}", g_sqrt),
    ("math.power", "Quadratwurzel von {a}?", g_sqrt),
    ("math.square", "{a} zum Quadrat", None),
    ("math.square", "quadriere {a}", None),
    ("math.square", "was gibt {a} im Quadrat", None),
    ("math.divide", "teile {a} durch {b}!", g_divzero),
]
P["es"] = [
    ("math.add", "cuanto es {a} mas {b}", None),
    ("math.add", "¿Cuánto es {a} más {b}?", None),
    ("math.add", "suma {a} y {b}", None),
    ("math.add", "súmale {b} a {a}", None),
    ("math.add", "{a} + {b} cuánto da", None),
    ("math.subtract", "resta {b} de {a}", None),
    ("math.subtract", "{a} menos {b}", None),
    ("math.subtract", "quítale {b} a {a}", None),
    ("math.subtract", "restale {b} a {a} porfa", None),
    ("math.multiply", "{a} por {b}", None),
    ("math.multiply", "multiplica {a} por {b}", None),
    ("math.multiply", "cuanto da {a} multiplicado por {b}", None),
    ("math.multiply", "el doble de {a}", g_double),
    ("math.multiply", "¿Cuál es el producto de {a} y {b}?", None),
    ("math.divide", "{a} entre {b}", None),
    ("math.divide", "divide {a} entre {b}", None),
    ("math.divide", "{a} dividido por {b}?", None),
    ("math.divide", "la mitad de {a}", g_half),
    ("math.power", "{a} elevado a {b}", None),
    ("math.power", "¿{a} elevado a la {b}?", None),
    ("math.power", "raíz cuadrada de {a}", g_sqrt),
    ("math.power", "cual es la raiz cuadrada de {a}", g_sqrt),
    ("math.square", "{a} al cuadrado", None),
    ("math.square", "eleva {a} al cuadrado", None),
    ("math.square", "el cuadrado de {a}?", None),
    ("math.divide", "divide {a} entre {b}", g_divzero),
]

# conversion: (kind, text) kind in L (length) or T (temperature); {v} {f} {t}
C = {}
C["zh"] = [
    ("L", "{v}{f}等于多少{t}？"), ("L", "把{v}{f}换算成{t}"), ("L", "{v}{f}合多少{t}"),
    ("L", "{v}{f}是几{t}"), ("L", "请将{v}{f}转换为{t}。"), ("L", "{f}转{t}：{v}"),
    ("L", "{v}{f}有多少{t}啊"),
    ("T", "{v}{f}是多少{t}？"), ("T", "室外{v}{f}，换成{t}是多少"), ("T", "{v}{f}换算{t}"),
    ("T", "把{v}{f}转成{t}"),
]
C["fr"] = [
    ("L", "combien font {v} {f} en {t} ?"), ("L", "convertis {v} {f} en {t}"),
    ("L", "{v} {f}, ça fait combien de {t}"), ("L", "Pouvez-vous convertir {v} {f} en {t} ?"),
    ("L", "{v} {f} = ? {t}"), ("L", "c'est combien {v} {f} en {t}"),
    ("L", "j'aimerais savoir combien de {t} il y a dans {v} {f}"),
    ("T", "{v} {f} en {t}"), ("T", "il fait {v} {f}, ça donne combien en {t} ?"),
    ("T", "Convertir {v} {f} en {t}."), ("T", "combien fait {v} {f} en {t}"),
]
C["de"] = [
    ("L", "wie viel sind {v} {f} in {t}?"), ("L", "rechne {v} {f} in {t} um"),
    ("L", "{v} {f} in {t}"), ("L", "Wie viele {t} sind {v} {f}?"),
    ("L", "Bitte {v} {f} in {t} umrechnen."), ("L", "wieviel {t} sind {v} {f}"),
    ("L", "{v} {f} entsprechen wie vielen {t}?"),
    ("T", "{v} {f} in {t}?"), ("T", "Es hat {v} {f}, wie viel ist das in {t}?"),
    ("T", "rechne {v} {f} in {t} um bitte"), ("T", "Umrechnung: {v} {f} nach {t}"),
]
C["es"] = [
    ("L", "¿Cuánto serían {v} {f} en {t}?"), ("L", "convierte {v} {f} a {t}"),
    ("L", "dime {v} {f} en {t}"), ("L", "{v} {f} en {t}"),
    ("L", "Pasa {v} {f} a {t}, por favor."), ("L", "¿a cuánto equivalen {v} {f} en {t}?"),
    ("L", "necesito {v} {f} en {t}"),
    ("T", "{v} {f} a {t}"), ("T", "hace {v} {f}, ¿cuánto es en {t}?"),
    ("T", "Convierte {v} {f} a {t}."), ("T", "cuanto son {v} {f} en {t}"),
]


def sub_pos():
    a = r_int(10, 200)
    return (a, r_int(1, a - 1))


def add_small():
    return (r_int(2, 150), r_int(1, 80))


def mul_small():
    return (r_int(2, 20), r_int(2, 25))


def div_exact():
    b = r_int(2, 12)
    return (b * r_int(2, 20), b)


def sq_side():
    return (r_int(2, 30),)


# word problems: (instruction, text, generator); a, b as in the instruction's argument order
W = {}
W["zh"] = [
    ("math.subtract", "妈妈买了{a}个鸡蛋，用了{b}个，还剩多少个？", sub_pos),
    ("math.add", "小明有{a}本书，小红又送给他{b}本，他现在一共有多少本？", add_small),
    ("math.multiply", "一共{a}箱苹果，每箱{b}个，总共有多少个苹果？", mul_small),
    ("math.divide", "{a}块糖平均分给{b}个小朋友，每人分几块？", div_exact),
    ("math.square", "一个正方形花坛边长{a}米，面积是多少平方米？", sq_side),
    ("math.add", "班上有{a}个男生和{b}个女生，全班一共多少人", add_small),
    ("math.subtract", "我钱包里有{a}元，买东西花了{b}元，还剩多少钱？", sub_pos),
    ("math.multiply", "每天跑{b}圈，跑了{a}天，一共跑了多少圈？", mul_small),
    ("math.divide", "一根{a}米长的绳子剪成{b}段一样长的，每段多长？", div_exact),
    ("math.subtract", "停车场停了{a}辆车，开走了{b}辆，还有几辆", sub_pos),
]
W["fr"] = [
    ("math.add", "J'ai {a} billes et j'en gagne {b}, combien en ai-je ?", add_small),
    ("math.subtract", "Marie avait {a} euros, elle en dépense {b}. Combien lui reste-t-il ?", sub_pos),
    ("math.multiply", "Il y a {a} boîtes de {b} chocolats. Combien de chocolats en tout ?", mul_small),
    ("math.divide", "On partage {a} bonbons entre {b} enfants, combien chacun en reçoit ?", div_exact),
    ("math.square", "Un carré a un côté de {a} cm, quelle est son aire ?", sq_side),
    ("math.subtract", "Dans le bus il y a {a} passagers, {b} descendent. Combien en reste-t-il ?", sub_pos),
    ("math.add", "Paul lit {a} pages le matin et {b} le soir, ça fait combien de pages", add_small),
    ("math.multiply", "{a} personnes achètent chacune un billet à {b} euros, combien paient-elles en tout ?", mul_small),
    ("math.divide", "{a} litres de jus répartis dans {b} bouteilles, combien par bouteille ?", div_exact),
    ("math.add", "il y avait {a} moutons dans le pré et le berger en ramène {b}. combien ya-t-il de moutons maintenant", add_small),
]
W["de"] = [
    ("math.add", "Ich habe {a} Murmeln und bekomme {b} dazu. Wie viele habe ich jetzt?", add_small),
    ("math.subtract", "Anna hat {a} Euro und gibt {b} Euro aus. Wieviel bleibt übrig?", sub_pos),
    ("math.multiply", "Im Keller stehen {a} Kisten mit je {b} Flaschen. Wie viele Flaschen sind das?", mul_small),
    ("math.divide", "{a} Bonbons werden gerecht auf {b} Kinder verteilt. Wie viele bekommt jedes Kind?", div_exact),
    ("math.square", "Ein quadratisches Beet hat eine Seitenlänge von {a} Metern. Wie groß ist die Fläche?", sq_side),
    ("math.subtract", "Im Zug sitzen {a} Leute, {b} steigen aus. Wie viele sind noch drin?", sub_pos),
    ("math.add", "Tom liest am Montag {a} Seiten und am Dienstag {b} Seiten. Wie viele insgesamt?", add_small),
    ("math.multiply", "{a} Personen kaufen je ein Ticket für {b} Euro. Was zahlen sie zusammen?", mul_small),
    ("math.divide", "{a} Liter Saft kommen in {b} gleich große Flaschen, wie viel in jede?", div_exact),
    ("math.subtract", "Oma backt {a} Kekse, wir essen {b} davon. wieviele sind noch übrig", sub_pos),
]
W["es"] = [
    ("math.add", "Tengo {a} canicas y me regalan {b}, ¿cuántas tengo ahora?", add_small),
    ("math.subtract", "Juan tenía {a} euros y gastó {b}. ¿Cuánto le queda?", sub_pos),
    ("math.multiply", "Compré {a} cajas con {b} lápices cada una, ¿cuántos lápices tengo?", mul_small),
    ("math.divide", "Reparto {a} caramelos entre {b} niños, cuantos le tocan a cada uno", div_exact),
    ("math.square", "Un cuadrado mide {a} cm de lado, ¿cuál es su área?", sq_side),
    ("math.subtract", "En el autobús van {a} personas y se bajan {b}. ¿Cuántas quedan?", sub_pos),
    ("math.add", "María leyó {a} páginas ayer y {b} hoy. ¿Cuántas páginas leyó en total?", add_small),
    ("math.multiply", "Vamos {a} personas al cine y la entrada cuesta {b} pesos, ¿cuánto pagamos?", mul_small),
    ("math.divide", "{a} litros de agua en {b} botellas iguales, ¿cuánto va en cada botella?", div_exact),
    ("math.add", "habia {a} pajaros en el arbol y llegaron {b} mas cuantos hay", add_small),
]


# multi-step: (text, generator -> (a,b,c), fn(a,b,c) or None for ambiguous)
def m3():
    return (r_int(2, 100), r_int(2, 50), r_int(2, 9))


def m_sub_div():
    c = r_int(2, 9)
    b = r_int(1, 50)
    return (b + c * r_int(1, 30), b, c)


def m_div_mul():
    b = r_int(2, 12)
    return (b * r_int(2, 30), b, r_int(2, 9))


def m_add_half():
    return (r_int(1, 300), r_int(1, 300), 0)


def m_pow():
    return (r_int(2, 9), rng.choice([2, 3]), r_int(1, 100))


def m_sq():
    return (r_int(2, 30), r_int(1, 100), 0)


def m_dbl():
    return (r_int(2, 200), r_int(1, 100), 0)


def m_amb():
    return (r_int(2, 60), r_int(2, 30), 0)


F_ADD_MUL = lambda a, b, c: (a + b) * c
F_SUB_DIV = lambda a, b, c: (a - b) / c
F_MUL_ADD = lambda a, b, c: a * b + c
F_DIV_MUL = lambda a, b, c: a / b * c
F_ADD_HALF = lambda a, b, c: (a + b) / 2
F_POW_SUB = lambda a, b, c: a ** b - c
F_POW_ADD = lambda a, b, c: a ** b + c
F_SQ_SUB = lambda a, b, c: a * a - b
F_DBL_SUB = lambda a, b, c: 2 * a - b
F_DBL_ADD = lambda a, b, c: 2 * a + b

M = {}
M["zh"] = [
    ("{a}加{b}，然后乘以{c}", m3, F_ADD_MUL),
    ("先算{a}减{b}，再除以{c}", m_sub_div, F_SUB_DIV),
    ("{a}乘{b}之后再加上{c}", m3, F_MUL_ADD),
    ("{a}除以{b}，然后再乘{c}。", m_div_mul, F_DIV_MUL),
    ("把{a}和{b}加起来，结果再除以二", m_add_half, F_ADD_HALF),
    ("{a}的平方再减去{b}", m_sq, F_SQ_SUB),
    ("先把{a}翻倍，之后再加{b}", m_dbl, F_DBL_ADD),
    ("算一下{a}的{b}次方，然后减去{c}", m_pow, F_POW_SUB),
    ("{a}加{b}，然后再乘一下", m_amb, None),
    ("先减去{a}，再除以{b}", m_amb, None),
]
M["fr"] = [
    ("additionne {a} et {b}, puis multiplie par {c}", m3, F_ADD_MUL),
    ("{a} moins {b}, ensuite divise le résultat par {c}", m_sub_div, F_SUB_DIV),
    ("fais {a} fois {b} puis ajoute {c}", m3, F_MUL_ADD),
    ("prends {a}, double-le, puis retire {b}", m_dbl, F_DBL_SUB),
    ("{a} au carré, ensuite enlève {b}", m_sq, F_SQ_SUB),
    ("Calcule {a} divisé par {b} et ensuite multiplie ça par {c}.", m_div_mul, F_DIV_MUL),
    ("ajoute {a} à {b} puis divise par deux", m_add_half, F_ADD_HALF),
    ("{a} puissance {b}, puis moins {c}", m_pow, F_POW_SUB),
    ("additionne {a} et {b} puis multiplie", m_amb, None),
    ("retire {a} puis divise par {b}", m_amb, None),
]
M["de"] = [
    ("{a} plus {b}, dann mal {c}", m3, F_ADD_MUL),
    ("zieh {b} von {a} ab und teile das Ergebnis danach durch {c}", m_sub_div, F_SUB_DIV),
    ("rechne {a} mal {b} und dann plus {c}", m3, F_MUL_ADD),
    ("verdopple {a} und zieh dann {b} ab", m_dbl, F_DBL_SUB),
    ("{a} zum Quadrat, danach minus {b}", m_sq, F_SQ_SUB),
    ("Teile {a} durch {b}, dann multiplizier das mit {c}.", m_div_mul, F_DIV_MUL),
    ("addiere {a} und {b} und halbiere dann das Ergebnis", m_add_half, F_ADD_HALF),
    ("{a} hoch {b} und danach {c} dazu", m_pow, F_POW_ADD),
    ("addiere {a} und {b} und teile dann", m_amb, None),
    ("zieh {a} ab und multipliziere danach mit {b}", m_amb, None),
]
M["es"] = [
    ("suma {a} y {b} y luego multiplica por {c}", m3, F_ADD_MUL),
    ("{a} menos {b}, después divídelo entre {c}", m_sub_div, F_SUB_DIV),
    ("multiplica {a} por {b} y luego súmale {c}", m3, F_MUL_ADD),
    ("el doble de {a} y después réstale {b}", m_dbl, F_DBL_SUB),
    ("{a} al cuadrado y luego menos {b}", m_sq, F_SQ_SUB),
    ("divide {a} entre {b} y despues multiplica por {c}", m_div_mul, F_DIV_MUL),
    ("suma {a} más {b} y luego sácale la mitad", m_add_half, F_ADD_HALF),
    ("{a} elevado a {b}, luego réstale {c}", m_pow, F_POW_SUB),
    ("suma {a} y {b} y luego divide", m_amb, None),
    ("réstale {a} y después multiplica por {b}", m_amb, None),
]


# unsupported: text with {a} {b} {c} {d}(decimal); value null
def g_unsup():
    a = r_int(2, 500)
    b = r_int(a + 1, a + 300)
    return (a, b, r_int(2, 100), r_dec(1, 100, 2), r_int(3, 12))


U = {}
U["zh"] = [
    "{a}的立方根是多少", "算一下{e}的阶乘", "{a}是质数吗？", "{a}、{b}、{c}的平均数是多少",
    "价格从{a}涨到{b}，涨了百分之几？", "把{d}四舍五入到整数", "{c}公斤等于多少磅？",
    "{a}欧元换成美元是多少", "{a}和{b}的最大公约数", "{b}除以{c}的余数是多少",
    "以10为底{a}的对数", "{c}升是多少加仑", "{c}度角的正弦值是多少", "{a}平方米合多少平方英尺",
    "把{a}、{b}、{c}从小到大排一下序",
]
U["fr"] = [
    "racine cubique de {a}", "calcule la factorielle de {e}", "est-ce que {a} est un nombre premier ?",
    "c'est quoi la moyenne de {a}, {b} et {c}", "le prix est passé de {a} à {b}, ça fait quel pourcentage d'augmentation ?",
    "arrondis {d} à l'entier le plus proche", "combien de livres font {c} kilos ?",
    "convertis {a} euros en dollars", "PGCD de {a} et {b}", "quel est le reste de la division de {b} par {c}",
    "logarithme de {a}", "{c} litres en gallons", "sinus de {c} degrés", "{a} mètres carrés en pieds carrés",
    "range {b}, {a} et {c} dans l'ordre croissant",
]
U["de"] = [
    "Kubikwurzel aus {a}", "was ist die Fakultät von {e}", "ist {a} eine Primzahl?",
    "Durchschnitt von {a}, {b} und {c}", "Der Preis stieg von {a} auf {b}. Um wie viel Prozent?",
    "runde {d} auf eine ganze Zahl", "wie viel Pfund sind {c} kg", "{a} Euro in Dollar umrechnen",
    "ggT von {a} und {b}", "welcher Rest bleibt bei {b} durch {c}", "Logarithmus von {a}",
    "{c} Liter in Gallonen", "Sinus von {c} Grad", "{a} Quadratmeter in Quadratfuß",
    "sortiere {b}, {a} und {c} der Größe nach",
]
U["es"] = [
    "raíz cúbica de {a}", "cuanto es el factorial de {e}", "¿{a} es un número primo?",
    "sácame el promedio de {a}, {b} y {c}", "el precio subió de {a} a {b}, ¿qué porcentaje aumentó?",
    "redondea {d} al entero más cercano", "cuántas libras son {c} kilos", "pasa {a} euros a dólares",
    "máximo común divisor de {a} y {b}", "¿cuál es el resto de dividir {b} entre {c}?",
    "logaritmo de {a}", "{c} litros en galones", "seno de {c} grados", "{a} metros cuadrados a pies cuadrados",
    "ordena de menor a mayor {b}, {a} y {c}",
]

O = {}
O["zh"] = [
    "你好", "今天天气怎么样？", "给我讲个笑话吧", "我有3个孩子", "明天北京几点日出",
    "帮我写一封请假邮件", "你叫什么名字？", "推荐一部电影", "我今年35岁了", "谢谢你！",
    "红烧肉怎么做", "现在几点了", "我家住在５楼", "帮我订一张去上海的火车票",
    "你会说英语吗", "周末有什么好玩的地方？", "我昨天跑了5公里，好累啊", "晚安",
    "把这句话翻译成英文：我爱你", "第2章讲的是什么",
]
O["fr"] = [
    "Bonjour !", "quel temps fait-il demain à Lyon ?", "raconte-moi une blague", "j'ai 3 enfants",
    "tu t'appelles comment", "Merci beaucoup", "peux-tu m'écrire un mail pour mon patron ?",
    "j'habite au 12 rue de la Paix", "recommande-moi un bon film", "j'ai couru 10 km ce matin, je suis crevé",
    "quelle heure est-il ?", "comment faire une pâte à crêpes", "ma fille a eu 18 ans hier",
    "réserve une table pour 4 personnes ce soir", "tu parles anglais ?", "bonne nuit",
    "traduis « je t'aime » en espagnol", "c'est quoi la capitale du Canada", "salut ça va",
    "le train de 8h15 est en retard",
]
O["de"] = [
    "Hallo!", "wie wird das Wetter morgen in Berlin?", "erzähl mir einen Witz", "ich habe 3 Kinder",
    "Wie heißt du?", "danke dir", "Schreib mir bitte eine E-Mail an meinen Chef",
    "ich wohne in der Hauptstraße 12", "Kannst du mir einen Film empfehlen?", "bin heute 10 km gelaufen, total fertig",
    "wie spät ist es", "Wie backe ich einen Apfelkuchen?", "meine Tochter ist gestern 18 geworden",
    "reservier einen Tisch für 4 Personen heute abend", "sprichst du Englisch?", "gute Nacht",
    "übersetze 'ich liebe dich' ins Französische", "was ist die Hauptstadt von Kanada", "Na, wie gehts?",
    "der Zug um 8:15 hat Verspätung",
]
O["es"] = [
    "hola", "¿Qué tiempo hará mañana en Madrid?", "cuentame un chiste", "tengo 3 hijos",
    "¿Cómo te llamas?", "muchas gracias!", "escríbeme un correo para mi jefe",
    "vivo en la calle Mayor 12", "recomiéndame una película", "hoy corrí 10 km, estoy muerto",
    "que hora es", "¿Cómo se hace una tortilla de patatas?", "mi hija cumplió 18 años ayer",
    "reserva una mesa para 4 personas esta noche", "hablas ingles?", "buenas noches",
    "traduce 'te quiero' al francés", "cuál es la capital de Canadá", "qué tal estás",
    "el tren de las 8:15 viene con retraso",
]


# ---------------------------------------------------------------- builders
def cycle(templates, n):
    """Round-robin over shuffled templates; each used at most ceil(n/len) times."""
    order = list(range(len(templates)))
    rng.shuffle(order)
    out = [templates[order[i % len(order)]] for i in range(n)]
    return out


def rec(lang, text, value, instr):
    return {"text": text, "value": norm(value), "split": SPLIT, "lang": lang, "instruction": instr}


def uniq(make, seen):
    for _ in range(200):
        r = make()
        if r["text"] not in seen:
            seen.add(r["text"])
            return r
    raise RuntimeError("could not make a unique line")


def build_paraphrase(lang):
    seen, out = set(), []
    tpls = P[lang]
    # the divide-by-zero template once, the others round-robin
    main = [t for t in tpls if t[2] is not g_divzero]
    zero = [t for t in tpls if t[2] is g_divzero]
    chosen = zero + cycle(main, COUNTS["paraphrase"] - len(zero))
    for instr, fmt, gen in chosen:
        def make():
            args = (gen or GEN[instr])()
            newline()
            pw = 0.0 if any(ch in fmt for ch in "+÷/=") else 0.35
            r = {k: render(lang, v, pw) for k, v in zip("ab", args)}
            return rec(lang, fmt.format(**r), compute(instr, args), instr)
        out.append(uniq(make, seen))
    return out


def build_conversion(lang):
    seen, out = set(), []
    L = [t for t in C[lang] if t[0] == "L"]
    T = [t for t in C[lang] if t[0] == "T"]
    chosen = cycle(L, 12) + cycle(T, 8)
    for kind, fmt in chosen:
        def make():
            if kind == "L":
                f, t = rng.choice(LEN_PAIRS)
                v = g_len_val()
                val, instr = conv_length(v, f, t), "units.length"
            else:
                f, t = rng.choice(TEMP_PAIRS)
                v = g_temp_val(f)
                val, instr = conv_temp(v, f, t), "units.temperature"
            newline()
            vs = render(lang, v, 0.25)
            text = fmt.format(v=vs, f=uname(lang, f), t=uname(lang, t, target=True))
            return rec(lang, text, val, instr)
        out.append(uniq(make, seen))
    return out


def build_word(lang):
    seen, out = set(), []
    for instr, fmt, gen in cycle(W[lang], COUNTS["word_problem"]):
        def make():
            args = gen()
            newline()
            r = {k: render(lang, v, 0.3, count=True) for k, v in zip("ab", args)}
            return rec(lang, fmt.format(**r), compute(instr, args), instr)
        out.append(uniq(make, seen))
    return out


def build_multi(lang):
    seen, out = set(), []
    clear = [t for t in M[lang] if t[2] is not None]
    amb = [t for t in M[lang] if t[2] is None]
    chosen = amb + cycle(clear, COUNTS["multi_step"] - len(amb))
    for fmt, gen, fn in chosen:
        def make():
            a, b, c = gen()
            newline()
            r = {k: render(lang, v, 0.3) for k, v in zip("abc", (a, b, c))}
            val = fn(a, b, c) if fn else None
            return rec(lang, fmt.format(**r), val, None)
        out.append(uniq(make, seen))
    return out


def build_unsup(lang):
    seen, out = set(), []
    for fmt in U[lang]:
        def make():
            a, b, c, d, e = g_unsup()
            newline()
            r = {"a": render(lang, a, 0.25), "b": render(lang, b, 0.25),
                 "c": render(lang, c, 0.25), "d": digits(lang, d),
                 "e": render(lang, e, 0.25)}
            return rec(lang, fmt.format(**r), None, None)
        out.append(uniq(make, seen))
    return out


def build_off(lang):
    return [rec(lang, t, None, None) for t in O[lang]]


BUILDERS = {"paraphrase": build_paraphrase, "conversion": build_conversion,
            "word_problem": build_word, "multi_step": build_multi,
            "unsupported": build_unsup, "off_topic": build_off}


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else OUTDIR
    for lang in ("zh", "fr", "de", "es"):
        os.makedirs(os.path.join(outdir, lang), exist_ok=True)
        for kind, n in COUNTS.items():
            rows = BUILDERS[kind](lang)
            assert len(rows) == n, (lang, kind, len(rows))
            assert len({r["text"] for r in rows}) == n, (lang, kind, "duplicate text")
            with open(os.path.join(outdir, lang, kind + ".jsonl"), "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            print(lang, kind, len(rows))


if __name__ == "__main__":
    main()
