#!/usr/bin/env python3
import json, os, random, re
SEED = 20261209
SPLIT = "heldout"
OUT = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

# ---------- number words ----------
ZD = "零一二三四五六七八九"
def zh_words(n):
    if n < 0: return "负" + zh_words(-n)
    if n < 10: return ZD[n]
    if n < 20: return "十" + (ZD[n % 10] if n % 10 else "")
    if n < 100: return ZD[n // 10] + "十" + (ZD[n % 10] if n % 10 else "")
    def under100(r):  # inside bigger numbers
        if r < 10: return "零" + ZD[r]
        if r < 20: return "一十" + (ZD[r % 10] if r % 10 else "")
        return zh_words(r)
    if n < 1000:
        h, r = divmod(n, 100)
        s = ("两" if h == 2 and rng.random() < 0.6 else ZD[h]) + "百"
        return s if r == 0 else s + under100(r)
    if n < 10000:
        t, r = divmod(n, 1000)
        s = ("两" if t == 2 else ZD[t]) + "千"
        if r == 0: return s
        if r < 100: return s + "零" + (under100(r)[1:] if r < 10 else ("一十" + (ZD[r % 10] if r % 10 else "") if r < 20 else zh_words(r)))
        return s + zh_words(r)
    return str(n)

FU = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()
FT = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}
def fr_words(n):
    if n < 0: return "moins " + fr_words(-n)
    if n < 20: return FU[n]
    if n < 70:
        t, u = n // 10 * 10, n % 10
        return FT[t] if u == 0 else FT[t] + (" et un" if u == 1 else "-" + FU[u])
    if n < 80: return "soixante et onze" if n == 71 else "soixante-" + FU[n - 60]
    if n < 100: return "quatre-vingts" if n == 80 else "quatre-vingt-" + FU[n - 80]
    if n < 1000:
        h, r = divmod(n, 100)
        hs = "cent" if h == 1 else FU[h] + " cent" + ("s" if r == 0 else "")
        return hs if r == 0 else hs + " " + fr_words(r)
    if n == 1000: return "mille"
    return str(n)

DU = "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn".split()
DT = {2: "zwanzig", 3: "dreißig", 4: "vierzig", 5: "fünfzig", 6: "sechzig", 7: "siebzig", 8: "achtzig", 9: "neunzig"}
def de_words(n):
    if n < 0: return "minus " + de_words(-n)
    if n < 20: return DU[n]
    if n < 100:
        t, u = divmod(n, 10)
        return DT[t] if u == 0 else ("ein" if u == 1 else DU[u]) + "und" + DT[t]
    if n < 1000:
        h, r = divmod(n, 100)
        hs = ("ein" if h == 1 and rng.random() < 0.5 else ("" if h == 1 else DU[h])) + "hundert"
        return hs + (de_words(r) if r else "")
    if n == 1000: return "tausend"
    return str(n)

EU = ("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete "
      "dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete "
      "veintiocho veintinueve").split()
ET = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
EH = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos", 6: "seiscientos",
      7: "setecientos", 8: "ochocientos", 9: "novecientos"}
def es_words(n):
    if n < 0: return "menos " + es_words(-n)
    if n < 30: return EU[n]
    if n < 100:
        t, u = divmod(n, 10)
        return ET[t] if u == 0 else ET[t] + " y " + EU[u]
    if n == 100: return "cien"
    if n < 1000:
        h, r = divmod(n, 100)
        return EH[h] if r == 0 else EH[h] + " " + es_words(r)
    if n == 1000: return "mil"
    return str(n)

WORDS = {"zh": zh_words, "fr": fr_words, "de": de_words, "es": es_words}
FW = str.maketrans("0123456789.-", "０１２３４５６７８９．－")

def plain(x):
    if isinstance(x, int): return str(x)
    s = ("%.4f" % x).rstrip("0").rstrip(".")
    return s

def dec_words(x, lang):
    ip, fp = plain(abs(x)).split(".")
    neg = x < 0
    w = WORDS[lang]
    if lang == "zh":
        s = zh_words(int(ip)) + "点" + "".join(ZD[int(c)] for c in fp)
        return ("负" if neg else "") + s
    if lang == "de":
        s = de_words(int(ip)) + " Komma " + " ".join(DU[int(c)] for c in fp)
        return ("minus " if neg else "") + s
    sep = {"fr": " virgule ", "es": rng.choice([" coma ", " punto "])}[lang]
    frac = w(int(fp)) if not fp.startswith("0") else " ".join(w(int(c)) for c in fp)
    return ("moins " if neg and lang == "fr" else "menos " if neg else "") + w(int(ip)) + sep + frac

