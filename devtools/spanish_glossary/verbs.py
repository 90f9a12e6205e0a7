import re
from core import add, strip_acc, TAG

def en_3s(b):
    if ' ' in b:
        h, t = b.split(' ', 1); return en_3s(h) + ' ' + t
    if b == 'be': return 'is'
    if b == 'have': return 'has'
    if b.endswith(('s','x','ch','sh','z','o')): return b + 'es'
    if b.endswith('y') and b[-2] not in 'aeiou': return b[:-1] + 'ies'
    return b + 's'
def _dbl(b):
    return re.fullmatch(r'[^aeiou]*[aeiou][bdgklmnprt]', b) is not None
def en_past(b):
    if ' ' in b:
        h, t = b.split(' ', 1); return en_past(h) + ' ' + t
    if _dbl(b): return b + b[-1] + 'ed'
    if b.endswith('e'): return b + 'd'
    if b.endswith('y') and b[-2] not in 'aeiou': return b[:-1] + 'ied'
    return b + 'ed'
def en_ing(b):
    if ' ' in b:
        h, t = b.split(' ', 1); return en_ing(h) + ' ' + t
    if b.endswith('ie'): return b[:-2] + 'ying'
    if _dbl(b): return b + b[-1] + 'ing'
    if b.endswith('e') and not b.endswith(('ee','ye','oe')) and b not in ('be',): return b[:-1] + 'ing'
    return b + 'ing'

def change_stem(stem, sc):
    if not sc: return stem
    src = {'ie':'e','ue':'o','i':'e','u':'o','uej':'u'}[sc]
    tgt = {'ie':'ie','ue':'ue','i':'i','u':'u','uej':'ue'}[sc]
    i = stem.rfind(src)
    if i < 0: return stem
    return stem[:i] + tgt + stem[i+1:]

IRREG_FUT = {}

def conj(inf, sc=None):
    """returns dict slot->list of forms. slots: inf, ger, pp, pres_b, pres_3s, past, fut, cond, subj, impsubj"""
    end = inf[-2:]; st = inf[:-2]
    d = {k: [] for k in ('inf','ger','pp','pres_b','pres_3s','past','fut','cond','subj','impsubj')}
    d['inf'].append(inf); d['_regular'] = True
    strong = change_stem(st, sc)
    # -ir verbs with e->ie get e->i in weak spots; o->ue get o->u
    weak = st
    if end == 'ir' and sc in ('ie','i'): weak = change_stem(st, 'i')
    if end == 'ir' and sc == 'ue': weak = change_stem(st, 'u')
    uir = end == 'ir' and st.endswith('u') and not st.endswith(('gu','qu'))
    eer = end in ('er',) and st[-1:] in 'aeo' or (end == 'ir' and st.endswith('o'))
    # orthographic helpers for 1s present & subjunctive
    def subj_stem(s):
        if end == 'ar':
            if s.endswith('c'): return s[:-1] + 'qu'
            if s.endswith('g'): return s + 'u'
            if s.endswith('z'): return s[:-1] + 'c'
            return s
        if s.endswith('gu') and end == 'ir' and inf.endswith('guir'): return s[:-1]
        if s.endswith('g'): return s[:-1] + 'j'
        if re.search(r'[aeiou]c$', s): return s[:-1] + 'zc'
        if uir: return s + 'y'
        return s
    a = 'a' if end == 'ar' else 'e'
    if end == 'ar':
        pe = dict(s1='o', s2='as', s3='a', p1='amos', p3='an')
    elif end == 'er':
        pe = dict(s1='o', s2='es', s3='e', p1='emos', p3='en')
    else:
        pe = dict(s1='o', s2='es', s3='e', p1='imos', p3='en')
    y = 'y' if uir else ''
    # present
    s1stem = subj_stem(strong) if end != 'ar' else strong
    d['pres_b'].append(s1stem + 'o')
    d['pres_b'].append(strong + y + pe['s2'])
    d['pres_3s'].append(strong + y + pe['s3'])
    d['pres_b'].append(st + pe['p1'])
    d['pres_b'].append(strong + y + pe['p3'])
    # subjunctive
    sv = 'e' if end == 'ar' else 'a'
    ss = subj_stem(strong)
    ssw = subj_stem(weak) if end == 'ir' else subj_stem(st)
    for suf in ('', 's', 'n'):
        d['subj'].append(ss + sv + suf)
    d['subj'].append(ssw + sv + 'mos')
    # preterite
    if end == 'ar':
        p1 = subj_stem(st) + 'é'
        d['past'] += [p1, st + 'aste', st + 'ó', st + 'amos', st + 'aron']
        imp = [st + 'aba', st + 'abas', st + 'ábamos', st + 'aban']
        isub = [st + 'ara', st + 'aras', st + 'áramos', st + 'aran']
        ger = st + 'ando'; pp = st + 'ado'
    else:
        if uir or eer:
            d['past'] += [st + ('í' if eer else 'í'), st + ('íste' if eer else 'iste'), st + 'yó', st + ('ímos' if eer else 'imos'), st + 'yeron']
            isub = [st + 'yera', st + 'yeras', st + 'yéramos', st + 'yeran']
            ger = st + 'yendo'
            pp = st + ('ído' if eer else 'ido')
        else:
            d['past'] += [st + 'í', st + 'iste', weak + 'ió', st + 'imos', weak + 'ieron']
            isub = [weak + 'iera', weak + 'ieras', weak + 'iéramos', weak + 'ieran']
            ger = weak + 'iendo'; pp = st + 'ido'
        imp = [st + 'ía', st + 'ías', st + 'íamos', st + 'ían']
    d['past'] += imp
    d['impsubj'] += isub
    d['ger'].append(ger)
    d['pp'] += [pp, pp[:-1] + 'a', pp + 's', pp[:-1] + 'as']
    fs = inf
    for e in ('é', 'ás', 'á', 'emos', 'án'): d['fut'].append(fs + e)
    for e in ('ía', 'ías', 'íamos', 'ían'): d['cond'].append(fs + e)
    return d


