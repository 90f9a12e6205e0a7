"""Read a typed chat reply ("about 50k a day", "nope") as an intake value, offline.

Deliberately small and predictable: keyword patterns checked in a fixed order, numbers
with k/million suffixes and per-hour/per-month rates. When unsure it returns None
and the UI asks again, rather than guessing.
"""

from __future__ import annotations

import re
from typing import Any

from ..config import MAX_USE_CASE_CHARS
from .questions import QUESTIONS
from .schema import ENUM_VALUES

# (value, pattern) in priority order: the first match wins, so negations and the
# more specific phrases come before the words they contain.
_KEYWORDS: dict[str, list[tuple[str, str]]] = {
    "needs_document_facts": [
        ("unsure", r"not sure|unsure|don'?t know|do not know|no idea|maybe|perhaps|depends|unclear|not certain|possibly"),
        ("no", r"\b(no|nope|nah|not really|never|none)\b|\bdoes(n'?t| not)\b|\bdo(n'?t| not)\b"),
        ("yes", r"\b(yes|yep|yeah|yup|sure|definitely|absolutely|of course|correct|indeed|certainly|it does|we do)\b"),
    ],
    "knowledge_change": [
        ("not_applicable", r"not applicable|\bn/?a\b|no (documents|docs|knowledge base)"),
        ("rarely", r"never|rarely|seldom|hardly|static|(does(n'?t| not)|won'?t) change|yearly|annual|once a year|twice a year|(six|6) months"),
        ("daily", r"hour|daily|every ?day|each day|per day|a day|constant|continuous|real[- ]?time|all the time|minute"),
        ("weekly", r"week|fortnight|(few|couple of|\d+|two|three) days"),
        ("quarterly", r"quarter|(three|3|few) months"),
        ("monthly", r"month"),
    ],
    "output_requirement": [
        ("structured", r"json|structured|schema|xml|csv|yaml|fields|table|key[- ]value"),
        ("template", r"template|fixed layout|fixed format|boilerplate|letter|report format"),
        ("dialect_or_tone", r"dialect|\btone|voice|style|persona|register|formal|casual|brand"),
        ("free_text", r"free[- ]?(text|form)|prose|plain text|natural language|paragraph|anything|no (particular|specific) format|text"),
    ],
    "format_status": [
        ("not_applicable", r"not applicable|\bn/?a\b|no (special |particular )?format"),
        ("prompt_not_tried", r"not (yet )?tried|haven'?t (yet )?tried|have not tried|didn'?t try|not yet|untested|haven'?t tested"),
        ("structured_outputs_unreliable", r"(structured output|json mode|schema|constrained).*(fail|unreliable|inconsistent|break|still|does(n'?t| not) work|not work)"),
        ("prompt_unreliable", r"unreliable|inconsistent|not (reliable|consistent)|sometimes|fails?\b|failing|breaks?|does(n'?t| not) work|not work|hit and miss|flaky|struggles?"),
        ("prompt_reliable", r"reliable|consistent|works|working|fine|good|solid|no problem"),
    ],
    "task_type": [
        ("document_parsing", r"pars(e|ing)|invoice|\bforms?\b|fixed schema|ocr|scanned"),
        # routing as the task ("route tickets to teams", "intent routing"), not a route taken ("that cheaper route")
        ("classification", r"classif|categori|\blabel|\btag|sentiment|triage|\brout(ing|ed|ers?)\b|\b(to|we|they|i|it|that|which|and|must|should|can|will|would|could|automatically)\s+routes?\b|\broutes?\s+([\w-]+\s+){0,3}(to|into|between)\b|spam|intent"),
        ("extraction", r"extract|pull out|entit|\bner\b|named entit"),
        ("question_answering", r"question|answer|q ?& ?a|faq|help ?desk|look ?up|search"),
        ("conversation", r"chat|conversation|dialog|assistant|talk"),
        ("generation", r"generat|writ|draft|summar|compos|creat|translat|rewrit"),
    ],
    "terminology": [
        ("general", r"general|everyday|plain|standard|common|no (special|specific|particular)|not (special|specialised|specialized)|ordinary"),
        ("specialised_prompt_fails", r"fail|does(n'?t| not) (work|get)|did(n'?t| not) (work|get)|not good enough|wrong|not right|struggl|poor|can'?t|cannot|unreliable"),
        ("specialised_prompt_works", r"works|worked|handles|good enough|fine|acceptable|okay|\bok\b"),
        ("specialised_untested", r"untested|not tested|haven'?t (tested|tried)|not (yet )?tried|not sure|jargon|speciali[sz]ed|technical|codes|acronym|niche"),
    ],
    "mlops_capacity": [
        ("some", r"\bsome\b|a (little|bit)|part[- ]time|limited|one (engineer|person)|a couple|a few|small|no dedicated"),
        ("none", r"\bnone\b|nobody|no ?one|no (ml|mlops|team|capacity|engineers?|people)|zero|don'?t have|do not have|\bno\b"),
        ("dedicated", r"dedicated|platform team|full[- ]time|\bteam\b|several|many|plenty|lots"),
    ],
}