def num(x, lang, words_ok=True):
    """render a number the way a person in that language might type it"""
    r = rng.random()
    if isinstance(x, int):
        if words_ok and 0 <= x <= (9999 if lang == "zh" else 1000) and r < 0.3:
            return WORDS[lang](x)
        if lang == "zh" and 0.3 <= r < 0.4:
            return str(x).translate(FW)
        return str(x)
    s = plain(x)
    if words_ok and r < 0.12 and abs(x) < 1000:
        return dec_words(x, lang)
    if lang in ("fr", "de", "es") and r < 0.8:
        return s.replace(".", ",")
    if lang == "zh" and r < 0.2:
        return s.translate(FW)
    return s

def clean(v):
    if v is None: return None
    v = round(v, 10)
    if float(v).is_integer(): return int(v)
    return v

# ---------- operand generators ----------
def dec1(lo, hi):
    return round(rng.uniform(lo, hi), rng.choice([1, 1, 2]))

def gen(op):
    r = rng.random()
    if op == "add":
        if r < 0.15: return dec1(0, 200), dec1(0, 100)
        if r < 0.25: return rng.randint(-300, -1), rng.randint(1, 500)
        return rng.randint(0, 1000), rng.randint(0, 1000)
    if op == "sub":
        if r < 0.15: return dec1(10, 300), dec1(0, 10)
        if r < 0.3: a = rng.randint(0, 100); return a, a + rng.randint(1, 200)
        a = rng.randint(20, 1000); return a, rng.randint(1, a)
    if op == "mul":
        if r < 0.15: return dec1(0, 20), rng.randint(2, 12)
        if r < 0.25: return rng.randint(-50, -1), rng.randint(2, 20)
        return rng.randint(2, 60), rng.randint(2, 30)
    if op == "div":
        b = rng.randint(2, 25)
        if r < 0.2: return rng.randint(1, 500), rng.choice([4, 8, 5, 2])
        if r < 0.3: return dec1(1, 100), rng.choice([2, 4, 5])
        return b * rng.randint(1, 40), b
    if op == "pow":
        if r < 0.1: return rng.randint(2, 5), 0 if r < 0.03 else -1
        b = rng.randint(2, 12)
        return b, rng.randint(2, 3 if b > 6 else 6)
    if op == "subpos":  # "difference between": keep a >= b so the sign is not in doubt
        a = rng.randint(20, 1000); return a, rng.randint(1, a)
    if op == "sq":
        if r < 0.15: return (dec1(0, 15),)
        if r < 0.25: return (rng.randint(-30, -1),)
        return (rng.randint(0, 99),)
    if op == "sqrt": return (rng.randint(0, 31) ** 2,)
    if op in ("double", "half"):
        if r < 0.15: return (dec1(1, 100),)
        return (rng.randint(1, 1000),)
    if op == "div0": return (rng.randint(1, 500),)
    raise ValueError(op)

OPS = {
    "add": ("math.add", lambda a, b: a + b),
    "sub": ("math.subtract", lambda a, b: a - b),
    "subpos": ("math.subtract", lambda a, b: a - b),
    "mul": ("math.multiply", lambda a, b: a * b),
    "div": ("math.divide", lambda a, b: a / b),
    "pow": ("math.power", lambda a, b: a ** b),
    "sq": ("math.square", lambda a: a * a),
    "sqrt": ("math.power", lambda a: a ** 0.5),
    "double": ("math.multiply", lambda a: a * 2),
    "half": ("math.divide", lambda a: a / 2),
    "div0": ("math.divide", lambda a: None),
}

def fill(t, vals, lang, words_ok=True):
    d = {}
    for k, v in zip("abc", vals):
        d[k] = num(v, lang, words_ok)
    return t.format(**d)

# ---------- unit conversions ----------
LEN = {"km": 1000.0, "m": 1.0, "cm": 0.01, "mm": 0.001, "mile": 1609.344, "yard": 0.9144,
       "foot": 0.3048, "inch": 0.0254, "nmi": 1852.0}
