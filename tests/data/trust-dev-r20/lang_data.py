# -*- coding: utf-8 -*-
"""Phrasings per language (written from scratch for the blind set)."""
from decimal import Decimal as D


def _d1(r, lo, hi):
    return D(r.randint(lo * 10, hi * 10)) / 10


# ---- word-problem number generators
def g_add(r):
    return {"a": D(r.randint(5, 300)), "b": D(r.randint(2, 200))}


def g_sub(r):
    a = r.randint(20, 300)
    return {"a": D(a), "b": D(r.randint(1, a - 1))}


def g_mul(r):
    return {"a": D(r.randint(2, 20)), "b": D(r.randint(2, 24))}


def g_div(r):
    b = r.randint(2, 12)
    return {"a": D(b * r.randint(2, 30)), "b": D(b)}


def g_sq(r):
    return {"a": D(r.randint(3, 40))}


def g_temp(r):
    return {"a": D(r.choice([r.randint(-8, -2), r.randint(2, 25), r.randint(2, 25)])), "b": D(r.randint(2, 15))}


def g_price(r):
    return {"a": _d1(r, 2, 15), "b": D(r.randint(2, 8))}


def g_week(r):
    return {"a": D(r.randint(2, 20)), "b": D(7)}


def g_small(r):
    return {"a": D(r.randint(2, 40)), "b": D(r.randint(2, 40))}


# ---- multi-step generators / functions
def m_sub_div(r):
    c, q, b = r.randint(2, 12), r.randint(1, 30), r.randint(2, 50)
    return {"a": D(b + c * q), "b": D(b), "c": D(c)}


def m_div_mul(r):
    b, q = r.randint(2, 12), r.randint(2, 20)
    return {"a": D(b * q), "b": D(b), "c": D(r.randint(2, 12))}


def m_sq(r):
    return {"a": D(r.randint(2, 30)), "b": D(r.randint(2, 100))}


def m_sum_sq(r):
    return {"a": D(r.randint(2, 30)), "b": D(r.randint(2, 20))}


def m_pow(r):
    return {"a": D(r.randint(2, 9)), "b": D(r.randint(2, 4)), "c": D(r.randint(2, 100))}


def m_miles(r):
    return {"a": D(r.randint(2, 50))}


def m_temp(r):
    return {"a": D(r.randint(-10, 40)), "c": D(r.randint(2, 20))}


def m_sub3(r):
    return {"a": D(r.randint(100, 500)), "b": D(r.randint(2, 80)), "c": D(r.randint(2, 80))}


F_ADD_MUL = lambda n: (n["a"] + n["b"]) * n["c"]  # noqa: E731
F_SUB_DIV = lambda n: (n["a"] - n["b"]) / n["c"]  # noqa: E731
F_MUL_ADD = lambda n: n["a"] * n["b"] + n["c"]  # noqa: E731
F_ADD_DBL = lambda n: (n["a"] + n["b"]) * 2  # noqa: E731
F_SQ_SUB = lambda n: n["a"] * n["a"] - n["b"]  # noqa: E731
F_DIV_MUL = lambda n: n["a"] / n["b"] * n["c"]  # noqa: E731
F_MUL_SUB = lambda n: n["a"] * n["b"] - n["c"]  # noqa: E731
F_ADD_SQ = lambda n: (n["a"] + n["b"]) ** 2  # noqa: E731
F_SUB_HALF = lambda n: (n["a"] - n["b"]) / 2  # noqa: E731
F_POW_ADD = lambda n: n["a"] ** int(n["b"]) + n["c"]  # noqa: E731
F_MI_KM_DBL = lambda n: n["a"] * D("1.609344") * 2  # noqa: E731
F_C_F_SUB = lambda n: n["a"] * 9 / 5 + 32 - n["c"]  # noqa: E731
F_SUB_SUB = lambda n: n["a"] - n["b"] - n["c"]  # noqa: E731
F_MUL_DIV = lambda n: n["a"] * n["b"] / n["c"]  # noqa: E731

