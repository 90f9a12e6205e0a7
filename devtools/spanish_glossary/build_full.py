"""Builds assistant/spanish_glossary.tsv (see README.md here). Run: python devtools/spanish_glossary/build_full.py"""
import sys, re, collections, pathlib
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import core
import d_grammar, d_aux, d_content, d_adj, d_verbs, d_misc, d_verbs2, d_verbs3, d_vocab
from core import ENTRIES, strip_acc
from verbs import CORE, LATE
from core import TAG
for _f, _e in LATE:
    ENTRIES.append((_f, _e, 'L'))
from wordfreq import zipf_frequency as z

import glob
KW = set()
def stem(w):
    w = w.lower()
    for suf in ('ically','ally','ation','ing','ied','ies','ed','ly','es','s','e','y'):
        if w.endswith(suf) and len(w) - len(suf) >= 3: return w[:-len(suf)]
    return w
for p in glob.glob(str(ROOT / 'knowledge/framework/*.md')) + glob.glob(str(ROOT / 'knowledge/cases/*.md')):
    for w in re.findall(r"[a-zA-Z]+", open(p).read()): KW.add(stem(w))
EXTRA = set(stem(w) for w in '''budget vendor manager management company month week day year thousand million fast slow better worse advisable work useful cost expensive cheap pay money spend save invest hire buy time hour minute team boss client customer project pilot deadline price worth need want know use do give say make go be have can must should think believe prefer recommend choose decide compare start finish try test help ask answer explain understand learn train retrain tune fine change update improve maintain build deploy host run serve search find retrieve store load index label classify extract generate write draft review check measure evaluate monitor scale risk accuracy quality speed latency data model prompt document manual error schema format gpu cloud server privacy security safety regulation law contract licence invoice revenue profit saving investment return performance efficiency support service user staff employee meeting department company business industry sector strategy goal metric report result reason problem solution option approach method step phase stage plan schedule timeline scope requirement priority'''.split())
KWK = set(KW)
KW |= EXTRA
VDROP = set('categorise,parse,cite,link,load,correct,drop,grow,draft,adapt,budget,flag,assume,set aside,edit,ask for,accept,reconsider,approve,confuse,announce,cut,fall,follow,show,think,believe,lose,set up,store,process,prepare,format,check,control,supervise,limit,allow,finish,escalate,support,combine,redirect,teach,become,launch,publish,reach,access,deliver,seem,happen,close,contain,structure,be wrong,notice,fail,set,confabulate,commit,add up,sync,revisit,drift,diverge,escalate,base,suppose,bill,expire,version,be enough,structure,shift,list,own,inject,behave,bake,be left over,have available,train staff,lift,look,notice,move,enter,appear,seem,touch,tend,pile up,sign,rent,license,bill,chat,condense,come,see,close,suppose,matter,like,happen,leave,get right,earn,issue,shelve,score,screen,rate,sort,skip,version,structure,rebook,catch,be wrong,expire,turn into,switch on,lead,face,flow,cover,contain,propose,publish,request,receive,send,code,set,return,call,produce,operate,get,keep'.split(','))
VKEEP = set('need want cost pay spend save hire buy work help try recommend choose decide compare start finish ask explain understand deploy host store check measure monitor scale prefer think believe'.split())
BIZ = set(stem(w) for w in 'budget vendor manager management company month week day year million thousand fast slow cheap expensive price money boss client customer team cost quality accuracy hour minute employee staff business contract invoice revenue profit saving investment return risk goal deadline pilot project user meeting department privacy security server gpu cloud performance support service'.split())
def relevantk(en):
    return any(stem(t) in KWK or stem(t) in BIZ for t in re.findall(r'[a-z]+', en))
def relevant(en):
    return any(stem(t) in KW for t in re.findall(r"[a-z]+", en))
seen = {}
order = []
for es, en, tag in ENTRIES:
    if tag.startswith('V:'):
        b = tag[2:]; bw = b.split()[0]
        pass
    if es not in seen:
        seen[es] = en; order.append(es)