def conv_len(v, f, t): return v * LEN[f] / LEN[t]
def to_c(v, u): return v if u == "c" else (v - 32) * 5 / 9 if u == "f" else v - 273.15
def from_c(c, u): return c if u == "c" else c * 9 / 5 + 32 if u == "f" else c + 273.15
def conv_temp(v, f, t): return from_c(to_c(v, f), t)

def conv_value(f, t):
    if f in ("c", "f", "k"):
        if f == "k": return rng.choice([0, 273, 300, 310, 373.15, 250])
        return rng.choice([rng.randint(-40, 45), rng.randint(0, 212), dec1(-10, 40)])
    r = rng.random()
    if r < 0.25: return dec1(0, 50)
    if f in ("mm", "cm"): return rng.randint(1, 1000)
    return rng.randint(1, 500)

# ================= TEMPLATES =================
PARA = {
"zh": [
 ("add", "{a}加{b}等于多少"), ("add", "{a}+{b}=？"), ("add", "帮我算一下{a}加上{b}"),
 ("add", "{a}和{b}的和是多少？"), ("add", "把{a}跟{b}加起来"),
 ("sub", "从{a}里减去{b}"), ("sub", "{a}减{b}是多少"), ("subpos", "{a}比{b}多多少？"),
 ("sub", "算下{a}-{b}"), ("sub", "{a}减掉{b}还剩几"),
 ("mul", "{a}乘以{b}"), ("mul", "{a}乘{b}等于几"), ("mul", "{a}和{b}的乘积是多少"),
 ("mul", "{a}的{b}倍是多少？"), ("double", "把{a}翻一倍"), ("double", "{a}的两倍是多少"),
 ("div", "{a}除以{b}"), ("div", "{b}除{a}等于多少"), ("half", "{a}的一半是多少？"),
 ("div", "{a}/{b}等于？"), ("div", "请问{a}除以{b}得多少。"), ("div0", "{a}除以零等于多少"),
 ("pow", "{a}的{b}次方"), ("pow", "{a}的{b}次幂是多少？"), ("sqrt", "{a}开平方等于多少"),
 ("sqrt", "{a}的平方根是几"), ("sq", "{a}的平方"), ("sq", "{a}的平方是多少？"),
 ("sq", "算一下{a}的平方吧"), ("pow", "求{a}的{b}次方。"),
],
"fr": [
 ("add", "combien font {a} plus {b} ?"), ("add", "{a} + {b}"), ("add", "additionne {a} et {b} stp"),
 ("add", "Pourriez-vous calculer la somme de {a} et de {b} ?"), ("add", "ajoute {b} à {a}"),
 ("sub", "retire {b} de {a}"), ("sub", "{a} moins {b} ça fait combien"), ("sub", "Soustrais {b} à {a}."),
 ("subpos", "quelle est la différence entre {a} et {b} ?"), ("sub", "calcule {a} - {b}"),
 ("mul", "{a} fois {b}"), ("mul", "multiplie {a} par {b}"), ("mul", "c'est combien {a} multiplié par {b}?"),
 ("mul", "Quel est le produit de {a} et {b} ?"), ("double", "double {a}"), ("double", "le double de {a} c'est combien"),
 ("div", "{a} divisé par {b}"), ("div", "divise {a} par {b} s'il te plait"), ("half", "la moitié de {a} ?"),
 ("div", "combien donne {a}/{b}"), ("div", "Je voudrais le quotient de {a} par {b}."), ("div0", "{a} divisé par zéro ?"),
 ("pow", "{a} puissance {b}"), ("pow", "{a} à la puissance {b}, ça donne quoi ?"), ("sqrt", "racine carrée de {a}"),
 ("sqrt", "c'est quoi la racine de {a}"), ("sq", "{a} au carré"), ("sq", "Calculez le carré de {a}."),
 ("sq", "eleve {a} au carre"), ("pow", "{a} exposant {b} stp"),
],
"de": [
 ("add", "was ist {a} plus {b}?"), ("add", "{a}+{b}"), ("add", "Addiere {a} und {b}"),
 ("add", "Wie groß ist die Summe aus {a} und {b}?"), ("add", "rechne mal {a} und {b} zusammen"),
 ("sub", "zieh {b} von {a} ab"), ("sub", "{a} minus {b}"), ("sub", "wieviel ist {a} weniger {b}"),
 ("sub", "Subtrahiere {b} von {a}."), ("sub", "was bleibt übrig, wenn ich {b} von {a} abziehe"),
 ("mul", "{a} mal {b}"), ("mul", "multiplizier {a} mit {b}"), ("mul", "Was ergibt {a} multipliziert mit {b}?"),
 ("mul", "das Produkt von {a} und {b} bitte"), ("double", "verdopple {a}"), ("double", "was ist das Doppelte von {a}"),
 ("div", "{a} geteilt durch {b}"), ("div", "teile {a} durch {b}"), ("half", "die Hälfte von {a}?"),
 ("div", "{a} : {b} = ?"), ("div", "Könnten Sie bitte {a} durch {b} dividieren?"), ("div0", "was ist {a} geteilt durch null"),
 ("pow", "{a} hoch {b}"), ("pow", "Was ist {a} hoch {b}?"), ("sqrt", "Wurzel aus {a}"),
 ("sqrt", "was ist die quadratwurzel von {a}"), ("sq", "{a} zum Quadrat"), ("sq", "Quadriere {a}."),
 ("sq", "wie viel ist {a} im quadrat"), ("pow", "berechne {a} potenz {b}"),
],
"es": [
 ("add", "cuanto es {a} mas {b}"), ("add", "{a}+{b}?"), ("add", "suma {a} y {b}"),
 ("add", "¿Me puedes decir cuánto da {a} más {b}?"), ("add", "añade {b} a {a}"),
 ("sub", "resta {b} de {a}"), ("sub", "{a} menos {b}"), ("sub", "¿Cuánto es {a} menos {b}?"),
 ("sub", "quitale {b} a {a}"), ("subpos", "Calcula la diferencia entre {a} y {b}."),
 ("mul", "{a} por {b}"), ("mul", "multiplica {a} por {b}"), ("mul", "¿cuánto da {a} multiplicado por {b}?"),
 ("mul", "el producto de {a} y {b}"), ("double", "el doble de {a}"), ("double", "duplica {a} porfa"),
 ("div", "{a} entre {b}"), ("div", "divide {a} entre {b}"), ("half", "cual es la mitad de {a}"),
 ("div", "¿{a} dividido por {b}?"), ("div", "Necesito saber cuánto es {a} dividido entre {b}."), ("div0", "{a} entre cero"),
 ("pow", "{a} elevado a {b}"), ("pow", "¿cuánto es {a} elevado a la {b}?"), ("sqrt", "raiz cuadrada de {a}"),
 ("sqrt", "¿Cuál es la raíz cuadrada de {a}?"), ("sq", "{a} al cuadrado"), ("sq", "eleva {a} al cuadrado"),
 ("sq", "Dime el cuadrado de {a}"), ("pow", "calcula {a} a la potencia {b}"),
],
}

