import unicodedata, re
ENTRIES = []  # (es, en, tag) in priority order
TAG = ['F']
FULL_ADJ = [True]
def add(es, en):
    es = es.strip().lower(); en = en.strip().lower()
    if es and en: ENTRIES.append((es, en, TAG[0]))
def F(text):
    TAG[0]="F"
    for part in re.split(r'[;\n]', text):
        part = part.strip()
        if not part: continue
        es, en = part.split('=', 1)
        for e in es.split('|'):
            add(e, en)

UNC = set('consistency latency quality terminology complexity safety sovereignty eligibility privacy accuracy people management jargon insurance speed compute legislation pharmacovigilance payroll customs damage news drift overhead maintenance knowledge data'.split())
def en_plural(w):
    if ' ' in w:
        a = w.rsplit(' ', 1); return a[0] + ' ' + en_plural(a[1])
    if w in UNC: return w
    if w == 'half': return 'halves'
    if w.endswith(('s','x','ch','sh','z')): return w + 'es'
    if w.endswith('y') and w[-2:-1] not in 'aeiou': return w[:-1] + 'ies'
    if w in ('fine-tuning','data','software','hardware','information','knowledge','compute','feedback','staff','equipment','overhead','jargon','terminology','research','evidence','advice','training','retraining','fine-tune','infrastructure','latency','money','news','damage','machinery','payroll','safety','accuracy','recall','retrieval','compliance','labelling','vocabulary','leave','traffic','ownership','debt','quality','speed','time','stock','legislation','sovereignty','pharmacovigilance','connectivity','wiring','maintenance','hype','prestige','vanity','inference','evaluation','monitoring','drift','marketing','conversion','revenue','deployment','production','preparation','customs','travel','guidance','complexity','behaviour','behavior'):
        return w
    return w + 's'

ACC = {'á':'a','é':'e','í':'i','ó':'o','ú':'u'}
def strip_acc(s):
    return ''.join(ACC.get(c, c) for c in s).replace('ü','u')

def es_plural(w):
    if ' ' in w:
        # pluralise head noun (first word) e.g. 'base de datos' -> 'bases de datos'
        parts = w.split(' ')
        return es_plural(parts[0]) + ' ' + ' '.join(parts[1:])
    if w[-1] in 'aeiouáéó': return w + 's'
    if w.endswith('z'): return w[:-1] + 'ces'
    if w.endswith('s') or w.endswith('x'):
        # análisis, tesis: invariable
        if re.search(r'[aeiou]s$', w) and not re.search(r'(és|ás|ós|ís|ús)$', w): return w
    for a, b in (('ón','ones'),('án','anes'),('én','enes'),('ín','ines'),('és','eses'),('ás','ases'),('ós','oses'),('ús','uses'),('ún','unes')):
        if w.endswith(a): return w[:-2] + b
    if w[-1] in 'íú': return w + 's'
    if w.endswith('en') and len(w) > 4:
        # volumen -> volúmenes, resumen -> resúmenes, origen -> orígenes
        v = [i for i, ch in enumerate(w[:-2]) if ch in 'aeiou']
        if v:
            i = v[-1]; return w[:i] + {'a':'á','e':'é','i':'í','o':'ó','u':'ú'}[w[i]] + w[i+1:] + 'es'
    if w[-1] not in 'lnrdzjsx': return w + 's'
    return w + 'es'

def N(es, en, pl=None, enpl=None):
    """noun"""
    add(es, en)
    if ' ' in es and not pl: return
    if pl != '-':
        ep = enpl or en_plural(en)
        if ep == en and not pl and es not in ('datos',): return
        add(pl or es_plural(es), ep)

def NN(text):
    TAG[0]="N"
    """'es=en' entries, plural auto; es may use 'sing/plural' ; en 'sing/plural'"""
    for part in re.split(r'[;\n]', text):
        part = part.strip()
        if not part: continue
        es, en = part.split('=', 1)
        enpl = None
        if '/' in en: en, enpl = en.split('/', 1)
        for e in es.split('|'):
            pl = None
            if '/' in e: e, pl = e.split('/', 1)
            N(e, en, pl, enpl)

def A(es, en, pl_en=None):
    add(es, en)
    if es.endswith('o'):
        b = es[:-1]; add(b+'a', en); add(b+'os', en)
        if FULL_ADJ[0]: add(b+'as', en)
    elif es.endswith(('dor','ón','ol','és','án')) and not es.endswith(('mayor','menor','mejor','peor','superior','inferior','exterior','interior','anterior','posterior','ulterior')):
        b = strip_acc(es) if es[-2] in 'óéá' else es
        add(b+'a', en); add(b+'es', en); add(b+'as', en)
    else:
        add(es_plural(es), en)

def AA(text):
    TAG[0]="A"
    for part in re.split(r'[;\n]', text):
        part = part.strip()
        if not part: continue
        es, en = part.split('=', 1)
        for e in es.split('|'): A(e, en)

def ly(en):
    if ' ' in en: return None
    if en.endswith('le') and en not in ('whole',): return en[:-1] + 'y'
    if en.endswith('ic'): return en + 'ally'
    if en.endswith('y') and len(en)>3: return en[:-1] + 'ily'
    if en.endswith('ll'): return en + 'y'
    return en + 'ly'

def MENTE(text):
    TAG[0]="M"
    """adjective=adverb-english ; adjective given in masc form"""
    for part in re.split(r'[;\n]', text):
        part = part.strip()
        if not part: continue
        es, en = part.split('=', 1)
        if es.endswith('o'): es = es[:-1] + 'a'
        add(es + 'mente', en)