_MOTIVATIONS = [
    ("know_our_documents", r"document|docs\b|internal knowledge|knowledge base|wiki|polic(y|ies)|our data"),
    ("ownership", r"ownership|own (the|our|a) model|own model|proprietary|control|lock[- ]?in|in[- ]house|moat"),
    ("cost", r"cost|cheap|price|expens|budget|spend|save money"),
    ("latency", r"latency|speed|fast|slow|response time|quick"),
    ("format", r"\bformat|json|structure|template|schema"),
    ("terminology", r"terminolog|jargon|vocabular|\bterms\b|acronym"),
    ("tone", r"\btone|voice|style|brand|persona|dialect"),
]

_NUMBER = re.compile(
    r"(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)\s*"
    r"(?P<scale>k\b|thousand|m\b|mm\b|mn\b|million|b\b|bn\b|billion|hundred)?", re.IGNORECASE)
_WORD_NUMBER = re.compile(r"\b(a|an|one|a few|several|hundreds of|thousands of|millions of)\s+"
                          r"(hundred|thousand|million|billion)s?\b")
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
           "b": 1e9, "bn": 1e9, "billion": 1e9, "hundred": 100}
_FEW = {"a": 1, "an": 1, "one": 1, "a few": 3, "several": 5, "hundreds of": 100, "thousands of": 1000, "millions of": 1e6}
_PER_DAY = [(r"second|\bsec\b|/s\b", 86400), (r"minute|\bmin\b", 1440), (r"hour|\bhr\b|/h\b", 24),
            (r"week", 1 / 7), (r"month", 1 / 30), (r"year|annual", 1 / 365), (r"day|daily", 1)]
_UNSURE = re.compile(r"not sure|unsure|no idea|don'?t know|do not know|unknown|can'?t say|no clue")
_NONE_WORDS = re.compile(r"^\s*(none|zero|nothing|no|nope|not yet|not any|nil)\b|\bno (labelled|labeled|examples|data)\b")


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _exact_enum(field: str, text: str) -> str | None:
    """Accept the enum value itself ("prompt_reliable" or "prompt reliable")."""
    key = text.strip(" .!").replace("-", "_").replace(" ", "_")
    return key if key in ENUM_VALUES.get(field, ()) else None