# conversions: (kind, text, from, to)
L, T = "length", "temp"
CONV = {
"zh": [
 (L, "{a}公里等于多少米", "km", "m"), (L, "{a}英里是多少公里？", "mile", "km"), (L, "把{a}英尺换算成米", "foot", "m"),
 (L, "{a}英寸合多少厘米", "inch", "cm"), (L, "{a}米是几英尺？", "m", "foot"), (L, "{a}海里等于多少公里", "nmi", "km"),
 (L, "{a}码换成米是多少", "yard", "m"), (L, "{a}毫米等于多少英寸", "mm", "inch"),
 (T, "{a}摄氏度是多少华氏度", "c", "f"), (T, "华氏{a}度等于摄氏多少度？", "f", "c"), (T, "{a}开尔文换算成摄氏度", "k", "c"),
 (T, "{a}℃转成华氏度", "c", "f"),
],
"fr": [
 (L, "{a} km ça fait combien de mètres ?", "km", "m"), (L, "convertis {a} miles en kilomètres", "mile", "km"),
 (L, "{a} pieds en mètres", "foot", "m"), (L, "Combien de centimètres font {a} pouces ?", "inch", "cm"),
 (L, "{a} mètres, c'est combien en pieds", "m", "foot"), (L, "{a} milles nautiques en km stp", "nmi", "km"),
 (L, "Pouvez-vous convertir {a} yards en mètres ?", "yard", "m"), (L, "{a} mm en pouces", "mm", "inch"),
 (T, "{a} degrés Celsius en Fahrenheit", "c", "f"), (T, "il fait {a} °F, ça fait combien en celsius ?", "f", "c"),
 (T, "convertir {a} kelvins en degrés Celsius", "k", "c"), (T, "{a}°C en fahrenheit ?", "c", "f"),
],
"de": [
 (L, "wie viele Meter sind {a} km", "km", "m"), (L, "{a} Meilen in Kilometer", "mile", "km"),
 (L, "Rechne {a} Fuß in Meter um", "foot", "m"), (L, "{a} Zoll sind wieviel Zentimeter?", "inch", "cm"),
 (L, "wie viel Fuß sind {a} Meter", "m", "foot"), (L, "{a} Seemeilen in Kilometer umrechnen", "nmi", "km"),
 (L, "Wie viele Meter entsprechen {a} Yards?", "yard", "m"), (L, "{a} mm in Zoll bitte", "mm", "inch"),
 (T, "{a} Grad Celsius in Fahrenheit", "c", "f"), (T, "was sind {a} Grad Fahrenheit in Celsius?", "f", "c"),
 (T, "{a} Kelvin in Grad Celsius umrechnen", "k", "c"), (T, "{a} °C sind wie viel °F", "c", "f"),
],
"es": [
 (L, "cuantos metros son {a} km", "km", "m"), (L, "convierte {a} millas a kilómetros", "mile", "km"),
 (L, "{a} pies a metros", "foot", "m"), (L, "¿Cuántos centímetros son {a} pulgadas?", "inch", "cm"),
 (L, "pasa {a} metros a pies", "m", "foot"), (L, "{a} millas náuticas en kilometros", "nmi", "km"),
 (L, "¿A cuántos metros equivalen {a} yardas?", "yard", "m"), (L, "{a} milimetros en pulgadas", "mm", "inch"),
 (T, "{a} grados celsius a fahrenheit", "c", "f"), (T, "¿{a} grados Fahrenheit cuántos centígrados son?", "f", "c"),
 (T, "convierte {a} kelvin a grados celsius", "k", "c"), (T, "{a}ºC en fahrenheit", "c", "f"),
],
}

