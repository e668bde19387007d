#!/usr/bin/env python3
"""Blind evaluation set generator: zh / fr / de / es instructions.

Writes OUTDIR/LANG/KIND.jsonl.  Expected values are computed here (exact
arithmetic with Fraction, then converted to int / float).
Standard library only.
"""
import json
import os
import random
import sys
import unicodedata
from decimal import Decimal
from fractions import Fraction

SEED = 2020
SPLIT = "heldout"
OUT = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

D = Decimal


# ---------------------------------------------------------------- numbers ---
def dec1(lo, hi):
    """random one-decimal number in [lo, hi], never a whole number"""
    while True:
        n = rng.randint(int(lo * 10), int(hi * 10))
        if n % 10:
            return D(n) / D(10)


def ri(lo, hi):
    return D(rng.randint(lo, hi))


def fr_(x):
    return Fraction(x)


def out_value(x):
    if x is None:
        return None
    x = Fraction(x)
    if x.denominator == 1:
        return int(x)
    return round(float(x), 10)


# --- Chinese words
ZH_D = "零一二三四五六七八九"


def zh_section(s, leading):
    res = ""
    zero = False
    started = False
    for val, u in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = s // val % 10
        if d == 0:
            if started:
                zero = True
            continue
        if zero:
            res += "零"
            zero = False
        ch = ZH_D[d]
        if d == 2 and not started and leading and u == "千":
            ch = "两"
        elif d == 2 and not started and leading and u == "百" and rng.random() < 0.5:
            ch = "两"
        if d == 1 and u == "十" and not started and leading:
            ch = ""
        res += ch + u
        started = True
    return res


def zh_int(n):
    if n == 0:
        return "零"
    if n >= 10000:
        hi, lo = divmod(n, 10000)
        s = zh_section(hi, True) + "万"
        if lo:
            if lo < 1000:
                s += "零"
            s += zh_section(lo, False)
        return s
    return zh_section(n, True)


# --- French words
FR_U = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
        "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
FR_T = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def fr_below100(n, final=True):
    if n < 17:
        return FR_U[n]
    if n < 20:
        return "dix-" + FR_U[n - 10]
    t, u = divmod(n, 10)
    if t < 7:
        if u == 0:
            return FR_T[t]
        if u == 1:
            return FR_T[t] + " et un"
        return FR_T[t] + "-" + FR_U[u]
    if t == 7:
        if u == 1:
            return "soixante et onze"
        return "soixante-" + fr_below100(10 + u)
    # 80..99
    if n == 80:
        return "quatre-vingts" if final else "quatre-vingt"
    return "quatre-vingt-" + fr_below100(n - 80)


def fr_below1000(n, final=True):
    h, r = divmod(n, 100)
    parts = []
    if h == 1:
        parts.append("cent")
    elif h > 1:
        parts.append(FR_U[h] + (" cents" if r == 0 and final else " cent"))
    if r or not parts:
        parts.append(fr_below100(r, final))
    return " ".join(parts)


def fr_int(n):
    if n >= 1000:
        th, r = divmod(n, 1000)
        s = "mille" if th == 1 else fr_below1000(th, final=False) + " mille"
        if r:
            s += " " + fr_below1000(r)
        return s
    return fr_below1000(n)


# --- German words
DE_U = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
        "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn",
        "achtzehn", "neunzehn"]
DE_T = {2: "zwanzig", 3: "dreißig", 4: "vierzig", 5: "fünfzig", 6: "sechzig", 7: "siebzig",
        8: "achtzig", 9: "neunzig"}


def de_below100(n, final=True):
    if n < 20:
        if n == 1 and not final:
            return "ein"
        return DE_U[n]
    t, u = divmod(n, 10)
    if u == 0:
        return DE_T[t]
    return ("ein" if u == 1 else DE_U[u]) + "und" + DE_T[t]


def de_below1000(n, final=True):
    h, r = divmod(n, 100)
    s = ""
    if h == 1:
        s = rng.choice(["ein", ""]) + "hundert"
    elif h > 1:
        s = DE_U[h] + "hundert"
    if r:
        s += de_below100(r, final)
    elif not s:
        s = de_below100(0)
    return s


def de_int(n):
    if n >= 1000:
        th, r = divmod(n, 1000)
        s = (rng.choice(["ein", ""]) if th == 1 else de_below1000(th, final=False)) + "tausend"
        if r:
            s += de_below1000(r)
        return s
    return de_below1000(n)


# --- Spanish words
ES_U = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
        "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
        "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés",
        "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"]
ES_T = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta",
        9: "noventa"}
ES_H = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos",
        6: "seiscientos", 7: "setecientos", 8: "ochocientos", 9: "novecientos"}


def es_below100(n):
    if n < 30:
        return ES_U[n]
    t, u = divmod(n, 10)
    return ES_T[t] + ("" if u == 0 else " y " + ES_U[u])


def es_below1000(n):
    if n == 100:
        return "cien"
    h, r = divmod(n, 100)
    parts = []
    if h:
        parts.append(ES_H[h])
    if r or not parts:
        parts.append(es_below100(r))
    return " ".join(parts)


def es_int(n):
    if n >= 1000:
        th, r = divmod(n, 1000)
        s = "mil" if th == 1 else es_below1000(th) + " mil"
        if r:
            s += " " + es_below1000(r)
        return s
    return es_below1000(n)


INT_WORDS = {"zh": zh_int, "fr": fr_int, "de": de_int, "es": es_int}
NEG = {"zh": "负", "fr": "moins ", "de": "minus ", "es": "menos "}
POINT = {"zh": "点", "fr": " virgule ", "de": " Komma ", "es": " coma "}
FW = str.maketrans("0123456789", "０１２３４５６７８９")


def words(lang, d):
    neg = d < 0
    d = abs(d)
    s = format(d, "f")
    ip, _, fp = s.partition(".")
    w = INT_WORDS[lang](int(ip))
    if fp:
        if lang == "zh" or lang == "de" or fp.startswith("0") or len(fp) > 2:
            fw = ("" if lang == "zh" else " ").join(INT_WORDS[lang](int(c)) for c in fp)
        else:
            fw = INT_WORDS[lang](int(fp))
        w += POINT[lang] + fw
    return (NEG[lang] + w) if neg else w


def can_words(d):
    d = abs(d)
    s = format(d, "f")
    ip, _, fp = s.partition(".")
    return int(ip) <= 9999 and len(fp) <= 2


def digits(lang, d, sym=False):
    s = format(d, "f")
    if "." in s and lang in ("fr", "de", "es") and rng.random() < 0.8:
        s = s.replace(".", ",")
    if lang == "zh" and "." not in s and rng.random() < 0.2:
        s = s.translate(FW)
    if sym and d < 0:
        s = "(" + s + ")"
    return s