CORE = set()
LATE = []
ACCV = {'a':'á','e':'é','i':'í','o':'ó','u':'ú'}
def accent_pen(w):
    """put written accent on the nucleus of the last syllable of w (before adding clitic syllables)"""
    if any(c in w for c in 'áéíóú'): return w
    # find vowel groups
    groups = [m for m in re.finditer(r'[aeiouü]+', w)]
    if len(groups) < 1: return w
    # stressed syllable of w (ends in vowel/n/s) is penultimate group
    if len(groups) == 1: return None  # monosyllable: no accent needed
    g = groups[-2]
    s = g.group(); i0 = g.start()
    # within group pick strong vowel, else last
    idx = None
    for j, ch in enumerate(s):
        if ch in 'aeo': idx = j; break
    if idx is None: idx = len(s) - 1
    k = i0 + idx
    return w[:k] + ACCV.get(w[k], w[k]) + w[k+1:]
def accent_last(w):
    """for -ar/-er infinitive+2 clitics or gerund: accent nucleus of the penultimate syllable of gerund (ando/iendo)"""
    return accent_pen(w)
CLIT = [('lo','it'),('la','it'),('los','them'),('las','them'),('le','him'),('les','them'),('nos','us'),('me','me'),('se','')]
IMP_TU = {'decir':'di','hacer':'haz','poner':'pon','salir':'sal','tener':'ten','venir':'ven','ir':'ve','ser':'sé'}
def emit(d, base, past=None, pp=None, ing=None, s3=None):
    TAG[0] = 'V:' + base
    past = past or en_past(base); pp = pp or past; ing = ing or en_ing(base); s3 = s3 or en_3s(base)
    parts = base.split(' ', 1)
    def obj(o):
        if not o: return base
        return parts[0] + ' ' + o + ((' ' + parts[1]) if len(parts) > 1 else '')
    def iobj(o, form):
        if not o: return form
        p = form.split(' ', 1)
        return p[0] + ' ' + o + ((' ' + p[1]) if len(p) > 1 else '')
    first = parts[0]; rest = (' ' + parts[1]) if len(parts) > 1 else ''
    will = 'will ' + base; would = 'would ' + base
    for f in d['inf']: add(f, base)
    for f in d['pp']: add(f, pp)
    for f in d['ger']: add(f, ing)
    for f in d['pres_3s']: add(f, s3)
    pb = d['pres_b']
    for i, f in enumerate(pb):
        if i == 1 and len(pb) >= 4: LATE.append((f, base))  # tu-form: lowest priority (clashes with plural nouns)
        else: add(f, base)
    for f in d['past']: add(f, past)
    for f in d['fut']: add(f, will)
    for f in d['cond']: add(f, would)
    for f in d['subj']: add(f, base)
    for f in d.get('impsubj', []): add(f, past)
    # imperatives
    infs = d['inf']
    inf = infs[0] if infs else None
    imps = []
    if inf:
        tu = None
        for k, v in IMP_TU.items():
            if inf == k or (inf.endswith(k) and k in ('hacer','poner','tener','venir','decir') and len(inf) > len(k)):
                tu = inf[:-len(k)] + v if inf != k else v
                break
        if tu is None and d['pres_3s']: tu = d['pres_3s'][0]
        if tu: imps.append(tu)
    subj = d['subj']
    us = [f for f in subj if not f.endswith(('s','mos'))][:1]
    uds = [f for f in subj if f.endswith('n')][:1]
    imps += us + uds
    for f in imps: add(f, base)
    # enclitics
    for es_c, en_c in CLIT:
        for f in infs[:1]:
            if f.endswith(('ar','er','ir','ír')): add(f + es_c, obj(en_c))
        for f in imps:
            if es_c == 'nos' and f.endswith('mos'): continue
            g = f
            a = accent_pen(g) if len(g) > 2 else None
            if a is None: a = g
            # plural imperative ending in n: accent too (explíquenme)
            add(a + es_c, obj(en_c))
        for f in d['ger'][:1]:
            a = accent_pen(f) or f
            add(a + es_c, iobj(en_c, ing))
    # double clitics common: infinitive/imperative + me/nos/se + lo/la
    for f in infs[:1]:
        if f.endswith(('ar','er','ir')):
            a = f[:-2] + ACCV[f[-2]] + 'r'
            for c1, e1 in (('me','me'),('nos','us'),('se','them')):
                add(a + c1 + 'lo', obj('it to ' + e1))
    for f in imps[:1]:
        a = accent_pen(f) if len(f) > 2 else None
        if a is None:
            # monosyllable: dímelo
            a = re.sub(r'([aeiou])(?!.*[aeiou])', lambda m: ACCV[m.group(1)], f)
        for c1, e1 in (('me','me'),('nos','us'),('se','them')):
            add(a + c1 + 'lo', obj('it to ' + e1))