# =====================================================================================
ZH = {
    "div_zero": "{a}除以0等于多少",
    "paraphrase": [
        ("add", "{a}加{b}等于多少？", None),
        ("add", "帮我算一下{a}加上{b}", None),
        ("add", "{a}和{b}的和是多少", None),
        ("add", "{a_d}+{b_d}=?", None),
        ("add", "把{a}跟{b}加起来是几", None),
        ("add", "{a}再加{b}是多少啊", None),
        ("sub", "{a}减{b}是多少", None),
        ("sub", "从{a}里减去{b}", None),
        ("sub", "{a}减去{b}等于几？", None),
        ("sub", "{a}比{b}多多少？", {"ge": True}),
        ("sub", "用{a}减掉{b}，结果是？", None),
        ("sub", "{a_d}－{b_d}＝？", None),
        ("mul", "{a}乘{b}", None),
        ("mul", "{a}乘以{b}等于多少？", None),
        ("mul", "{a}和{b}的积是多少", None),
        ("mul", "{a}的{b}倍是多少", None),
        ("mul", "{a}翻一倍是多少", {"b": 2}),
        ("mul", "{a_d}×{b_d}", None),
        ("div", "{a}除以{b}等于多少", None),
        ("div", "{a_d}÷{b_d}=？", None),
        ("div", "把{a}平均分成{b}份，每份是多少", None),
        ("div", "{a}的一半是多少", {"b": 2}),
        ("div", "{a}被{b}除，商是多少？", None),
        ("pow", "{a}的{b}次方是多少", None),
        ("pow", "{a}的{b}次幂", None),
        ("pow", "算一下{a}的{b}次方", None),
        ("pow", "{a}的立方", {"b": 3}),
        ("sq", "{a}的平方", None),
        ("sq", "{a}的平方是多少？", None),
        ("sq", "{a}自己乘自己等于几", None),
        ("sq", "求{a}的平方。", None),
    ],
    "units": {"km": (["公里", "千米", "km"], None), "m": (["米"], None), "cm": (["厘米", "公分"], None),
              "mm": (["毫米"], None), "mile": (["英里"], None), "yard": (["码"], None),
              "foot": (["英尺", "呎"], None), "inch": (["英寸"], None), "nmi": (["海里"], None),
              "c": (["摄氏度", "℃"], None), "f": (["华氏度"], None), "k": (["开尔文", "K"], None)},
    "conversion": [
        ("any", "{v}{fu}等于多少{tu}？"),
        ("any", "把{v}{fu}换算成{tu}"),
        ("len", "{v}{fu}是几{tu}"),
        ("any", "{v}{fu}合多少{tu}"),
        ("any", "请将{v}{fu}转换为{tu}。"),
        ("any", "{v}{fu}换成{tu}是多少"),
        ("len", "{v}{fu}有多少{tu}啊"),
        ("any", "帮我把{v}{fu}转成{tu}"),
        ("any", "{fu}转{tu}：{v}"),
        ("temp", "外面{v}{fu}，相当于多少{tu}？"),
        ("temp", "温度计显示{v}{fu}，换算成{tu}是多少"),
        ("len", "这条路长{v}{fu}，折合多少{tu}？"),
        ("len", "{v}{fu}大概是多少{tu}呀"),
    ],
    "word_problem": [
        ("add", "妈妈买了{a}个苹果，爸爸又买了{b}个，一共有多少个苹果？", g_add),
        ("sub", "妈妈买了{a}个鸡蛋，用了{b}个，还剩多少个？", g_sub),
        ("mul", "一盒铅笔有{b}支，{a}盒一共多少支？", g_mul),
        ("div", "{a}颗糖平均分给{b}个小朋友，每人分几颗？", g_div),
        ("add", "小明本来有{a}元，过年又收到{b}元红包，现在他有多少钱？", g_add),
        ("sub", "这本书有{a}页，我已经看了{b}页，还剩几页没看", g_sub),
        ("mul", "一张电影票{a}元，买{b}张要花多少钱？", g_price),
        ("div", "一根绳子长{a}米，剪成{b}段一样长的，每段多长？", g_div),
        ("sub", "公交车上原来有{a}人，到站下去了{b}人，车上还有几个人？", g_sub),
        ("add", "班里有{a}个男生和{b}个女生，全班一共多少人？", g_add),
        ("mul", "一个星期有7天，{a}个星期一共有多少天？", g_week),
        ("sq", "一块正方形的菜地，边长{a}米，面积是多少平方米？", g_sq),
        ("div", "花了{a}元买了{b}本一样的本子，每本多少钱？", g_div),
        ("sub", "早上气温{a}度，到了晚上降了{b}度，晚上是几度？", g_temp),
        ("add", "我卡里有{a}块钱，今天又存进去{b}块，现在卡里有多少？", g_add),
    ],
    "multi_step": [
        ("{a}加{b}，然后乘以{c}", F_ADD_MUL),
        ("先算{a}减{b}，再除以{c}", F_SUB_DIV, m_sub_div),
        ("{a}乘{b}之后再加{c}等于多少", F_MUL_ADD),
        ("把{a}和{b}加起来，然后翻倍", F_ADD_DBL),
        ("{a}的平方再减去{b}", F_SQ_SUB, m_sq),
        ("{a}除以{b}，然后再乘{c}", F_DIV_MUL, m_div_mul),
        ("先把{a}乘以{b}，之后减掉{c}", F_MUL_SUB),
        ("{a}加上{b}，再求平方", F_ADD_SQ, m_sum_sq),
        ("算一下{a}减{b}，然后结果除以2", F_SUB_HALF, None, 1),
        ("{a}的{b}次方，然后加{c}是多少？", F_POW_ADD, m_pow),
        ("把{a}英里换成公里，然后乘以2", F_MI_KM_DBL, m_miles, None),
        ("{a}减去{b}以后，再减去{c}", F_SUB_SUB, m_sub3),
        ("{a}乘{b}，接着除以{c}", F_MUL_DIV),
        ("{a}加{b}然后再乘", None),
        ("先算{a}除以{b}，然后再跟另一个数相乘", None),
    ],
    "unsupported": [
        "144的平方根是多少",
        "√81等于几？",
        "帮我算一下6的阶乘",
        "97是质数吗？",
        "12、15和18的平均数是多少",
        "房价从80万涨到100万，涨了百分之几？",
        "3.14159四舍五入保留两位小数",
        "70公斤等于多少磅",
        "100欧元能换多少美元？",
        "27的立方根是多少",
        "以10为底1000的对数",
        "sin30°等于多少",
        "24和36的最大公约数是几",
        "17除以5的余数是多少？",
        "5升等于多少加仑",
    ],
    "off_topic": [
        "你好",
        "早上好！今天天气怎么样？",
        "我有3个孩子",
        "给我讲个笑话吧",
        "明天北京会下雨吗",
        "帮我写一封请假邮件",
        "你叫什么名字？",
        "谢谢你，再见",
        "我今年28岁了。",
        "推荐一部好看的电影",
        "现在几点了",
        "附近有什么好吃的餐厅？",
        "把“你好”翻译成英语",
        "我家住在5楼",
        "今天是星期几？",
        "我的手机号尾号是１２３４",
        "这个周末我要去上海出差",
        "帮我设个早上7点的闹钟",
        "今天跑了10公里，累死了",
        "你会说中文吗",
    ],
}