ZH_CLS = set("份个本支块辆人斤元张棵页段小米公英海码厘毫倍")
FR_FEM = {"billes", "personnes", "pages", "boîtes", "heures", "cartes", "filles", "parts"}
ES_FEM = {"canicas", "galletas", "personas", "páginas", "entradas", "cajas", "horas", "millas",
          "pulgadas", "yardas", "partes", "chicas"}


def agree(lang, d, s, after, nouns):
    """make a number written in words agree with the noun that follows it;
    returns None when the word form would be awkward (caller uses digits)"""
    nxt = after.strip().split(" ")[0].strip(",.?!") if after.strip() else ""
    if lang == "zh":
        if s == "二" and after[:1] in ZH_CLS:
            return "两"
        return s
    if lang == "fr":
        if nxt in FR_FEM and s.endswith("un"):
            return s + "e"
        return s
    if lang == "es":
        if nxt in ES_FEM:
            s = s.replace("ientos", "ientas")
            if s.endswith("uno"):
                s = s[:-1] + "a"
        elif nouns and s.endswith("uno"):
            s = s[:-4] + "ún" if s.endswith("veintiuno") else s[:-1]
        return s
    if lang == "de":
        if nouns and s.endswith("eins") and (nxt[:1].isupper() or nxt in ("km", "cm", "mm", "kg")):
            return None
        return s
    return s


def render(lang, d, sym=False, pwords=0.35, after="", nouns=False):
    if not sym and can_words(d) and rng.random() < pwords:
        s = agree(lang, d, words(lang, d), after, nouns)
        if s is not None:
            return s
    return digits(lang, d, sym)


def fill(lang, tmpl, vals, pwords=0.35, nouns=False):
    sym = tmpl.startswith("#")
    if sym:
        tmpl = tmpl[1:]
    rendered = {}
    for k, v in vals.items():
        tag = "{%s}" % k
        after = tmpl[tmpl.index(tag) + len(tag):]
        rendered[k] = render(lang, v, sym, pwords, after, nouns)
    return tmpl.format(**rendered)


# ------------------------------------------------------------ operations ---
def op_value(instr, a, b=None):
    a = fr_(a)
    b = None if b is None else fr_(b)
    if instr == "math.add":
        return a + b
    if instr == "math.subtract":
        return a - b
    if instr == "math.multiply":
        return a * b
    if instr == "math.divide":
        return None if b == 0 else a / b
    if instr == "math.power":
        return a ** int(b)
    if instr == "math.square":
        return a * a
    raise ValueError(instr)


TO_M = {"km": Fraction(1000), "m": Fraction(1), "cm": Fraction(1, 100), "mm": Fraction(1, 1000),
        "mile": Fraction("1609.344"), "yard": Fraction("0.9144"), "foot": Fraction("0.3048"),
        "inch": Fraction("0.0254"), "nautical_mile": Fraction(1852)}


def conv_length(v, f, t):
    return fr_(v) * TO_M[f] / TO_M[t]


def conv_temp(v, f, t):
    v = fr_(v)
    if f == "celsius":
        c = v
    elif f == "fahrenheit":
        c = (v - 32) * Fraction(5, 9)
    else:
        c = v - Fraction("273.15")
    if t == "celsius":
        return c
    if t == "fahrenheit":
        return c * Fraction(9, 5) + 32
    return c + Fraction("273.15")


# ----------------------------------------------------------- generators ----
def g_addsub():
    r = rng.random()
    if r < 0.6:
        a = ri(0, 1000)
    elif r < 0.8:
        a = dec1(0.1, 999.9)
    else:
        a = ri(-500, -1)
    b = ri(0, 1000) if rng.random() < 0.75 else dec1(0.1, 500)
    return {"a": a, "b": b}


def g_mul_a():
    r = rng.random()
    if r < 0.6:
        return ri(2, 99)
    if r < 0.75:
        return dec1(0.5, 50)
    if r < 0.9:
        return ri(-50, -1)
    return ri(100, 400)


def g_mul():
    b = ri(2, 30) if rng.random() < 0.8 else dec1(0.5, 9.5)
    return {"a": g_mul_a(), "b": b}


def g_div():
    if rng.random() < 0.7:
        b = rng.randint(2, 25)
        q = rng.randint(1, 50)
        return {"a": D(b * q), "b": D(b)}
    return {"a": ri(1, 1000), "b": D(rng.choice([2, 4, 5, 8, 10]))}


def g_pow():
    r = rng.random()
    if r < 0.45:
        return {"a": ri(2, 12), "b": ri(2, 3)}
    if r < 0.65:
        return {"a": ri(2, 5), "b": ri(4, 5)}
    if r < 0.8:
        return {"a": D(2), "b": ri(6, 10)}
    if r < 0.87:
        return {"a": ri(3, 20), "b": D(rng.choice([0, 1]))}
    if r < 0.94:
        return {"a": ri(-5, -2), "b": D(3)}
    return {"a": D(rng.choice(["1.5", "0.5", "2.5"])), "b": D(2)}


def g_sq():
    r = rng.random()
    if r < 0.7:
        return {"a": ri(0, 100)}
    if r < 0.8:
        return {"a": ri(100, 999)}
    return {"a": dec1(0.1, 30)}


def only_a(g):
    return lambda: {"a": g()["a"]}


GEN = {"math.add": g_addsub, "math.subtract": g_addsub, "math.multiply": g_mul,
       "math.divide": g_div, "math.power": g_pow, "math.square": g_sq}

# paraphrase spec: (instruction, fixed-args) aligned with per-language lists
PARA_SPEC = ([("math.add", {})] * 9 + [("math.subtract", {})] * 9
             + [("math.multiply", {})] * 4 + [("math.multiply", {"b": D(2)}),
                                              ("math.multiply", {"b": D(3)})]
             + [("math.multiply", {})] * 2
             + [("math.divide", {})] * 3 + [("math.divide", {"b": D(2)})]
             + [("math.divide", {})] * 3 + [("math.divide", {"b": D(0)})]
             + [("math.power", {})] * 5 + [("math.power", {"b": D(3)})]
             + [("math.power", {})] * 2
             + [("math.square", {})] * 8)
assert len(PARA_SPEC) == 50