def V(spec):
    """'inf[:sc]=base[,past[,pp[,ing]]]' ; several separated by ';' or newline"""
    for part in re.split(r'[;\n]', spec):
        part = part.strip()
        if not part: continue
        es, en = part.split('=', 1)
        sc = None
        if ':' in es: es, sc = es.split(':')
        e = [x.strip() for x in en.split(',')]
        base = e[0]; past = e[1] if len(e) > 1 and e[1] else None
        pp = e[2] if len(e) > 2 and e[2] else None; ing = e[3] if len(e) > 3 and e[3] else None
        for inf in es.split('|'):
            inf = inf.strip()
            if ' ' in inf or not inf.endswith(('ar','er','ir')):
                add(inf, base); continue
            for pre, tpl in COMPOUNDS.items():
                if inf.endswith(pre) and inf != pre or inf == pre:
                    p = inf[:-len(pre)]
                    dd = {k: [p + f for f in v.split()] for k, v in tpl.items()}
                    if p:
                        # compounds carry accent on some short forms
                        pass
                    emit(dd, base, past, pp, ing); break
            else:
                emit(conj(inf, sc), base, past, pp, ing)

def VX(forms_by_slot, base, past=None, pp=None, ing=None, s3=None):
    """explicit irregular: dict slot->space separated forms"""
    d = {k: v.split() for k, v in forms_by_slot.items()}
    for k in ('inf','ger','pp','pres_b','pres_3s','past','fut','cond','subj','impsubj'):
        d.setdefault(k, [])
    d['_regular'] = False
    emit(d, base, past, pp, ing, s3)