# =====================================================================================
FR = {
    "div_zero": "divise {a} par zéro",
    "paraphrase": [
        ("add", "combien font {a} plus {b} ?", None),
        ("add", "{a_d} + {b_d}", None),
        ("add", "additionne {a} et {b}", None),
        ("add", "Pourriez-vous calculer la somme de {a} et de {b} ?", None),
        ("add", "ajoute {b} à {a}", None),
        ("add", "ça fait combien {a} plus {b}", None),
        ("sub", "retire {b} de {a}", None),
        ("sub", "combien font {a} moins {b}", None),
        ("sub", "Soustrais {b} à {a}.", None),
        ("sub", "{a_d} - {b_d} = ?", None),
        ("sub", "enlève {b} à {a} stp", None),
        ("sub", "Il reste combien si j'enlève {b} de {a} ?", {"ge": True}),
        ("mul", "{a} fois {b}", None),
        ("mul", "combien font {a} multiplié par {b} ?", None),
        ("mul", "multiplie {a} par {b} s'il te plaît", None),
        ("mul", "Quel est le produit de {a} par {b} ?", None),
        ("mul", "c'est quoi le double de {a}", {"b": 2}),
        ("mul", "Calcule le triple de {a}.", {"b": 3}),
        ("div", "{a} divisé par {b}", None),
        ("div", "divise {a} par {b}", None),
        ("div", "combien fait {a_d} / {b_d} ?", None),
        ("div", "la moitié de {a}, c'est combien ?", {"b": 2}),
        ("div", "Je partage {a} en {b} parts égales, ça fait combien par part ?", None),
        ("div", "Quel est le quotient de {a} par {b} ?", None),
        ("pow", "{a} puissance {b}", None),
        ("pow", "{a} à la puissance {b}, ça donne quoi ?", None),
        ("pow", "calcule {a} exposant {b}", None),
        ("pow", "{a} au cube", {"b": 3}),
        ("sq", "{a} au carré", None),
        ("sq", "quel est le carré de {a} ?", None),
        ("sq", "Élève {a} au carré.", None),
    ],
    "units": {"km": (["kilomètres", "km"], None), "m": (["mètres", "m"], None),
              "cm": (["centimètres", "cm"], None), "mm": (["millimètres", "mm"], None),
              "mile": (["miles"], None), "yard": (["yards"], None), "foot": (["pieds"], None),
              "inch": (["pouces"], None), "nmi": (["milles marins", "milles nautiques"], None),
              "c": (["degrés Celsius", "°C"], None), "f": (["degrés Fahrenheit", "°F"], None),
              "k": (["kelvins", "K"], None)},
    "conversion": [
        ("any", "convertis {v} {fu} en {tu}"),
        ("any", "{v} {fu}, ça fait combien en {tu} ?"),
        ("len", "Combien de {tu} dans {v} {fu} ?"),
        ("any", "{v} {fu} en {tu} stp"),
        ("any", "Pouvez-vous convertir {v} {fu} en {tu}, s'il vous plaît ?"),
        ("any", "ça donne quoi {v} {fu} en {tu}"),
        ("any", "je cherche l'équivalent de {v} {fu} en {tu}"),
        ("any", "Conversion : {v} {fu} -> {tu}"),
        ("temp", "il fait {v} {fu} dehors, c'est combien en {tu} ?"),
        ("temp", "Le thermomètre affiche {v} {fu}, ça correspond à combien en {tu} ?"),
        ("len", "La piste fait {v} {fu}. Ça fait combien de {tu} ?"),
        ("len", "passe {v} {fu} en {tu}"),
    ],
    "word_problem": [
        ("add", "J'ai {a} billes et j'en gagne {b}, combien en ai-je ?", g_add),
        ("sub", "Il y avait {a} élèves dans la cour, {b} sont rentrés en classe. Combien en reste-t-il dehors ?", g_sub),
        ("mul", "Une boîte contient {b} œufs. Combien d'œufs y a-t-il dans {a} boîtes ?", g_mul),
        ("div", "On partage {a} bonbons entre {b} enfants, combien chacun en reçoit ?", g_div),
        ("add", "Marie a {a} euros dans sa tirelire et sa grand-mère lui en donne {b}. Combien a-t-elle maintenant ?", g_add),
        ("sub", "Mon livre fait {a} pages, j'en ai lu {b}. Il m'en reste combien à lire ?", g_sub),
        ("mul", "Un ticket de métro coûte {a} euros, je paie combien pour {b} tickets ?", g_price),
        ("div", "Une corde de {a} mètres est coupée en {b} morceaux égaux. Quelle est la longueur de chaque morceau ?", g_div),
        ("sub", "Le thermomètre indiquait {a} degrés ce matin, la température a baissé de {b} degrés. Combien fait-il maintenant ?", g_temp),
        ("add", "Dans la classe il y a {a} filles et {b} garçons, ça fait combien d'élèves en tout ?", g_add),
        ("mul", "Une semaine compte sept jours. Combien de jours y a-t-il dans {a} semaines ?", g_week),
        ("sq", "Un jardin carré mesure {a} mètres de côté. Quelle est son aire en mètres carrés ?", g_sq),
        ("div", "J'ai payé {a} euros pour {b} cahiers identiques. Combien coûte un cahier ?", g_div),
        ("sub", "Paul avait {a} cartes Pokémon et il en a donné {b} à sa sœur. Combien lui en reste-t-il ?", g_sub),
        ("add", "Le bus transporte {a} passagers, {b} personnes montent à l'arrêt suivant. Combien y a-t-il de passagers maintenant ?", g_add),
    ],
    "multi_step": [
        ("additionne {a} et {b}, puis multiplie par {c}", F_ADD_MUL),
        ("{a} moins {b}, ensuite divise le résultat par {c}", F_SUB_DIV, m_sub_div),
        ("multiplie {a} par {b} et ensuite ajoute {c}", F_MUL_ADD),
        ("fais {a} plus {b} puis double le résultat", F_ADD_DBL),
        ("prends le carré de {a} puis retire {b}", F_SQ_SUB, m_sq),
        ("Divise {a} par {b}, puis multiplie ça par {c}.", F_DIV_MUL, m_div_mul),
        ("calcule {a} fois {b}, puis soustrais {c}", F_MUL_SUB),
        ("{a} + {b} et ensuite mets le tout au carré", F_ADD_SQ, m_sum_sq),
        ("retire {b} de {a} puis prends la moitié", F_SUB_HALF, None, 1),
        ("{a} puissance {b}, ensuite ajoute {c}", F_POW_ADD, m_pow),
        ("convertis {a} miles en kilomètres puis multiplie par 2", F_MI_KM_DBL, m_miles, None),
        ("enlève {b} à {a}, puis enlève encore {c}", F_SUB_SUB, m_sub3),
        ("{a} multiplié par {b}, et après divisé par {c}", F_MUL_DIV),
        ("additionne {a} et {b} puis multiplie", None),
        ("divise {a} par {b} et ensuite fais l'autre opération", None),
    ],
    "unsupported": [
        "racine carrée de 144",
        "Quelle est la factorielle de 6 ?",
        "est-ce que 91 est un nombre premier",
        "fais la moyenne de 12, 15 et 18",
        "Le loyer est passé de 800 à 860 euros, ça fait une hausse de combien de pourcent ?",
        "arrondis 3,14159 au centième",
        "convertis 70 kg en livres",
        "combien font 100 euros en dollars ?",
        "racine cubique de 27",
        "log de 1000 en base 10",
        "cosinus de 60 degrés",
        "PGCD de 24 et 36",
        "quel est le reste de la division de 17 par 5 ?",
        "5 litres en gallons",
        "combien de grammes dans 8 onces",
    ],
    "off_topic": [
        "Bonjour !",
        "salut ça va ?",
        "J'ai 3 enfants.",
        "Quel temps fait-il à Paris aujourd'hui ?",
        "raconte-moi une blague",
        "Peux-tu m'écrire un mail pour mon patron ?",
        "comment tu t'appelles",
        "merci beaucoup, bonne soirée",
        "j'habite au 12 rue Victor Hugo",
        "Tu peux me conseiller un bon film ?",
        "quelle heure est-il",
        "C'est quoi la capitale de l'Australie ?",
        "traduis « bonjour » en anglais",
        "mon fils a eu 15 en maths",
        "je pars en vacances le 3 août",
        "On est quel jour aujourd'hui ?",
        "Réserve une table pour quatre personnes ce soir",
        "j'ai couru 10 km ce matin, je suis crevé",
        "Est-ce que tu parles français ?",
        "mets un minuteur de 5 minutes",
    ],
}