PARA = {
    "zh": [
        # add
        "{a}加{b}等于多少？", "{a}加上{b}是多少", "帮我算一下{a}和{b}的和", "{a}跟{b}加起来是几",
        "请计算{a}与{b}之和。", "把{a}和{b}相加", "#{a}+{b}=?", "在{a}的基础上再加{b}，结果是多少？",
        "{a}加{b}得几啊",
        # subtract
        "{a}减{b}等于多少", "从{a}里减去{b}", "{a}减去{b}是多少？", "{a}比{b}多多少？",
        "用{a}减掉{b}，得多少", "请计算{a}与{b}的差。", "#{a}-{b}等于几", "{a}去掉{b}还剩多少",
        "从{a}中拿走{b}，剩下多少？",
        # multiply
        "{a}乘{b}", "{a}乘以{b}等于多少？", "{a}和{b}的乘积是多少", "#{a}×{b}=？",
        "把{a}翻一倍", "{a}的三倍是多少", "{a}的{b}倍是多少", "算一下{a}乘{b}吧",
        # divide
        "{a}除以{b}等于多少", "{b}除{a}是多少？", "#{a}÷{b}=?", "{a}的一半是多少",
        "把{a}平均分成{b}份，每份是多少？", "{a}被{b}除，商是多少", "请计算{a}除以{b}。",
        "{a}除以零等于几？",
        # power
        "{a}的{b}次方", "{a}的{b}次幂是多少？", "求{a}的{b}次方。", "#{a}^{b}等于多少",
        "算算{a}的{b}次幂", "{a}的立方是多少", "{a}的{b}次方是多少呢", "帮我求一下{a}的{b}次方，谢谢",
        # square
        "{a}的平方", "{a}的平方是多少？", "求{a}的平方。", "{a}平方等于几", "{a}自己乘自己是多少",
        "#计算{a}²", "请问{a}的二次方是多少", "{a}的平方等于多少啊",
    ],
    "fr": [
        "combien font {a} plus {b} ?", "#{a} + {b}", "Additionne {a} et {b}",
        "tu peux ajouter {b} à {a} stp", "Quelle est la somme de {a} et de {b} ?",
        "ca fait combien {a} plus {b}", "#Calculez {a} + {b}, s'il vous plaît.",
        "{a} et {b}, ça fait combien ensemble ?", "rajoute {b} a {a}",
        "retire {b} de {a}", "combien font {a} moins {b} ?", "Soustrais {b} de {a}", "#{a} - {b} = ?",
        "Quelle est la différence entre {a} et {b} ?", "enlève {b} à {a}", "{a} moins {b} ça donne quoi",
        "Pouvez-vous calculer {a} moins {b} ?", "si j'ôte {b} de {a}, il reste combien ?",
        "{a} fois {b}", "combien font {a} multiplié par {b} ?", "Multiplie {a} par {b}",
        "Quel est le produit de {a} et {b} ?", "Double {a} stp", "le triple de {a} ça fait combien",
        "#{a} x {b} = ?", "Calcule-moi {a} multiplie par {b}",
        "{a} divisé par {b}", "combien font {a} divise par {b}", "Divise {a} par {b}",
        "Quelle est la moitié de {a} ?", "#{a} / {b}", "Quel est le quotient de {a} par {b} ?",
        "Partage {a} en {b} parts égales, ça fait combien par part ?", "{a} divisé par zéro ?",
        "{a} puissance {b}", "{a} à la puissance {b}, ça fait combien ?", "Calcule {a} exposant {b}",
        "{a} élevé à la puissance {b}", "#{a}^{b}", "Quel est le cube de {a} ?",
        "combien vaut {a} a la puissance {b}", "élève {a} à la puissance {b} stp",
        "{a} au carré", "Quel est le carré de {a} ?", "calcule le carre de {a}", "#{a}² ?",
        "Élève {a} au carré", "{a} fois lui-même, ça fait combien ?", "combien fait {a} au carre",
        "Pourriez-vous me donner le carré de {a} ?",
    ],
    "de": [
        "was ist {a} plus {b}?", "Addiere {a} und {b}", "#wieviel ist {a} + {b}", "Rechne mal {a} plus {b}",
        "Wie groß ist die Summe von {a} und {b}?", "{a} und {b} zusammen?", "Zähl {b} zu {a} dazu",
        "#Bitte berechnen Sie {a} + {b}.", "was gibt {a} plus {b}",
        "zieh {b} von {a} ab", "was ist {a} minus {b}?", "Subtrahiere {b} von {a}", "#{a} - {b}",
        "Wie viel ist {a} weniger {b}?", "Was ist die Differenz von {a} und {b}?", "nimm {b} von {a} weg",
        "Ziehen Sie bitte {b} von {a} ab.", "wieviel bleibt übrig, wenn ich {b} von {a} abziehe",
        "{a} mal {b}", "was ist {a} mal {b}?", "Multipliziere {a} mit {b}",
        "Wie viel ergibt {a} multipliziert mit {b}?", "Verdopple {a}", "das Dreifache von {a}",
        "#{a} * {b} = ?", "Was ist das Produkt aus {a} und {b}?",
        "{a} geteilt durch {b}", "was ist {a} durch {b}", "Teile {a} durch {b}",
        "Was ist die Hälfte von {a}?", "#{a} / {b}", "Dividiere {a} durch {b}",
        "Wenn ich {a} auf {b} Leute gleich aufteile, wie viel kriegt jeder?", "{a} durch null?",
        "{a} hoch {b}", "Was ist {a} hoch {b}?", "Potenziere {a} mit {b}", "#{a}^{b}",
        "Rechne {a} hoch {b} aus", "Was ist {a} hoch drei?", "wieviel ist {a} hoch {b}",
        "{a} mit dem Exponenten {b}, was kommt raus?",
        "{a} zum Quadrat", "Was ist das Quadrat von {a}?", "quadriere {a}", "#{a}²",
        "{a} im Quadrat, wieviel ist das?", "{a} mal sich selbst", "Berechnen Sie bitte das Quadrat von {a}.",
        "was gibt {a} quadriert",
    ],
    "es": [
        "cuanto es {a} mas {b}", "#¿Cuánto es {a} + {b}?", "Suma {a} y {b}", "súmale {b} a {a}",
        "¿Cuál es la suma de {a} y {b}?", "{a} más {b}, cuánto da?", "Por favor, calcule {a} más {b}.",
        "añade {b} a {a}", "#{a} + {b} =",
        "resta {b} de {a}", "¿Cuánto es {a} menos {b}?", "a {a} quítale {b}", "#{a} - {b}",
        "¿Cuál es la diferencia entre {a} y {b}?", "cuanto da {a} menos {b}", "Réstale {b} a {a}",
        "si a {a} le resto {b}, ¿cuánto queda?", "Calcula {a} menos {b}, por favor",
        "{a} por {b}", "¿Cuánto es {a} multiplicado por {b}?", "Multiplica {a} por {b}",
        "¿Cuál es el producto de {a} y {b}?", "el doble de {a}", "¿Cuál es el triple de {a}?",
        "#{a} x {b}", "cuanto es {a} veces {b}",
        "{a} entre {b}", "¿Cuánto es {a} dividido por {b}?", "Divide {a} entre {b}",
        "¿Cuál es la mitad de {a}?", "#{a} / {b}", "cuanto da {a} dividido entre {b}",
        "reparte {a} en {b} partes iguales, cuanto toca a cada una", "{a} dividido entre cero",
        "{a} elevado a {b}", "¿Cuánto es {a} elevado a la {b}?", "Calcula {a} a la potencia {b}",
        "#{a}^{b}", "eleva {a} a la {b}", "¿Cuál es el cubo de {a}?", "cuanto es {a} elevado a {b}",
        "{a} a la potencia {b}, por favor",
        "{a} al cuadrado", "¿Cuál es el cuadrado de {a}?", "eleva {a} al cuadrado", "#{a}²",
        "cuanto es {a} al cuadrado", "{a} multiplicado por sí mismo", "Calcule el cuadrado de {a}, por favor.",
        "dame el cuadrado de {a}",
    ],
}