WORD = {
"zh": [
 ("sub", "妈妈买了{a}个鸡蛋，做饭用了{b}个，还剩多少个？"), ("add", "小明有{a}本书，生日又收到{b}本，现在一共几本"),
 ("mul", "一盒有{b}支笔，{a}盒一共多少支？"), ("div", "{a}块糖平均分给{b}个小朋友，每人分几块？"),
 ("add", "班上有{a}个男生和{b}个女生，全班一共多少人？"), ("sub", "我钱包里有{a}块钱，买东西花了{b}块，还剩多少钱"),
 ("mul", "每天跑{b}公里，连续跑{a}天，总共跑了多少公里？"), ("div", "一根绳子长{a}米，剪成{b}段一样长的，每段多长？"),
],
"fr": [
 ("add", "J'ai {a} billes et j'en gagne {b}, combien en ai-je ?"), ("sub", "Il y avait {a} pommes dans le panier, on en a mangé {b}. Combien en reste-t-il ?"),
 ("mul", "une boite contient {b} crayons, combien de crayons dans {a} boites ?"), ("div", "On partage {a} bonbons entre {b} enfants, combien chacun en reçoit ?"),
 ("sub", "Marie avait {a} euros, elle en dépense {b}. Combien lui reste-t-il ?"), ("add", "dans le bus il y a {a} personnes, {b} montent. combien sont-ils maintenant"),
 ("mul", "Un ticket coûte {b} euros. Combien payer pour {a} tickets ?"), ("div", "une corde de {a} mètres est coupée en {b} morceaux égaux, quelle longueur fait chaque morceau ?"),
],
"de": [
 ("sub", "Ich hatte {a} Euro und hab {b} ausgegeben, wieviel hab ich noch?"), ("add", "Lisa hat {a} Murmeln, Tom gibt ihr {b} dazu. Wie viele hat sie jetzt?"),
 ("mul", "In einer Kiste sind {b} Flaschen. Wie viele Flaschen sind in {a} Kisten?"), ("div", "{a} Kekse werden gerecht auf {b} Kinder verteilt. Wie viele bekommt jedes Kind?"),
 ("add", "Im Zug sitzen {a} Leute, am Bahnhof steigen {b} ein, wie viele sind es jetzt"), ("sub", "Eine Klasse hat {a} Schüler, {b} sind krank. Wie viele sind da?"),
 ("mul", "ein Heft kostet {b} Euro, was kosten {a} Hefte"), ("div", "Ein Seil ist {a} m lang und wird in {b} gleich lange Stücke geschnitten. Wie lang ist ein Stück?"),
],
"es": [
 ("sub", "Tenía {a} caramelos y me comí {b}, ¿cuántos me quedan?"), ("add", "Juan tiene {a} cromos y su primo le regala {b}. ¿Cuántos tiene ahora?"),
 ("mul", "cada caja trae {b} huevos, cuantos huevos hay en {a} cajas"), ("div", "Reparten {a} galletas entre {b} niños por igual, ¿cuántas le tocan a cada uno?"),
 ("add", "En el autobús iban {a} personas y subieron {b} más. ¿Cuántas van ahora?"), ("sub", "Ana tenía {a} euros y gastó {b} en el súper, cuánto le queda?"),
 ("mul", "Una entrada cuesta {b} euros. ¿Cuánto pagamos por {a} entradas?"), ("div", "una cuerda de {a} metros se corta en {b} trozos iguales, cuanto mide cada trozo"),
],
}