# =====================================================================================
DE = {
    "div_zero": "teil {a} durch null",
    "paraphrase": [
        ("add", "was ist {a} plus {b}", None),
        ("add", "Wie viel ist {a_d} + {b_d}?", None),
        ("add", "Addiere {a} und {b}.", None),
        ("add", "rechne mal {a} und {b} zusammen", None),
        ("add", "Was ergibt die Summe von {a} und {b}?", None),
        ("add", "zähl {b} zu {a} dazu", None),
        ("sub", "zieh {b} von {a} ab", None),
        ("sub", "{a} minus {b}", None),
        ("sub", "Was ist {a} weniger {b}?", None),
        ("sub", "Subtrahiere {b} von {a}.", None),
        ("sub", "wie viel bleibt übrig, wenn ich von {a} {b} wegnehme?", {"ge": True}),
        ("sub", "{a_d} - {b_d} = ?", None),
        ("mul", "{a} mal {b}", None),
        ("mul", "Was gibt {a} multipliziert mit {b}?", None),
        ("mul", "multiplizier {a} mit {b}", None),
        ("mul", "Wie lautet das Produkt aus {a} und {b}?", None),
        ("mul", "verdopple {a}", {"b": 2}),
        ("mul", "Was ist das Dreifache von {a}?", {"b": 3}),
        ("div", "{a} geteilt durch {b}", None),
        ("div", "teile {a} durch {b}", None),
        ("div", "Wie viel ist {a} durch {b}?", None),
        ("div", "halbiere {a}", {"b": 2}),
        ("div", "{a} dividiert durch {b}, bitte", None),
        ("div", "Was ist die Hälfte von {a}?", {"b": 2}),
        ("pow", "{a} hoch {b}", None),
        ("pow", "Was ist {a} hoch {b}?", None),
        ("pow", "rechne mir {a} hoch {b} aus", None),
        ("pow", "Wie viel ist {a} in der dritten Potenz?", {"b": 3}),
        ("sq", "{a} zum Quadrat", None),
        ("sq", "Was ist das Quadrat von {a}?", None),
        ("sq", "quadriere {a}", None),
        ("sq", "{a} im Quadrat?", None),
    ],
    "units": {"km": (["Kilometer", "km"], None), "m": (["Meter", "m"], None),
              "cm": (["Zentimeter", "cm"], None), "mm": (["Millimeter", "mm"], None),
              "mile": (["Meilen"], None), "yard": (["Yards"], None), "foot": (["Fuß"], None),
              "inch": (["Zoll"], None), "nmi": (["Seemeilen"], None),
              "c": (["Grad Celsius", "°C"], None), "f": (["Grad Fahrenheit", "°F"], None),
              "k": (["Kelvin", "K"], None)},
    "conversion": [
        ("any", "rechne {v} {fu} in {tu} um"),
        ("any", "Wie viel sind {v} {fu} in {tu}?"),
        ("any", "{v} {fu} in {tu}"),
        ("len", "wie viele {tu} sind {v} {fu}"),
        ("any", "Kannst du mir {v} {fu} in {tu} umrechnen?"),
        ("any", "Umrechnung {v} {fu} -> {tu}"),
        ("any", "{v} {fu} sind wie viel {tu}?"),
        ("any", "Wandle bitte {v} {fu} in {tu} um."),
        ("temp", "Draußen hat es {v} {fu}, was ist das in {tu}?"),
        ("temp", "Das Thermometer zeigt {v} {fu} – wie viel ist das in {tu}?"),
        ("len", "Die Strecke ist {v} {fu} lang. Wie viele {tu} sind das?"),
        ("len", "{v} {fu} entsprechen wie vielen {tu}?"),
    ],
    "word_problem": [
        ("add", "Ich habe {a} Murmeln und bekomme noch {b} dazu. Wie viele habe ich jetzt?", g_add),
        ("sub", "Mama hat {a} Eier gekauft und {b} davon für Kuchen verbraucht. Wie viele sind noch übrig?", g_sub),
        ("mul", "In einer Kiste sind {b} Flaschen. Wie viele Flaschen sind in {a} Kisten?", g_mul),
        ("div", "{a} Gummibärchen werden gerecht auf {b} Kinder verteilt. Wie viele bekommt jedes Kind?", g_div),
        ("add", "Lisa hat {a} Euro gespart und bekommt zum Geburtstag {b} Euro geschenkt. Wie viel Geld hat sie nun?", g_add),
        ("sub", "Das Buch hat {a} Seiten, ich hab schon {b} gelesen. wie viele fehlen noch", g_sub),
        ("mul", "Ein Kinoticket kostet {a} Euro. Was zahlen wir für {b} Tickets?", g_price),
        ("div", "Ein {a} Meter langes Seil wird in {b} gleich lange Stücke geschnitten. Wie lang ist ein Stück?", g_div),
        ("sub", "Morgens hatte es {a} Grad, bis zum Abend ist es um {b} Grad kälter geworden. Wie viel Grad hat es abends?", g_temp),
        ("add", "In der Klasse sind {a} Mädchen und {b} Jungen. Wie viele Kinder sind es insgesamt?", g_add),
        ("mul", "Eine Woche hat sieben Tage. Wie viele Tage sind {a} Wochen?", g_week),
        ("sq", "Ein quadratisches Beet ist {a} Meter lang und genauso breit. Wie groß ist die Fläche in Quadratmetern?", g_sq),
        ("div", "Für {b} gleiche Hefte hab ich {a} Euro bezahlt. Was kostet ein Heft?", g_div),
        ("sub", "Im Bus sitzen {a} Leute, an der Haltestelle steigen {b} aus. Wie viele sind noch drin?", g_sub),
        ("add", "Auf meinem Konto waren {a} Euro, dann kam das Gehalt mit {b} Euro. Wie hoch ist jetzt der Kontostand?", g_add),
    ],
    "multi_step": [
        ("addiere {a} und {b}, dann mal {c}", F_ADD_MUL),
        ("{a} minus {b}, danach durch {c} teilen", F_SUB_DIV, m_sub_div),
        ("Multipliziere {a} mit {b} und zähl dann {c} dazu", F_MUL_ADD),
        ("rechne {a} plus {b} und verdopple danach das Ergebnis", F_ADD_DBL),
        ("nimm {a} zum Quadrat und zieh dann {b} ab", F_SQ_SUB, m_sq),
        ("Teile {a} durch {b}, anschließend mal {c}.", F_DIV_MUL, m_div_mul),
        ("berechne {a} mal {b}, danach minus {c}", F_MUL_SUB),
        ("{a} + {b}, dann das Ganze hoch 2", F_ADD_SQ, m_sum_sq),
        ("zieh {b} von {a} ab und halbiere es dann", F_SUB_HALF, None, 1),
        ("{a} hoch {b} und danach plus {c}", F_POW_ADD, m_pow),
        ("wandle {a} Grad Celsius in Fahrenheit um und zieh dann {c} ab", F_C_F_SUB, m_temp, None),
        ("{a} weniger {b}, dann nochmal {c} weniger", F_SUB_SUB, m_sub3),
        ("{a} mal {b}, danach geteilt durch {c}", F_MUL_DIV),
        ("addier {a} und {b} und dann teilen", None),
        ("nimm {a} mal {b} und dann noch irgendwas dazu", None),
    ],
    "unsupported": [
        "Wurzel aus 144",
        "was ist 6 Fakultät",
        "Ist 91 eine Primzahl?",
        "Durchschnitt von 12, 15 und 18",
        "Um wie viel Prozent ist der Preis gestiegen, wenn er von 80 auf 100 Euro ging?",
        "runde 3,14159 auf zwei Nachkommastellen",
        "70 kg in Pfund",
        "wie viel sind 100 Euro in Dollar",
        "Kubikwurzel von 27",
        "Logarithmus von 1000 zur Basis 10",
        "Sinus von 30 Grad?",
        "ggT von 24 und 36",
        "17 modulo 5",
        "5 Liter in Gallonen umrechnen",
        "Wie viele Gramm sind 8 Unzen?",
    ],
    "off_topic": [
        "Hallo!",
        "Guten Morgen, wie geht's?",
        "Ich habe 3 Kinder.",
        "Wie wird das Wetter morgen in Berlin?",
        "erzähl mir einen Witz",
        "Schreib mir bitte eine E-Mail an meinen Chef",
        "wie heißt du eigentlich",
        "danke, tschüss",
        "Ich wohne in der Hauptstraße 12",
        "Kannst du mir einen guten Film empfehlen?",
        "wie spät ist es",
        "Was ist die Hauptstadt von Australien?",
        "übersetze 'Guten Tag' ins Englische",
        "Mein Sohn ist gestern 7 geworden",
        "Ich hab heute 20 Minuten auf den Bus gewartet",
        "Welcher Tag ist heute?",
        "reservier einen Tisch für vier Personen um 19 Uhr",
        "Bin heute 5 km gelaufen, total kaputt",
        "Sprichst du Deutsch?",
        "stell einen Wecker auf 6:30",
    ],
}