# accentless variants
for es in list(order):
    s = strip_acc(es)
    if s != es and s not in seen and s not in ('no se', 'no se si', 'no lo se', 'se', 'si'):
        seen[s] = seen[es]; order.append(s)

DROP_SAME = {'vs','okay','decide','divide','precision','hospital','rag','json','api','total','final','error','control','legal','manual','material','base','normal','ideal','regional','local','digital','simple','similar','general','formal','experimental','terrible','plausible','stable','doctor','editor','video','tutorial','portal','hotel','sector','auditor','vector','corpus','circular','cluster','ticket','chatbot','blog','startup','intranet','laptop','torque','token','embedding','versus','ok','k','pdf','idea','comercial','human','variable'}
FORCE_AMB = {'a':'to','he':'i have','me':'me','son':'are','come':'eats','red':'network','pie':'foot','once':'eleven','real':'real','sale':'comes out','plan':'plan','dice':'says','mama':'mom'}
EXTRA_AMB = set('inferior fines cola meta ira reunion graves patron peso primer genera sensible dada largo'.split())
# Spanish function words that are frequent in English corpora only by leakage
WHITE = set('de la el en los las un una lo con para por del al se su sus mi tu si le les o y e u es que mas ha han hay sin ser ir da dar van va ve nos te os ni ya tan muy esta este eso esa ese esto como pero solo uno dos tres cinco seis diez mil entre sobre hasta desde todo toda nada'.split())
WHITE -= {'van','va','ve','tan','solo','sin'}  # reviewed below
WHITE |= {'sin', 'va', 'di', 'dan'}
main, amb = {}, {}
KEEP_SAME = {'pesos'}
seen['pesos'] = 'pesos'
for es in order:
    en = seen[es]
    if '\t' in es or '\t' in en: continue
    if es in FORCE_AMB:
        amb[es] = FORCE_AMB[es]; continue
    if es in EXTRA_AMB:
        amb[es] = en; continue
    if es in KEEP_SAME:
        main[es] = en; continue
    if es in DROP_SAME or es == en or (es.replace('-', ' ') == en.replace('-', ' ')):
        continue
    if ' ' not in es and es not in WHITE and z(es, 'en') >= 4.0:
        amb[es] = en; continue
    main[es] = en
for k, v in FORCE_AMB.items(): amb.setdefault(k, v)
# Fillers and idioms read as a whole, and "se" (a grammar marker) left out ("-"), over the word-by-word entries
OVERRIDES = {'o sea': 'i mean', 'osea': 'i mean', 'es decir': 'i mean', 'la verdad': 'honestly', 'de verdad': 'really',
             'a veces': 'sometimes', 'se': '-', 'cómo se llama': 'what is the name of', 'cómo se llamaba': 'what was the name of',
             'como se llama': 'what is the name of', 'como se llamaba': 'what was the name of',
             'unos cuantos': 'a few', 'unas cuantas': 'a few', 'unos pocos': 'a few', 'unas pocas': 'a few',
             'ia': 'ai', 'i.a.': 'ai'}
# One file: the main entries; the ambiguous ones (also English words) where no main entry has the key;
# spanish.py translates a word that is also English only between Spanish words, whichever list it came from.
glossary = dict(main)
for k, v in amb.items():
    glossary.setdefault(k, v)
glossary.update(OVERRIDES)
with open(ROOT / 'assistant' / 'spanish_glossary.tsv', 'w', encoding='utf-8') as f:
    f.write("# Spanish -> English, one word form or fixed expression per line (spanish.py reads it).\n")
    f.write("# Written on 2026-11-29 from the knowledge's own vocabulary (its English content words and\n")
    f.write("# their usual Spanish translations, with inflections, with and without accents), Spanish\n")
    f.write("# grammar words, everyday business words and a few fillers; never from questions.\n")
    for k in sorted(glossary):
        f.write(f"{k}\t{glossary[k]}\n")
print(len(main), len(amb), len(glossary))