def parse_quantity(text: str) -> float | None:
    """The first number in the text, with k/million/"a few thousand" scaling."""
    t = _normal(text)
    word = _WORD_NUMBER.search(t)
    match = _NUMBER.search(t)
    if word and (not match or word.start() < match.start()):
        return _FEW[word.group(1)] * _SCALES[word.group(2)]
    if not match:
        if re.search(r"\bthousands\b", t):
            return 1000.0
        if re.search(r"\bhundreds\b", t):
            return 100.0
        return None
    value = float(match.group("num").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    return value * _SCALES.get(scale, 1)


def _daily_volume(t: str) -> int | None:
    if _NONE_WORDS.search(t):
        return 0
    qty = parse_quantity(t)
    if qty is None:
        return None
    factor = next((f for pattern, f in _PER_DAY if re.search(pattern, t)), 1)  # no unit: per day
    return int(round(qty * factor))


def _latency_ms(t: str) -> int | None:
    m = re.search(r"(\d*\.?\d+)\s*(ms|millisec\w*|msec|s\b|secs?\b|seconds?|min\w*|m\b)?", t)
    if re.search(r"half a second", t):
        return 500
    if not m:
        if re.search(r"\b(a|one) second\b", t):
            return 1000
        if re.search(r"\b(a|one) minute\b", t):
            return 60000
        return None
    value, unit = float(m.group(1)), (m.group(2) or "ms")
    factor = 1 if unit.startswith("ms") or unit.startswith("milli") else 60000 if unit.startswith("m") else 1000
    return int(round(value * factor))


def _labelled_examples(t: str) -> int | None:
    if _NONE_WORDS.search(t):
        return 0
    qty = parse_quantity(t)
    return None if qty is None else int(round(qty))


def _motivations(t: str) -> list[str] | None:
    if re.search(r"^(none|nothing|no particular|no specific|n/?a)\b", t):
        return []
    picked = [value for value, pattern in _MOTIVATIONS if re.search(pattern, t)]
    for token in re.split(r"[,;\s]+", t):
        if token in ENUM_VALUES["motivations"] and token not in picked:
            picked.append(token)
    ordered = [m for m in ENUM_VALUES["motivations"] if m in picked]
    return ordered or None


def parse_free_text(field: str, text: str) -> Any:
    """The intake value a free-text reply stands for, or None when it is unclear."""
    if not isinstance(text, str) or not text.strip():
        return None
    if field == "use_case":
        value = text.strip()
        return value if len(value) <= MAX_USE_CASE_CHARS else None
    t = _normal(text)
    if field not in ("needs_document_facts", "terminology") and _UNSURE.search(t):
        return None  # "not sure" is an answer only where the schema has a value for it
    if field == "daily_volume":
        return _daily_volume(t)
    if field == "latency_budget_ms":
        return _latency_ms(t)
    if field == "labelled_examples":
        return _labelled_examples(t)
    if field == "motivations":
        return _motivations(t)
    exact = _exact_enum(field, t)
    if exact:
        return exact
    for value, pattern in _KEYWORDS.get(field, ()):
        if re.search(pattern, t):
            return value
    return None


# -- pre-filling from the use-case sentence ------------------------------------------------
# Only what a sentence states outright: a proposal the person confirms before it counts
# (the UI shows it), so a pattern here may miss, but should not invent.

_DOC_NOUNS = (r"document|\bdocs\b|polic(y|ies)|handbook|manuals?\b|knowledge ?base|\bwiki|intranet|contracts?\b"
              r"|\barticles\b|product sheets?|\bfaqs?\b|catalogu?e|case law|guidelines|procedures|regulations")
_RECALL = (r"\banswer|\bquestions?\b|\bask|look(s|ing)? ?up|\bcit(e|es|ing)\b|\bquot(e|es|ing)\b|\brecall"
           r"|according to|based on|grounded in")
_NO_DOCS = r"\b(no|not|without|never|does(n'?t| not)|do(n'?t| not))\b[^.]{0,30}(document|docs|polic|knowledge)"
_FREQUENCY = (r"every ?day|daily|each day|hourly|every hour|all the time|constantly|every week|weekly|each week"
              r"|fortnightly|every month|monthly|each month|every quarter|quarterly|rarely|seldom|yearly|annually"
              r"|once a year|each quarter|every (?:few|couple of|\d+|two|three) (?:days|weeks|months)"
              r"|(?:once|twice|several times|a few times) (?:a|per) (?:day|week|month)")
# a verb of documents, prices or rules changing: "revised weekly", "prices move every hour", "new items arrive every week"
_CHANGE = r"(?:(?:chang|updat|revis|refresh|edit|amend|rewrit|reissu|republish|replac|arriv)\w*|\bmov(?:e|es|ed|ing)\b)"
_CHANGE_PHRASES = (rf"{_CHANGE}\s+(?:\w+\s+){{0,3}}?(?P<a>{_FREQUENCY})",
                   rf"(?P<b>{_FREQUENCY})[- ]{_CHANGE}",
                   rf"(?P<c>never|rarely|seldom|hardly ever)\s+{_CHANGE}")
_STRUCTURED = r"\bjson\b|\bxml\b|\bcsv\b|structured (output|data|record|fields)|fixed schema"
_TEMPLATE = r"\btemplates?\b|fixed (layout|format)"
_RATE = (r"(?:about |around |roughly |some |over |up to )?\d[\d,.]*\s*(?:k\b|thousand|million|m\b)?\s+"
         r"(?:\w+\s+){0,2}?(?:a|per|each|every)\s+(?:day|hour|minute|second|week|month)")
_EXAMPLES = (r"\d[\d,.]*\s*(?:k\b|thousand|million)?\s+(?:labell?ed|annotated|tagged|reviewed)\s+"
             r"(?:examples|samples|pairs|records|tickets|documents|emails)")


def _document_facts(t: str) -> str | None:
    if re.search(_NO_DOCS, t):
        return None
    return "yes" if re.search(_DOC_NOUNS, t) and re.search(_RECALL, t) else None


def _knowledge_change(t: str) -> str | None:
    for pattern in _CHANGE_PHRASES:
        m = re.search(pattern, t)
        if m:
            return parse_free_text("knowledge_change", next(g for g in m.groupdict().values() if g))
    return None


def _only_one(field: str, t: str) -> str | None:
    """The task type when exactly one kind of task is named; two kinds are not "clearly stated"."""
    hits = [value for value, pattern in _KEYWORDS[field] if re.search(pattern, t)]
    return hits[0] if len(hits) == 1 else None


def prefill_from_use_case(text: str) -> dict[str, Any]:
    """Answers the use-case sentence states outright, for the person to confirm.

    "Answers from a policy base that changes weekly" gives needs_document_facts=yes,
    knowledge_change=weekly and task_type=question_answering; anything vague is left
    for the questions. Keys follow the question order."""
    if not isinstance(text, str) or not text.strip():
        return {}
    t = _normal(text)
    found: dict[str, Any] = {
        "needs_document_facts": _document_facts(t),
        "knowledge_change": _knowledge_change(t),
        "output_requirement": ("structured" if re.search(_STRUCTURED, t)
                               else "template" if re.search(_TEMPLATE, t) else None),
        "task_type": _only_one("task_type", t),
    }
    rate = re.search(_RATE, t)
    found["daily_volume"] = parse_free_text("daily_volume", rate.group(0)) if rate else None
    examples = re.search(_EXAMPLES, t)
    found["labelled_examples"] = parse_free_text("labelled_examples", examples.group(0)) if examples else None
    return {q.field: found[q.field] for q in QUESTIONS if found.get(q.field) is not None}