MULTI = {
"zh": [
 ("add", "half", "先把{a}和{b}加起来，然后除以二"), ("mul", "add", "{a}乘以{b}，再加{c}"),
 ("sub", "mul", "{a}减去{b}之后再乘以{c}"), ("div", "sq", "{a}除以{b}，然后算结果的平方"),
 ("add", "sub", "{a}加{b}，然后减去{c}等于多少？"), ("pow", "sub", "算出{a}的{b}次方，之后再减{c}"),
 ("sub", "double", "{a}减{b}，再翻倍"),
],
"fr": [
 ("add", "half", "additionne {a} et {b}, puis divise par deux"), ("mul", "add", "{a} fois {b}, ensuite ajoute {c}"),
 ("sub", "mul", "Retire {b} de {a} puis multiplie le résultat par {c}."), ("div", "sq", "divise {a} par {b} et ensuite mets ça au carré"),
 ("add", "sub", "fais {a} plus {b}, puis enlève {c}"), ("pow", "sub", "calcule {a} puissance {b}, ensuite soustrais {c}"),
 ("sub", "double", "{a} moins {b}, puis double le résultat"),
],
"de": [
 ("add", "half", "addiere {a} und {b}, dann halbiere das Ergebnis"), ("mul", "add", "{a} mal {b} und danach plus {c}"),
 ("sub", "mul", "Zieh {b} von {a} ab und multipliziere dann mit {c}."), ("div", "sq", "teile {a} durch {b}, danach das Ganze zum Quadrat"),
 ("add", "sub", "rechne {a} plus {b}, dann minus {c}"), ("pow", "sub", "Berechne {a} hoch {b} und zieh danach {c} ab"),
 ("sub", "double", "{a} minus {b}, anschließend verdoppeln"),
],
"es": [
 ("add", "half", "suma {a} y {b} y luego divide entre dos"), ("mul", "add", "{a} por {b}, después súmale {c}"),
 ("sub", "mul", "Resta {b} de {a} y luego multiplica por {c}."), ("div", "sq", "divide {a} entre {b} y despues eleva el resultado al cuadrado"),
 ("add", "sub", "cuanto es {a} mas {b} y luego menos {c}"), ("pow", "sub", "calcula {a} elevado a {b}, después réstale {c}"),
 ("sub", "double", "{a} menos {b}, luego el doble de eso"),
],
}
MULTI_AMBIG = {
"zh": ["先算12加8，然后再乘", "把5和3加起来，再减去另外那个数"],
"fr": ["ajoute 7 à 9 puis multiplie", "prends 20 et 4, puis divise l'un par l'autre et ensuite ajoute le reste"],
"de": ["rechne 6 plus 4 und dann teile es", "nimm 15 und 3, dann zieh das eine vom anderen ab und danach mal die Zahl"],
"es": ["suma 10 y 5 y luego multiplica", "resta 4 y 9 y después divide por el otro"],
}