# ------------------------------------------------------------ conversion ---
def g_len():
    r = rng.random()
    if r < 0.6:
        return ri(2, 100)
    if r < 0.8:
        return ri(100, 1000)
    return dec1(0.5, 50)


CGEN = {
    "L": g_len,
    "H": lambda: ri(150, 195),
    "C": lambda: ri(-30, 45) if rng.random() < 0.8 else dec1(-10, 40),
    "Cw": lambda: ri(0, 100),
    "F": lambda: ri(-10, 110),
    "K": lambda: ri(250, 380),
    "MAR": lambda: D("42.195"),
    "S": lambda: ri(2, 60),
}

LEN = "units.length"
TMP = "units.temperature"

CONV = {
    "zh": [
        (LEN, "{v}公里等于多少米？", "km", "m", "L"),
        (LEN, "把{v}英里换算成公里", "mile", "km", "L"),
        (LEN, "{v}英尺合多少米", "foot", "m", "L"),
        (LEN, "屏幕{v}英寸，有多少厘米", "inch", "cm", "S"),
        (TMP, "请将{v}摄氏度转换为华氏度。", "celsius", "fahrenheit", "C"),
        (TMP, "水温{v}华氏度，换成摄氏是多少度", "fahrenheit", "celsius", "F"),
        (TMP, "{v}开尔文是多少摄氏度？", "kelvin", "celsius", "K"),
        (LEN, "我身高{v}厘米，是多少英尺？", "cm", "foot", "H"),
        (LEN, "{v}海里等于几公里", "nautical_mile", "km", "S"),
        (LEN, "{v}米是多少码", "m", "yard", "L"),
        (LEN, "{v}毫米合多少英寸啊", "mm", "inch", "L"),
        (LEN, "跑了{v}公里，相当于多少英里？", "km", "mile", "L"),
        (TMP, "{v}摄氏度是多少开尔文", "celsius", "kelvin", "C"),
        (LEN, "全程马拉松{v}公里，换成英里是多少", "km", "mile", "MAR"),
        (LEN, "{v}码折合多少米？", "yard", "m", "L"),
        (LEN, "一栋楼高{v}米，合多少英尺？", "m", "foot", "L"),
        (LEN, "{v}厘米换成毫米是多少", "cm", "mm", "L"),
        (TMP, "纽约今天{v}华氏度，摄氏是多少度？", "fahrenheit", "celsius", "F"),
        (LEN, "{v}英寸等于几英尺", "inch", "foot", "L"),
        (LEN, "{v}英里是多少米呀", "mile", "m", "S"),
    ],
    "fr": [
        (LEN, "Combien de mètres dans {v} kilomètres ?", "km", "m", "L"),
        (LEN, "convertis {v} miles en kilomètres", "mile", "km", "L"),
        (LEN, "{v} pieds en mètres", "foot", "m", "L"),
        (LEN, "{v} pouces, ça fait combien de centimètres ?", "inch", "cm", "S"),
        (TMP, "Convertissez {v} degrés Celsius en Fahrenheit.", "celsius", "fahrenheit", "C"),
        (TMP, "#{v} °F en °C", "fahrenheit", "celsius", "F"),
        (TMP, "{v} kelvins en degrés Celsius", "kelvin", "celsius", "K"),
        (LEN, "Je mesure {v} cm, ça fait combien en pieds ?", "cm", "foot", "H"),
        (LEN, "{v} milles nautiques en kilomètres", "nautical_mile", "km", "S"),
        (LEN, "combien de yards font {v} mètres", "m", "yard", "L"),
        (LEN, "{v} mm en pouces stp", "mm", "inch", "L"),
        (LEN, "Transforme {v} km en miles", "km", "mile", "L"),
        (TMP, "{v} degres celsius en kelvin", "celsius", "kelvin", "C"),
        (LEN, "#Un marathon de {v} km, c'est combien de miles ?", "km", "mile", "MAR"),
        (LEN, "{v} yards, c'est combien en mètres ?", "yard", "m", "L"),
        (LEN, "À combien de pieds correspondent {v} mètres ?", "m", "foot", "L"),
        (LEN, "{v} centimètres en millimètres", "cm", "mm", "L"),
        (TMP, "il fait {v} degrés Fahrenheit à New York, ça fait combien en Celsius ?", "fahrenheit", "celsius", "F"),
        (LEN, "convertir {v} pouces en pieds", "inch", "foot", "L"),
        (LEN, "{v} miles, combien de mètres ?", "mile", "m", "S"),
    ],
    "de": [
        (LEN, "Wie viele Meter sind {v} Kilometer?", "km", "m", "L"),
        (LEN, "{v} Meilen in Kilometer", "mile", "km", "L"),
        (LEN, "rechne {v} Fuß in Meter um", "foot", "m", "L"),
        (LEN, "{v} Zoll sind wieviel Zentimeter?", "inch", "cm", "S"),
        (TMP, "{v} Grad Celsius in Fahrenheit", "celsius", "fahrenheit", "C"),
        (TMP, "Wie viel sind {v} Grad Fahrenheit in Celsius?", "fahrenheit", "celsius", "F"),
        (TMP, "{v} Kelvin in Grad Celsius umrechnen", "kelvin", "celsius", "K"),
        (LEN, "Ich bin {v} cm groß, wie viel ist das in Fuß?", "cm", "foot", "H"),
        (LEN, "{v} Seemeilen in Kilometer bitte", "nautical_mile", "km", "S"),
        (LEN, "Wie viele Yards sind {v} Meter?", "m", "yard", "L"),
        (LEN, "{v} mm in Zoll", "mm", "inch", "L"),
        (LEN, "Umrechnung: {v} km in Meilen", "km", "mile", "L"),
        (TMP, "#{v} °C in Kelvin", "celsius", "kelvin", "C"),
        (LEN, "#Ein Marathon ist {v} km lang, wie viele Meilen sind das?", "km", "mile", "MAR"),
        (LEN, "{v} Yard in Meter", "yard", "m", "L"),
        (LEN, "wie viel fuss sind {v} meter", "m", "foot", "L"),
        (LEN, "{v} Zentimeter in Millimeter umrechnen", "cm", "mm", "L"),
        (TMP, "Draußen hat es {v} Grad Fahrenheit – wie warm ist das in Celsius?", "fahrenheit", "celsius", "F"),
        (LEN, "Rechne {v} Zoll in Fuß um", "inch", "foot", "L"),
        (LEN, "{v} Meilen sind wie viele Meter?", "mile", "m", "S"),
    ],
    "es": [
        (LEN, "¿Cuántos metros son {v} kilómetros?", "km", "m", "L"),
        (LEN, "convierte {v} millas a kilómetros", "mile", "km", "L"),
        (LEN, "{v} pies a metros", "foot", "m", "L"),
        (LEN, "{v} pulgadas, ¿cuántos centímetros son?", "inch", "cm", "S"),
        (TMP, "Convierte {v} grados Celsius a Fahrenheit", "celsius", "fahrenheit", "C"),
        (TMP, "¿Cuánto son {v} grados Fahrenheit en centígrados?", "fahrenheit", "celsius", "F"),
        (TMP, "{v} kelvin a grados celsius", "kelvin", "celsius", "K"),
        (LEN, "Mido {v} cm, ¿cuánto es en pies?", "cm", "foot", "H"),
        (LEN, "{v} millas náuticas en kilómetros", "nautical_mile", "km", "S"),
        (LEN, "cuantas yardas son {v} metros", "m", "yard", "L"),
        (LEN, "{v} mm a pulgadas", "mm", "inch", "L"),
        (LEN, "Pasa {v} km a millas", "km", "mile", "L"),
        (TMP, "#{v} °C en kelvin", "celsius", "kelvin", "C"),
        (LEN, "#Un maratón tiene {v} km, ¿cuántas millas son?", "km", "mile", "MAR"),
        (LEN, "{v} yardas en metros", "yard", "m", "L"),
        (LEN, "cuantos pies son {v} metros", "m", "foot", "L"),
        (LEN, "{v} centímetros a milímetros", "cm", "mm", "L"),
        (TMP, "Hace {v} grados Fahrenheit en Miami, ¿cuánto es en Celsius?", "fahrenheit", "celsius", "F"),
        (LEN, "Convierte {v} pulgadas a pies", "inch", "foot", "L"),
        (LEN, "{v} millas, ¿cuántos metros son?", "mile", "m", "S"),
    ],
}