# =====================================================================================
ES = {
    "div_zero": "divide {a} entre cero",
    "paraphrase": [
        ("add", "cuanto es {a} mas {b}", None),
        ("add", "¿Cuánto es {a_d} + {b_d}?", None),
        ("add", "suma {a} y {b}", None),
        ("add", "Súmale {b} a {a}", None),
        ("add", "¿Cuál es la suma de {a} y {b}?", None),
        ("add", "{a} más {b} cuánto da", None),
        ("sub", "resta {b} de {a}", None),
        ("sub", "¿cuánto es {a} menos {b}?", None),
        ("sub", "réstale {b} a {a}", None),
        ("sub", "quítale {b} a {a}", None),
        ("sub", "{a_d} - {b_d}", None),
        ("sub", "si a {a} le quito {b}, ¿cuánto queda?", {"ge": True}),
        ("mul", "{a} por {b}", None),
        ("mul", "multiplica {a} por {b}", None),
        ("mul", "¿Cuánto da {a} multiplicado por {b}?", None),
        ("mul", "¿cuál es el producto de {a} y {b}?", None),
        ("mul", "el doble de {a}", {"b": 2}),
        ("mul", "triplica {a}", {"b": 3}),
        ("div", "{a} entre {b}", None),
        ("div", "divide {a} entre {b}", None),
        ("div", "¿Cuánto es {a} dividido por {b}?", None),
        ("div", "¿Cuál es la mitad de {a}?", {"b": 2}),
        ("div", "reparte {a} en {b} partes iguales, ¿cuánto le toca a cada parte?", None),
        ("div", "{a_d}/{b_d}", None),
        ("pow", "{a} elevado a {b}", None),
        ("pow", "¿cuánto es {a} elevado a la {b}?", None),
        ("pow", "{a} a la potencia {b}", None),
        ("pow", "{a} al cubo", {"b": 3}),
        ("sq", "{a} al cuadrado", None),
        ("sq", "¿Cuál es el cuadrado de {a}?", None),
        ("sq", "eleva {a} al cuadrado", None),
    ],
    "units": {"km": (["kilómetros", "km"], "m"), "m": (["metros", "m"], "m"),
              "cm": (["centímetros", "cm"], "m"), "mm": (["milímetros", "mm"], "m"),
              "mile": (["millas"], "f"), "yard": (["yardas"], "f"), "foot": (["pies"], "m"),
              "inch": (["pulgadas"], "f"), "nmi": (["millas náuticas"], "f"),
              "c": (["grados Celsius", "°C"], "m"), "f": (["grados Fahrenheit", "°F"], "m"),
              "k": (["kelvin", "K"], "m")},
    "conversion": [
        ("any", "convierte {v} {fu} a {tu}"),
        ("len", "¿{Cuantos} {tu} son {v} {fu}?"),
        ("any", "{v} {fu} a {tu}"),
        ("any", "pasa {v} {fu} a {tu} porfa"),
        ("any", "¿Me puedes convertir {v} {fu} en {tu}?"),
        ("any", "cuanto es {v} {fu} en {tu}"),
        ("len", "{v} {fu} equivalen a {cuantos} {tu}"),
        ("any", "necesito pasar {v} {fu} a {tu}"),
        ("temp", "Afuera hay {v} {fu}, ¿cuánto es eso en {tu}?"),
        ("temp", "el termómetro marca {v} {fu}, cuanto seria en {tu}"),
        ("len", "La carrera es de {v} {fu}. ¿{Cuantos} {tu} son?"),
        ("any", "Transforma {v} {fu} en {tu}."),
    ],
    "word_problem": [
        ("add", "Tengo {a} canicas y gano {b} más, ¿cuántas tengo ahora?", g_add),
        ("sub", "Mi mamá compró {a} huevos y usó {b} para la tortilla. ¿Cuántos quedan?", g_sub),
        ("mul", "Cada caja trae {b} lápices. ¿Cuántos lápices hay en {a} cajas?", g_mul),
        ("div", "Se reparten {a} caramelos entre {b} niños por igual, cuantos le tocan a cada uno", g_div),
        ("add", "Ana tenía {a} euros ahorrados y su abuela le dio {b}. ¿Cuánto dinero tiene ahora?", g_add),
        ("sub", "El libro tiene {a} páginas y ya leí {b}. ¿Cuántas me faltan?", g_sub),
        ("mul", "Una entrada de cine cuesta {a} euros. ¿Cuánto pagamos por {b} entradas?", g_price),
        ("div", "Una cuerda de {a} metros se corta en {b} trozos iguales. ¿Cuánto mide cada trozo?", g_div),
        ("sub", "Por la mañana hacía {a} grados y en la noche bajó {b} grados. ¿Qué temperatura hace en la noche?", g_temp),
        ("add", "En la clase hay {a} niñas y {b} niños. ¿Cuántos alumnos hay en total?", g_add),
        ("mul", "Una semana tiene siete días. ¿Cuántos días hay en {a} semanas?", g_week),
        ("sq", "Un terreno cuadrado mide {a} metros de lado. ¿Cuál es su área?", g_sq),
        ("div", "Pagué {a} pesos por {b} cuadernos iguales. ¿Cuánto costó cada cuaderno?", g_div),
        ("sub", "En el autobús iban {a} personas y se bajaron {b}. ¿Cuántas siguen arriba?", g_sub),
        ("add", "Tenía {a} seguidores en Instagram y hoy gané {b}, cuantos tengo ahora", g_add),
    ],
    "multi_step": [
        ("suma {a} y {b}, luego multiplica por {c}", F_ADD_MUL),
        ("{a} menos {b} y después divídelo entre {c}", F_SUB_DIV, m_sub_div),
        ("multiplica {a} por {b} y luego súmale {c}", F_MUL_ADD),
        ("suma {a} más {b} y después duplica el resultado", F_ADD_DBL),
        ("eleva {a} al cuadrado y luego réstale {b}", F_SQ_SUB, m_sq),
        ("Divide {a} entre {b}, después multiplica por {c}.", F_DIV_MUL, m_div_mul),
        ("calcula {a} por {b} y luego resta {c}", F_MUL_SUB),
        ("suma {a} y {b}, y luego eleva eso al cuadrado", F_ADD_SQ, m_sum_sq),
        ("réstale {b} a {a} y luego saca la mitad", F_SUB_HALF, None, 1),
        ("{a} elevado a {b}, luego súmale {c}", F_POW_ADD, m_pow),
        ("convierte {a} millas a kilómetros y después multiplica por 2", F_MI_KM_DBL, m_miles, None),
        ("a {a} quítale {b} y después otros {c}", F_SUB_SUB, m_sub3),
        ("{a} por {b}, después entre {c}", F_MUL_DIV),
        ("suma {a} y {b} y luego multiplica", None),
        ("divide {a} entre {b} y después haz lo otro", None),
    ],
    "unsupported": [
        "raíz cuadrada de 144",
        "cuanto es el factorial de 6",
        "¿El 91 es número primo?",
        "saca el promedio de 12, 15 y 18",
        "¿En qué porcentaje subió el precio si pasó de 80 a 100 pesos?",
        "redondea 3,14159 a dos decimales",
        "pasa 70 kilos a libras",
        "¿Cuántos dólares son 100 euros?",
        "raíz cúbica de 27",
        "logaritmo de 1000 en base 10",
        "seno de 30 grados",
        "máximo común divisor de 24 y 36",
        "¿cuál es el residuo de dividir 17 entre 5?",
        "5 litros a galones",
        "cuantos gramos son 8 onzas",
    ],
    "off_topic": [
        "Hola",
        "buenos días, ¿qué tal?",
        "Tengo 3 hijos.",
        "¿Va a llover mañana en Madrid?",
        "cuéntame un chiste",
        "Escríbeme un correo para mi jefe, por favor",
        "como te llamas",
        "gracias, hasta luego",
        "vivo en la calle Mayor 15",
        "¿Me recomiendas una peli?",
        "que hora es",
        "¿Cuál es la capital de Australia?",
        "traduce 'buenas noches' al inglés",
        "mi hija cumple 10 años el sábado",
        "ayer caminé 8 kilómetros",
        "¿Qué día es hoy?",
        "reserva una mesa para cuatro a las nueve",
        "mi equipo ganó 3 a 1 anoche",
        "¿Hablas español?",
        "pon una alarma a las 7",
    ],
}

LANGS = {"zh": ZH, "fr": FR, "de": DE, "es": ES}