UNSUP = {
"zh": ["27的立方根是多少", "算一下5的阶乘", "97是不是质数？", "3、8、10这三个数的平均数是多少", "工资从5000涨到6000，涨了百分之几？",
       "把3.14159四舍五入到两位小数", "70公斤等于多少磅", "100欧元能换多少美元？", "帮我求一下12和18的最大公约数", "6！等于几",
       "１００以内有多少个素数", "把9.7取整", "2斤是多少克", "200块人民币换成日元是多少", "求64的三次方根"],
"fr": ["racine cubique de 27", "c'est quoi la factorielle de 6 ?", "est-ce que 91 est un nombre premier", "fais la moyenne de 12, 15 et 18",
       "Le loyer passe de 800 à 850 €, ça fait quelle augmentation en pourcentage ?", "arrondis 7,46 à l'unité", "combien de livres font 80 kg ?",
       "convertis 50 euros en dollars", "le PGCD de 24 et 36 stp", "7! ça donne quoi", "quels sont les nombres premiers entre 10 et 30",
       "arrondir 3,14159 à deux décimales", "5 kilos en livres", "combien vaut 100 dollars en euros aujourd'hui ?", "la racine cubique de soixante-quatre"],
"de": ["Was ist die Kubikwurzel aus 27?", "berechne die Fakultät von 5", "ist 91 eine Primzahl", "Durchschnitt von 4, 8 und 15 bitte",
       "Um wie viel Prozent ist der Preis von 40 auf 50 Euro gestiegen?", "runde 2,718 auf zwei Nachkommastellen", "wie viel Pfund sind 70 kg",
       "100 Euro in Dollar umrechnen", "kgV von 6 und 8", "was ist 6 Fakultät", "nenn mir alle Primzahlen unter 20",
       "rund mal 17,5 auf", "wieviel Gramm sind 3 Unzen", "Wie viele Schweizer Franken bekomme ich für 200 Euro?", "dritte Wurzel aus achtundzwanzig"],
"es": ["raiz cubica de 27", "¿Cuál es el factorial de 5?", "es primo el 97?", "saca la media de 3, 7 y 11",
       "Si el precio subió de 20 a 25 euros, ¿qué porcentaje subió?", "redondea 4,567 a un decimal", "cuantas libras son 60 kilos",
       "pasa 100 euros a dólares", "máximo común divisor de 18 y 24", "cuanto es 8 factorial", "dime los numeros primos menores que treinta",
       "redondear 12,5 al entero mas cercano", "¿cuántos gramos son 2 onzas?", "cuántos pesos mexicanos son 50 dólares", "raíz cúbica de ciento veinticinco"],
}

OFFTOPIC = {
"zh": ["你好", "今天北京天气怎么样？", "我有3个孩子", "给我讲个笑话吧", "现在纽约几点了", "谢谢你！", "你叫什么名字", "帮我写一封请假邮件",
       "我家住在5楼", "明天要下雨吗", "推荐几部好看的电影", "我今年28岁了。", "晚上吃什么好呢", "怎么学好英语？", "早上好呀",
       "我的快递单号是123456，到哪了", "你会说中文吗", "周末有什么好玩的地方", "我昨天跑了10公里，好累", "再见"],
"fr": ["salut ça va ?", "Quel temps fait-il à Lyon demain ?", "j'ai 3 enfants", "raconte-moi une blague", "quelle heure est-il à Tokyo",
       "merci beaucoup !", "Comment tu t'appelles ?", "Peux-tu m'écrire un mail pour mon patron ?", "j'habite au 12 rue de la Paix",
       "tu peux me conseiller un bon film", "Bonjour, je voudrais réserver une table pour 4 personnes.", "c'est quoi la capitale du Canada",
       "j'ai couru 5 km ce matin", "bonne nuit", "comment faire une quiche lorraine ?", "Mon train part à 8h15.", "t'es un robot ?",
       "traduis 'hello' en français", "il y a 2 chats dans mon jardin", "à plus tard"],
"de": ["hallo wie gehts", "Wie wird das Wetter morgen in Berlin?", "ich hab 3 Kinder", "erzähl mir einen Witz", "wie spät ist es in New York",
       "danke dir!", "Wie heißt du eigentlich?", "Kannst du mir eine E-Mail an meinen Chef schreiben?", "Ich wohne im 4. Stock.",
       "empfiehl mir mal ein gutes Buch", "Guten Morgen!", "was ist die Hauptstadt von Australien", "mein Auto ist 12 Jahre alt",
       "gute nacht", "Wie koche ich Spaghetti Carbonara?", "Der Bus kommt um 7:40.", "bist du ein mensch?", "übersetz 'Danke' ins Englische",
       "wir waren zu fünft im Urlaub", "tschüss"],
"es": ["hola que tal", "¿Qué tiempo hará mañana en Madrid?", "tengo 3 hijos", "cuentame un chiste", "que hora es en Buenos Aires",
       "¡muchas gracias!", "¿Cómo te llamas?", "Escríbeme un correo para pedir vacaciones", "vivo en el 5º piso",
       "recomiendame una serie", "Buenos días, quería reservar mesa para 2.", "cual es la capital de Peru", "mi perro tiene 7 años",
       "buenas noches", "¿Cómo se hace una tortilla de patatas?", "El vuelo sale a las 10:30.", "eres un robot?", "traduce 'gato' al inglés",
       "ayer caminé 8 km", "hasta luego"],
}