# ---------------------------------------------------------- word problems ---
def wp_add():
    return {"a": ri(5, 500), "b": ri(2, 300)}


def wp_sub():
    a = rng.randint(20, 500)
    return {"a": D(a), "b": D(rng.randint(2, a - 1))}


def wp_mul():
    return {"a": ri(2, 30), "b": ri(2, 25)}


def wp_price():
    a = ri(3, 80) if rng.random() < 0.7 else dec1(2, 30)
    return {"a": a, "b": ri(2, 12)}


def wp_div():
    b = rng.randint(2, 12)
    return {"a": D(b * rng.randint(2, 40)), "b": D(b)}


def wp_rope():
    b = rng.choice([2, 4, 5])
    return {"a": ri(5, 100), "b": D(b)}


def wp_temp():
    return {"a": ri(-5, 30), "b": ri(2, 20)}


WP_SPEC = [
    ("math.add", wp_add), ("math.subtract", wp_sub), ("math.multiply", wp_mul),
    ("math.divide", wp_div), ("math.square", lambda: {"a": ri(2, 30)}),
    ("math.subtract", wp_sub), ("math.add", wp_add), ("math.multiply", wp_price),
    ("math.divide", wp_rope), ("math.add", wp_add), ("math.subtract", wp_temp),
    ("math.multiply", wp_mul), ("math.power", lambda: {"a": D(2), "b": ri(2, 10)}),
    ("math.divide", wp_div), ("math.subtract", wp_sub),
]

