"""Number rendering (digits / words) for zh, fr, de, es. Standard library only."""
from decimal import Decimal

# ---------------- Chinese ----------------
ZH_D = "零一二三四五六七八九"


def _zh_below10000(n, leading, rng):
    parts = []
    zero_pending = False
    started = False
    for u, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // u % 10
        if d == 0:
            if started:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        if u == 10 and d == 1 and not started and leading:
            parts.append("十")
        else:
            ch = ZH_D[d]
            if d == 2 and u == 1000:
                ch = "两"
            elif d == 2 and u == 100 and rng is not None and rng.random() < 0.5:
                ch = "两"
            parts.append(ch + name)
        started = True
    return "".join(parts)


def zh_int(n, rng=None):
    if n < 0:
        return "负" + zh_int(-n, rng)
    if n == 0:
        return "零"
    if n < 10000:
        return _zh_below10000(n, True, rng)
    hi, lo = divmod(n, 10000)
    s = _zh_below10000(hi, True, rng) + "万"
    if lo:
        if lo < 1000:
            s += "零"
        s += _zh_below10000(lo, False, rng)
    return s


def zh_dec(x, rng=None):
    neg = x < 0
    x = abs(x)
    ip = int(x)
    frac = format(x, "f").split(".")[1] if "." in format(x, "f") else ""
    s = zh_int(ip, rng) + ("点" + "".join(ZH_D[int(c)] for c in frac) if frac else "")
    return ("负" if neg else "") + s


# ---------------- French ----------------
FR_U = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
FR_T = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _fr99(n):
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
        u = n - 60
        if u == 11:
            return "soixante et onze"
        return "soixante-" + FR_U[u]
    u = n - 80
    if u == 0:
        return "quatre-vingts"
    return "quatre-vingt-" + FR_U[u]


def _fr999(n, final=True):
    h, r = divmod(n, 100)
    if h == 0:
        s = _fr99(r)
        if not final and s == "quatre-vingts":
            s = "quatre-vingt"
        return s
    hs = "cent" if h == 1 else FR_U[h] + " cent"
    if r == 0:
        return hs + ("s" if h > 1 and final else "")
    return hs + " " + _fr99(r)


def fr_int(n, rng=None):
    if n < 0:
        return "moins " + fr_int(-n)
    if n < 1000:
        return _fr999(n)
    th, r = divmod(n, 1000)
    s = "mille" if th == 1 else _fr999(th, final=False) + " mille"
    if r:
        s += " " + _fr999(r)
    return s


def fr_dec(x, rng=None):
    neg = x < 0
    x = abs(x)
    ip = int(x)
    frac = format(x, "f").split(".")[1]
    s = fr_int(ip) + " virgule " + " ".join(
        [FR_U[0]] * (len(frac) - len(frac.lstrip("0")))) + (" " if frac.startswith("0") else "") + fr_int(int(frac))
    s = " ".join(s.split())
    return ("moins " if neg else "") + s


# ---------------- German ----------------
DE_U = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
        "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"]
DE_T = {2: "zwanzig", 3: "dreißig", 4: "vierzig", 5: "fünfzig", 6: "sechzig", 7: "siebzig",
        8: "achtzig", 9: "neunzig"}


def _de99(n):
    if n < 20:
        return DE_U[n]
    t, u = divmod(n, 10)
    if u == 0:
        return DE_T[t]
    return ("ein" if u == 1 else DE_U[u]) + "und" + DE_T[t]


def _de999(n, rng=None):
    h, r = divmod(n, 100)
    s = ""
    if h:
        if h == 1:
            s = "hundert" if (rng is not None and rng.random() < 0.5) else "einhundert"
        else:
            s = DE_U[h] + "hundert"
    if r or not h:
        s += _de99(r)
    return s


def de_int(n, rng=None):
    if n < 0:
        return "minus " + de_int(-n, rng)
    if n < 1000:
        return _de999(n, rng)
    th, r = divmod(n, 1000)
    s = ("ein" if th == 1 else _de999(th, rng)) + "tausend"
    if r:
        s += _de999(r, rng)
    return s


def de_dec(x, rng=None):
    neg = x < 0
    x = abs(x)
    ip = int(x)
    frac = format(x, "f").split(".")[1]
    s = de_int(ip, rng) + " Komma " + " ".join(DE_U[int(c)] for c in frac)
    return ("minus " if neg else "") + s


# ---------------- Spanish ----------------
ES_U = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
        "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve",
        "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis",
        "veintisiete", "veintiocho", "veintinueve"]
ES_T = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
ES_H = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos",
        6: "seiscientos", 7: "setecientos", 8: "ochocientos", 9: "novecientos"}


def _es99(n):
    if n < 30:
        return ES_U[n]
    t, u = divmod(n, 10)
    return ES_T[t] + (" y " + ES_U[u] if u else "")


def _es999(n):
    if n == 100:
        return "cien"
    h, r = divmod(n, 100)
    if h == 0:
        return _es99(r)
    return ES_H[h] + (" " + _es99(r) if r else "")


def es_int(n, rng=None):
    if n < 0:
        return "menos " + es_int(-n)
    if n < 1000:
        return _es999(n)
    th, r = divmod(n, 1000)
    s = "mil" if th == 1 else _es999(th) + " mil"
    if r:
        s += " " + _es999(r)
    return s


def es_dec(x, rng=None):
    neg = x < 0
    x = abs(x)
    ip = int(x)
    frac = format(x, "f").split(".")[1]
    lead0 = len(frac) - len(frac.lstrip("0"))
    s = es_int(ip) + " coma " + " ".join(["cero"] * lead0 + [es_int(int(frac))])
    return ("menos " if neg else "") + s


INT_WORDS = {"zh": zh_int, "fr": fr_int, "de": de_int, "es": es_int}
DEC_WORDS = {"zh": zh_dec, "fr": fr_dec, "de": de_dec, "es": es_dec}

FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def plain(x):
    """Decimal -> canonical digit string with '.' decimal point."""
    if x == x.to_integral_value():
        return str(int(x))
    s = format(x.normalize(), "f")
    return s


def digits(x, lang, rng=None, allow_fullwidth=True):
    s = plain(x)
    if lang in ("fr", "de", "es"):
        s = s.replace(".", ",")
    elif lang == "zh" and allow_fullwidth and rng is not None and "." not in s and rng.random() < 0.18:
        s = s.translate(FULLWIDTH)
    return s


def words(x, lang, rng=None):
    if x == x.to_integral_value():
        n = int(x)
        if abs(n) < 100000:
            return INT_WORDS[lang](n, rng)
        return digits(x, lang, rng)
    frac = plain(abs(x)).split(".")[1]
    if len(frac) <= 2:
        return DEC_WORDS[lang](x, rng)
    return digits(x, lang, rng)


if __name__ == "__main__":
    for n in [0, 1, 2, 10, 12, 21, 71, 80, 81, 91, 100, 101, 110, 200, 305, 1000, 1005, 2000, 2021, 12345]:
        print(n, "|", zh_int(n), "|", fr_int(n), "|", de_int(n), "|", es_int(n))
    for d in ["3.5", "-3", "0.25", "12.05"]:
        x = Decimal(d)
        print(d, "|", words(x, "zh"), "|", words(x, "fr"), "|", words(x, "de"), "|", words(x, "es"))