# ---------- build ----------
WGEN = {
    "add": lambda: (rng.randint(3, 300), rng.randint(2, 200)),
    "sub": lambda: (lambda a: (a, rng.randint(1, a - 1)))(rng.randint(10, 500)),
    "mul": lambda: (rng.randint(2, 30), rng.randint(2, 24)),
    "div": lambda: (lambda b: (b * rng.randint(2, 30), b))(rng.randint(2, 12)),
}

def pick(templates, n, maxuse=2):
    pool = templates * maxuse
    rng.shuffle(pool)
    assert len(pool) >= n
    return pool[:n]

def rec(text, value, lang, instr=None):
    d = {"text": text, "value": clean(value), "split": SPLIT, "lang": lang}
    if instr: d["instruction"] = instr
    return d

def build(lang):
    out = {}
    rows = []
    for op, t in pick(PARA[lang], 50):
        vals = gen(op)
        name, f = OPS[op]
        rows.append(rec(fill(t, vals, lang), f(*vals), lang, name))
    out["paraphrase"] = rows
    rows = []
    for kind, t, fu, tu in pick(CONV[lang], 20):
        v = conv_value(fu, tu)
        if kind == L:
            rows.append(rec(fill(t, (v,), lang), conv_len(v, fu, tu), lang, "units.length"))
        else:
            rows.append(rec(fill(t, (v,), lang, words_ok=False), conv_temp(v, fu, tu), lang, "units.temperature"))
    out["conversion"] = rows
    rows = []
    for op, t in pick(WORD[lang], 15):
        vals = WGEN[op]()
        name, f = OPS[op]
        text = fill(t, vals, lang)
        if lang == "zh":  # counting: 两, not 二, before a measure word
            text = re.sub(r"(?<![一二三四五六七八九十百千点])二(?=[个盒天段块本支])", "两", text)
        rows.append(rec(text, f(*vals), lang, name))
    out["word_problem"] = rows
    rows = []
    for op1, op2, t in pick(MULTI[lang], 13):
        a, b = gen(op1) if op1 != "pow" else (rng.randint(2, 6), 2)
        c = rng.randint(2, 50)
        r1 = OPS[op1][1](a, b)
        r2 = OPS[op2][1](r1, c) if op2 in ("add", "sub", "mul", "div") else OPS[op2][1](r1)
        rows.append(rec(fill(t, (a, b, c), lang), r2, lang))
    for t in MULTI_AMBIG[lang]:
        rows.append(rec(t, None, lang))
    rng.shuffle(rows)
    out["multi_step"] = rows
    out["unsupported"] = [rec(t, None, lang) for t in UNSUP[lang]]
    out["off_topic"] = [rec(t, None, lang) for t in OFFTOPIC[lang]]
    return out

if __name__ == "__main__":
    for lang in ("zh", "fr", "de", "es"):
        os.makedirs(os.path.join(OUT, lang), exist_ok=True)
        for kind, rows in build(lang).items():
            with open(os.path.join(OUT, lang, kind + ".jsonl"), "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            print(lang, kind, len(rows))