WP = {
    "zh": [
        "小明有{a}本书，小红又送给他{b}本，他现在有几本？",
        "妈妈买了{a}个鸡蛋，用了{b}个，还剩多少个？",
        "一盒有{b}支铅笔，{a}盒一共有多少支？",
        "{a}块糖平均分给{b}个小朋友，每人分几块？",
        "一个正方形的边长是{a}米，面积是多少平方米？",
        "停车场有{a}辆车，开走了{b}辆，还有几辆？",
        "上午卖出{a}斤苹果，下午卖出{b}斤，今天一共卖了多少斤？",
        "每张票{a}元，买{b}张要多少钱？",
        "一根绳子长{a}米，剪成{b}段一样长的，每段多长？",
        "班里有男生{a}人，女生{b}人，一共多少人",
        "早上气温是{a}度，到了晚上下降了{b}度，现在是多少度？",
        "果园里有{a}棵苹果树，每棵结{b}个苹果，一共多少个苹果？",
        "细菌每小时分裂一次，一个细菌{b}小时后变成多少个？",
        "一本书{a}页，我每天看{b}页，几天能看完？",
        "我钱包里本来有{a}块钱，花了{b}块，还剩多少？",
    ],
    "fr": [
        "J'ai {a} billes et j'en gagne {b}, combien en ai-je ?",
        "Marie a {a} euros, elle dépense {b} euros. Combien lui reste-t-il ?",
        "Un paquet contient {b} biscuits. Combien de biscuits dans {a} paquets ?",
        "On partage {a} bonbons entre {b} enfants. Combien chacun en reçoit-il ?",
        "Un carré a un côté de {a} cm. Quelle est son aire ?",
        "Il y avait {a} personnes dans le bus, {b} sont descendues. Combien en reste-t-il ?",
        "Paul a lu {a} pages lundi et {b} pages mardi. Combien de pages en tout ?",
        "Un ticket coûte {a} euros. Combien coûtent {b} tickets ?",
        "Une corde de {a} mètres est coupée en {b} morceaux égaux. Quelle est la longueur de chaque morceau ?",
        "dans ma classe il y a {a} filles et {b} garçons, on est combien",
        "Le thermomètre indiquait {a} degrés, puis la température a baissé de {b} degrés. Quelle température fait-il maintenant ?",
        "Chaque boîte contient {b} oeufs, j'ai {a} boîtes, ça fait combien d'oeufs ?",
        "Une bactérie se divise en deux chaque heure. Combien y en a-t-il au bout de {b} heures ?",
        "{a} élèves doivent former des groupes de {b}. Combien de groupes ?",
        "Luc avait {a} cartes, il en a donné {b} à son frère. Combien lui en reste-t-il ?",
    ],
    "de": [
        "Ich habe {a} Murmeln und bekomme {b} dazu. Wie viele habe ich jetzt?",
        "Lisa hat {a} Euro und gibt {b} Euro aus. Wie viel bleibt ihr?",
        "In einer Packung sind {b} Kekse. Wie viele Kekse sind in {a} Packungen?",
        "{a} Bonbons werden auf {b} Kinder verteilt. Wie viele bekommt jedes Kind?",
        "Ein Quadrat hat die Seitenlänge {a} cm. Wie groß ist die Fläche?",
        "Im Bus sitzen {a} Leute, {b} steigen aus. Wie viele sind noch drin?",
        "Tom liest am Montag {a} Seiten und am Dienstag {b} Seiten. Wie viele Seiten sind das insgesamt?",
        "Ein Ticket kostet {a} Euro. Was kosten {b} Tickets?",
        "Ein Seil ist {a} Meter lang und wird in {b} gleich lange Stücke geschnitten. Wie lang ist jedes Stück?",
        "in meiner klasse sind {a} mädchen und {b} jungs wie viele sind wir",
        "Heute früh hatte es {a} Grad, dann ist die Temperatur um {b} Grad gefallen. Wie warm ist es jetzt?",
        "Jeder Karton hat {b} Eier, ich hab {a} Kartons. Wie viele Eier sind das?",
        "Eine Zelle teilt sich jede Stunde in zwei. Wie viele Zellen gibt es nach {b} Stunden?",
        "{a} Schüler sollen Gruppen zu je {b} bilden. Wie viele Gruppen gibt es?",
        "Max hatte {a} Sammelkarten und hat {b} verschenkt. Wie viele hat er noch?",
    ],
    "es": [
        "Tengo {a} canicas y gano {b} más, ¿cuántas tengo?",
        "Ana tiene {a} euros y gasta {b}. ¿Cuánto le queda?",
        "Un paquete trae {b} galletas. ¿Cuántas galletas hay en {a} paquetes?",
        "Se reparten {a} caramelos entre {b} niños. ¿Cuántos le tocan a cada uno?",
        "Un cuadrado tiene {a} cm de lado. ¿Cuál es su área?",
        "En el autobús iban {a} personas y se bajaron {b}. ¿Cuántas quedan?",
        "Pedro leyó {a} páginas el lunes y {b} el martes. ¿Cuántas leyó en total?",
        "Una entrada cuesta {a} euros. ¿Cuánto cuestan {b} entradas?",
        "Una cuerda de {a} metros se corta en {b} trozos iguales. ¿Cuánto mide cada trozo?",
        "en mi clase hay {a} chicas y {b} chicos cuantos somos",
        "Por la mañana hacía {a} grados y la temperatura bajó {b} grados. ¿Qué temperatura hace ahora?",
        "Cada caja tiene {b} huevos y tengo {a} cajas, ¿cuántos huevos tengo?",
        "Una bacteria se divide en dos cada hora. ¿Cuántas habrá después de {b} horas?",
        "{a} alumnos forman grupos de {b}. ¿Cuántos grupos salen?",
        "Luis tenía {a} cromos y regaló {b}. ¿Cuántos le quedan?",
    ],
}

# ------------------------------------------------------------ multi step ---
def ms_div_after(op):
    """numbers so that op(a, b) is divisible by c (c != 2)"""
    def g():
        c = rng.choice([3, 4, 5, 6, 7, 8, 9, 10])
        while True:
            a, b = rng.randint(10, 300), rng.randint(1, 200)
            r = op(a, b)
            if r > 0 and r % c == 0:
                return {"a": D(a), "b": D(b), "c": D(c)}
    return g


def ms_div_then_mul():
    b = rng.randint(2, 12)
    return {"a": D(b * rng.randint(2, 30)), "b": D(b), "c": ri(2, 15)}


def ms_sub_sq():
    a = rng.randint(5, 60)
    return {"a": D(a), "b": D(rng.randint(1, a - 1))}


F_ = Fraction
MS_SPEC = [
    (lambda: {"a": ri(1, 100), "b": ri(1, 100), "c": ri(2, 12)}, lambda a, b, c: (F_(a) + F_(b)) * F_(c)),
    (lambda: {"a": ri(2, 40), "b": ri(2, 20), "c": ri(1, 200)}, lambda a, b, c: F_(a) * F_(b) - F_(c)),
    (ms_div_after(lambda a, b: a - b), lambda a, b, c: (F_(a) - F_(b)) / F_(c)),
    (ms_div_after(lambda a, b: a + b), lambda a, b, c: (F_(a) + F_(b)) / F_(c)),
    (lambda: {"a": ri(2, 30), "b": ri(1, 500)}, lambda a, b, c: F_(a) ** 2 + F_(b)),
    (lambda: {"a": ri(5, 400), "b": ri(1, 100)}, lambda a, b, c: 2 * F_(a) - F_(b)),
    (ms_div_then_mul, lambda a, b, c: F_(a) / F_(b) * F_(c)),
    (lambda: {"a": ri(2, 50), "b": ri(2, 20), "c": ri(1, 300)}, lambda a, b, c: F_(a) * F_(b) + F_(c)),
    (lambda: {"a": ri(2, 6), "b": ri(2, 4), "c": ri(1, 50)}, lambda a, b, c: F_(a) ** int(b) - F_(c)),
    (lambda: {"a": ri(1, 20), "b": ri(1, 999)}, lambda a, b, c: F_(a) * 1000 + F_(b)),
    (lambda: {"a": ri(-10, 40), "b": ri(1, 50)}, lambda a, b, c: F_(a) * F_(9, 5) + 32 - F_(b)),
    (ms_sub_sq, lambda a, b, c: (F_(a) - F_(b)) ** 2),
    (lambda: {"a": ri(1, 300), "b": ri(1, 300)}, lambda a, b, c: (F_(a) + F_(b)) / 2),
    (lambda: {"a": ri(2, 50), "b": ri(2, 10)}, lambda a, b, c: None),
    (lambda: {"a": ri(2, 20)}, lambda a, b, c: None),
]

