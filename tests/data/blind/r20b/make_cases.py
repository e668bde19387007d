#!/usr/bin/env python3
"""Blind heldout set generator (zh/fr/de/es). Standard library only. Self-contained."""
import json, os, random
# number rendering helpers (standard library only)
ZD = '零一二三四五六七八九'
def zh_int(n):
    if n < 0: return '负' + zh_int(-n)
    if n == 0: return '零'
    if n >= 10000:
        w, r = divmod(n, 10000)
        s = zh_int(w) + '万'
        if r: s += ('零' if r < 1000 else '') + zh_int(r)
        return s
    out = ''; zero = False; started = False
    for unit, val in (('千', 1000), ('百', 100), ('十', 10), ('', 1)):
        d = (n // val) % 10
        if d == 0:
            if started: zero = True
            continue
        if zero: out += '零'; zero = False
        if unit in ('千', '百') and d == 2: dig = '两'
        elif unit == '十' and d == 1 and not started: dig = ''
        else: dig = ZD[d]
        out += dig + unit; started = True
    return out

FU = ['zéro','un','deux','trois','quatre','cinq','six','sept','huit','neuf','dix','onze','douze','treize','quatorze','quinze','seize']
FT = {2:'vingt',3:'trente',4:'quarante',5:'cinquante',6:'soixante'}
def fr_100(n):
    if n < 17: return FU[n]
    if n < 20: return 'dix-' + FU[n-10]
    t, u = divmod(n, 10)
    if t == 7:
        return 'soixante et onze' if n == 71 else 'soixante-' + fr_100(n-60)
    if t == 9: return 'quatre-vingt-' + fr_100(n-80)
    if t == 8: return 'quatre-vingts' if u == 0 else 'quatre-vingt-' + FU[u]
    if u == 0: return FT[t]
    if u == 1: return FT[t] + ' et un'
    return FT[t] + '-' + FU[u]
def fr_1000(n):
    h, r = divmod(n, 100)
    if h == 0: return fr_100(r)
    s = 'cent' if h == 1 else FU[h] + ' cent' + ('s' if r == 0 else '')
    return s + (' ' + fr_100(r) if r else '')
def fr_int(n):
    if n < 0: return 'moins ' + fr_int(-n)
    th, r = divmod(n, 1000)
    if th == 0: return fr_1000(r)
    s = 'mille' if th == 1 else fr_1000(th) + ' mille'
    return s + (' ' + fr_1000(r) if r else '')

DU = ['null','eins','zwei','drei','vier','fünf','sechs','sieben','acht','neun','zehn','elf','zwölf','dreizehn','vierzehn','fünfzehn','sechzehn','siebzehn','achtzehn','neunzehn']
DT = {2:'zwanzig',3:'dreißig',4:'vierzig',5:'fünfzig',6:'sechzig',7:'siebzig',8:'achtzig',9:'neunzig'}
def de_100(n):
    if n < 20: return DU[n]
    t, u = divmod(n, 10)
    if u == 0: return DT[t]
    return ('ein' if u == 1 else DU[u]) + 'und' + DT[t]
def de_1000(n):
    h, r = divmod(n, 100)
    if h == 0: return de_100(r)
    s = ('' if h == 1 else ('ein' if h == 1 else DU[h])) + 'hundert'
    return s + (de_100(r) if r else '')
def de_int(n):
    if n < 0: return 'minus ' + de_int(-n)
    th, r = divmod(n, 1000)
    if th == 0: return de_1000(r)
    s = ('ein' if th == 1 else de_1000(th)) + 'tausend'
    return s + (de_1000(r) if r else '')

EU = ['cero','uno','dos','tres','cuatro','cinco','seis','siete','ocho','nueve','diez','once','doce','trece','catorce','quince','dieciséis','diecisiete','dieciocho','diecinueve','veinte','veintiuno','veintidós','veintitrés','veinticuatro','veinticinco','veintiséis','veintisiete','veintiocho','veintinueve']
ET = {3:'treinta',4:'cuarenta',5:'cincuenta',6:'sesenta',7:'setenta',8:'ochenta',9:'noventa'}
EH = {1:'ciento',2:'doscientos',3:'trescientos',4:'cuatrocientos',5:'quinientos',6:'seiscientos',7:'setecientos',8:'ochocientos',9:'novecientos'}
def es_100(n):
    if n < 30: return EU[n]
    t, u = divmod(n, 10)
    return ET[t] + ('' if u == 0 else ' y ' + EU[u])
def es_1000(n):
    if n == 100: return 'cien'
    h, r = divmod(n, 100)
    if h == 0: return es_100(r)
    return EH[h] + (' ' + es_100(r) if r else '')
def es_int(n):
    if n < 0: return 'menos ' + es_int(-n)
    th, r = divmod(n, 1000)
    if th == 0: return es_1000(r)
    s = 'mil' if th == 1 else es_1000(th) + ' mil'
    return s + (' ' + es_1000(r) if r else '')

INTW = {'zh': zh_int, 'fr': fr_int, 'de': de_int, 'es': es_int}
SEP = {'zh': '点', 'fr': ' virgule ', 'de': ' Komma ', 'es': ' coma '}
DIGW = {'zh': lambda d: ZD[d], 'fr': lambda d: FU[d], 'de': lambda d: DU[d], 'es': lambda d: EU[d]}

def words(x, lang):
    if isinstance(x, int): return INTW[lang](x)
    s = repr(x)
    neg = s.startswith('-')
    if neg: s = s[1:]
    ip, fp = s.split('.')
    w = INTW[lang](int(ip)) + SEP[lang] + ('' if lang == 'zh' else ' ').join(DIGW[lang](int(c)) for c in fp)
    if neg: w = {'zh': '负', 'fr': 'moins ', 'de': 'minus ', 'es': 'menos '}[lang] + w
    return w

def local(x, lang):
    s = repr(x) if isinstance(x, float) else str(x)
    return s.replace('.', ',') if lang in ('fr', 'de', 'es') else s

FW = str.maketrans('0123456789.-', '０１２３４５６７８９．－')
def fullwidth(x):
    return str(x).translate(FW)

ZH = {
'paraphrase': [
 ('add', 'n,n', '{A}加{B}等于多少？'),
 ('add', 'n,n', '{Aw}加上{Bw}是多少'),
 ('add', 'n,n', '帮我算一下{A}和{B}的和'),
 ('add', 'd,d', '请问{A}+{B}=？'),
 ('add', 'm,m', '{Af}加{Bf}得几'),
 ('add', 'n,n', '把{A}和{B}加起来'),
 ('add', 's,s', '我想知道{Aw}跟{Bw}加在一起是多少，谢谢'),
 ('add', 'neg,n', '{A}加{B}'),
 ('add', 'd,n', '计算{Aw}与{B}之和。'),
 ('subtract', 'gt', '从{A}里减去{B}'),
 ('subtract', 'n,n', '{A}减{B}等于几'),
 ('subtract', 'gt', '{Aw}减去{Bw}是多少呀'),
 ('subtract', 'gt', '{A}比{B}多多少？'),
 ('subtract', 'd,d', '请计算{A}－{B}。'),
 ('subtract', 'gt', '把{B}从{A}里减掉，剩多少'),
 ('subtract', 'gt', '{A}与{B}的差是多少'),
 ('subtract', 'n,neg', '{A}减去{B}等于多少'),
 ('subtract', 'gts', '{Aw}减{Bw}'),
 ('multiply', 'n,s', '{A}乘以{B}等于多少？'),
 ('multiply', 's,s', '{Aw}乘{Bw}'),
 ('multiply', 'd,s', '{A}成以{B}是几'),
 ('multiply', 'n,n', '帮我算算{A}×{B}'),
 ('multiply', 'n,s', '{A}的{B}倍是多少'),
 ('multiply', 'n,=2', '把{A}翻一倍是多少'),
 ('multiply', 's,n', '{Af}乘以{Bf}等于？'),
 ('multiply', 's,s', '求{A}和{B}的积。'),
 ('multiply', 'neg,s', '{A}乘以{B}'),
 ('divide', 'div', '{A}除以{B}等于多少'),
 ('divide', 'div', '{B}除{A}是多少'),
 ('divide', 'div', '{Aw}除以{Bw}'),
 ('divide', 'div', '把{A}平均分成{B}份，每份是多少？'),
 ('divide', 'div', '{A}÷{B}=？'),
 ('divide', 'n,=2', '{A}的一半是多少'),
 ('divide', 'd,s', '请问{A}除以{B}得多少。'),
 ('divide', 'n,=0', '{A}除以零等于几'),
 ('divide', 'div', '{A}被{B}除，结果是？'),
 ('power', 'pow', '{A}的{B}次方是多少'),
 ('power', 'pow', '{Aw}的{Bw}次幂'),
 ('power', 'pow', '算一下{A}的{B}次方'),
 ('power', 'pow', '{A}^{B}等于几'),
 ('power', 'powneg', '{Aw}的{Bw}次方'),
 ('power', 'powd', '求{A}的{B}次幂。'),
 ('power', 'pow', '{Af}的{Bf}次方'),
 ('square', 's', '{A}的平方'),
 ('square', 'n', '{Aw}的平方是多少？'),
 ('square', 'd', '{A}平方等于多少'),
 ('square', 'neg', '请帮我求一下{A}的平方'),
 ('square', 'n', '{A}自己乘自己是多少'),
 ('square', 'm', '{Af}的平方是几？'),
 ('square', 's', '计算{A}²'),
],
'conversion': [
 ('len', 'km', 'm', '{A}公里等于多少米'),
 ('len', 'mi', 'km', '{A}英里是多少公里？'),
 ('len', 'ft', 'm', '{A}英尺合多少米'),
 ('len', 'cm', 'in', '把{A}厘米换算成英寸'),
 ('lend', 'm', 'ft', '{A}米等于几英尺？'),
 ('len', 'in', 'cm', '{Aw}英寸是多少厘米'),
 ('len', 'nmi', 'km', '{A}海里等于多少公里'),
 ('len', 'yd', 'm', '请把{A}码换算成米。'),
 ('len', 'mm', 'cm', '{A}毫米是多少厘米'),
 ('lend', 'km', 'mi', '跑了{A}公里，合多少英里啊'),
 ('len', 'km', 'mi', '{A}千米转成英里'),
 ('height', 'cm', 'ft', '我身高{A}厘米，换成英尺是多少'),
 ('c', 'c', 'f', '{A}摄氏度等于多少华氏度'),
 ('f', 'f', 'c', '{A}华氏度是多少摄氏度？'),
 ('cd', 'c', 'f', '{A}℃换算成℉'),
 ('k', 'k', 'c', '{Aw}开尔文等于多少摄氏度'),
 ('c', 'c', 'k', '把{A}摄氏度转换成开尔文'),
 ('f', 'f', 'c', '美国那边今天{A}华氏度，摄氏是多少度'),
 ('tneg', 'c', 'f', '零下{Aaw}摄氏度是多少华氏度'),
 ('f', 'f', 'k', '{A}华氏度换成开尔文'),
],
'word_problem': [
 ('subtract', 'gts', '妈妈买了{A}个鸡蛋，用了{B}个，还剩多少个？'),
 ('add', 'm,s', '小明有{A}本书，小红又送给他{B}本，现在他一共有多少本？'),
 ('multiply', 's,s', '一盒铅笔有{A}支，{B}盒一共多少支？'),
 ('divide', 'div', '{A}颗糖平均分给{B}个小朋友，每人分几颗？'),
 ('square', 's', '一个正方形的边长是{A}厘米，它的面积是多少平方厘米？'),
 ('subtract', 'gts', '公交车上原来有{A}人，到站下去了{B}人，车上还有几人？'),
 ('multiply', 'd,s', '我每天跑{A}公里，跑了{B}天，总共跑了多少公里'),
 ('subtract', 'gts', '爸爸今年{A}岁，我比他小{B}岁，我几岁？'),
 ('add', 'm,m', '班里有{A}个男生和{B}个女生，全班多少人？'),
 ('divide', 'div', '一根绳子长{A}米，剪成{B}段一样长的，每段多长？'),
 ('multiply', 'price,s', '一张电影票{A}元，买{B}张要花多少钱'),
 ('add', 'n,n', '仓库里有{A}箱苹果，今天又运来{B}箱，现在有多少箱？'),
 ('power', '=2,e10', '细胞每次分裂都变成2个，1个细胞连续分裂{B}次后变成多少个？'),
 ('subtract', 'gt', '我钱包里有{A}块钱，买东西花了{B}块，还剩多少'),
 ('divide', 'div', '一本书有{A}页，我每天看{B}页，要几天才能看完？'),
],
'multi_step': [
 ('n,n,s', '{A}加{B}，然后乘以{C}', lambda cv, a, b, c: (a + b) * c),
 ('n,n,s', '先算{A}减{B}，再除以{C}', lambda cv, a, b, c: (a - b) / c),
 ('s,s,n', '{A}乘{B}之后再加上{C}', lambda cv, a, b, c: a * b + c),
 ('n,n', '把{A}和{B}加起来，再减半', lambda cv, a, b: (a + b) / 2),
 ('s,n', '{A}的平方再减去{B}', lambda cv, a, b: a * a - b),
 ('n,n', '先把{A}翻倍，然后减去{B}', lambda cv, a, b: 2 * a - b),
 ('div,s', '{A}除以{B}，结果再乘以{C}', lambda cv, a, b, c: a / b * c),
 ('s,s,s', '算一下{Aw}加{Bw}，之后再乘{Cw}', lambda cv, a, b, c: (a + b) * c),
 ('c,s', '{A}摄氏度转成华氏度，然后再加{B}', lambda cv, a, b: cv(a, 'c', 'f') + b),
 ('len,s', '{A}公里换算成米以后再除以{B}', lambda cv, a, b: cv(a, 'km', 'm') / b),
 ('n,n', '{A}减去{B}，然后求平方', lambda cv, a, b: (a - b) ** 2),
 ('pow,n', '先算{A}的{B}次方，再减{C}', lambda cv, a, b, c: a ** b - c),
 ('n,n,n', '{A}加{B}，再加{C}，一共多少？', lambda cv, a, b, c: a + b + c),
 ('s,s', '先加{A}然后乘以{B}', None),
 ('s,s', '把那个数乘以{A}，然后再加{B}', None),
],
'unsupported': [
 '144的平方根是多少',
 '5的阶乘等于几？',
 '97是质数吗',
 '3、5、10这三个数的平均数是多少？',
 '价格从80涨到100，涨了百分之几？',
 '把3.14159四舍五入到两位小数',
 '10公斤等于多少磅',
 '100欧元能换多少美元？',
 'log以2为底8的对数是多少',
 '17除以5余数是几',
 '27的立方根',
 '500克是几斤？',
 '2升等于多少加仑',
 '12和18的最大公约数是多少',
 'sin30度等于多少',
],
'off_topic': [
 '你好',
 '今天天气怎么样？',
 '我有3个孩子',
 '给我讲个笑话吧',
 '纽约现在几点了',
 '帮我订一张明天去上海的火车票',
 '你叫什么名字？',
 '谢谢你！',
 '推荐一本好看的小说',
 '我家住在5楼',
 '番茄炒蛋怎么做',
 '明天会下雨吗',
 '把这句话翻译成英文：我爱你',
 '我今年28岁了，还没结婚，我妈天天催',
 '晚安～',
 '你能帮我写一封请假邮件吗',
 '附近有没有好吃的火锅店？',
 '我的房间号是1208',
 '周末带孩子去哪儿玩比较好？',
 '老师说下周一考试，好紧张',
],
}

FR = {
'paraphrase': [
 ('add', 'n,n', 'combien font {A} plus {B} ?'),
 ('add', 'n,n', '{Aw} plus {Bw}'),
 ('add', 'd,d', "Peux-tu additionner {A} et {B} s'il te plaît"),
 ('add', 'n,n', 'ajoute {B} à {A}'),
 ('add', 'n,n', "c'est quoi la somme de {A} et {B}"),
 ('add', 'neg,n', '{A} + {B} = ?'),
 ('add', 'n,n', 'Bonjour, pourriez-vous me calculer {A} plus {B} ?'),
 ('add', 's,s', 'ça fait combien {Aw} et {Bw} ensemble'),
 ('add', 'd,n', 'je voudrais savoir combien fon {A} + {B}, merci'),
 ('subtract', 'gt', 'retire {B} de {A}'),
 ('subtract', 'n,n', '{A} moins {B}'),
 ('subtract', 'gt', 'combien font {Aw} moins {Bw} ?'),
 ('subtract', 'gt', 'soustrais {B} à {A}'),
 ('subtract', 'gt', 'quelle est la différence entre {A} et {B}'),
 ('subtract', 'd,d', '{A} - {B} ca fait combien'),
 ('subtract', 'gt', 'enlève {B} à {A} stp'),
 ('subtract', 'neg,n', 'Calculez {A} moins {B}.'),
 ('subtract', 'gt', "si j'enlève {B} de {A}, il reste combien ?"),
 ('multiply', 'n,s', '{A} fois {B}'),
 ('multiply', 's,s', 'combien font {Aw} fois {Bw}'),
 ('multiply', 'd,s', 'multiplie {A} par {B}'),
 ('multiply', 'n,n', '{A} x {B} ?'),
 ('multiply', 's,s', 'quel est le produit de {A} et de {B}'),
 ('multiply', 'n,=2', "Double {A} s'il te plait"),
 ('multiply', 'neg,s', '{A} multiplié par {B}, ça donne quoi ?'),
 ('multiply', 's,s', 'pouvez-vous multiplier {Aw} par {Bw}'),
 ('multiply', 'n,=3', 'le triple de {A} ?'),
 ('divide', 'div', '{A} divisé par {B}'),
 ('divide', 'div', 'combien font {Aw} divisé par {Bw} ?'),
 ('divide', 'div', 'divise {A} par {B}'),
 ('divide', 'n,=2', "la moitié de {A} c'est combien"),
 ('divide', 'd,s', '{A} / {B}'),
 ('divide', 'div', 'partage {A} en {B} parts égales'),
 ('divide', 'n,=0', '{A} divisé par zéro'),
 ('divide', 'div', 'quel est le quotient de {A} par {B} ?'),
 ('divide', 'div', 'combien de fois y a-t-il {B} dans {A} ?'),
 ('power', 'pow', '{A} puissance {B}'),
 ('power', 'pow', '{Aw} à la puissance {Bw}'),
 ('power', 'pow', 'combien fait {A} exposant {B}'),
 ('power', 'pow', 'élève {A} à la puissance {B}'),
 ('power', 'powd', '{A}^{B}'),
 ('power', 'powneg', 'calcule ({A}) puissance {B} stp'),
 ('power', 'pow', '{A} a la puissance {B} ca fait combien'),
 ('square', 'n', '{A} au carré'),
 ('square', 's', 'quel est le carré de {Aw} ?'),
 ('square', 'd', '{A} au carre ?'),
 ('square', 'neg', "Pourriez-vous me donner le carré de {A}, s'il vous plaît ?"),
 ('square', 'm', 'mets {A} au carré'),
 ('square', 'n', 'le carré de {A} ça fait combien'),
 ('square', 's', '{A}²'),
],
'conversion': [
 ('len', 'km', 'mi', 'combien font {A} kilomètres en miles ?'),
 ('len', 'mi', 'km', 'convertis {A} miles en kilomètres'),
 ('len', 'ft', 'm', '{A} pieds, ça fait combien de mètres ?'),
 ('len', 'in', 'cm', '{A} pouces en centimètres'),
 ('height', 'cm', 'ft', 'Je mesure {A} cm, combien ça fait en pieds ?'),
 ('len', 'm', 'yd', '{Aw} mètres en yards'),
 ('len', 'nmi', 'm', 'combien de mètres dans {A} milles nautiques'),
 ('len', 'mm', 'in', '{A} mm en pouces stp'),
 ('len', 'yd', 'm', 'convertir {A} yards en mètres'),
 ('lend', 'km', 'm', '{A} km ça fait combien de mètres'),
 ('len', 'm', 'ft', 'Pouvez-vous convertir {A} mètres en pieds ?'),
 ('lend', 'mi', 'km', '{A} miles c est combien en km'),
 ('c', 'c', 'f', '{A} degrés Celsius en Fahrenheit'),
 ('f', 'f', 'c', 'combien font {A} °F en degrés Celsius ?'),
 ('fhot', 'f', 'c', 'il fait {A} degrés fahrenheit à New York, ça fait combien en celsius ?'),
 ('k', 'k', 'c', 'convertis {A} kelvins en degrés celsius'),
 ('c', 'c', 'k', "{Aw} degrés Celsius, c'est combien en kelvin ?"),
 ('tneg', 'c', 'f', 'moins {Aaw} degrés celsius en fahrenheit'),
 ('cd', 'c', 'f', '{A}°C en °F'),
 ('f', 'f', 'k', '{A} fahrenheit en kelvin svp'),
],
'word_problem': [
 ('add', 'm,s', "J'ai {A} billes et j'en gagne {B}, combien en ai-je ?"),
 ('subtract', 'gts', 'Marie avait {A} euros, elle en dépense {B}. Combien lui reste-t-il ?'),
 ('multiply', 's,s', 'Un paquet contient {B} biscuits. Combien y a-t-il de biscuits dans {A} paquets ?'),
 ('divide', 'div', 'On partage {A} bonbons entre {B} enfants. Combien chacun en reçoit-il ?'),
 ('square', 's', 'Un carré a un côté de {A} cm. Quelle est son aire ?'),
 ('subtract', 'gts', 'Dans le bus il y a {A} personnes, {B} descendent à l\'arrêt. Combien reste-t-il de passagers ?'),
 ('add', 's,s', 'Mon fils a {A} ans et sa soeur a {B} ans de plus que lui, quel âge a-t-elle ?'),
 ('multiply', 'price,s', 'Une place de cinéma coûte {A} euros. Combien je paie pour {B} places ?'),
 ('multiply', 'm,s', 'Je fais {A} km en voiture par jour pendant {B} jours, ça fait combien de km au total ?'),
 ('divide', 'div', 'Une corde de {A} mètres est coupée en {B} morceaux égaux. Quelle est la longueur de chaque morceau ?'),
 ('add', 'n,m', "Il y avait {A} élèves dans l'école et {B} nouveaux sont arrivés à la rentrée. Combien y en a-t-il maintenant ?"),
 ('subtract', 's,s', 'Le thermomètre affichait {A} degrés ce matin, puis la température a baissé de {B} degrés. Combien fait-il maintenant ?'),
 ('power', '=2,e10', "Une bactérie se divise en 2 toutes les heures. En partant d'une seule, combien y en a-t-il après {B} heures ?"),
 ('subtract', 'gts', 'Paul a {A} cartes, il en donne {B} à son copain, combien lui en reste ?'),
 ('divide', 'div', 'Un livre a {A} pages et je lis {B} pages par jour. En combien de jours je le finis ?'),
],
'multi_step': [
 ('n,n,s', 'additionne {A} et {B}, puis multiplie par {C}', lambda cv, a, b, c: (a + b) * c),
 ('n,n,s', '{A} moins {B}, ensuite divise le résultat par {C}', lambda cv, a, b, c: (a - b) / c),
 ('s,s,n', 'multiplie {A} par {B} et ensuite ajoute {C}', lambda cv, a, b, c: a * b + c),
 ('n,n', 'ajoute {A} et {B} puis divise par deux', lambda cv, a, b: (a + b) / 2),
 ('s,n', 'prends {A} au carré puis retire {B}', lambda cv, a, b: a * a - b),
 ('n,n', 'double {A} et ensuite enlève {B}', lambda cv, a, b: 2 * a - b),
 ('div,s', 'divise {A} par {B}, puis multiplie le résultat par {C}', lambda cv, a, b, c: a / b * c),
 ('s,s,s', 'calcule {Aw} plus {Bw}, puis fois {Cw}', lambda cv, a, b, c: (a + b) * c),
 ('c,s', 'convertis {A} degrés Celsius en Fahrenheit, puis ajoute {B}', lambda cv, a, b: cv(a, 'c', 'f') + b),
 ('len,s', '{A} km en mètres, ensuite divise par {B}', lambda cv, a, b: cv(a, 'km', 'm') / b),
 ('n,n', '{A} moins {B} et après mets le résultat au carré', lambda cv, a, b: (a - b) ** 2),
 ('pow,n', '{A} puissance {B}, puis soustrais {C}', lambda cv, a, b, c: a ** b - c),
 ('n,n,n', '{A} plus {B}, puis encore plus {C}', lambda cv, a, b, c: a + b + c),
 ('s,s', 'ajoute {A} puis multiplie par {B}', None),
 ('s,s', 'multiplie-le par {A} et ensuite ajoute {B}', None),
],
'unsupported': [
 'racine carrée de 81',
 'factorielle de 6 ?',
 'est-ce que 91 est un nombre premier ?',
 'quelle est la moyenne de 12, 15 et 18',
 "le prix est passé de 50 à 65 euros, ça fait quel pourcentage d'augmentation ?",
 'arrondis 7,456 au dixième',
 'combien font 5 kilos en livres ?',
 'convertis 200 euros en dollars',
 'racine cubique de 64',
 'le reste de la division de 17 par 5',
 'PGCD de 24 et 36',
 'logarithme de 1000',
 'combien de litres dans 3 gallons',
 'combien de grammes dans 2 onces ?',
 'cosinus de 60 degrés',
],
'off_topic': [
 'salut ça va ?',
 'quel temps fera-t-il à Paris demain ?',
 "j'ai 3 enfants",
 'raconte-moi une blague',
 'quelle heure est-il à Tokyo ?',
 'merci beaucoup !',
 'tu peux me réserver une table pour 4 personnes ce soir ?',
 "comment tu t'appelles",
 'recommande-moi un bon film pour ce soir',
 "j'habite au 12 rue Victor Hugo",
 "c'est quoi la capitale de l'Australie ?",
 'bonne nuit',
 'comment on fait une pâte à crêpes',
 'traduis « bonjour » en anglais',
 'Mon train part à 8h15 demain matin',
 "Bonjour, je souhaiterais obtenir des informations sur vos horaires d'ouverture.",
 'je suis né en 1987',
 'quel est ton plat préféré ?',
 'écris-moi un petit poème sur la mer',
 'envoie un message à maman pour lui dire que je rentre tard',
],
}

DE = {
'paraphrase': [
 ('add', 'n,n', 'was ist {A} plus {B}?'),
 ('add', 'n,n', '{Aw} plus {Bw}'),
 ('add', 'd,d', 'Kannst du bitte {A} und {B} addieren?'),
 ('add', 'n,n', 'wieviel ist {A} + {B}'),
 ('add', 'n,n', 'Addiere {B} zu {A}.'),
 ('add', 'n,n', 'Summe von {A} und {B}'),
 ('add', 'neg,n', 'rechne mal {A} plus {B}'),
 ('add', 's,s', 'Wie viel ergibt {Aw} plus {Bw}?'),
 ('add', 'd,n', 'Guten Tag, könnten Sie mir bitte sagen, was {A} plus {B} ergibt?'),
 ('subtract', 'gt', 'zieh {B} von {A} ab'),
 ('subtract', 'n,n', '{A} minus {B}'),
 ('subtract', 'gt', 'was ist {Aw} minus {Bw}'),
 ('subtract', 'gt', 'subtrahiere {B} von {A}'),
 ('subtract', 'gt', 'Was ist die Differenz zwischen {A} und {B}?'),
 ('subtract', 'd,d', '{A} - {B} = ?'),
 ('subtract', 'gt', 'Wenn ich {B} von {A} wegnehme, was bleibt übrig?'),
 ('subtract', 'neg,n', '{A} minus {B} bitte'),
 ('subtract', 'gt', 'wie viel ist {A} weniger {B}'),
 ('multiply', 'n,s', '{A} mal {B}'),
 ('multiply', 's,s', 'was ergibt {Aw} mal {Bw}'),
 ('multiply', 'd,s', 'multiplizere {A} mit {B}'),
 ('multiply', 'n,n', '{A} x {B}'),
 ('multiply', 's,s', 'Was ist das Produkt von {A} und {B}?'),
 ('multiply', 'n,=2', 'verdopple {A}'),
 ('multiply', 'neg,s', '{A} multipliziert mit {B}?'),
 ('multiply', 's,s', 'Kannst du {Aw} mit {Bw} malnehmen?'),
 ('multiply', 'n,=3', 'was ist das Dreifache von {A}'),
 ('divide', 'div', '{A} geteilt durch {B}'),
 ('divide', 'div', 'was ist {Aw} geteilt durch {Bw}'),
 ('divide', 'div', 'teile {A} durch {B}'),
 ('divide', 'n,=2', 'die Hälfte von {A}?'),
 ('divide', 'd,s', '{A} / {B}'),
 ('divide', 'div', '{A} durch {B}'),
 ('divide', 'n,=0', '{A} geteilt durch null'),
 ('divide', 'div', 'dividiere {A} durch {B}'),
 ('divide', 'div', 'wie oft passt {B} in {A}?'),
 ('power', 'pow', '{A} hoch {B}'),
 ('power', 'pow', '{Aw} hoch {Bw}'),
 ('power', 'pow', 'Was ist {A} in der {B}. Potenz?'),
 ('power', 'pow', 'potenziere {A} mit {B}'),
 ('power', 'powd', '{A}^{B}'),
 ('power', 'powneg', 'rechne ({A}) hoch {B}'),
 ('power', 'pow', 'wieviel ist {A} hoch {B}'),
 ('square', 'n', '{A} zum Quadrat'),
 ('square', 's', 'was ist das Quadrat von {Aw}?'),
 ('square', 'd', '{A} quadriert'),
 ('square', 'neg', 'Könnten Sie bitte {A} quadrieren?'),
 ('square', 'm', 'quadriere {A}'),
 ('square', 'n', 'wie viel ist {A} im Quadrat'),
 ('square', 's', '{A}²'),
],
'conversion': [
 ('len', 'km', 'mi', 'wie viele Meilen sind {A} Kilometer?'),
 ('len', 'mi', 'km', 'rechne {A} Meilen in Kilometer um'),
 ('len', 'ft', 'm', '{A} Fuß in Meter'),
 ('len', 'in', 'cm', '{A} Zoll sind wie viel Zentimeter?'),
 ('height', 'cm', 'ft', 'Ich bin {A} cm groß, wie viel ist das in Fuß?'),
 ('len', 'm', 'yd', '{Aw} Meter in Yards'),
 ('len', 'nmi', 'm', 'wie viele Meter sind {A} Seemeilen'),
 ('len', 'mm', 'in', '{A} mm in Zoll umrechnen'),
 ('len', 'yd', 'm', 'Umrechnung: {A} Yards in Meter'),
 ('lend', 'km', 'm', '{A} km in m'),
 ('len', 'm', 'ft', 'Können Sie {A} Meter in Fuß umrechnen?'),
 ('lend', 'mi', 'km', 'wieviel km sind {A} meilen'),
 ('c', 'c', 'f', '{A} Grad Celsius in Fahrenheit'),
 ('f', 'f', 'c', 'Wie viel sind {A} Grad Fahrenheit in Celsius?'),
 ('fhot', 'f', 'c', 'In Florida hat es gerade {A} °F, wie warm ist das in Grad Celsius?'),
 ('k', 'k', 'c', '{A} Kelvin in Grad Celsius umrechnen'),
 ('c', 'c', 'k', '{Aw} Grad Celsius in Kelvin'),
 ('tneg', 'c', 'f', 'minus {Aaw} Grad Celsius in Fahrenheit bitte'),
 ('cd', 'c', 'f', '{A}°C in °F'),
 ('f', 'f', 'k', '{A} Fahrenheit sind wieviel Kelvin'),
],
'word_problem': [
 ('add', 'm,s', 'Ich habe {A} Murmeln und bekomme {B} dazu. Wie viele habe ich jetzt?'),
 ('subtract', 'gts', 'Lisa hat {A} Euro und gibt {B} Euro aus. Wie viel bleibt ihr?'),
 ('multiply', 's,s', 'In einer Packung sind {B} Kekse. Wie viele Kekse sind in {A} Packungen?'),
 ('divide', 'div', '{A} Bonbons werden gleichmäßig auf {B} Kinder verteilt. Wie viele bekommt jedes Kind?'),
 ('square', 's', 'Ein Quadrat hat eine Seitenlänge von {A} cm. Wie groß ist die Fläche?'),
 ('subtract', 'gts', 'Im Bus sitzen {A} Leute, an der Haltestelle steigen {B} aus. Wie viele sind noch drin?'),
 ('add', 's,s', 'Mein Bruder ist {A} Jahre alt, meine Schwester ist {B} Jahre älter als er. Wie alt ist sie?'),
 ('multiply', 'price,s', 'Eine Kinokarte kostet {A} Euro. Was kosten {B} Karten?'),
 ('multiply', 'm,s', 'Ich fahre jeden Tag {A} km mit dem Rad, und das {B} Tage lang. Wie weit bin ich insgesamt gefahren?'),
 ('divide', 'div', 'Ein {A} m langes Seil wird in {B} gleich lange Stücke geschnitten. Wie lang ist jedes Stück?'),
 ('add', 'n,m', 'Auf dem Parkplatz stehen {A} Autos, dann kommen noch {B} dazu. Wie viele Autos sind es jetzt?'),
 ('subtract', 's,s', 'Heute früh waren es {A} Grad, bis zum Abend ist es um {B} Grad kälter geworden. Wie viel Grad sind es jetzt?'),
 ('power', '=2,e10', 'Eine Zelle teilt sich jede Stunde in zwei. Wie viele Zellen gibt es nach {B} Stunden, wenn man mit einer anfängt?'),
 ('subtract', 'gts', 'Tom hatte {A} Sammelkarten und hat {B} davon verschenkt. Wie viele hat er noch?'),
 ('divide', 'div', 'Ein Buch hat {A} Seiten, ich lese {B} Seiten am Tag. Wie viele Tage brauche ich?'),
],
'multi_step': [
 ('n,n,s', 'addiere {A} und {B} und multipliziere dann mit {C}', lambda cv, a, b, c: (a + b) * c),
 ('n,n,s', '{A} minus {B}, danach durch {C} teilen', lambda cv, a, b, c: (a - b) / c),
 ('s,s,n', '{A} mal {B}, dann plus {C}', lambda cv, a, b, c: a * b + c),
 ('n,n', 'zähl {A} und {B} zusammen und halbiere das Ergebnis dann', lambda cv, a, b: (a + b) / 2),
 ('s,n', 'nimm {A} zum Quadrat und zieh danach {B} ab', lambda cv, a, b: a * a - b),
 ('n,n', 'verdopple {A} und zieh dann {B} ab', lambda cv, a, b: 2 * a - b),
 ('div,s', 'teile {A} durch {B} und multipliziere das danach mit {C}', lambda cv, a, b, c: a / b * c),
 ('s,s,s', 'rechne {Aw} plus {Bw}, dann mal {Cw}', lambda cv, a, b, c: (a + b) * c),
 ('c,s', '{A} Grad Celsius in Fahrenheit umrechnen und dann {B} addieren', lambda cv, a, b: cv(a, 'c', 'f') + b),
 ('len,s', '{A} Kilometer in Meter umrechnen, danach durch {B} teilen', lambda cv, a, b: cv(a, 'km', 'm') / b),
 ('n,n', '{A} minus {B} und das dann quadrieren', lambda cv, a, b: (a - b) ** 2),
 ('pow,n', '{A} hoch {B}, danach {C} abziehen', lambda cv, a, b, c: a ** b - c),
 ('n,n,n', '{A} plus {B} und dann nochmal plus {C}', lambda cv, a, b, c: a + b + c),
 ('s,s', 'addiere {A} und multipliziere dann mit {B}', None),
 ('s,s', 'nimm das mal {A} und zähl danach {B} dazu', None),
],
'unsupported': [
 'Wurzel aus 144',
 'Was ist die Fakultät von 7?',
 'Ist 53 eine Primzahl?',
 'Durchschnitt von 4, 8 und 15',
 'Der Preis stieg von 40 auf 50 Euro, um wie viel Prozent ist das?',
 'runde 3,14159 auf zwei Nachkommastellen',
 'wie viel sind 10 kg in Pfund',
 '100 Euro in Dollar umrechnen',
 'Kubikwurzel von 27',
 'Rest von 23 geteilt durch 4',
 'ggT von 12 und 18',
 'Logarithmus von 100 zur Basis 10',
 'wieviele Liter sind 2 Gallonen',
 'Sinus von 30 Grad',
 'wieviel Unzen sind 500 Gramm?',
],
'off_topic': [
 "Hallo, wie geht's?",
 'Wie wird das Wetter morgen in Berlin?',
 'Ich habe 3 Kinder',
 'Erzähl mir einen Witz',
 'Danke schön!',
 'Kannst du mir einen Tisch für 4 Personen reservieren?',
 'Wie heißt du?',
 'Empfiehl mir ein gutes Buch',
 'Ich wohne in der Hauptstraße 12',
 'Was ist die Hauptstadt von Kanada?',
 'Gute Nacht',
 'Wie koche ich Spaghetti Carbonara?',
 "Übersetze 'Guten Morgen' ins Englische",
 'Mein Zug fährt morgen um 7:45 ab',
 'Sehr geehrte Damen und Herren, ich hätte gerne Informationen zu Ihren Öffnungszeiten.',
 'Ich bin 1990 geboren',
 'Wie spät ist es gerade in New York?',
 'Schreib mir ein Gedicht über den Herbst',
 'Schick meiner Mutter eine Nachricht, dass ich später komme',
 'Meine Tochter hat am 5. Mai Geburtstag',
],
}

ES = {
'paraphrase': [
 ('add', 'n,n', '¿cuánto es {A} más {B}?'),
 ('add', 'n,n', '{Aw} más {Bw}'),
 ('add', 'd,d', '¿Puedes sumar {A} y {B}, por favor?'),
 ('add', 'n,n', 'cuanto es {A} + {B}'),
 ('add', 'n,n', 'suma {B} a {A}'),
 ('add', 'n,n', 'la suma de {A} y {B}'),
 ('add', 'neg,n', '{A} mas {B}'),
 ('add', 's,s', '¿Cuánto dan {Aw} y {Bw} juntos?'),
 ('add', 'd,n', 'Buenas, ¿me podría decir cuánto es {A} más {B}?'),
 ('subtract', 'gt', 'resta {B} de {A}'),
 ('subtract', 'n,n', '{A} menos {B}'),
 ('subtract', 'gt', 'cuanto es {Aw} menos {Bw}'),
 ('subtract', 'gt', 'réstale {B} a {A}'),
 ('subtract', 'gt', '¿Cuál es la diferencia entre {A} y {B}?'),
 ('subtract', 'd,d', '{A} - {B} = ?'),
 ('subtract', 'gt', 'si a {A} le quito {B}, ¿cuánto queda?'),
 ('subtract', 'neg,n', '{A} menos {B} porfa'),
 ('subtract', 'gt', 'quita {B} de {A}'),
 ('multiply', 'n,s', '{A} por {B}'),
 ('multiply', 's,s', 'cuánto es {Aw} por {Bw}'),
 ('multiply', 'd,s', 'mutliplica {A} por {B}'),
 ('multiply', 'n,n', '{A} x {B}'),
 ('multiply', 's,s', '¿Cuál es el producto de {A} y {B}?'),
 ('multiply', 'n,=2', 'el doble de {A}'),
 ('multiply', 'neg,s', '{A} multiplicado por {B}?'),
 ('multiply', 's,s', '¿Me multiplicas {Aw} por {Bw}?'),
 ('multiply', 'n,=3', 'cuánto es el triple de {A}'),
 ('divide', 'div', '{A} entre {B}'),
 ('divide', 'div', 'cuánto es {Aw} dividido entre {Bw}'),
 ('divide', 'div', 'divide {A} entre {B}'),
 ('divide', 'n,=2', 'la mitad de {A}'),
 ('divide', 'd,s', '{A} / {B}'),
 ('divide', 'div', 'reparte {A} en {B} partes iguales'),
 ('divide', 'n,=0', '{A} dividido por cero'),
 ('divide', 'div', '¿cuál es el cociente de {A} entre {B}?'),
 ('divide', 'div', '¿cuántas veces cabe {B} en {A}?'),
 ('power', 'pow', '{A} elevado a {B}'),
 ('power', 'pow', '{Aw} elevado a la {Bw}'),
 ('power', 'pow', 'cuánto es {A} a la potencia {B}'),
 ('power', 'pow', 'eleva {A} a la {B}'),
 ('power', 'powd', '{A}^{B}'),
 ('power', 'powneg', 'calcula ({A}) elevado a {B}'),
 ('power', 'pow', 'cuanto da {A} elevado a la {B}'),
 ('square', 'n', '{A} al cuadrado'),
 ('square', 's', '¿cuál es el cuadrado de {Aw}?'),
 ('square', 'd', '{A} al cuadrado porfa'),
 ('square', 'neg', '¿Podría calcular el cuadrado de {A}?'),
 ('square', 'm', 'eleva {A} al cuadrado'),
 ('square', 'n', 'cuanto es el cuadrado de {A}'),
 ('square', 's', '{A}²'),
],
'conversion': [
 ('len', 'km', 'mi', '¿cuántas millas son {A} kilómetros?'),
 ('len', 'mi', 'km', 'convierte {A} millas a kilómetros'),
 ('len', 'ft', 'm', '{A} pies a metros'),
 ('len', 'in', 'cm', '{A} pulgadas cuántos centímetros son'),
 ('height', 'cm', 'ft', 'Mido {A} cm, ¿cuánto es eso en pies?'),
 ('len', 'm', 'yd', '{Aw} metros en yardas'),
 ('len', 'nmi', 'm', 'cuantos metros son {A} millas náuticas'),
 ('len', 'mm', 'in', 'pasa {A} mm a pulgadas'),
 ('len', 'yd', 'm', 'convertir {A} yardas a metros'),
 ('lend', 'km', 'm', '{A} km en metros'),
 ('len', 'm', 'ft', '¿Me puede pasar {A} metros a pies?'),
 ('lend', 'mi', 'km', 'cuantos km son {A} millas'),
 ('c', 'c', 'f', '{A} grados Celsius a Fahrenheit'),
 ('f', 'f', 'c', '¿Cuánto son {A} grados Fahrenheit en Celsius?'),
 ('fhot', 'f', 'c', 'En Miami hace {A} °F, ¿cuántos grados centígrados son?'),
 ('k', 'k', 'c', '{A} kelvin a grados celsius'),
 ('c', 'c', 'k', '{Aw} grados centígrados en kelvin'),
 ('tneg', 'c', 'f', 'menos {Aaw} grados celsius a fahrenheit'),
 ('cd', 'c', 'f', '{A}°C a °F'),
 ('f', 'f', 'k', '{A} fahrenheit cuantos kelvin son'),
],
'word_problem': [
 ('add', 'm,s', 'Tengo {A} canicas y gano {B} más, ¿cuántas tengo ahora?'),
 ('subtract', 'gts', 'Ana tenía {A} euros y gastó {B}. ¿Cuánto le queda?'),
 ('multiply', 's,s', 'Una caja trae {B} galletas. ¿Cuántas galletas hay en {A} cajas?'),
 ('divide', 'div', 'Reparto {A} caramelos entre {B} niños a partes iguales, ¿cuántos le tocan a cada uno?'),
 ('square', 's', 'Un cuadrado tiene {A} cm de lado. ¿Cuál es su área?'),
 ('subtract', 'gts', 'En el autobús van {A} personas y en la parada se bajan {B}. ¿Cuántas quedan?'),
 ('add', 's,s', 'Mi hijo tiene {A} años y su prima tiene {B} años más que él. ¿Cuántos años tiene la prima?'),
 ('multiply', 'price,s', 'Una entrada de cine cuesta {A} euros, ¿cuánto pago por {B} entradas?'),
 ('multiply', 'm,s', 'Camino {A} km cada semana durante {B} semanas. ¿Cuántos km camino en total?'),
 ('divide', 'div', 'Una cuerda de {A} metros se corta en {B} trozos iguales. ¿Cuánto mide cada trozo?'),
 ('add', 'n,m', 'En la fiesta había {A} invitados y llegaron {B} más. ¿Cuántos hay ahora?'),
 ('subtract', 's,s', 'Por la mañana hacía {A} grados y la temperatura bajó {B} grados. ¿Qué temperatura hace ahora?'),
 ('power', '=2,e10', 'Una bacteria se divide en dos cada hora. Empezando con una, ¿cuántas habrá después de {B} horas?'),
 ('subtract', 'gts', 'Pedro tenía {A} cromos y le regaló {B} a su hermano. ¿Cuántos le quedan?'),
 ('divide', 'div', 'Un libro tiene {A} páginas y leo {B} al día. ¿En cuántos días lo termino?'),
],
'multi_step': [
 ('n,n,s', 'suma {A} y {B} y luego multiplica por {C}', lambda cv, a, b, c: (a + b) * c),
 ('n,n,s', '{A} menos {B}, después divide entre {C}', lambda cv, a, b, c: (a - b) / c),
 ('s,s,n', 'multiplica {A} por {B} y luego súmale {C}', lambda cv, a, b, c: a * b + c),
 ('n,n', 'suma {A} más {B} y después saca la mitad', lambda cv, a, b: (a + b) / 2),
 ('s,n', 'eleva {A} al cuadrado y luego réstale {B}', lambda cv, a, b: a * a - b),
 ('n,n', 'duplica {A} y después quítale {B}', lambda cv, a, b: 2 * a - b),
 ('div,s', 'divide {A} entre {B} y luego multiplica el resultado por {C}', lambda cv, a, b, c: a / b * c),
 ('s,s,s', 'calcula {Aw} más {Bw}, luego por {Cw}', lambda cv, a, b, c: (a + b) * c),
 ('c,s', 'convierte {A} grados Celsius a Fahrenheit y después súmale {B}', lambda cv, a, b: cv(a, 'c', 'f') + b),
 ('len,s', 'pasa {A} km a metros y luego divide entre {B}', lambda cv, a, b: cv(a, 'km', 'm') / b),
 ('n,n', '{A} menos {B} y despues elevar al cuadrado', lambda cv, a, b: (a - b) ** 2),
 ('pow,n', '{A} elevado a {B}, luego resta {C}', lambda cv, a, b, c: a ** b - c),
 ('n,n,n', '{A} más {B}, y luego más {C}', lambda cv, a, b, c: a + b + c),
 ('s,s', 'súmale {A} y luego multiplica por {B}', None),
 ('s,s', 'multiplícalo por {A} y después súmale {B}', None),
],
'unsupported': [
 'raíz cuadrada de 169',
 'factorial de 5',
 '¿el 101 es primo?',
 'promedio de 7, 9 y 14',
 'el alquiler subió de 600 a 660 euros, ¿qué porcentaje subió?',
 'redondea 12,678 a un decimal',
 'cuantas libras son 8 kilos',
 'cambia 50 euros a dólares',
 'raíz cúbica de 125',
 '¿cuál es el resto de dividir 29 entre 6?',
 'máximo común divisor de 18 y 24',
 'logaritmo de 1000',
 'cuántos litros son 4 galones',
 'seno de 45 grados',
 '¿cuántas onzas son 300 gramos?',
],
'off_topic': [
 'hola, ¿qué tal?',
 '¿qué tiempo hará mañana en Madrid?',
 'tengo 3 hijos',
 'cuéntame un chiste',
 'muchas gracias!',
 '¿me reservas una mesa para 4 personas esta noche?',
 '¿cómo te llamas?',
 'recomiéndame una buena película',
 'vivo en la calle Mayor 12',
 '¿cuál es la capital de Perú?',
 'buenas noches',
 '¿cómo se hace una tortilla de patatas?',
 "traduce 'buenos días' al inglés",
 'mi vuelo sale a las 10:30',
 'Estimado señor, quisiera información sobre el horario de atención al público.',
 'nací en 1995',
 '¿qué hora es ahora en Tokio?',
 'escríbeme un poema sobre el mar',
 'mándale un mensaje a mi mamá diciendo que llego tarde',
 'mi perro tiene 7 años',
],
}


OUTDIR = os.path.dirname(os.path.abspath(__file__))
SPLIT = 'heldout'
SEED = 31337
rng = random.Random(SEED)

LEN = {'km': 1000.0, 'm': 1.0, 'cm': 0.01, 'mm': 0.001, 'mi': 1609.344, 'yd': 0.9144,
       'ft': 0.3048, 'in': 0.0254, 'nmi': 1852.0}
def to_c(v, u): return v if u == 'c' else (v - 32) * 5 / 9 if u == 'f' else v - 273.15
def from_c(v, u): return v if u == 'c' else v * 9 / 5 + 32 if u == 'f' else v + 273.15
def conv(v, f, t):
    if f in LEN: return v * LEN[f] / LEN[t]
    return from_c(to_c(v, f), t)

def op(name, a, b=None):
    if name == 'add': return a + b
    if name == 'subtract': return a - b
    if name == 'multiply': return a * b
    if name == 'divide': return None if b == 0 else a / b
    if name == 'power': return a ** b
    if name == 'square': return a * a
    raise ValueError(name)

def dec(lo, hi):
    while True:
        v = rng.randint(lo * 10, hi * 10)
        if v % 10: return v / 10

def gen(kind):
    """returns a list of values for one spec token"""
    if kind.startswith('='): return [int(kind[1:])]
    if kind == 'n': return [rng.randint(2, 999)]
    if kind == 'm': return [rng.randint(10, 99)]
    if kind == 's': return [rng.randint(2, 20)]
    if kind == 'd': return [dec(0, 99)]
    if kind == 'neg': return [rng.randint(-200, -1)]
    if kind == 'gt':
        a = rng.randint(20, 999); return [a, rng.randint(1, a - 1)]
    if kind == 'gts':
        a = rng.randint(12, 99); return [a, rng.randint(2, a - 2)]
    if kind == 'div':
        b = rng.randint(2, 20); return [b * rng.randint(2, 50), b]
    if kind == 'pow': return [rng.randint(2, 12), rng.randint(2, 4)]
    if kind == 'powneg': return [rng.randint(-9, -2), rng.choice([3, 5])]
    if kind == 'powd': return [rng.randint(0, 5) + 0.5, rng.randint(2, 3)]
    if kind == 'e10': return [rng.randint(3, 10)]
    # conversion value kinds
    if kind == 'len': return [rng.randint(1, 500)]
    if kind == 'lend': return [dec(0, 200)]
    if kind == 'c': return [rng.randint(-30, 45)]
    if kind == 'cd': return [dec(-20, 40)]
    if kind == 'f': return [rng.randint(-10, 110)]
    if kind == 'k': return [rng.randint(240, 400)]
    if kind == 'height': return [rng.randint(150, 195)]
    if kind == 'price': return [dec(5, 19)]
    if kind == 'fhot': return [rng.randint(75, 108)]
    if kind == 'tneg': return [rng.randint(-40, -1)]
    raise ValueError(kind)

def values(spec):
    out = []
    for tok in spec.split(','):
        out += gen(tok.strip())
    return out

def render(tpl, vals, lang):
    d = {}
    for name, v in zip('ABC', vals):
        d[name] = local(v, lang)
        d[name + 'w'] = words(v, lang)
        d[name + 'f'] = fullwidth(v)
        d[name + 'a'] = local(abs(v), lang)
        d[name + 'aw'] = words(abs(v), lang)
    return tpl.format(**d)

def clean(v):
    if v is None: return None
    if isinstance(v, float):
        v = round(v, 10)
        if v == int(v) and abs(v) < 1e15: return int(v)
    return v

def build(lang, data):
    out = {}
    rows = []
    for instr, spec, tpl in data['paraphrase']:
        vals = values(spec)
        rows.append((render(tpl, vals, lang), op(instr, *vals), 'math.' + instr))
    out['paraphrase'] = rows
    rows = []
    for kind, f, t, tpl in data['conversion']:
        vals = values(kind)
        ins = 'units.length' if f in LEN else 'units.temperature'
        rows.append((render(tpl, vals, lang), conv(vals[0], f, t), ins))
    out['conversion'] = rows
    rows = []
    for instr, spec, tpl in data['word_problem']:
        vals = values(spec)
        rows.append((render(tpl, vals, lang), op(instr, *vals), 'math.' + instr))
    out['word_problem'] = rows
    rows = []
    for spec, tpl, fn in data['multi_step']:
        vals = values(spec)
        rows.append((render(tpl, vals, lang), None if fn is None else fn(conv, *vals), None))
    out['multi_step'] = rows
    out['unsupported'] = [(t, None, None) for t in data['unsupported']]
    out['off_topic'] = [(t, None, None) for t in data['off_topic']]
    return out

COUNTS = {'paraphrase': 50, 'conversion': 20, 'word_problem': 15, 'multi_step': 15,
          'unsupported': 15, 'off_topic': 20}

def main():
    for lang, data in (('zh', ZH), ('fr', FR), ('de', DE), ('es', ES)):
        built = build(lang, data)
        os.makedirs(os.path.join(OUTDIR, lang), exist_ok=True)
        for kind, n in COUNTS.items():
            rows = built[kind]
            assert len(rows) == n, (lang, kind, len(rows))
            texts = [r[0] for r in rows]
            assert len(set(texts)) == len(texts), (lang, kind, 'duplicate text')
            with open(os.path.join(OUTDIR, lang, kind + '.jsonl'), 'w', encoding='utf-8') as fh:
                for text, val, ins in rows:
                    obj = {'text': text, 'value': clean(val), 'split': SPLIT, 'lang': lang,
                           'instruction': ins}
                    fh.write(json.dumps(obj, ensure_ascii=False) + '\n')
    print('ok')

if __name__ == '__main__':
    main()
