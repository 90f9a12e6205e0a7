"""What a question asks, before anything is retrieved (pure functions over text).

Three things are read off a question:
- its *intent*: should/when (a decision), compare, why, how, cost, an example from a
  client, something about the article itself (who wrote it, when), yes/no, or a plain
  what-is;
- the *approaches* it names (prompt engineering, RAG, fine-tuning);
- the *specific things* it asks for: a named product or vendor, a number or amount, a
  hyper-parameter or setting, a law or regulation, a date, a person. These are kinds
  of answer, recognised by the shape of the question ("which vector database…",
  "how many…", "what learning rate…", "does GDPR…", "when was…", "who…"), not a list
  of questions seen before. Whether the knowledge holds such a thing is decided later
  (answerability.py), against the knowledge itself.

A follow-up keeps the previous turn's topic but takes its intent from the new question.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .field_terms import CURRENCY_NAMES, PRODUCT_NAMES
from .human_languages import LANGUAGE_ASKED
from .labels import RECOMMENDATION_IN_TEXT
from .spelling import FIELD_ACRONYMS

# -- approaches ----------------------------------------------------------------
APPROACH_PATTERNS: dict[str, re.Pattern] = {
    "fine_tuning": re.compile(r"\bfine[- ]?tun\w*|\bfinetun\w*|\b(re)?train(ing|ed)?\b( (a|our|your|the|its) (own )?model)?|\btuned model|\bcustom(-trained)? model|\bcustom(is|iz)?(ed|e)?[- ]?(train\w*|tun\w*|models?|llms?)\b|\bq?lora\b|\b(peft|sft)\b|\bweights\b|\btune\b(?!\s+(the |our |your |a |its )?(prompts?|wording|instructions?)\b)", re.IGNORECASE),
    "rag": re.compile(r"\brag\b|\blook-?ups?\b(?!\s+tables?)|\bretriev\w*|\bvector (search|store|database|db|index)|\bsearch (over |through |our |the )|\bgrounding\b|\bknowledge base\b|\b(document|doc|docs|documentation) (lookup|look-up|search|retrieval)\b", re.IGNORECASE),
    "prompt_engineering": re.compile(r"\bprompt\w*|\bfew[- ]shot\b|\bsystem message\b|\binstructions?\b", re.IGNORECASE),
}
APPROACH_LABELS = {k: v for k, v in RECOMMENDATION_IN_TEXT.items() if k in APPROACH_PATTERNS}

# "another client?", "anyone else?": asks for a different one than the one just told
ANOTHER = re.compile(r"\b(another|other|others|else|more)\b", re.IGNORECASE)

_BARE_APPROACH = r"(fine[- ]?tun\w*|rag|retrieval|prompt(ing| engineering)?|train(ing)?( a model)?)"

# -- intents, first match wins --------------------------------------------------
# a cost word naming the team's data, not a cost asked about: "our price sheet", "spending categories", "the budget app"
_DATA_NOUN = (r"\s+(sheets?|lists?|circulars?|docs?|documents?|files?|tables?|data|feeds?|pages?|catalogues?|catalogs?|"
              r"categor\w*|rules?|updates?|changes?|books?|guides?|manuals?|notes?|apps?|codes?|fields?|lines? items?)\b")
INTENTS: tuple[tuple[str, re.Pattern], ...] = (
    ("about_article", re.compile(
        r"\b(who (wrote|writes|authored|is the author|published|is behind)|author(s|ed)? of|written by|"
        r"when was (this|the|it)\b.*\b(written|published|posted|released)|publication date|"
        r"(this|the) (article|post|blog|document|piece)('s)? (author|date|length|url|link|title|source|publisher)|"
        r"(quote|quotation|conclusion|closing|ending|title|final words?) (of|in|from|at the end of|that ends) (this|the) (article|post|blog|piece)|"
        # who the article quotes: "who is quoted at the close of the framework?"
        r"who (is|was|gets) (being )?quoted|(quote|quoted|quotation|say|says|said) (at|in) the (very )?(end|close|conclusion)\b|"
        r"(at|in) the (very )?(end|close|conclusion) of (this|the) (article|framework|post|blog|piece)|"
        # a part of the article named by its place: "the closing message of the article", "what does the closing section say?"
        r"(quote|quotation|conclusion|closing|ending|final|last|opening)( [\w-]+){1,2} (of|in|from|that ends) (this|the) (article|post|blog|piece)|"
        r"\b(the|its|article's|post's|framework's) (very )?(closing|concluding|ending|final|last) "
        r"(section|part|bit|paragraph|message|words|remarks|thoughts|quote|lines?|takeaway|argument)s?\b|"
        r"\b(article|post|blog|piece|framework)(['’]s)? (end|ends|ending|close|closes|conclude|concludes|conclusion)\b)",
        re.IGNORECASE)),
    ("example", re.compile(
        r"\b(examples? of (a |an )?(client|customer|company|team|case|engagement|project)s?|"
        # "example of a hospital using both?": an organisation of some kind is a client asked for
        r"examples? of (a |an )([\w-]+ )?(hospital|bank|insurer|retailer|publisher|agency|operator|firm|business|"
        r"organi[sz]ation|org|manufacturer|maker|telco|utility|newsroom|newspaper|lender|carrier|vendor|airline|"
        r"school|university|council|ministry|government|charity)s?\b|"
        r"(case|client|customer) (note|study|stories|story|example)s?|past (case|client|engagement|project)s?|"
        r"(a|any|some|one) (client|customer|company|team|org\w*) (who|that|which|where)|real[- ]world example|"
        r"(has|have|did) (any|a) (client|customer|company|team)s?|"
        # "has anyone done something similar?", "did anybody else try that?"
        r"\b(has|have|did) (any|some)(one|body)( else)? (already |actually |ever )?(do|done|try|tried|build|built|ship|shipped|attempt|attempted|use|used|go|gone|solve|solved|face|faced|pull|pulled)\b|(?<!in )any ((?!use )[\w-]+ ){0,2}(clients?|customers?|cases?|engagements?)\b(?! (note|notes)\b)|"
        r"\b(clients?|customers?) of (yours|you)\b|\b(of|among) your (clients?|customers?|engagements?|cases|case notes)\b|"
        # "have you helped another org in that boat?": one like the team, elsewhere
        r"\b(helped|worked with|advised|seen) (another|other|a similar|similar) (org\w*|organi[sz]ations?|compan(y|ies)|clients?|customers?|teams?|firms?|business(es)?|banks?|insurers?|hospitals?)\b|\bseen (a|any|some) (clients?|customers?|cases?|teams?|compan(y|ies))\b|\b(some|one of your) (clients?|customers?)\b|"
        r"which (client|clients|customer|customers|case|cases|engagement)s?|"
        r"\bexample (client|case|engagement|project)s?|(an|any|a concrete|a real) example|"
        # "give me a rag + finetune example", "got a small-team example?"
        r"\b(give|show|got|have|need|want|share)( me| us)? (a|an|one|some) ([\w+/&-]+ ){1,3}examples?\b(?! (of )?(prompt|output|json|input|text|template|code|schema)s?\b)|(?<!difference )(?<!differences )in practice(?! between)|in real life|"
        r"\bexamples? (where|in which|when)\b|\bprecedents?\b|"
        r"(a|any) (case|client|customer)s? (on|about|for|like|where|with|that|which|who)|"
        # "is there a client in your notes that's an online store like us?"
        r"(is there|are there|do you have|have you got) (a|an|any) ((?!use )[\w-]+ ){0,2}(clients?|customers?|cases?|engagements?)\b(?! names?\b)|"
        # what the consultancy did for one client: "what did you recommend for the grid operator?"
        r"(did|had) (you|the consultants?|the consultancy|gysp|your (team|firm|consultants)) (recommend|advise|suggest|propose|end up)|(was|were) (recommended|advised|proposed) (for|to) (the|that|this))\b", re.IGNORECASE)),
    ("compare", re.compile(
        r"\b(difference|differences|differ|distinguish|versus|vs\.?|compared? (to|with)|comparison|contrast|"
        r"better than|worse than|pros and cons|trade-?offs?|"
        # "how's it stack up against a trained model?", "how does it measure up to fine-tuning?"
        r"(stacks?|stacking|stacked|measures?|measuring|measured) up (against|to|with)|(holds?|holding) up (against|next to))\b", re.IGNORECASE)),
    ("try_first", re.compile(
        r"\b(try|do|test|run|attempt|check|verify|validate|rule out)\b[^.?!]{0,20}\b(first|before)\b|"
        r"\bbefore (we |you |i |anyone )?(go (and )?|start )?(paying|pay|training|train|committing|commit|fine-tun\w*|spending|spend|burn\w*|book\w*|invest\w*)\b|"
        r"\bfirst step\b|\bstep (one|1)\b|\bstart with\b|\b(cheap(er|est)|simpl(er|est)|lighter|less expensive) (options?|alternatives?|levers?|routes?|fixes|things|steps|measures)\b|\b(something|anything) (cheaper|simpler|lighter|less expensive)\b|\b(cheap(est|er)?|simpl(est|er)|easiest|quickest|fastest|lightest) (way|route|option|fix|path)s? (to|of|for)\b|\b(levers?|options?|alternatives?|things?|steps?|experiments?|tests?|trials?)\b[^.?!]{0,30}\b(first|before (going|we go|training|that|committing|paying))\b", re.I)),
    ("cost", re.compile(
        r"\b(costs?|costly|expensive|cheap(er|est)?|(?<!ms )(?<!second )(?<!seconds )(?<!latency )(?<!time )budget\w*(?!" + _DATA_NOUN + r")|"
        # money in a compound names a trade, not a price ("mobile-money terms", "anti-money-laundering rules")
        r"spend\w*(?!" + _DATA_NOUN + r")|(?<!-)money(?!-)|pricey|price(?!" + _DATA_NOUN + r")|tco|total cost|"
        # "maintenance" as a cost, not the name of what a team maintains ("our maintenance manuals", "maintenance engineers")
        r"maintain\w*|maintenance(?= (costs?|burdens?|budgets?|overheads?|efforts?|bills?|spend\w*|work(load)?|and|or|of|for|is|are|was|were|"
        r"on|in|at|to|the|a|it|that|this|than|will|would|can)\b|\s*[^\w\s]|\s*$)|upkeep|overhead|keep[- ]alive|keep (\w+ ){1,3}alive|running costs?|operational\w*|afford\w*|"
        r"bills?|recurring|ongoing (costs?|spend|work|effort|burden)|burden|opex|capex|line items?|one[- ]off|"
        r"gpu (hours|bill|spend)|pay for|"
        # what an approach costs in the wider sense: "what's the catch?", "the downside long term", "the risks of going down that road"
        r"catch|downsides?|drawbacks?|pitfalls?|disadvantages?|risks? (of|in|with|if) (going|doing|taking|choosing|picking|training|fine-tun\w*|that|this|it))\b", re.IGNORECASE)),
    # …also after a label: "clinical coding one, why both?"
    ("why", re.compile(r"(^\s*|^[^?]{3,60}?(,|:|\s[-–—])\s*)(and |but |so )?why\b|\bwhy (is|are|do|does|would|should|not|can't|cannot)\b|\bwhat('s| is) the (reason|point)\b", re.IGNORECASE)),
    ("decide", re.compile(
        r"^\s*(and |but |so |then )?(should|shall|when|which|do we need|is it worth|would you|what approach|"
        # "in which circumstances does a training run pay off?" asks when it is worth doing, not its price
        r"(in|under) (which|what) (circumstances|situations|cases|scenarios|conditions)|what conditions|"
        r"what should|what would you|which approach|what fits|where should)\b|"
        r"\b(instead of|rather than|right (choice|call|approach|architecture|tool)|"
        r"best (approach|option|fit|choice)|which (approach|option|one|architecture)|"
        r"(approach|option|architecture) (fits|suits|is best|would you)|do we (need|have) to|is it worth|"
        r"pays? off|paid off|paying off|earns? (its|their) (money|keep)|"
        r"recommend(ed|ation)?|make sense|go with|pick|choose|choosing|decide|decision|when to|"
        # the ordinary ways of asking for advice on a situation
        r"(do|would|could) you (suggest|advise|propose)|your (advice|suggestion|take)|(good|bad|wise|sensible|smart) (idea|move|plan)|"
        r"would you (architect|design|build|approach|do))\b|"
        # an approach and a question mark, after a situation: "…, plenty of labels. Fine-tune?", "rag or fine-tuning?"
        rf"^\s*(just |so |then )?{_BARE_APPROACH}(\s+(or|vs\.?)\s+{_BARE_APPROACH})?\s*\?+\s*$", re.IGNORECASE)),
    ("how", re.compile(r"^\s*(and |but |so )?how (do|can|should|would|to|does|did)\b|\bhow (do|can) (we|i)\b|\bsteps? to\b|\bhow to\b", re.IGNORECASE)),
    ("yesno", re.compile(r"^\s*(and |but |so )?(is|are|does|do|can|could|will|would|did|has|have|isn't|doesn't|won't)\b", re.IGNORECASE)),
)

# -- specific asks: kinds of answer, recognised by the question's shape ---------
_PRODUCT_NOUNS = (
    r"tools?|librar(y|ies)|vendors?|providers?|products?|platforms?|(vector |graph )?databases?|vector (stores?|dbs?)|"
    r"stacks?|services?|clouds?|hosting|gpus?|hardware|chips?|cards?|instances?|sdks?|packages?|"
    r"software|apis?|embedding models?|base models?|re-?ranking models?|(search|inference) engines?|open[- ]source models?|(llm|model) (families|family|brands?|names?)|"
    r"llms?|orchestrat\w+|brands?|suppliers?|companies|consultanc(y|ies)|"
    r"open[- ]weights? models?|foundation models?|language models?|checkpoints?|re-?rankers?( models?)?|retrievers?|"
    r"speech-to-text( models?)?|frameworks? (for|to)|(programming )?languages?|cloud providers?|(company|client|customer|brand|firm|trading) names?|mastheads?"
)
_SETTING_NOUNS = (
    r"learning[- ]rates?|epochs?|batch[- ]sizes?|(lora )?ranks?|alpha|temperature|top[- _]?[pk]|chunk(ing)?[- ]sizes?|"
    r"chunk(ing)? overlap|overlap|context (window|length)s?|max(imum)?[- _]tokens?|dimensions?|dropout|warm-?up|"
    r"weight decay|quanti[sz]ation|seeds?|thresholds?|hyper-?parameters?|settings?|parameters?|"
    r"(similarity|cosine) (cut-?off|threshold)|top[- ]k|k value|stride|sequence length|gradient\w*|optimi[sz]ers?|"
    r"split ratios?|(train(ing)?|test|validation)[/-](test|validation|val|dev)( split)?"
)
# a law by its acronym, typed in lower case too: "dpdp act implications…?", "the ndpr regulation" (an acronym-shaped
# word: two consonants running and at most one vowel, not "the", "first" or "teams act on it"; "the GPU bill" is no bill)
_LAW_BY_ACRONYM = (r"\b(?!(the|this|that|these|those|first|last|next|whole|class|just|must|which|such|both|each|its|yes|they|who|why)\b)"
                   r"(?![a-z]*[aeiou][a-z]*[aeiou])(?=[a-z]*[bcdfghjklmnpqrstvwxz]{2})[a-z]{3,6}\s+(act|directive|regulation)\b")
_LAW_NAMES = (
    r"gdpr|hipaa|ccpa|cpra|sox|pci(-dss)?|dora|nis2|ferpa|glba|eu ai act|ai act|iso ?\d{4,5}|soc ?2|"
    r"data protection act|right to be forgotten|privacy laws?|copyright law|intellectual property|indemnit(y|ies|ication)|"
    r"lgpd|pipeda|popia|pdpa|appi|privacy (act|principles)|works councils?|"
    # a numbered section of a statute ("Section 508"), a body of law by its field ("public records law"),
    # a regulator's own rules ("FDA guidance")
    r"section \d{2,}[a-z]?|(public[- ])?records (law|act)s?|(state|federal|procurement|employment|labou?r|consumer|tax|export) (law|statute)s?|"
    r"(fda|ema|mhra|sec|fca|finra|ofac|nist|ico|edpb|eba|hhs|cms|fedramp|stateramp)( \w+)? (guidance|rules?|requirements?|guidelines|regulations?)"
)
# a law asked about in general words: "is it legal…", "what regulations apply…"
_LAW_QUESTION = (
    r"\b(is|are|would|does|do|can)\b[^.?!]{0,60}\b(legal|lawful|illegal|allowed by law|permitted|compliant|licen[cs]ed)(?=\s*(\?|$|to\b|for\b|in\b|under\b|if\b|when\b|with\b))|"
    r"\b(what|which|any)\b\s+(\w+\s+){0,2}(laws?|regulations?|regulators?|legislation|statutes?|licen[cs]es?|licensing|certifications?)\b"
)
# "can it quote the exact figures?" quotes figures rather than asking for them
_NOT_QUOTED = r"(?<!quote )(?<!quote the )(?<!repeat )(?<!repeat the )(?<!recall )(?<!recall the )(?<!reproduce )(?<!reproduce the )"
# nouns that make a question ask for a list of things rather than for one figure
_LIST_NOUNS = r"line|lines|items?|categor\w+|heads?|headings?|buckets?|components?|breakdown|kinds?|types?|sorts?"
_UNIT_TERMS = (
    # "paying per call" names a way of paying, and "cheaper per request than…" a comparison, not a figure asked for
    r"in ([a-z.]+ )?(dollars|usd|euros|eur|pounds|gbp|reais|brl|rupees|yen|francs|pesos)|how many (dollars|euros|pounds|reais|rupees)|(?<!paying )(?<!pay )per (hour|month|year|token|1k|million|request|query|call|gpu)(?![^.?!]{0,60}\bthan\b)|"
    r"an hour\b|a month\b|hourly (\w+ )?(rate|cost|price|fee)s?|" + _NOT_QUOTED + r"exact (cost|price|amount|number|figure)s?|(dollar|euro|cost) figures?|in numbers|ballpark|"
    r"what (percentage|percent)|how (accurate|fast|quick) (is|are|will|would|can)(?![^.?!]{0,60}\b(than|compared (with|to)|vs\.?|versus)\b)|what accuracy|which accuracy|accuracy (should|can|will) we|"
    r"how many (milliseconds|seconds|ms)|in (milliseconds|ms|seconds)\b|"
    # a size in its unit ("what passage size in tokens", "model size, in parameters"), a sum in a currency
    r"\bin (parameters|params|tokens|gb|gigabytes|mb|characters)\b|"
    r"\b(dollar|euro|pound|sterling|usd|eur|gbp|brl) (\w+ )?(amounts?|figures?|savings?|values?|costs?|prices?|budgets?|spend)\b|"
    r"\b(optimal|optimum|ideal|best|right) (number|amount|count) of\b"
)

# a person's whole name, which only a sentence giving first and last name holds
FULL_NAME = re.compile(r"\b(surname|last name|family name|full name)s?\b", re.IGNORECASE)
# the framework's own choices, and a client as one of its cases ("which client was it that got RAG?")
_NOT_AN_IDENTITY = (r"one|ones|approach|approaches|option|options|route|reason|reasons|rule|rules|way|method|kind|type|part|step|case|cases|"
                    r"point|stage|time|moment|level|size|scale|volume|threshold|"  # "at what point is it worth…?" asks when
                    r"grounds|basis|purpose|rationale|motives?|cause|extent|degree|"  # "on what grounds was it advised…?" asks why
                    r"clients?|customers?|engagements?|projects?")
# kinds of firm, which only a proper name identifies ("which retailer was it?", "name the retail bank")
ORGANISATIONS = (r"competitors?|rivals?|vendors?|suppliers?|providers?|compan(y|ies)|firms?|banks?|insurers?|outlets?|publishers?|"
                 r"partners?|agenc(y|ies)|retailers?|operators?|papers?|newspapers?|titles?|broadcasters?|brands?|"
                 r"organi[sz]ations?|business(es)?|startups?|manufacturers?|makers?|carriers?|airlines?|hospitals?|telcos?|chains?")
# "which tool", "what vector database" — not "what the consultancy does" (a determiner
# after the question word makes it a question about that thing, not a request for a name);
# "whose" that asks, not the relative one after a noun ("the OEM whose service engineers…")
# "what does the consultancy recommend?" asks what it says, not which consultancy: no verb before the noun
# "good enough for brand voice?" judges whether something suffices; it names no good brand
_WH = r"\b(which|(?:(?<![A-Za-z] )|(?<=and )|(?<=so )|(?<=but )|(?<=or ))whose|what|what's|whats|recommend(ed)?|best|good(?!\s+enough\s+(for|to|at|as|on|in|with)\b)|top|popular|name (a|some|the))\s+((specific|particular|exact|actual)\s+)?(?!(the|a|an|this|that|our|your|its|their|of|on|in|for|to|about|if|does|do|did|would|should|could|can|will)\b(?![/&]))(\w+(?:[-/]\w+)*[\s-]+){0,2}"
# which one a client, vendor or model really is, once its story is told ("which bank was it?",
# "can you name the bank?", "whose open model is it running?"); alone, "which client was it?" asks for the case
# after "whose", a word for a duty: "whose job is it?" asks for a role, not a name
_NOT_A_ROLE = r"(?!\s+(job|task|role|responsibility|call|decision|fault|idea)\b)"
IDENTITY_ASK = re.compile(
    rf"\b(which|what) ((actual|exact|particular|specific|real) )?(?!({_NOT_AN_IDENTITY}|if|about|else)\b)([a-z-]+ )?(?!({_NOT_AN_IDENTITY})\b)[a-z-]+ "
    r"((was|is|were|are) (it|that|this|they|those)|(it|that|this|they) (was|is|were|are))\b|"
    r"\bwhich ([a-z-]+ )?(models?|releases?|versions?|competitors?|rivals?|outlets?|vendors?|suppliers?|providers?)\b|"
    # a thing of a kind that has proper names: "which reservation system…?", "which payer's guidance…?", "which titles…?"
    r"\bwhich ([a-z-]+ ){0,2}(systems?|tools?|librar(y|ies)|libs?|platforms?|clouds?|databases?|payers?|titles?|publications?|"
    r"airlines?|carriers?|brands?|standards?|classifications?|regions?|countries|country|cit(y|ies)|regulators?|software|stacks?)('s)?\b|"
    r"\bname (the|that|this) [a-z-]+\s*[?.!,]|\bname (the|that|this|their) ([a-z-]+ ){0,2}(" + ORGANISATIONS + r")\b|"
    # which firm a told client is: "which retailer was the home goods client?", not "which bank sorted…?" (a client asked for)
    r"\b(which|what) (" + ORGANISATIONS + r") (was|is|were|are) (the|that|this|their|it|they)\b|"
    # a told client's own name: "what was the newspaper's name?", "and the bank's name?", "…one? name?"
    r"\b(the|that|this|their) ([a-z-]+ )?[a-z-]+['’]s? ((actual|real|company|brand|trading|full) )?names?\b|(^|[?.!]\s*)names?\s*\?|"
    r"\b(one|a|an|any) (specific|particular|named|certain|single) ([a-z-]+ ){0,2}(" + ORGANISATIONS + r")\b|\bname (them|it)\s*[?.!,]|\b(is|are|was|were) (the|that|their|this) [a-z-]+ named\b|\bnamed anywhere\b|"
    # "whose" that asks, not the relative one ("the insurer whose JSON kept breaking"); "whose job is it?" asks for a role
    r"(^|[;:—–-]\s*|\b(and|so|but|or|if so|then)\s+)whose\b" + _NOT_A_ROLE + r"|"
    # after a comma only in question order or a clause that the question mark closes ("…, whose output mode breaks less,
    # openai's or anthropic's?"), not "an insurer if I remember right, whose model kept mangling the JSON…."
    r",\s*whose\b" + _NOT_A_ROLE +
    r"(?=(\s+[\w'’-]+){0,3}?\s+(is|was|are|were|did|does|do|has|had)\s+(it|they|that|this|those|he|she|you|we|the)\b|[^.?!]{0,120}\?)",
    re.IGNORECASE)
# a party whose own figures a question may ask for: "the phone company's", "the bank"
_PARTY = (r"clients?|customers?|bank|insurer|operator|retailer|agency|company|group|firm|team|vendor|publisher|"
          r"forwarder|hospital|newspaper|newsroom|maker|manufacturer|utility|telco|carrier|airline|department|business")
# a model that belongs to another company than the client: "the competitor's custom model", "rivals' own LLMs"
OUTSIDERS_MODEL = (r"\b(competitor|rival)(s['’]|['’]s)\s+((custom|own|proprietary|in-house|new)[\s-]+|[\w-]+-trained\s+){0,2}"
                   r"(models?|llms?|gpts?|system|bot|chatbot|assistant|solution)\b")
# …asked how it did or what it was: its results, its cost, what it ran on
_HOW_IT_DID = re.compile(r"\b(perform\w*|outperform\w*|accura\w*|costs?|costing|cost them|pric\w*|results?|scores?|benchmark\w*|beat|"
                         r"how (well|good|accurate|fast)|work(ed)? (out|well)|spen[dt]|paid|built on|based on|runs? on|which (model|base))\b",
                         re.IGNORECASE)
ASK_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # how an approach does in a human language, or across several ("better for Swedish than for English?")
    ("language", LANGUAGE_ASKED),
    # a law known by its number ("quebec law 25", "bill c-27") is a law named
    ("law", re.compile(rf"\b({_LAW_NAMES})\b|{_LAW_QUESTION}|\b(law|bill|act) [a-z]?-?\d+\b|{_LAW_BY_ACRONYM}|(?-i:\b([A-Z][a-z]+\s){{1,5}}(Act|Directive|Regulation)\b)", re.IGNORECASE)),
    ("setting", re.compile(
        rf"\b(what|which|how (many|much|big|large|high|low)|ideal|optimal|best|good|recommended|right|typical|default)\s+(\w+(\s*[+&/]\s*|[\s-]+)){{0,3}}({_SETTING_NOUNS})\b"
        # a measure to track is a setting of the evaluation: "which retrieval metric should we track?"
        r"|\b(what|which)\s+(\w+[\s-]+){0,2}(metrics?|kpis?)\b"
        # a bound on a setting: "max tokens a system prompt should be before…?", "the min cosine similarity"
        rf"|\b(min(imum)?|max(imum)?)\s+(\w+[\s-]+){{0,2}}({_SETTING_NOUNS}|similarity|tokens?|length)\b"
        rf"|\b({_SETTING_NOUNS})\b[^.?!]{{0,25}}\b(should (we|i) (use|pick|set|choose)|do you recommend|is best|value)\b"
        rf"|\b(quanti[sz]e|quanti[sz]ation|\d+-bit|lora rank)\b"
        # asked for as a request ("kindly share the chunk size and overlap used") or as a list ("rank/alpha/dropout?")
        rf"|\b(share|give|tell|list|send|provide|quote|state)\s+((me|us)\s+)?(the|your|their|its)\s+(\w+[\s-]+){{0,3}}({_SETTING_NOUNS})\b"
        rf"|\b({_SETTING_NOUNS})(\s*/\s*({_SETTING_NOUNS}))+\b"
        # a value given for a setting, to be checked: "3 epochs on 10k notes, is that right?", "rank 16"
        rf"|\b\d[\d.,]*k?\s+epochs?\b|\b(rank|alpha|temperature|learning rate|lr)\s*(=|of|at)?\s*\d", re.IGNORECASE)),
    ("product", re.compile(
        rf"{_WH}({_PRODUCT_NOUNS})\b(?!-)"  # "card-categorisation" is no card
        rf"|\b({_PRODUCT_NOUNS})\b[^.?!]{{0,20}}\b(should (we|i) (use|pick|choose|buy|rent)|do you recommend|is best|works best)\b"
        rf"|\b(is there|are there|any) (an? |any )?(specific |particular |good |recommended |standard )?({_PRODUCT_NOUNS})\b(?!-)"
        # one named thing of a kind: "does the article recommend a specific embedding model?"
        rf"|\b(a|an|one|any) (specific|particular|named|certain) ([\w-]+ ){{0,2}}({_PRODUCT_NOUNS})\b(?!-)"
        # the least or most of a kind of product, or a machine's spec: "the minimum GPU we need", "what laptop spec"
        rf"|\b(minimum|min|smallest|cheapest|biggest|largest) ([\w-]+ )?({_PRODUCT_NOUNS})\b(?!-)"
        r"|\b(hardware|laptop|server|machine|gpu|cpu) spec(s|ification|ifications)?\b"
        r"|\b(company|client|customer|brand|firm|trading|real|actual) names?\b"
        # a model recommended by name: "which model is best for that?", "the best llm for chain-of-thought"
        r"|\b(which|what) ([\w-]+ )?(models?|llms?) (is|are|would be|works?) (the )?(best|better|most|right)\b|\bbest ([\w-]+ )?(models?|llms?) (for|to)\b"
        r"|\bwhat(['’]s| is| was| were) (the |their |its |that )?([\w'’]+[\s-]+){1,4}called\b"
        # the model a client (or the article) used: "what model did the newspaper use…?" (not "what architecture did they get?")
        # …with what it was ("which exact open-weights 8B model did the vendor plan to tune?"), not its kind ("what kind of model…")
        r"|\b(what|which) (exact |specific |actual )?((?!(kind|type|sort|size|form|class)\b)[\w-]+ ){0,3}?(llm|model|language model)s? "
        r"(did|does|was|were|had) (the|they|it|its|their)\b", re.IGNORECASE)),
    ("date", re.compile(
        # a date still to come: "when is the next base model release planned?"
        r"\bwhen (is|are|will) (\w+[\s'’-]+){1,8}(planned|expected|due|scheduled|released|out|launching|coming out)\b|"
        r"\b(when (was|were|did)|(what|which) (year|date|month|day)|how old|publication date|published on|date of|"
        r"since when|in what year|last updated|release date)\b", re.IGNORECASE)),
    # who someone *is* ("who wrote it?", "who said it?"); "who retrains it?" asks for a role, which a note may hold
    ("person", re.compile(r"^\s*(and |but |so )?who\s*\??$|\bwho (wrote|writes|is|are|was|were|authored|created|runs|leads|led|headed|managed|founded|said|says|coined|invented|contributed|published|named|else)\b|"
                          rf"\b(author|writer) of\b|\bname of (the|this|that|their)\b|\bname of ({ORGANISATIONS})\b|{FULL_NAME.pattern}|"
                          # "which senior engineers", not "which situations do people…" (a verb between asks for the situations)
                          r"\bwhich ((?!(?:do|does|did|is|are|was|were|can|could|should|would|will|have|has|had|make|makes|made)\b)\w+\s){0,2}"
                          r"(consultants?|people|persons?|engineers?|staff|employees|experts?|team members|individuals?)\b", re.IGNORECASE)),
    # a named person's life beyond the role a text gives them: "where did he work before he joined?",
    # "his background and years of experience" (a client team's experience is in its note: not asked here)
    ("biography", re.compile(
        r"\b(his|her|the author's)\s+(\w+\s+)?(background|career|cv|bio|biography|education|schooling|studies|"
        r"experience|previous (employer|jobs?|roles?)|track record|tenure)\b|"
        r"\b(?!(team|teams|staff|department|company|client|customer|org|bank|firm|vendor)['’]s)[a-z]+['’]s (professional |career |educational )?(background|career|cv|bio|biography|education|previous employer|track record)\b|"
        r"\b(before|since) (he|she) (joined|became|was|started)\b|\b(he|she) (joined|studied|graduated)\b|"
        r"\bwhere (did|does|has|had) (he|she|(?!(that|this|it|they|we|you)\b)\w+) (work|worked|study|studied)\b|\b(university|alma mater|degree) (did|does|has) (he|she)\b|"
        r"\b(which|what) (university|college|school)\b|\byears of (\w+\s+)?experience\b|"
        r"\bhow (long|many years) (has|have|had|did|does) (he|she|(?!(that|this|it|they|we|you)\b)\w+) (worked|been working|work|been (at|with|in))\b", re.IGNORECASE)),
    # another company's model, which a note mentions but never describes: "how well did the publisher's competitor's
    # custom model perform?", "what did the rival's LLM cost them?"
    ("outsider", re.compile(OUTSIDERS_MODEL, re.IGNORECASE)),
    # where a client or a vendor is: "which country was the hospital group in?"
    ("place", re.compile(
        r"\b(which|what) (country|countries|city|cities|region|nation|continent|state|location)\b|"
        r"\bwhere (is|was|are|were) (the |that |this |their |its )?([\w'’]+[\s-]+){0,3}(based|located|headquartered)\b|"
        r"\bin which (country|city|region)\b|\b(based|located|headquartered) (in|where)\b", re.IGNORECASE)),
    ("company", re.compile(
        r"\bhiring\b|\bjob (openings?|vacancies)\b|\bcareers?\b|\bheadquarter\w*|\bwhere (is|are) \w+ (based|located)\b|"
        r"\bhow much (does|do|would|will) (\w+\s){0,2}(charge|bill)\b|"
        # the consultancy's own prices, not "pricing" as a subject ("rag for fast-changing pricing")
        r"\b(you|your|gysp|gysp's|consultanc\w+)\b[^?.]{0,40}(?<!\bour )(?<!\bmy )(?<!\btheir )(?<!\bits )\b(pricing|rate card|day rates?|fees?)\b|"
        r"\b(pricing|rate card|day rates?|fees?)\b[^?.]{0,40}\b(you|your|gysp|consultanc\w+)\b|"
        # its commercial terms: "does GYSP do a free first consultation?", "…a project with GYSP cost?", "what does GYSP stand for?"
        r"\b(gysp|the consultancy|your (firm|company|consultancy))\b[^?.]{0,40}\b(charges?|bills?|invoices?|fixed[- ](price|fee)|t&m|"
        r"time and materials|packages?|free (first |initial )?consultations?|stand for|abbreviation)\b|"
        r"\b(gysp|the consultancy|you)\b[^?.]{0,40}\b(offices?|branch(es)?|presence|partners?|subsidiar(y|ies)) (in|near)\b|"
        r"\bwith (gysp|the consultancy|you)\b[^?.]{0,20}\bcosts?\b|\b(hire|hiring|engage|engaging) (gysp|the consultancy)\b", re.IGNORECASE)),
    # a text to hand over: "paste the exact system prompt", "give me a template I can copy"
    ("artifact", re.compile(
        r"\b(paste|copy[- ]?paste|verbatim)\b|\bthe (exact|actual|full|whole) (system )?(prompt|wording|text|template|instructions|code|config\w*)\b|"
        r"\b(prompt|code|config) (template|snippet|sample)s?\b|\bsample code\b|\bwrite (me )?(the |a |some )?(code|script|python|sql)\b|"
        # every item of a long list a note only counts: "list the 48 spending categories", "the full 45-term glossary"
        r"\b(list|name|enumerate|give|provide|share|show|send)\b[^.?!]{0,30}?\b(all |every |each |the (full |complete |entire |whole )?)"
        r"(list of (the |all )?)?\d{2,}[\s-]+[\w-]+", re.IGNORECASE)),
    ("contact", re.compile(r"\b(phone|telephone|e-?mail|postal|street|office) (number|address|addresses)\b|\b(url|web ?site|web address|contact details|linkedin)\b", re.IGNORECASE)),
    ("number", re.compile(
        rf"\bhow many \w+(?: (?!(?:do|does|did|is|are|was|were|should|would|could|can|will|of|in|on|for|per|a|the)\b)\w+)?|\bhow (much data|much training data|much (storage|memory|disk( space)?|ram|vram))\b|"
        # how long something took or takes ("how long did the retailer run its test?"), unless set against another
        r"\bhow long (does|did|do|will|would|should|must|can|could|is|are|was|were)\b(?![^.?!]{0,80}\b(than|compared (with|to)|(by|in) comparison|vs\.?|versus)\b)([\s'’-]+[\w-]+){1,9}|"
        # a price per unit, and pay ("cost per transaction", "what does an engineer command in salary?")
        r"\b(cost|price|spend|fee)s? per \w+|\b(salary|salaries|wages?|day rates?)\b|"
        r"\bhow much (money|cash)\b|\b(param|parameter)s? count\b|"
        r"\b(token|per[- ]token|gpu[- ]hour|hourly) (price|pricing|cost|rate|fee)s?\b|"
        r"\bper[- ](month|year|day|week|hour|query|request|call|user|seat|document|email|ticket)\s+([\w-]+\s+)?(cost|price|spend|fee|bill)s?\b|\bwhat (does|do|did|would|will) (\w+[\s'’-]+){1,3}(charge|bill)\b|"
        # a length of time or a service level asked for: "what retention period…?", "a reasonable SLA for uptime"
        r"\b(what|which) (\w+[\s-]+){0,2}(period|duration)s?\b|\bwhat(['’]s|\s+(is|was|are|were))? (the |a )?(\w+[\s/-]+){0,2}(period|duration|interval)s?\b|\b(what|which|reasonable|typical|standard|good)\s+(\w+\s+){0,2}(sla|slas|service[- ]level (agreement|objective|target)s?)\b|"
        # a size or a sum asked for by its name: "…maker - size of their data team?", "their contract value", "annual revenue"
        # (not "does the size of the model matter?")
        r"(^\s*|[-–—:,]\s*|\bwhat(['’]s|\s+(is|was|are|were))?\s+(the\s+)?(\w+\s+){0,2})(size|headcount|head count|workforce) of\b|\b(contract|deal|project|engagement) value\b|"
        r"\b(what|which|how much)\b[^?.!]{0,30}\binvoices?\b(?! lines?)|\b(annual|yearly) (revenue|turnover|spend|budget|bill)s?\b|"
        r"\bcosts? (\w+ ){1,2}(per|a|each) (year|yr|month|day|hour|token|example|item|label|transaction)\b|"
        r"\bhow much (\w+[\s-]+){0,2}(revenue|money|profit|sales|income)\b|\b(total|how many|number of) (\w+[\s-]+)?(gpu[\s-])?hours\b|\bwhat size (was|is|were|are)\b|"
        rf"{_NOT_QUOTED}\b(rough|approximate|ballpark|exact) (figure|number|count|estimate)s?\b|\bhow long (has|have|had) \w+ been\b|"
        # a share asked by its name, tersely or exactly: "exact % of ft projects that…?", "percentage of teams that…?"
        r"(^\s*|\b(exact|precise|actual|specific|rough|approximate)\s+)(%|per ?cent(age)?|proportion)\s+of\b|"
        # a figure asked to be put on something: "put a naira figure on that", "give me a $ estimate", "…in shillings"
        r"\b(give|put|provide|attach)\s+((me|us)\s+)?(a|an|some)\s+([\w$€£-]+\s+){0,2}(figure|number|estimate|amount)s?\b|"
        rf"\bin\s+([A-Za-z]+\s+)?({CURRENCY_NAMES})\b|"
        r"\bhow much (should|does|do|will|would|can|could) (\w+[\s-]+){0,3}(drop|fall|rise|increase|decrease|improve|reduce|shrink|grow|change)\b|"
        # what one party paid another: "how much did the hospital group pay for the pilot?"
        r"\bhow much (did|does|do|will|would) (\w+[\s'’-]+){1,4}(pay|paid|charge|charged|bill|billed|invoice|spend|spent)\b|"
        # …named at length ("how much did the HR software vendor in case-001 pay…?"), by a verb that is seldom a noun there
        r"\bhow much (did|does|do|will|would) (\w+[\s'’-]+){5,7}(pay|spend)\b|"
        # …asked without the auxiliary: "how much the HR vendor paid for the project?"
        r"\b(how much|what) (the|their|its|that|this) (\w+[\s'’-]+){1,4}(paid|spent|charged|billed|invested)\b|"
        # a size: "what headcount did the desk have?", "how big was the legal team, # of lawyers?"
        r"\bhead ?count\b|#\s?of \w+|\bhow (big|large) (was|is|were|are) (the |their |its |[\w-]+['’]s )?(\w+[\s-]+){0,3}(team|staff|department|desk|company|group|firm)\b|"
        # a sum by its size: "how large was the GPU budget the legal team set aside?"
        r"\bhow (big|large|high) (was|is|were|are) (the |their |its )?(\w+[\s'’-]+){0,3}(budget|bill|spend|investment|fee|price|cost)s?\b(?![\s-]+(savings?|reductions?|cuts?|drops?|differences?|gaps?)\b)|"
        r"\b(how much|what) did (\w+[\s'’-]+){1,8}cost\b|\bwhat(['’]s|\s+(is|was|are|were))? ((?!to\b)[\w'’/]+[\s-]+){0,4}(rate|ratio)\b(?! (of|at) which)|"
        r"\bwhat (was|were|is|are) (\w+[\s'’-]+){1,5}(paying|spending)\b|"
        r"\bwhat(['’]s|\s+(is|are))? the (maximum|minimum|max|min) (\w+[\s-]+){0,2}(length|size|number|count|amount)\b|"
        # what one party's thing costs it now: "how much does the phone company's monthly retraining cost them?",
        # "what does the telecom operator spend on retraining?" (not "how much does fine-tuning cost?", the list)
        rf"\bhow much (does|do|did|will|would) (the|that|this) (\w+[\s-]+){{0,2}}({_PARTY})['’]s (\w+[\s-]+){{0,3}}cost\b|"
        rf"\bwhat (does|do) (the|that|this|their) (\w+[\s-]+){{0,2}}({_PARTY}) (spend|pay)\b|"
        # what a client paid or earned: "what did the hospital group pay?", "how much extra revenue did the retailer get?"
        r"\bwhat did (\w+[\s'’-]+){1,5}(pay|spend|invest|charge)\b|"
        r"\bhow much (\w+[\s-]+){0,2}(revenue|money|profit|savings?|sales|income|budget|funding|spend) (did|does|do|will|would|had|has|was|were)\b|"
        # what a past project came to, in the past tense ("what was total project cost of…?"; "what is the cost of training?" is the list)
        r"\bwhat (was|were) (the |their |its )?((total|overall|final|actual|full|whole) )(\w+[\s-]+){0,2}costs?\b|"
        r"\bcost (the|that|this|their) (\w+[\s-]+){0,2}(client|customer|bank|insurer|operator|retailer|agency|company|group|firm|team)\b|"
        # what one deployment came to: "what was the total cost of that four-month deployment?" (not "what is the cost of training?")
        r"\bwhat (was|were) (the |their |its )?((total|overall|final|actual|full) )?costs? of (that|this|the|their|its) "
        r"(\w+[\s-]+){0,2}(deployment|project|pilot|rollout|engagement|build|system|assistant|bot|model|migration)s?\b|"
        # a measure asked for by name: "what response time does the operator need?", "the actual accuracy figure"
        r"\bwhat (\w+[\s-]+){0,3}(latency|response time|turnaround time|uptime|throughput)\b|"  # "what was the p95 latency"
        # a business result by name: "what conversion lift did the rebooking assistant get?"
        r"\bwhat (\w+[\s-]+){0,3}(lift|uplift|conversion rate|churn|nps|csat|roi|return on investment)\b|"
        # a quality measure by name: "what precision did the extractor reach?", "what was the answer accuracy rate?"
        r"\bwhat ([\w'’]+[\s-]+){0,4}(precision|recall|f1|f-score|accuracy|error rate|auc)\b(?! (of|at|with) which)|"
        rf"\b(what|{_NOT_QUOTED}the) (actual|exact|precise) (\w+[\s-]+){{0,3}}(figure|number|percentage|count)s?\b|"
        # one engagement's figure: "what was the total project budget for the agency's assistant?", "…the retailer's annual revenue?"
        # "the budget line items", "the cost lines one ought to budget for" ask for a list, not a figure
        rf"\bwhat (was|were|is|are) (the |their |its )?((?!(?:{_LIST_NOUNS})\b)\w+[\s'’-]+){{0,5}}(budget|price|spend|bill|fee|revenue|turnover|salary|salaries|profit|margin|valuation)s?\b"
        rf"(?![\s-]+({_LIST_NOUNS})\b)|"
        # a figure by its measure: "what price per thousand questions?", "the minimum number of samples"
        r"\bwhat (price|sum|figure)\b|\b(minimum|maximum|min|max|exact|average) (number|amount|count) of (\w+[\s-]+){0,2}\w+|"
        r"\b(in|as a) (percent|percentage)\b|\bin ?%|\b\d[\d,.]*\s?(\w+\s)?(or|vs\.?|versus)\s(an?\s)?\d[\d,.]*(k|m|bn|gb)?\b|"
        rf"\b(what|which) (number|percentage|share|proportion|fraction|ratio|amount)\b|\b({_UNIT_TERMS})",
        re.IGNORECASE)),
)

# Named things: CamelCase, words with digits (GPT-4o, A100, Llama-3), or a run of capitalised words mid-sentence.
_NAMED = re.compile(r"(?<![\w.])([A-Z][a-z]+[A-Z]\w*|[A-Za-z]+-?\d[\w.-]*|[A-Z]{2,}\d*[a-z]*|(?<=\s)[A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)*)")

_FOLLOW_UP = re.compile(
    r"^\s*(and|but|so|also|what about|how about|then|ok|okay|same|what if|why not|any)\b|"
    r"\b(it|that|this|those|these|they|them|its|their|there|such|the same|either|one|the two|both|the former|the latter|each (half|part|side|one|of them))\b", re.IGNORECASE)
# what a client did, in the past tense ("what did they test before training?"): its story, whatever else is asked
THEIR_STORY = re.compile(r"\b(did|were|was|had) (they|the client|the team|the ([\w-]+ ){0,2}(model|pilot|project|system|assistant|classifier|"
                         r"version|setup|tool|bot|solution|prototype|rollout|deployment|trial))\b|"
                         r"\bthey (did|had|were|tried|tested|used|chose|picked|went|ended|"
                         r"decided|got|built|trained|needed|wanted|found|measured|checked|kept|dropped|switched|moved)\b|\bin the end\b|"
                         # what the consultancy did in it: "what did you change instead of training?" (not "did you say…?")
                         r"\b(did|had) you (\w+ )?(change|changed|do|done|try|tried|recommend|recommended|propose|proposed|suggest|suggested|"
                         r"build|built|use|used|switch|switched|advise|advised|fix|fixed|turn|turned|add|added|put|drop|dropped|test|tested)\b|"
                         # told in the past passive: "how were the outputs evaluated?", "why was a wrong answer considered…?"
                         r"\b(was|were) (the|a|an|their|its|those|these) ([\w-]+ ){0,3}?(\w+ed|built|made|done|chosen|taken|given|seen|kept|run|set|paid|written|held)\b", re.I)
# a short question in the past about a thing with no owner named: after a story, that story's
# ("what latency was reached?", "what was the prompt result?"); a long one names its own topic
_PAST_OF_A_THING = re.compile(
    r"\b(was|were) (\w+ed|reached|hit|built|made|done|chosen|taken|given|seen|kept|run|set|paid|won|lost|saved|cut)\b|"
    # (not the article's: "what was the intro's point?")
    r"\bwhat (was|were) (the|their|its) (?!([\w-]+ ){0,2}?(article|framework|author|writer|intro\w*|post|blog|closing|"
    r"conclusion|rules?|reasons?|advice|point|argument|message)\b)[\w-]+", re.I)
SHORT_PAST_QUESTION_WORDS = 8


def tells_of_their_past(text: str) -> bool:
    """Asked in the past of a client's doings ("how did they measure it?", "how were the outputs
    evaluated?") or, in a few words, of one of its things ("what latency was reached?")."""
    return bool(THEIR_STORY.search(text) or (len(text.split()) <= SHORT_PAST_QUESTION_WORDS and _PAST_OF_A_THING.search(text)))