MS = {
    "zh": [
        "{a}加{b}，然后乘以{c}",
        "先算{a}乘{b}，再减去{c}",
        "{a}减{b}之后再除以{c}",
        "把{a}和{b}加起来，然后除以{c}，等于多少？",
        "{a}的平方，然后加上{b}",
        "先把{a}翻倍，然后减{b}",
        "{a}除以{b}，再乘以{c}",
        "{a}乘以{b}，之后再加{c}，结果是多少？",
        "计算{a}的{b}次方，然后减去{c}",
        "把{a}公里换算成米，然后再加{b}",
        "{a}摄氏度转成华氏度，再减去{b}",
        "先从{a}里减去{b}，然后求平方",
        "{a}加上{b}，再取一半",
        "先加上{a}，然后再乘以{b}",
        "把它乘以{a}，然后再减掉一些",
    ],
    "fr": [
        "{a} plus {b}, puis multiplie par {c}",
        "Multiplie {a} par {b} et ensuite retire {c}",
        "Calcule {a} moins {b}, puis divise le résultat par {c}",
        "additionne {a} et {b} puis divise par {c}",
        "prends le carré de {a}, ensuite ajoute {b}",
        "Double {a}, puis enlève {b}",
        "{a} divisé par {b}, et ensuite fois {c}",
        "Fais {a} fois {b}, après ajoute {c}",
        "{a} puissance {b} puis moins {c}",
        "Convertis {a} km en mètres, puis ajoute {b}",
        "Convertis {a} degrés Celsius en Fahrenheit puis soustrais {b}",
        "retire {b} de {a} et ensuite mets le résultat au carré",
        "additionne {a} et {b}, puis prends la moitié",
        "Ajoute {a}, puis multiplie par {b}",
        "multiplie-le par {a} puis enlève quelque chose",
    ],
    "de": [
        "{a} plus {b}, dann mal {c}",
        "Multipliziere {a} mit {b} und zieh danach {c} ab",
        "Rechne {a} minus {b} und teile das Ergebnis dann durch {c}",
        "addiere {a} und {b}, danach durch {c} teilen",
        "Quadriere {a} und addiere dann {b}",
        "Verdopple {a}, danach minus {b}",
        "{a} geteilt durch {b}, anschließend mal {c}",
        "erst {a} mal {b}, dann noch {c} dazu",
        "{a} hoch {b} und dann minus {c}",
        "Rechne {a} km in Meter um und addiere dann {b}",
        "Wandle {a} Grad Celsius in Fahrenheit um, danach zieh {b} ab",
        "zieh {b} von {a} ab und nimm das dann zum Quadrat",
        "{a} und {b} addieren und dann halbieren",
        "Addiere {a} und multipliziere dann mit {b}",
        "Nimm das mal {a} und zieh danach was ab",
    ],
    "es": [
        "{a} más {b}, luego multiplica por {c}",
        "Multiplica {a} por {b} y después resta {c}",
        "Calcula {a} menos {b} y luego divide el resultado entre {c}",
        "suma {a} y {b}, despues divide entre {c}",
        "eleva {a} al cuadrado y luego súmale {b}",
        "Duplica {a} y después réstale {b}",
        "{a} entre {b}, luego por {c}",
        "primero {a} por {b}, después más {c}",
        "{a} elevado a {b} y luego menos {c}",
        "Convierte {a} km a metros y luego suma {b}",
        "Pasa {a} grados Celsius a Fahrenheit y después resta {b}",
        "réstale {b} a {a} y luego eleva al cuadrado",
        "suma {a} y {b} y luego saca la mitad",
        "Suma {a} y luego multiplica por {b}",
        "multiplícalo por {a} y luego quítale algo",
    ],
}

# ----------------------------------------------------------- unsupported ---
def g_unsup():
    a = rng.randint(10, 90)
    return {"n": ri(2, 200), "a": D(a), "b": D(a + rng.randint(3, 60)), "c": ri(10, 90),
            "x": D(rng.randint(100, 99999)) / D(100)}


UNSUP = {
    "zh": [
        "{n}的平方根是多少", "求{n}的阶乘", "{n}是质数吗？", "{a}、{b}和{c}的平均数是多少",
        "价格从{a}涨到{b}，增长了百分之几？", "把{x}四舍五入到整数", "{n}公斤等于多少磅",
        "{n}欧元能换多少美元", "{n}的立方根", "{a}和{b}的最大公约数是多少？", "开根号{n}",
        "{n}的对数是多少", "#{n}!等于多少", "{n}斤是多少克", "{a}除以{b}的余数是多少",
    ],
    "fr": [
        "Quelle est la racine carrée de {n} ?", "Calcule la factorielle de {n}", "{n} est-il un nombre premier ?",
        "Quelle est la moyenne de {a}, {b} et {c} ?", "Le prix est passé de {a} à {b}, ça fait une hausse de combien de pour cent ?",
        "Arrondis {x} à l'unité", "{n} kg en livres", "Combien font {n} euros en dollars ?",
        "racine cubique de {n}", "PGCD de {a} et {b}", "#{n}! ça fait combien", "logarithme de {n} stp",
        "Quel est le reste de la division de {a} par {b} ?", "{n} grammes en onces", "Quel est le cosinus de {n} degrés ?",
    ],
    "de": [
        "Was ist die Wurzel aus {n}?", "Berechne die Fakultät von {n}", "Ist {n} eine Primzahl?",
        "Was ist der Durchschnitt von {a}, {b} und {c}?", "Um wie viel Prozent ist der Preis von {a} auf {b} gestiegen?",
        "Runde {x} auf eine ganze Zahl", "{n} kg in Pfund", "Wie viel sind {n} Euro in Dollar?",
        "Kubikwurzel von {n}", "ggT von {a} und {b}", "#{n}! bitte ausrechnen", "Logarithmus von {n}",
        "Was ist der Rest von {a} geteilt durch {b}?", "{n} Gramm in Unzen", "Was ist der Sinus von {n} Grad?",
    ],
    "es": [
        "¿Cuál es la raíz cuadrada de {n}?", "Calcula el factorial de {n}", "¿{n} es primo?",
        "¿Cuál es el promedio de {a}, {b} y {c}?", "Si el precio subió de {a} a {b}, ¿qué porcentaje aumentó?",
        "Redondea {x} al entero más cercano", "{n} kg a libras", "¿Cuántos dólares son {n} euros?",
        "raiz cubica de {n}", "máximo común divisor de {a} y {b}", "#{n}! cuanto es", "logaritmo de {n}",
        "el resto de dividir {a} entre {b}", "{n} gramos a onzas", "¿Cuál es el seno de {n} grados?",
    ],
}