COMPOUNDS = {
 'tener': {'inf':'tener','pres_b':'tengo tienes tenemos tienen','pres_3s':'tiene','past':'tuve tuvo tuvimos tuvieron tenía tenían teníamos','pp':'tenido tenida tenidos tenidas','ger':'teniendo','fut':'tendrá tendrán tendremos','cond':'tendría tendrían tendríamos','subj':'tenga tengas tengan tengamos','impsubj':'tuviera tuvieran'},
 'poner': {'inf':'poner','pres_b':'pongo pones ponemos ponen','pres_3s':'pone','past':'puse puso pusimos pusieron ponía ponían','pp':'puesto puesta puestos puestas','ger':'poniendo','fut':'pondrá pondrán pondremos','cond':'pondría pondrían pondríamos','subj':'ponga pongas pongan pongamos','impsubj':'pusiera pusieran'},
 'ducir': {'inf':'ducir','pres_b':'duzco duces ducimos ducen','pres_3s':'duce','past':'duje dujo dujimos dujeron ducía ducían','pp':'ducido ducida ducidos ducidas','ger':'duciendo','fut':'ducirá ducirán','cond':'duciría ducirían','subj':'duzca duzcan duzcamos','impsubj':'dujera dujeran'},
 'traer': {'inf':'traer','pres_b':'traigo traes traemos traen','pres_3s':'trae','past':'traje trajo trajimos trajeron traía traían','pp':'traído traída traídos traídas','ger':'trayendo','fut':'traerá traerán','cond':'traería traerían','subj':'traiga traigan traigamos','impsubj':'trajera trajeran'},
 'caer': {'inf':'caer','pres_b':'caigo caes caemos caen','pres_3s':'cae','past':'caí cayó caímos cayeron caía caían','pp':'caído caída caídos caídas','ger':'cayendo','fut':'caerá caerán','cond':'caería caerían','subj':'caiga caigan caigamos','impsubj':'cayera cayeran'},
 'salir': {'inf':'salir','pres_b':'salgo sales salimos salen','pres_3s':'sale','past':'salí salió salimos salieron salía salían','pp':'salido salida','ger':'saliendo','fut':'saldrá saldrán','cond':'saldría saldrían','subj':'salga salgan salgamos','impsubj':'saliera salieran'},
 'prever': {'inf':'prever','pres_b':'preveo prevés prevemos prevén','pres_3s':'prevé','past':'previ previó previmos previeron preveía','pp':'previsto prevista previstos previstas','ger':'previendo','fut':'preverá','cond':'prevería','subj':'prevea prevean','impsubj':'previera'},
 'escribir': {'inf':'escribir','pres_b':'escribo escribes escribimos escriben','pres_3s':'escribe','past':'escribí escribió escribimos escribieron escribía escribían','pp':'escrito escrita escritos escritas','ger':'escribiendo','fut':'escribirá escribirán','cond':'escribiría escribirían','subj':'escriba escriban escribamos','impsubj':'escribiera'},
 'cubrir': {'inf':'cubrir','pres_b':'cubro cubres cubrimos cubren','pres_3s':'cubre','past':'cubrí cubrió cubrimos cubrieron cubría','pp':'cubierto cubierta cubiertos cubiertas','ger':'cubriendo','fut':'cubrirá','cond':'cubriría','subj':'cubra cubran','impsubj':'cubriera'},
 'solver': {'inf':'solver','pres_b':'suelvo suelves solvemos suelven','pres_3s':'suelve','past':'solví solvió solvimos solvieron solvía','pp':'suelto suelta sueltos sueltas','ger':'solviendo','fut':'solverá','cond':'solvería','subj':'suelva suelvan solvamos','impsubj':'solviera'},
 'volver': {'inf':'volver','pres_b':'vuelvo vuelves volvemos vuelven','pres_3s':'vuelve','past':'volví volvió volvimos volvieron volvía','pp':'vuelto vuelta vueltos vueltas','ger':'volviendo','fut':'volverá','cond':'volvería','subj':'vuelva vuelvan volvamos','impsubj':'volviera'},
 'abrir': {'inf':'abrir','pres_b':'abro abres abrimos abren','pres_3s':'abre','past':'abrí abrió abrimos abrieron abría','pp':'abierto abierta abiertos abiertas','ger':'abriendo','fut':'abrirá','cond':'abriría','subj':'abra abran','impsubj':'abriera'},
}