REFERS_BACK = re.compile(r"\b(they|them|their|it|its|that|this|those|the client|that client|the team|there)\b", re.I)
# where the answer is to come from, not what it is about: "per the article", "according to the framework"
_SOURCE_REFERENCE = re.compile(r"\b((per|according to|in|from|does|did|do|what does|what did)\s+)?(the|this|your)\s+"
                               r"(article|framework|post|blog post|blog|guide|piece)(\s+(say|says|said|suggest|suggests|recommend|recommends|"
                               r"mention|mentions|claim|claims|reckon|reckons|think|thinks|argue|argues))?\b", re.IGNORECASE)
# the article asked as the source: "…as per the article?", "what does the framework say about…?"
_THE_ARTICLE_ASKED = re.compile(r"\b((as )?per|according to|in the view of)\s+(the|this|your)\s+(article|framework|post|blog|guide|piece|author)\b|"
                                r"\b(does|did|do)\s+(the|this|your)\s+(article|framework|post|blog|guide|piece|author)\s+"
                                r"(say|suggest|recommend|mention|claim|reckon|think|argue|advise)\b", re.IGNORECASE)


def asks_the_article(text: str) -> bool:
    """The question names the article as where the answer should come from, not a client's story."""
    return _THE_ARTICLE_ASKED.search(text or "") is not None