# -------------------------------------------------------------- off topic ---
OFF = {
    "zh": [
        "你好", "早上好！", "今天天气怎么样？", "北京现在几点了", "我有3个孩子", "给我讲个笑话吧",
        "你叫什么名字？", "谢谢你", "帮我订一张明天去上海的火车票", "推荐一部好看的电影",
        "我今年35岁了。", "这个周末有什么安排吗", "红烧肉怎么做？", "把这句话翻译成英文：我爱你",
        "2008年奥运会在哪里举办的？", "晚安", "我家住在三楼", "你会说中文吗？", "我买了５个苹果",
        "帮我设一个明天早上7点的闹钟",
    ],
    "fr": [
        "Bonjour !", "salut ça va ?", "Quel temps fait-il à Paris demain ?", "Quelle heure est-il à Tokyo ?",
        "J'ai 3 enfants", "Raconte-moi une blague", "Merci beaucoup", "Tu t'appelles comment ?",
        "Réserve-moi une table pour 4 personnes ce soir", "Peux-tu me recommander un bon livre ?",
        "J'habite au 12 rue de la Paix", "Comment on fait une quiche lorraine ?",
        "Traduis « bonjour » en anglais", "Bonne nuit", "Qui a gagné la coupe du monde en 2018 ?",
        "Je suis né en 1990", "c quoi la capitale de l'Australie", "Écris-moi un poème sur la mer",
        "j'ai faim", "Où est la gare la plus proche ?",
    ],
    "de": [
        "Hallo!", "guten morgen", "Wie wird das Wetter morgen in Berlin?", "Wie spät ist es in New York?",
        "Ich habe 3 Kinder", "Erzähl mir einen Witz", "Danke dir!", "Wie heißt du?",
        "Reservier mir einen Tisch für 4 Personen", "Kannst du mir ein gutes Buch empfehlen?",
        "Ich wohne in der Hauptstraße 12", "Wie koche ich Spätzle?", "Übersetze 'Guten Tag' ins Englische",
        "Gute Nacht", "Wer hat die WM 2014 gewonnen?", "Ich bin 1985 geboren",
        "was ist die hauptstadt von kanada", "Schreib mir ein Gedicht über den Herbst", "mir ist langweilig",
        "Wo ist der nächste Bahnhof?",
    ],
    "es": [
        "Hola", "buenos días!", "¿Qué tiempo hará mañana en Madrid?", "¿Qué hora es en Buenos Aires?",
        "Tengo 3 hijos", "Cuéntame un chiste", "Muchas gracias", "¿Cómo te llamas?",
        "Resérvame una mesa para 4 personas", "¿Me recomiendas una película?", "Vivo en la calle Mayor 12",
        "¿Cómo se hace una paella?", "Traduce 'gracias' al inglés", "Buenas noches",
        "¿Quién ganó el mundial de 2010?", "Nací en 1992", "cual es la capital de peru",
        "Escríbeme un poema sobre el mar", "estoy aburrido", "¿Dónde está la estación más cercana?",
    ],
}


# ------------------------------------------------------------ post-process ---
def strip_accents(s):
    out = []
    for ch in s:
        if ch in "¿¡«»°²ß":
            out.append(ch)
            continue
        n = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in n if unicodedata.category(c) != "Mn"))
    return "".join(out)


def casual(lang, text):
    """light, seeded noise: dropped final punctuation, missing accents"""
    if rng.random() < 0.12 and text and text[-1] in "?.？。!！":
        text = text[:-1].rstrip()
    if lang in ("fr", "es") and rng.random() < 0.1:
        text = strip_accents(text)
    if lang == "de" and rng.random() < 0.08:
        text = text.replace("ß", "ss")
    return text


DIFF_WORDS = ("差", "多多少", "différence", "Differenz", "diferencia")


def rec(lang, text, value, instr=None):
    r = {"text": text, "value": out_value(value), "split": SPLIT, "lang": lang}
    if instr:
        r["instruction"] = instr
    return r


def build(lang):
    files = {}

    rows = []
    for (instr, fixed), tmpl in zip(PARA_SPEC, PARA[lang]):
        vals = GEN[instr]()
        vals.update(fixed)
        a, b = vals["a"], vals.get("b")
        if instr == "math.subtract" and any(w in tmpl for w in DIFF_WORDS):
            a, b = sorted((abs(a), abs(b)), reverse=True)
            vals["a"], vals["b"] = a, b
        shown = {k: v for k, v in vals.items() if k not in fixed and "{%s}" % k in tmpl}
        text = casual(lang, fill(lang, tmpl, shown))
        rows.append(rec(lang, text, op_value(instr, a, b), instr))
    files["paraphrase"] = rows

    rows = []
    for instr, tmpl, f, t, gk in CONV[lang]:
        v = CGEN[gk]()
        val = conv_length(v, f, t) if instr == LEN else conv_temp(v, f, t)
        text = casual(lang, fill(lang, tmpl, {"v": v}, nouns=True))
        rows.append(rec(lang, text, val, instr))
    files["conversion"] = rows

    rows = []
    for (instr, g), tmpl in zip(WP_SPEC, WP[lang]):
        vals = g()
        shown = {k: v for k, v in vals.items() if "{%s}" % k in tmpl}
        text = casual(lang, fill(lang, tmpl, shown, nouns=True))
        rows.append(rec(lang, text, op_value(instr, vals["a"], vals.get("b")), instr))
    files["word_problem"] = rows

    rows = []
    for (g, fn), tmpl in zip(MS_SPEC, MS[lang]):
        vals = g()
        shown = {k: v for k, v in vals.items() if "{%s}" % k in tmpl}
        text = casual(lang, fill(lang, tmpl, shown))
        rows.append(rec(lang, text, fn(vals.get("a"), vals.get("b"), vals.get("c"))))
    files["multi_step"] = rows

    rows = []
    for tmpl in UNSUP[lang]:
        vals = g_unsup()
        shown = {k: v for k, v in vals.items() if "{%s}" % k in tmpl}
        text = casual(lang, fill(lang, tmpl, shown, pwords=0.3, nouns=True))
        rows.append(rec(lang, text, None))
    files["unsupported"] = rows

    files["off_topic"] = [rec(lang, t, None) for t in OFF[lang]]
    return files


COUNTS = {"paraphrase": 50, "conversion": 20, "word_problem": 15, "multi_step": 15,
          "unsupported": 15, "off_topic": 20}


def main():
    for lang in ("zh", "fr", "de", "es"):
        files = build(lang)
        os.makedirs(os.path.join(OUT, lang), exist_ok=True)
        for kind, rows in files.items():
            assert len(rows) == COUNTS[kind], (lang, kind, len(rows))
            texts = [r["text"] for r in rows]
            assert len(set(texts)) == len(texts), (lang, kind, "duplicate text")
            with open(os.path.join(OUT, lang, kind + ".jsonl"), "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("written to", OUT)


if __name__ == "__main__":
    main()