_CONTENT = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(["a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "it", "its", "this", "that", "these", "those", "they", "them", "their", "we", "our", "us", "you", "your", "i", "me", "my", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "should", "would", "could", "can", "will", "shall", "may", "might", "must", "not", "no", "yes", "if", "then", "than", "also", "just", "about", "into", "over", "any", "some", "such", "each", "every", "there", "here", "very", "more", "most", "much", "many", "also", "only", "same", "other", "one", "ok", "okay"])


@dataclass(frozen=True)
class Ask:
    kind: str  # "product" | "setting" | "language" | "law" | "name" | "date" | "person" | "biography" | "outsider" | "place" | "company" | "artifact" | "contact" | "number" | "concept"
    phrase: str  # the words that asked for it


@dataclass(frozen=True)
class Question:
    text: str  # as asked, cleaned
    corrected: str  # spelling corrected (equal to text when nothing changed)
    intent: str
    approaches: tuple[str, ...]
    asks: tuple[Ask, ...] = ()
    named: tuple[str, ...] = ()  # named things in the question (products, models, laws)
    follow_up: bool = False
    topic: str = ""  # the previous turn a follow-up leans on
    corrections: tuple[tuple[str, str], ...] = field(default=())
    previous_case: str = ""  # the case the previous turn was about, when a follow-up points back at it
    previous_sections: tuple[str, ...] = ()  # what the previous answer quoted, for a follow-up
    article_sections: tuple[str, ...] = ()  # sections the question names by the article's own names ("what did Rahul say?")
    adds_a_need: bool = False  # a follow-up adding a behaviour to a told knowledge base that changes (scenario.py)

    @property
    def retrieval_text(self) -> str:
        """What the encoder and BM25 see: the corrected question, and for a follow-up the
        previous question too; the typed words stay in, so lexical search still sees them."""
        own = self.corrected if self.corrected == self.text else f"{self.corrected} {self.text}"
        if self.intent != "about_article":  # "how many examples, per the article?" is not about a client's articles
            own = _SOURCE_REFERENCE.sub(" ", own)
        return f"{own} {self.topic}".strip() if self.topic else own

    def asks_for(self, kind: str) -> bool:
        return any(a.kind == kind for a in self.asks)


def approaches_by_name(text: str) -> str:
    """The knowledge's own names of the approaches a question names only in other words ("training
    your own model", "a lookup step in front of the model"), for lexical search to match them."""
    spelt = text.lower().replace("-", " ")
    named = approaches_in(text)
    if len(set(named) - {"rag_and_fine_tuning"}) >= 3:
        return ""  # "the choice between prompting, retrieval and training" is the whole framework's subject: no name narrows it
    return " ".join(RECOMMENDATION_IN_TEXT[a] for a in named if RECOMMENDATION_IN_TEXT[a].lower().replace("-", " ") not in spelt)


# a label first, then what is asked about it: "card transaction categorisation - what did it cost?",
# "clinical coding one, why both?"
LEADING_LABEL = re.compile(
    r"^\s*(?!(?:our|my|we|us|i|you|what|whats|how|why|when|which|who|whose|where|is|are|was|were|do|does|did|"
    r"should|shall|can|could|would|will|may|might|must|please|kindly|explain|tell|give|show|describe|compare|list|"
    r"summari[sz]e|define|any|so|and|but|or|ok|okay|then|also|yes|no|hi|hello|thanks|the|a|an|in|for|if|with)\b)"
    r"(?P<label>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,3}?)(\s+one)?\s*(?:[:–—,]|\s-\s)", re.IGNORECASE)
# a word that only acknowledges the last answer ("Okay, should we…?", "hmm so why…"): the question starts after it
_ACKNOWLEDGING = re.compile(r"^\s*((ok(ay)?|alright|all right|hmm+|got it|i see|thanks|thank you)\b[,.!:;]?\s+|"
                            r"(right|well|fine|sure|great|cool|understood|interesting|noted)[,.!:;]+\s*)", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def intent_of(text: str) -> str:
    """The first intent whose pattern the text matches; remembered, as one question's clauses are read more than once."""
    text = _ACKNOWLEDGING.sub("", text)
    for name, pattern in INTENTS:
        if pattern.search(text):
            if name == "example" and _HOW_OFTEN.search(text) and not _A_STORY.search(text):
                continue  # "how often does that come up in real life?" asks how common it is, not for a client
            return name
    return "what"


_HOW_OFTEN = re.compile(r"\bhow (often|common(ly)?|frequent(ly)?|rare(ly)?|usual(ly)?|typical(ly)?)\b", re.IGNORECASE)
_A_STORY = re.compile(r"\b(clients?|customers?|cases?|examples?|engagements?|projects?|precedents?)\b", re.IGNORECASE)


_REJECTING = re.compile(r"\b(instead of|rather than|without|not|no|never|didn['’]?t|don['’]?t|doesn['’]?t|avoid(ing)?|skip(ping)?|over|than)\s+((a|an|the|any|doing|using|going|with)\s+)?", re.IGNORECASE)


def rejected_approaches(text: str) -> tuple[str, ...]:
    """The approaches a question sets aside: "any client who went that route instead of
    training?" asks for clients who did not train."""
    rejected = []
    for match in _REJECTING.finditer(text):
        rejected += approaches_in(text[match.end():match.end() + 25].split(",")[0].split(" or ")[0])[:1]
    return tuple(dict.fromkeys(rejected))


def approaches_in(text: str) -> tuple[str, ...]:
    found = []
    for name, pattern in APPROACH_PATTERNS.items():
        match = pattern.search(text)
        if match:
            found.append((match.start(), name))
    return tuple(name for _, name in sorted(found))


_SENTENCES = re.compile(r"(?<=[.!?;])\s+")  # "Our bot is live; which scores…?" asks in its second clause


def asking_sentence(text: str) -> str:
    """The sentence that asks: the last one with a question mark, else the whole text.
    A scenario's context ("Compliance insists on a template. What should we try?")
    describes the situation; only the question says what is wanted."""
    sentences = [s for s in _SENTENCES.split(text.strip()) if s]
    questions = [s for s in sentences if "?" in s]
    return questions[-1] if questions else text


def question_sentence(text: str) -> str:
    """The asking sentence, or, for a question typed without "?", its last sentence or
    clause: a team's story before it ("…even with a solid prompt. what setup?") is context."""
    return asking_sentence(text) if "?" in text else re.split(r"(?<=[.!;:])\s+", text.strip())[-1]


def asked_clause(text: str) -> str:
    """The asking sentence, or what follows its colon ("and the flip side: when does
    training win?"), which says what kind of answer is wanted."""
    asked = asking_sentence(text)
    head, colon, tail = asked.partition(": ")
    return tail if colon and len(tail.split()) >= 3 and len(head.split()) <= 8 else asked


_TERSE_KIND = re.compile(rf"\b(({_PRODUCT_NOUNS})|(metrics?|kpis?|benchmarks?|({_SETTING_NOUNS})))\s*\??$", re.IGNORECASE)


# a setting named first, then what it is for, with no question word: a search-box question ("learning rate for
# a small classifier?", "chunk overlap in the hr helpdesk case?")
# (only a setting no other sense of the word names: "overlap of rag and fine-tuning?" asks about the approaches)
HYPER_PARAMETERS = (r"learning[- ]rates?|epochs?|batch[- ]sizes?|lora ranks?|temperature|top[- _]?[pk]|chunk(ing)?[- ]sizes?|"
                    r"chunk(ing)? overlap|max(imum)?[- _]tokens?|dropout|warm-?up( steps)?|weight decay|quanti[sz]ation|"
                    r"hyper-?parameters?|(similarity|cosine) (cut-?off|threshold)|k value|stride|sequence length|optimi[sz]ers?|"
                    r"split ratios?|(train(ing)?|test|validation)[/-](test|validation|val|dev)( split)?")
# …a word may say what it sets before "setting": "top-k retrieval setting in the hr helpdesk assistant?"
_SETTING_NAMED_FIRST = re.compile(rf"^\W*((the|their|its|your|our)\s+)?(?P<setting>([\w/]+[\s-]+){{0,3}}?({HYPER_PARAMETERS})"
                                  r"(\s+[\w-]+)?( settings?)?)\s+(for|in|of|on|at|with|used)\b", re.IGNORECASE)
_YES_NO_START = re.compile(r"^\s*(is|are|was|were|does|do|did|can|could|should|would|will)\b", re.IGNORECASE)


# words quoted from someone else ("writers ask stuff like 'when did house varrek fall'"): what
# the team's users would ask, not what the team asks; a quoted term ("'grounding'") stays
_QUOTED_WORDS = re.compile(r"(?<![\w'])['\"“‘]([^'\"“”‘’?]*\s[^'\"“”‘’]*\s[^'\"“”‘’]+)['\"”’](?![\w'])")
# "the bank which sorts card payments": a relative "which" after a noun names, it does not ask
# (not "…tell me which", nor "does the article say which", where a verb of telling asks it)
_RELATIVE_WHICH = re.compile(r"\b((?:the|a|an|this|that|these|those|our|their|its|my|many|some|several|various|all|few)\s+(?:[a-z][\w-]*\s+){0,2}(?!(?:me|us|you|him|her|them|it|"
                             r"say|says|said|tell|tells|told|mention|mentions|mentioned|specify|specifies|suggest|suggests|"
                             r"recommend|recommends|name|names|list|lists|show|shows|explain|explains|know|knows)\b)[a-z][\w-]*)\s+which\b",
                             re.IGNORECASE)


def as_asked(text: str) -> str:
    """The text with what does not ask taken out: quoted speech and relative clauses' "which"."""
    return _RELATIVE_WHICH.sub(r"\1 that", _QUOTED_WORDS.sub("' '", text))


def asks_in(text: str) -> tuple[Ask, ...]:
    """What the asking sentences ask for: every sentence with a question mark asks
    ("What share of projects are the wrong call? Like an actual number?"), the context
    around them does not."""
    text = as_asked(text)
    asks = []
    clause = asking_sentence(text)
    asking = [s for s in _SENTENCES.split(text.strip()) if "?" in s] or [clause]
    for kind, pattern in ASK_PATTERNS:
        # every phrase of the kind, so "…cost the hospital group in dollars?" keeps its unit
        phrases = dict.fromkeys(m.group(0).strip() for sentence in asking for m in pattern.finditer(sentence))
        if kind == "outsider" and not any(_HOW_IT_DID.search(sentence) for sentence in asking):
            continue  # "was the competitor's model a good reason?" asks about the client's reasons, which its note weighs
        if phrases:
            asks.append(Ask(kind, " ".join(phrases)))
    # a search-box phrase, not a yes/no question about one ("Is it only GPU?"), that asks nothing else
    terse = (_TERSE_KIND.search(clause) if len(clause.split()) <= 5 and not _YES_NO_START.match(clause)
             and not any(pattern.search(clause) for _, pattern in ASK_PATTERNS) else None)
    if terse:  # "rag evaluation metrics", "fine-tuning gpu vendors": a kind named, nothing else
        asks.append(Ask("product" if terse.group(2) else "setting", terse.group(0).strip(" ?")))
    named_first = _SETTING_NAMED_FIRST.match(clause) if not asks else None
    if named_first:  # "learning rate for ft llama 3 8b?": a question that is only a setting's name and what it is for
        asks.append(Ask("setting", named_first.group("setting").strip()))
    return tuple(asks)


def named_things(text: str, known_words: set[str] | frozenset = frozenset(),
                 common_words: set[str] | frozenset = frozenset()) -> tuple[str, ...]:
    """Names the question uses that the knowledge base does not (case-insensitive):
    the candidates for "asks about a product we say nothing about". A capitalised
    common word ("English", "Good") is not a name."""
    names = []
    for match in _NAMED.finditer(text):
        name = match.group(0).strip()
        words = re.findall(r"[a-z]+", name.lower())
        plain = name[:1].isupper() and name[1:].islower() and " " not in name
        if plain and name.lower() in common_words:
            continue
        if words and not all(w in known_words or w.removesuffix("s") in known_words for w in words) and name.lower() not in _STOP:
            names.append(name)
    return tuple(dict.fromkeys(names))


def content_words(text: str) -> list[str]:
    """Words that carry content: not function words, nor their contractions ("what's", "it's")."""
    return list(_content_words(text))


@functools.lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    """content_words, read once per text: the knowledge's sentences are read again for every question."""
    return tuple(w for w in _CONTENT.findall(text.lower().replace("’", "'"))
                 if w not in _STOP and _CONTRACTED.sub("", w) not in _STOP)


_CONTRACTED = re.compile(r"'(s|re|ve|ll|d|m)$")


def framework_words(documents) -> frozenset[str]:
    """Every content word of the framework's sections (not the case notes)."""
    return frozenset(w for d in documents if d.source == "framework" for w in content_words(d.text))


_CONTINUES = re.compile(r"^\s*(?:(?:hm+|ah|oh|right|well|sure|yeah|yep|ok|okay|fine|thanks|got it|i see)[,.!]*\s+)*"
                        r"(and|but|so|also|what about|how about|then|ok|okay|same|what if|why not|any|even|still|except)\b", re.IGNORECASE)


_THE_NOUN = re.compile(r"\bthe\s+(?:[a-z-]+\s+)?([a-z]{4,})\b", re.IGNORECASE)
# nouns every question about the approaches may put "the" before without meaning the last turn
_GENERIC_DEFINITE = frozenset("model models framework article approach approaches answer question best right same first "
                              "most main whole other difference cost costs team teams data problem option options case".split())


def definite_nouns(text: str) -> set[str]:
    """The nouns a question puts "the" before ("the pilot", "the prompted model")."""
    return {m.group(1).lower() for m in _THE_NOUN.finditer(text)}


def names_what_was_said(text: str, previous: str) -> bool:
    """"Why can't a trained model keep up with the amendments?" after "…procedures, which
    are amended every few weeks": a definite noun for something the last question named."""
    said = {w[:5] for w in content_words(previous) if len(w) >= 4}
    if any(noun[:5] in said for noun in definite_nouns(text) - _GENERIC_DEFINITE):
        return True
    # "how fast is 'a lot', though?" quotes the last question's own words back
    return any(quoted.strip().lower() in previous.lower() for quoted in _IN_QUOTES.findall(text) if quoted.strip())


_IN_QUOTES = re.compile(r"(?:(?<=\s)|^)['‘\"“]([^'’\"”]{2,40})['’\"”](?=[\s,.?!]|$)")


def points_back(text: str) -> bool:
    """Says outright that it goes on from the last turn: "and …?", "why did they…", "…then?",
    or a pointing word in a question that names no approach ("did a client pull that off?").
    A short question may be a follow-up without any of these ("how long?", "why?")."""
    return bool(_CONTINUES.search(text) or _POINTS_BACK.search(text) or _LEANS_BACK.search(text)
                or (_FOLLOW_UP.search(text) and not approaches_in(text)))


def is_follow_up(text: str, history_user_turns: list[str]) -> bool:
    """Short, opening with a connective ("and …?", "what about …?"), or pointing back
    ("that", "it") without naming an approach of its own. A long question that names
    what it is about ("When does a model that never looks anything up make sense for
    fine-tuning?") stands alone, though its "that" is only a relative pronoun."""
    if not history_user_turns:
        return False
    if points_back(text) or _LIKE_OURS.search(text):
        return True  # "which client is closest to our situation?" weighs the situation told before
    # "why?", "how long would it take?" lean on the last turn; "rag evaluation metrics" does not
    asked = _SOURCE_REFERENCE.sub(" ", text)  # "how many examples are enough per the article" is as short as without it
    own = [w for w in content_words(asked) if not approaches_in(w) and w not in _GENERIC_ASK_WORDS]
    if len(own) <= 1 and intent_of(asked) == "example":
        return True  # "did any client manage with just prompting?": a client of what was just discussed
    return len(asked.split()) <= 6 and len(own) <= 2


# a closing word that weighs the question against what was just said: "what should we try first, though?"
_LEANS_BACK = re.compile(r"\b(then|though|tho|too|instead|as well|either|again|in that case|in (that|this) scenario|"
                         r"(compared|relative) (to|with) what|(than|versus|vs\.?) what|"  # "…, compared to what?"
                         r"still( [\w-]+){0,3})\s*[?.!]*\s*$|"  # "…, still RAG?"
                         r"\b(then|though|tho|instead),\s", re.IGNORECASE)  # "what should I try first then, like on Monday"

_GENERIC_ASK_WORDS = frozenset("tell give show explain example examples more detail details please really why how long take cost costs "
                               "case client mean means meaning".split())

# the team measured against a client: "a client with numbers like ours?", "which case is closest to ours?"
_LIKE_OURS_WORDS = (r"\b(like|(clos|near)(er|est)( one)? to|resembl\w*) (ours|us|mine|"
                    r"(our|my) (own )?(situation|case|setup|set-up|use case|scenario|problem|needs?|context|profile|numbers))\b")

# a pronoun that can only mean something said before: "they", "those", or "that"/"it"
# where a function word, not a noun, comes before it ("how does that compare", "with it";
# in "a model that never…" the noun before "that" makes it a relative pronoun)
_POINTS_BACK = re.compile(
    r"\b(they|them|their|theirs|those|these|he|him|his|she|her|the same|the former|the latter|the first one|the second one|the other one)\b|"
    # "its" before any noun of the question's own could own it: "how does its quality stack up…?" (not "a model and its weights")
    r"^\s*((and|but|so|how|what|why|where|when|does|do|did|is|was|would|will|can|could|about|with|of|in|on|for|to|then|ok|okay)[\s,]+){0,4}its\b|"
    # a part of a whole just told: "which part was given to retrieval?" (not "which part of the cost…")
    r"\b(which|what) (part|half|side|piece|bit)s?\b(?!\s+of\b)|"
    # "what happens if we ignore that?", "how do you avoid ending up there?"
    r"\b(that|this)\s*[?.!]*\s*$|\b(up|get|got|getting|go|going|stay|staying|end) there\b|"
    # the team's own situation, told in the last turn: "a client with numbers like ours?", "in that boat"
    # a count whose noun is left out: "how many would I need?" counts what was just discussed
    r"\bhow (many|much)\s+(would|do|does|should|will|can|could|might)\s+(i|we|you|they|one)\b|"
    + _LIKE_OURS_WORDS + r"|\b(something|anything|one|ones|projects?|setups?|problems?|situations?) similar\b|\b(that|the same|this) (boat|situation|position|spot|shoes)\b|"
    # a change just told about, measured on both sides of it: "what error rate before and after?"
    r"\bbefore (and|vs\.?|versus|or|&|/) after\b|"
    # "there" for the place just talked about ("why fine-tune there and not prompt?"), not "is there …?" or "there is"
    r"\b(?!(?:is|are|was|were|out|over|in|up|get|got|go|going|stay|staying|end)\b)[a-z]+ there\b"
    r"(?!\s*(?:is|are|was|were|'s|’s|be|been|isn't|aren't|wasn't|weren't|exists?|seems?|may|might|will|would|could|should|has|have|had)\b)|"
    # "it" as the thing acted on ("how fast can you change it vs retraining?", "should have solved it, so why train?"),
    # not a subject ("is it?"), not "worth it", and not after a preposition ("what's wrong with it?" has its noun before)
    r"\b(?!(?:is|was|isn't|wasn't|does|did|would|will|can|could|should|worth|with|on|of|about|for|in|to|from|at|by)\b)[a-z]+ it\b"
    r"(?=\s*(?:[?.!,;]|$|(?:vs\.?|versus|and|or|for|so|then|again|instead|too|at|with|now|anyway|though|tho|yet|first)\b))|"
    # a demonstrative with a noun for what was just discussed: "that route", "this approach"
    r"\b(that|this) (route|way|path|road|approach|option|setup|set-up|direction|plan|idea|design|architecture|pattern|advice|rule|reason|reasoning|answer)\b|"
    r"(^|\b(does|do|did|is|was|would|will|can|could|about|with|for|on|of|in|to|like|than|and|but|so|how|why|what|are|"
    r"after|before|from|into|over|under|without|beyond|vs|versus|compare|compared|makes?|doing|keep|use|using|train|change)\s+)"
    r"(that|this)\b(?!\s+(is|are|was)\b)|"
    # "that"/"this" standing alone before a preposition or adverb, not a determiner of a noun: "did a client test this before training?"
    r"\b(that|this)\s+(?=(before|after|without|first|already|anyway|properly|successfully|out|up|if|when|unless|because|while)\b)", re.IGNORECASE)


_FIRST_OF_TWO = re.compile(r"\b(the (first|former|earlier|original)( one| case| client| project| engagement| question)?)\b", re.IGNORECASE)


def earlier_turn(text: str, previous: list[str]) -> str:
    """The turn a follow-up leans on: the last one, unless it says "the first one" or
    "the former" after two questions ("why did the first one stay a prompt?")."""
    if len(previous) >= 2 and _FIRST_OF_TWO.search(text):
        return previous[-2]
    return previous[-1]


def _topic_approaches(topic: str, previous: list[str]) -> tuple[str, ...]:
    """The approaches a follow-up's topic is about; when that turn was itself a follow-up naming
    none ("which part does what?", "would we ever want both?"), the latest earlier turn that did."""
    own = approaches_in(topic)
    if own or topic != previous[-1]:
        return own
    return next((approaches_in(turn) for turn in reversed(previous[:-1]) if approaches_in(turn)), ())


def follow_up_intent(own: str, previous: str) -> str:
    """"What about …?" continues the previous kind of question; "how does that compare?"
    after a cost question compares costs. Any other intent of its own wins."""
    if own == "what":
        return previous
    if own in ("compare", "yesno", "how") and previous == "cost":
        return "cost"
    if own in ("how", "why", "yesno") and previous == "example":
        return "example"  # "how bad was it?" after a client's story is still about that client
    return own


_OURS = re.compile(r"\b(we|our|i|us)\b", re.IGNORECASE)
_WE_TELL = re.compile(r"\b(we|we['’](re|ve|d)|our|ours)\b", re.IGNORECASE)


def tells_our_own(text: str) -> bool:
    """The team speaks of its own situation ("we want our chatbot to…"), not of a client's."""
    return _WE_TELL.search(text or "") is not None
# the framework's approaches named together rather than one by one: "use both approaches together?"
THE_APPROACHES = re.compile(r"\b(both|the two|all three|the three|each of the|either of the) (approaches|techniques|methods|options)\b", re.IGNORECASE)
COMBINED = re.compile(r"\b(together( with)?|combined?|combining|combination|combos?|hybrid|on top of|alongside|both|at the same time|side by side|in tandem)\b", re.IGNORECASE)


# …also in a learner's present tense: "some client with an HR handbook who want train model?"
ASKED_FOR = re.compile(r"\b(asked for|asking for|wanted|wanting to|requested|came (to us )?(for|wanting)|insisted on|(who|that) wants?)\b", re.IGNORECASE)
# "and one where it didn't?", "where the prompt wasn't enough?": a client where a cheaper approach fell short
FELL_SHORT = re.compile(r"\b(wasn'?t|was not|isn'?t|is not|weren'?t|were not|not)\s+(enough|sufficient|good enough|adequate)\b|"
                        r"\b(fell|falls?|falling) short\b|\b(still|anyway|nonetheless)\s+(needed|required|necessary|justified)\b|"
                        r"\b(was|were)\s+(actually|really|truly|genuinely|in fact)\s+(needed|required|necessary|justified)\b|\b(didn'?t|did not|doesn'?t|does not)\s+(work|suffice|cut it|do the job|get there)\b|"
                        r"\b(one|where|when|client|case|example)\s+((where|when|that)\s+)?([\w-]+\s+){0,3}(didn'?t|did not|failed)\s*[?.!]*$",
                        re.IGNORECASE)
_A_CLIENT_WHERE = re.compile(r"\b(one|any|a|an|some)\s+([\w-]+\s+)?(where|in which|when|that|who)\b|^\s*(and\s+|but\s+)?(where|when)\b|"
                             r"[,;:—–]\s*(where|when)\b|"  # "and the opposite, where the prompt failed?"
                             r"\b(client|customer|case|example|project|anyone|any of)\b|\bever\b", re.IGNORECASE)


# "and one where it passed?", "one where the prompt was enough?": a client where the cheaper approach held
HELD_UP = re.compile(r"(?<!n't )(?<!not )\b(passed|worked( out)?|succeeded|sufficed|paid off|did the (job|trick)|held up|"
                     r"(was|were) (enough|sufficient|good enough))\s*[?.!]*$", re.IGNORECASE)


def asks_where_it_held(text: str) -> bool:
    """"And one where it passed?" after a client whose prompt fell short: the other side,
    a client for whom the approach was enough."""
    return bool(HELD_UP.search(text) and _A_CLIENT_WHERE.search(text) and not FELL_SHORT.search(text))


# "so what should we use instead?", "what's the alternative then?": not the approach the last turn discussed
_INSTEAD = re.compile(r"\binstead\b(?!\s+of\s+(?!(that|it|this|them|those|doing that)\b))|\b(the|an?|other|any) alternatives?\b|"
                      r"\bother options?\b|\bwhat else\b", re.IGNORECASE)


def asks_for_an_alternative(question: "Question") -> bool:
    """A follow-up that sets aside the approach its topic discussed and names none of its own."""
    return bool(question.follow_up and _INSTEAD.search(question.corrected) and not approaches_in(question.corrected)
                and question.approaches)


def asks_where_it_fell_short(text: str) -> bool:
    """"And one where it didn't?" after a client whose prompt was enough: another client,
    one where the cheaper approach fell short, not more of the story just told."""
    return bool(FELL_SHORT.search(text) and _A_CLIENT_WHERE.search(text))


# "any client like that?", "did a client have the same issue?": a client in the situation just described
LIKE_THE_SITUATION = re.compile(r"\b(similar|same|comparable|alike|like (that|this|it|them)|"
                                # "a client with that exact problem?": the problem just told
                                r"(that|this) (exact |very |particular |specific )?(problem|issue|situation|challenge|scenario|pain)s?)\b",
                                re.IGNORECASE)
_LIKE_OURS = re.compile(_LIKE_OURS_WORDS, re.IGNORECASE)


def asks_for_a_similar_client(question: "Question") -> bool:
    """A follow-up asking for a client like the situation just described, naming no
    approach of its own: the situation, not an approach, says which client. "Like ours"
    points back only when the last question told our situation."""
    text = question.corrected
    like = LIKE_THE_SITUATION.search(text) or (_LIKE_OURS.search(text) and _OURS.search(question.topic))
    return bool(question.follow_up and question.intent == "example" and not question.previous_case
                and like and not approaches_in(text) and not asks_where_it_fell_short(text))


# "did a client attempt that?", "one you talked out of": what a client meant to do, not what it got
INTENDED = re.compile(r"\b(want(s|ed|ing)?|attempt(s|ed|ing)?|tr(y|ies|ied|ying)|consider(s|ed|ing)?|plan(s|ned|ning)?|push(es|ed|ing)? for|"
                      r"talk(ed)? \w+ out of|f[ae]ll(en)? (in)?to)\b", re.IGNORECASE)
_GOT = re.compile(r"\b(got|ended up (with)?|were (told|given|steered)|told (them|us|him|her) to|advised|steered (them )?(to|towards?)|"
                  r"recommended|instead|received|moved to|went with|(walked|came|went) (away|home|off) with|left with|settled (on|for))\b", re.IGNORECASE)


# a client asked for who did what our plan is: "…any client did exactly that?", "…has anyone tried the same?"
_DID_THE_SAME = re.compile(r"\b(did|done|do|does|tried|try|attempted|had|wanted|planned)\s+(exactly\s+|just\s+|precisely\s+)?"
                           r"(that|this|the same( thing)?|something similar|similar)\b|\b(same|similar|comparable) (plan|idea|request)\b",
                           re.IGNORECASE)


def our_plan_asked_of_a_client(text: str) -> str:
    """"Our HR team wants to train an 8B model on the handbook — any client did exactly that?":
    the approach our told plan names, which a client like that asked for (whatever it was given)."""
    same = _DID_THE_SAME.search(text)
    if same is None:
        return ""
    plan = text[:same.start()]
    named = approaches_in(plan)
    return named[0] if _OURS.search(plan) and INTENDED.search(plan) and len(named) == 1 else ""


# two sides set against each other: "qlora vs full fine tune", "is LoRA better than a full fine-tune?"
_SIDES = re.compile(r"([\w'’-]+(?:\s+[\w'’-]+){0,2})\s+(?:vs\.?|versus|compared (?:to|with)|(?:better|worse|cheaper|faster|safer) than)\s+((?:a |an |the )?[\w'’-]+(?:\s+[\w'’-]+){0,2})",
                    re.IGNORECASE)


def kinds_of_one_approach_compared(text: str) -> str:
    """"qlora vs full fine tune": two sides that name one and the same approach in different
    words, so what is weighed is two kinds of it, which the framework never does ("LoRA
    versus full fine-tune"); "" when the sides are two approaches or name none."""
    for match in _SIDES.finditer(text):
        left, right = match.group(1), match.group(2)
        # each side from its words nearest the "vs" to where it names the approach: "should we do qlora", "full finetune whats"
        left = left.split()[-1] if approaches_in(left.split()[-1]) else left
        left_named, right_named = approaches_in(left), approaches_in(right)
        if len(left_named) != 1 or left_named != right_named:
            continue
        right = right[:APPROACH_PATTERNS[right_named[0]].search(right).end()]
        if left.lower().strip() != right.lower().strip():
            return f"{left} versus {right}"
    return ""


def requested_and_got(text: str) -> tuple[str, str]:
    """"Which clients asked for fine-tuning but got RAG?": the approach a client asked
    for and the one it was given, read from their order around "asked for … got"."""
    asked, got = ASKED_FOR.search(text), _GOT.search(text)
    if not asked or not got or got.start() < asked.end():
        return "", ""
    before_got = _one_approach(text[asked.end():got.start()])
    after_got = _one_approach(text[got.end():])
    if before_got and after_got:
        return before_got, after_got
    return "", ""


# "which cases ended with both RAG and fine-tuning?", "what clients were recommended RAG?": every client given one approach
_EVERY_CLIENT = re.compile(r"\b(which|what|(list|name|show)( me)?( all)?( of)? the|all the) (cases|clients|customers|engagements|projects|companies|teams|case notes)\b",
                           re.IGNORECASE)
_ENDED_WITH = re.compile(r"\b(ended (up )?(with|on|in)|got|were (recommended|advised|given|told to use)|recommended|went with|settled on)\b",
                         re.IGNORECASE)


def outcome_of_every_client(text: str) -> str:
    """The approach a question asks every client given it for ("which cases ended with both RAG and
    fine-tuning?" → rag_and_fine_tuning), or ""; what a client asked for is requested_and_got's."""
    every, ended = _EVERY_CLIENT.search(text), _ENDED_WITH.search(text)
    if not every or not ended or ended.start() < every.end() or ASKED_FOR.search(text):
        return ""
    return _one_approach(text[ended.end():])


def _one_approach(text: str) -> str:
    """The approach a phrase names; "retrieval plus training" names the two together."""
    named = approaches_in(text)
    if {"rag", "fine_tuning"} <= set(named) and (COMBINED.search(text) or re.search(r"\b(plus|and|\+)\b", text, re.IGNORECASE)):
        return "rag_and_fine_tuning"
    return named[0] if named else ""


def decision_in_disguise(intent: str, text: str, approaches: tuple[str, ...]) -> str:
    """"Can we fix this with fine-tuning?" is a decision about an approach for *us*;
    "what about using that together with retrieval?" asks for the rule on combining them."""
    if intent == "yesno" and approaches and _OURS.search(text):
        return "decide"
    if intent in ("what", "yesno", "how") and len(approaches) >= 2 and COMBINED.search(text) and not _TELL_ABOUT.match(text):
        return "decide"  # …but "tell me about the one where they did both together" asks for that story
    if intent == "what" and len(approaches) >= 2 and re.search(r"\bor\b", text, re.IGNORECASE):
        return "decide"  # "RAG or fine-tuning for our HR bot?" is a choice to make
    if re.search(r"\b(one|a single)( [\w-]+)? or (two|both)\b", text, re.IGNORECASE):
        return "decide"  # "one technique or two?": whether to combine them is the framework's last rule
    if intent == "compare" and _COSTS.search(text):
        return "cost"  # "operational complexity, fine-tuned vs RAG": compared on what they cost to run
    return intent


_COSTS = dict(INTENTS)["cost"]
_TELL_ABOUT = re.compile(r"^\s*(please |so |ok |and )?(tell (me|us) about|remind (me|us) (about|of)|describe|walk (me|us) through|explain)\b", re.IGNORECASE)


_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*(?:[-/][A-Za-z0-9]+)*")


def unknown_terms(clause: str, is_unknown_term) -> tuple[str, ...]:
    """Technical terms of the asking sentence that the knowledge never uses."""
    terms = []
    for token in _TERM.findall(re.sub(r"['’](s|t|ve|re|ll|d|m)\b", "", clause)):
        token = token.strip(".")
        if token and is_unknown_term(token):
            terms.append(token)
    return tuple(dict.fromkeys(terms))


_DET = r"(?:(?:a|an|the|our|your|my|their|this|that|these|those|some|any)\s+)?"
_NP = r"[A-Za-z][\w'’-]*(?:\s+[A-Za-z0-9][\w.'’-]*){0,3}?"
# Where a question names the thing it is about, read from the start of its asking sentence:
# "what is X?", "would X beat / replace / help…", "should we use X instead of…", "X vs Y?".
_FOCUS_SHAPES = (
    # "what's the difference between prefix tuning and adapter layers?": both sides are its subject
    re.compile(rf"\bdifference(?:s)? between\s+{_DET}(?P<np>{_NP})\s+and\s+{_DET}(?P<np2>{_NP})\s*(?:\?|$|,|\bfor\b|\bin\b|\bwhen\b)",
               re.IGNORECASE),
    re.compile(rf"^\s*(?:and\s+|so\s+|but\s+)?(?:what\s+(?:is|are)|whats|what's)\s+{_DET}(?:difference between\s+)?"
               rf"(?P<np>{_NP})\s*(?:\?|$|,|\band\b|\bmean)", re.IGNORECASE),
    re.compile(rf"^\s*(?:should|would|could|can|do|does|will|is|are)\s+(?:we\s+|i\s+|you\s+)?"
               rf"(?:(?:use|build|adopt|try|pick|choose|go with|switch to|add|set up|turn on|consider)\s+)?{_DET}"
               rf"(?P<np>{_NP})\s+(?:instead of|rather than|over|beat|replace|make|help|matter|worth|better)\b", re.IGNORECASE),
    re.compile(rf"^\s*{_DET}(?P<np>{_NP})\s+(?:vs\.?|versus|or)\s+(?P<np2>{_NP})\s*(?:\?*\s*$|[:,]?\s*(?:which|what'?s|whats)\b|"
               rf"\s+(?:for|in|on|with)\b[^?]*\b(?:which|better|best)\b)", re.IGNORECASE),
)
# a choice between two names ("Amadeus or Sabre?", "Label Studio or Prodigy"), wherever it sits
_NAME = r"[A-Z][\w.-]*(?:\s[A-Z0-9][\w.-]*)*"
_CHOICE_OF_NAMES = re.compile(rf"(?<![\w-])(?P<a>{_NAME})\s+(?:or|vs\.?|versus)\s+(?:(?:for|on|in|with|from)\s+)?(?P<b>{_NAME})(?![\w-])")
# a list closing the question: "distilbert, minilm, something else?", "azure gov, aws, or a sovereign cloud?"
_LISTED = re.compile(r"(?P<first>[\w.+-]+(?:\s[\w.+-]+)?)(?P<rest>(?:\s*,\s*[^,?!.]{1,30}){1,4})\s*[?!.]*\s*$")
_OPEN_OPTION = re.compile(r"^(or\s+)?((something|anything|someone) (else|other)|other|what|in-house|home-grown|neither)$", re.IGNORECASE)
_OPTION_LEAD = re.compile(r"^(or\s+)?((for|on|in|with|from)\s+)?((a|an|the|some)\s+)?", re.IGNORECASE)


def named_choice(sentence: str, is_outside_word, corrected: str = "") -> str:
    """"Did they run on Amadeus or Sabre?": two capitalised names the knowledge never uses
    are a choice between products, even when each is also an English word. Typed in lower
    case ("the reservation system: amadeus or sabre?"), each side is one such word and the
    sentence says what kind of thing is being chosen."""
    lower_case = list(_CHOICE_OF_WORDS.finditer(sentence)) if _PRODUCT_CONTEXT.search(sentence) else []
    for match in [*_CHOICE_OF_NAMES.finditer(sentence), *lower_case]:
        sides = [match.group("a"), match.group("b")]
        if all(any(is_outside_word(w.lower()) or is_outside_word(w) for w in side.split()) for side in sides):
            return f"{sides[0]} or {sides[1]}"
    # "langchain or llamaindex for the rag?": two words still unknown after spelling need no context,
    # nor two-word options ("vertex ai or azure ml?", "azure openai or bedrock?")
    for match in _CHOICE_OF_PHRASES.finditer(corrected):
        sides = [match.group("a"), match.group("b")]
        if all(any(_unfamiliar_name(w, is_outside_word) for w in side.split()) and not approaches_in(side) for side in sides):
            first, second = sides[0].split(), sides[1].split()  # each option from or up to its unfamiliar word
            first = first[next(i for i, w in enumerate(first) if _unfamiliar_name(w, is_outside_word)):]
            second = second[:max(i for i, w in enumerate(second) if _unfamiliar_name(w, is_outside_word)) + 1]
            return f"{' '.join(first)} or {' '.join(second)}"  # "…checkpoint or retrieval sitting on…" weighs the approaches
    # "for constrained decoding, Outlines or Guidance library?": capitalised in mid-sentence beside the kind of
    # thing chosen, two words the knowledge uses in lower case are names all the same
    for match in _CAPITALISED_CHOICE.finditer(sentence):
        sides = [match.group("a"), match.group("b")]
        if not any(approaches_in(side) for side in sides):
            return f"{sides[0]} or {sides[1]}"
    return _listed_choice(sentence, is_outside_word)


_CAPITALISED_CHOICE = re.compile(r"(?<=[\w,;:]\s)(?P<a>[A-Z][a-z]{2,})\s+(?:or|vs\.?|versus)\s+(?P<b>[A-Z][a-z]{2,})\s+"
                                 r"(?:librar(?:y|ies)|tools?|frameworks?|packages?|sdks?|apis?|vendors?|platforms?|providers?|"
                                 r"services?|engines?|stores?|databases?|dbs?)\b")


def _unfamiliar_name(word: str, is_outside_word) -> bool:
    """A word long enough to be a name ("azure", "vertex") that the knowledge never uses."""
    return len(word) >= 5 and is_outside_word(word.lower())


def _listed_choice(sentence: str, is_outside_word) -> str:
    """"Was their small model distilbert, minilm, something else?": a list of options that
    closes the question, two of them unfamiliar. Lower-case ones need the sentence to say
    a product is being chosen, as for a pair."""
    listed = _LISTED.search(sentence)
    if listed is None:
        return ""
    options = [_OPTION_LEAD.sub("", o.strip()) for o in [listed["first"], *listed["rest"].split(",")[1:]]]
    offered = re.search(r"\bor\b", listed["rest"]) or any(_OPEN_OPTION.match(o) for o in options)
    # "which system were they for — Sabre, Amadeus?": names after a which-question offer a choice too
    names_offered = (re.search(r"\b(which|what)\b", sentence, re.IGNORECASE)
                     and sum(bool(re.fullmatch(r"[A-Z][\w.-]*", o)) for o in options) >= 2)
    if not (offered or names_offered):
        return ""  # "cost, speed, accuracy" lists things, it does not offer a choice
    unfamiliar = []
    for option in options:
        words = option.split()
        at = next((i for i, w in enumerate(words) if is_outside_word(w.strip("'’"))), None)
        if at is not None and not _OPEN_OPTION.match(option):
            unfamiliar.append(" ".join(words[at:]))  # "model distilbert": the name, not what it names
    named = any(w[0].isupper() for o in unfamiliar for w in o.split())
    if len(unfamiliar) >= 2 and (named or _PRODUCT_CONTEXT.search(sentence)):
        return " or ".join(unfamiliar)
    return ""


# lower-case names are told from ordinary words by what they are chosen as: "which system, amadeus or sabre?"
_PRODUCT_CONTEXT = re.compile(r"\b(system|tool|db|database|library|vendor|platform|provider|cloud|layer|stack|service|engine|"
                              r"api|sdk|store|runtime|server|model)s?\b", re.IGNORECASE)
_CHOICE_OF_PHRASES = re.compile(r"(?<![\w-])(?P<a>[a-z][\w.]*(?:\s+[a-z][\w.]*)?)\s+(?:or|vs\.?|versus)\s+(?:(?:a|an|the)\s+)?"
                                r"(?P<b>[a-z][\w.]*(?:\s+[a-z][\w.]*)?)(?![\w-])", re.IGNORECASE)
_CHOICE_OF_WORDS = re.compile(r"(?<![\w-])(?P<a>[a-z][\w.]*)\s+(?:or|vs\.?|versus)\s+(?P<b>[a-z][\w.]*)(?![\w-])", re.IGNORECASE)


def _head_is_outside(phrase: str, is_outside_word) -> bool:
    """The phrase's head, its last word ("knowledge *graph*", "prompt *caching*"), is the
    unfamiliar one; an unusual adjective on a familiar noun ("bespoke models") is not."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", phrase)]
    while len(words) > 1 and _ANSWER_FORM.fullmatch(words[-1]):
        words.pop()  # "retrieval vs tuning cheatsheet" asks for a form of answer about tuning
    if words and _ANY_APPROACH.fullmatch(words[-1]):
        return False  # "one technique or two?": a word for an approach, whichever it is
    return bool(words) and not _ANSWER_FORM.fullmatch(words[-1]) and is_outside_word(words[-1])


# nouns that stand for "an approach" in general, the very thing the framework chooses between
_ANY_APPROACH = re.compile(r"(techniques?|methods?|strateg(y|ies)|tactics?|options?|routes?|solutions?|set-?ups?|"
                           r"levers?|architectures?|patterns?|paths?|ways?)", re.IGNORECASE)


# nouns for the shape of the answer wanted, not its subject
_ANSWER_FORM = re.compile(r"(cheat-?sheets?|summary|summaries|overviews?|tl;?dr|tables?|checklists?|rundowns?|breakdowns?|"
                          r"upsides?|downsides?|pros|cons|gotchas?|trade-?offs?|pitfalls?|drawbacks?|"  # a side of the subject weighed
                          r"primers?|explainers?|lists?|recap|basics|eli5|one-pager)", re.IGNORECASE)


# "does the framework cover X?", "anything in the article on X?": the whole of X is the
# subject asked about, so any unfamiliar word in it counts, not only its head
_COVERAGE_SHAPE = re.compile(
    r"\b(?:does|do|did|will|can)\s+(?:the\s+|this\s+|your\s+)?(?:framework|article|post|guide|it|you)\s+"
    r"(?:cover|discuss|mention|address|explain|deal with|talk about|say anything (?:about|on)|have anything (?:on|about)|go into)\s+"
    r"(?P<np>[^?.!]{3,80})|\b(?:anything|something|a section|guidance)\s+(?:on|about|regarding|covering)\s+(?P<np2>[^?.!]{3,80})|"
    # "what does the framework say about knowledge graphs?"
    r"\bwhat\s+(?:does|do|did)\s+(?:the\s+|this\s+)?(?:framework|article|post|guide)\s+(?:say|think|tell us|suggest|recommend)\s+"
    r"(?:about|on|regarding)\s+(?P<np3>[^?.!]{3,80})|"
    # told as a claim to confirm: "is it correct that the article compares the carbon footprint of…?"
    r"\b(?:correct|true|right|accurate|the case)\s+that\s+(?:the\s+|this\s+)?(?:framework|article|post|guide)\s+"
    r"(?:covers|discusses|mentions|addresses|explains|compares|deals with|talks about|goes into)\s+(?P<np4>[^?.!]{3,80})",
    re.IGNORECASE)


_POINTING = re.compile(r"\s*(this|that|these|those|such|it|its|their|them)\b", re.IGNORECASE)
# a question as the subject: "how the directive applies to…", "why it fails", "whether X beats Y"
_CLAUSE_SUBJECT = re.compile(r"\s*(?:how|why|whether|when|what|which|if)\b(?:\s+(?:the|a|an|our|this|that|its|their)\s+(?P<np>[A-Za-z][\w'’-]*"
                             r"(?:\s+[A-Za-z0-9][\w.'’-]*){0,3}?)\s+(?:is|are|was|were|would|will|can|could|does|do|applies|apply|works?|"
                             r"fits?|relates?|compares?|affects?|interacts?|changes?|handles?|deals?)\b)?", re.IGNORECASE)


def unfamiliar_focus(sentence: str, is_outside_word) -> tuple[str, ...]:
    """The thing a question is about, when the knowledge has no word for it: "what is
    catastrophic forgetting?", "would a knowledge graph beat vector search?". Only where
    the question's own shape names its subject, so a scenario's context words never count."""
    coverage = _COVERAGE_SHAPE.search(sentence)
    if coverage:
        subject = next(g for g in coverage.groups() if g)
        clause = _CLAUSE_SUBJECT.match(subject)
        if clause:  # "…explain how the public procurement directive applies…?" is about that directive; "…about how
            # much harder it is to run…?" asks a question of the framework's own, about nothing it lacks a word for
            return (clause.group("np"),) if clause.group("np") and _head_is_outside(clause.group("np"), is_outside_word) else ()
        if _POINTING.match(subject):
            return ()  # "…say about this motive?" names what was just said, in other words
        if coverage.end() < len(sentence) and sentence[coverage.end()].isalnum():
            subject = subject.rsplit(None, 1)[0] if " " in subject else ""  # cut at its length limit: no half word
        if any(is_outside_word(w) for w in re.findall(r"[A-Za-z][\w'’-]*", subject)):
            return (subject.strip(),)
    for shape in _FOCUS_SHAPES:
        match = shape.search(sentence)
        if match is None:
            continue
        phrases = [match.group(g) for g in ("np", "np2") if g in match.groupdict() and match.group(g)]
        # "retrieval setup vs a tuned model": a phrase naming an approach is the framework's subject
        # …and so is "a combo" of them
        return tuple(p for p in phrases if _head_is_outside(p, is_outside_word) and not approaches_in(p) and not COMBINED.search(p))
    return ()


def _and_not(test, exception):
    """The test, except for the words the exception holds."""
    return lambda word: test(word) and not exception(word)


def user_turns(history: list[dict] | None) -> list[str]:
    """What the user said in each earlier turn, oldest first (the assistant's turns left out)."""
    return [m.get("content", "") for m in (history or []) if m.get("role") == "user" and m.get("content")]


def understand(text: str, corrected: str | None = None, corrections=(), history: list[dict] | None = None,
               known_words: set[str] | frozenset = frozenset(), common_words: set[str] | frozenset = frozenset(),
               is_unknown_term=None, is_outside_word=None, assume_follow_up: bool = False, field_terms=None,
               is_everyday_foreign=None) -> Question:
    """The intent and asks come from the new question alone; a follow-up borrows only the topic.
    `assume_follow_up`: read it against the previous turn even though it does not point back.
    `field_terms`: the terms of the field (field_terms.py) a sentence uses that the knowledge never does.
    `is_everyday_foreign`: a word of the writer's own language ("Dokumente"), which names no
    concept or product however it is written (other_languages.py)."""
    corrected = corrected or text
    previous = user_turns(history)
    follow_up = bool(previous) and (assume_follow_up or is_follow_up(corrected, previous) or names_what_was_said(corrected, previous[-1]))
    topic = earlier_turn(corrected, previous) if follow_up else ""
    intent = intent_of(asked_clause(corrected))
    if intent == "what":  # the asking sentence is plain; the scenario around it may say more
        intent = intent_of(corrected)
    elif intent in ("yesno", "how") and intent_of(corrected) == "example":
        intent = "example"  # "…a precedent: a bank where training paid off. Do you have one?"
    if outcome_of_every_client(corrected):
        intent = "example"  # "what cases ended up with RAG?" asks for clients, however it is asked
    if follow_up:
        intent = follow_up_intent(intent, intent_of(topic))
        if asks_where_it_fell_short(corrected) or asks_where_it_held(corrected):
            intent = "example"  # "and where the prompt wasn't enough?", "and one where it passed?" ask for a client
    own_approaches = approaches_in(corrected)
    # "ok and plain prompting, when is that the pick?" turns to the approach it names; a
    # comparison or a combination ("combine it with retrieval?") keeps the last one too
    turned_to = set(own_approaches) - set(rejected_approaches(corrected))  # "…instead of training?" turns to none
    keeps_last = not turned_to or intent == "compare" or COMBINED.search(corrected) is not None
    approaches = tuple(dict.fromkeys(own_approaches + (_topic_approaches(topic, previous) if follow_up and keeps_last else ())))
    intent = decision_in_disguise(intent, corrected, approaches)
    named = named_things(asking_sentence(text), known_words, common_words) if known_words else ()
    expanded = {typed for typed, _ in corrections}
    named = tuple(n for n in named if n not in expanded or n not in FIELD_ACRONYMS)  # "FT vs RAG?" names no product
    if is_everyday_foreign is not None:
        named = tuple(n for n in named if not is_everyday_foreign(n))  # "our internal Dokumente" names no product
    asks = asks_in(corrected)
    choice = len(named) >= 2 and re.search(r"\b(or|vs\.?|versus)\b", asking_sentence(corrected), re.IGNORECASE)
    # a name the team used in an earlier turn ("our seller FAQ", "our SOPs") is part of its story too
    earlier = " ".join(previous).lower()
    asked_about = [n for n in named if not _told_before(corrected, n) and n.lower() not in earlier and not _base_to_train(corrected, n)]
    if asked_about and not asks:
        asks += (Ask("product", asked_about[0]),)  # "Is Pinecone good for RAG?", "DPO or RLHF?" ask about those
    elif named and choice and not asks:
        asks += (Ask("product", named[0]),)
    if is_unknown_term is not None and is_everyday_foreign is not None:
        is_unknown_term = _and_not(is_unknown_term, is_everyday_foreign)
    if is_outside_word is not None and is_everyday_foreign is not None:
        is_outside_word = _and_not(is_outside_word, is_everyday_foreign)
    if is_unknown_term is not None:
        # "What is mixture-of-experts?", "Is QLoRA better than LoRA?", "dpo or rlhf for our tone?":
        # about a thing the knowledge never names, unless the team names it as its own setting
        terms = [t for t in unknown_terms(asking_sentence(corrected), is_unknown_term)
                 if not _told_before(corrected, t) and t.lower() not in earlier]
        if terms:
            asks += (Ask("concept", ", ".join(terms)),)
    if field_terms is not None and not any(a.kind == "concept" for a in asks):
        # "can we pad the set out with synthetic data?", "how do we stop prompt injection?"
        terms = [t for t in field_terms(asking_sentence(corrected)) if t not in earlier]
        terms = [t for t in terms if not _told_before(corrected.lower(), t, by_story=t in PRODUCT_NAMES)]
        # "a confluence-trained model" says what the model was trained on, not which product to pick
        products = [t for t in terms if t in PRODUCT_NAMES and not _base_to_train(corrected, t)
                    and not re.search(rf"\b{re.escape(t)}-[a-z]", corrected.lower())]
        if products and not any(a.kind == "product" for a in asks):
            asks += (Ask("product", " or ".join(products)),)  # "should we put cohere rerank after retrieval"
        concepts = [t for t in terms if t not in PRODUCT_NAMES]
        if concepts:
            asks += (Ask("concept", ", ".join(concepts)),)
    within = kinds_of_one_approach_compared(asking_sentence(corrected))
    if within and not any(a.kind == "concept" for a in asks):
        asks += (Ask("concept", within),)  # "qlora vs full fine tune?": the framework weighs approaches, not kinds of one
    if is_outside_word is not None and not any(a.kind == "concept" for a in asks):
        focus = unfamiliar_focus(asking_sentence(corrected), is_outside_word)
        if focus:
            asks += (Ask("concept", " and ".join(focus)),)
    if is_outside_word is not None and not any(a.kind == "product" for a in asks):
        # a slip on one of the knowledge's own words ("json fromat, fintune or not?") names no product
        slips = {typed.lower() for typed, fixed in corrections
                 if fixed.lower() in known_words or fixed.lower().replace("-", "") in known_words}
        named_or_slip = _and_not(is_outside_word, lambda word: word.lower() in slips)
        choice_of_names = named_choice(asking_sentence(text), named_or_slip, asking_sentence(corrected))
        if choice_of_names:
            asks += (Ask("product", choice_of_names),)
    as_worded = as_asked(corrected)  # "part numbers which general models do not know" asks for no model's name
    identity = IDENTITY_ASK.search(as_worded)  # "so whose open model is it running, mistral? llama?" asks before its last "?"
    if identity and _INDEFINITE_BEFORE.search(as_worded[:identity.start() + 1]):
        identity = None  # "was there a client, I believe an insurer, whose emails…" describes the client asked for
    if identity and _EMBEDDED_BEFORE.search(as_worded[:identity.start()]) and not _ASKED_OF_US.search(as_worded[:identity.start()]):
        identity = None  # "how would an auditor know which payer guidance it relied on?" asks how it is traced, not a name
    if identity and not asks:
        asks += (Ask("name", identity.group(0).strip()),)  # judged only about a client under discussion
    return Question(text=text, corrected=corrected, intent=intent, approaches=approaches, asks=asks,
                    named=named, follow_up=follow_up, topic=topic, corrections=tuple(corrections))


# "…know which payer guidance…": a "which" that another party finds out, not one asked of us ("do you know which bank?")
_EMBEDDED_BEFORE = re.compile(r"\b(know|tell|see|trace|verify|check|show|record|log|audit)s?\s+$", re.IGNORECASE)
_ASKED_OF_US = re.compile(r"\byou\s+(\w+\s+)?(know|tell|see|check|show)\s+$", re.IGNORECASE)
# "…an insurer, whose…": after a thing introduced as "a …", "whose" describes it rather than asking
_INDEFINITE_BEFORE = re.compile(r"\b(a|an|any|some)\s+([\w-]+\s+)?[\w-]+\s*,\s*$", re.IGNORECASE)


# "should we fine-tune llama on our wiki?": the model to train is the team's pick, the question is
# whether to train it; "fine-tune llama or mistral?" still asks which one
_TRAINING_VERB = re.compile(r"\b(fine[- ]?tun\w*|train|training|tune|tuning|retrain\w*)\s+((a|an|the|our|their)\s+)?$", re.IGNORECASE)
_CHOICE_AFTER = re.compile(r"^\s*[\w.-]*\s*(,|\bor\b|\bvs\.?|\bversus\b)", re.IGNORECASE)


def _base_to_train(text: str, name: str) -> bool:
    """Is the name the model a training verb acts on, with no rival offered beside it?"""
    at = text.lower().find(name.lower())
    return (at >= 0 and _TRAINING_VERB.search(text[:at]) is not None
            and _CHOICE_AFTER.match(text[at + len(name):]) is None)


# A team describing its own situation: names in it are context, not the thing asked about.
_SCENARIO = re.compile(r"\b(we|we're|our|us|my|i'm|i am|we've)\b", re.IGNORECASE)


# a phrase that opens the sentence and sets the scene before the question ("For the packaging
# OEM whose engineers…, what was delivered?"), with no subject of its own ("For our review I need
# the metrics…" has begun the question), or an aside that compares ("…, like in an 8D report,")
_FRONTED = re.compile(r"^\s*(for|before|after|when|once|since|given|regarding|with|about)\b(?![^,?;:]*\b(i|we|you|they)\b)[^,?;:]*$|,\s*(like|as) in\b[^,?]*$",
                      re.IGNORECASE)


_NAMES_A_CASE = re.compile(r"^(\s+[\w-]+){0,2}\s+(case|engagement|story)\b", re.IGNORECASE)


def _told_before(text: str, name: str, by_story: bool = True) -> bool:
    """Is the name part of the team's own story ("We're on Azure OpenAI; should we…?",
    "Our stack is Bedrock. Which approach?") rather than what is asked about ("Does
    Hugging Face offer … for us?")? Told: a sentence without a question mark holds it,
    it is the team's own, or (`by_story`) the team speaks of itself before naming it. A
    technique in the asking sentence is asked about though the team spoke of itself first
    ("we have few labels — can we pad it out with synthetic data?"): not `by_story`."""
    sentences = [s for s in _SENTENCES.split(text.strip()) if s]
    for sentence in sentences:
        at = sentence.find(name)
        if at < 0:
            continue
        if "?" not in sentence and len(sentences) > 1:
            return True
        before = sentence[:at]
        if _SPEAKER_ROLE.search(before) or _OWNED.search(before):
            return True  # "Speaking as the CFO: …" is who asks; "…on our sharepoint" is the team's own thing
        if _CONTENT_AFTER.match(sentence[at + len(name):]):
            return True  # "the current VAT guidance manuals", "SOP binder": what the team's documents are about
        if _NAMES_A_CASE.match(sentence[at + len(name):]):
            return True  # "the maintenance manual QA case": a word of the case's label
        if _FRONTED.search(before) and "," in sentence[at + len(name):]:
            return True  # "Before raising a CR for fine-tuning, what should we check?": the setting, not the ask
        if not by_story:
            return False
        asking = _QUESTION_WORD.search(before)
        story = _SCENARIO.search(before)
        return bool(story) and (asking is None or story.start() < asking.start())
    return False


# documents named after what they are about: the team's own content, not a product asked about
_CONTENT_AFTER = re.compile(r"^\s+([\w-]+\s+)?(manuals?|docs?|documents?|documentation|binders?|wiki|handbooks?|"
                            r"polic(y|ies)|pages|files|notes|tickets|procedures|forms|reports|records|emails|"
                            # records the team holds: "classifying PIX transactions", "our Zendesk chats"
                            r"transactions|payments|claims|invoices|messages|chats|logs|transcripts|orders|contracts|"
                            r"statements|letters|circulars|filings|spreadsheets|tables)\b",
                            re.IGNORECASE)
_OWNED = re.compile(r"\b(our|my|their)\s+([\w-]+\s+)?$", re.IGNORECASE)
_SPEAKER_ROLE = re.compile(r"\b(as|i'm|i am|im|we're|we are|i work as)\s+(the|a|an|our|your)?\s*$", re.IGNORECASE)
_QUESTION_WORD = re.compile(r"\b(should|shall|does|do|did|is|are|can|could|would|will|which|what|how|why|when|where|who)\b", re.IGNORECASE)
