"""The framework sections a team's described situation points to, read with the intake's
own free-text reader (intake/freetext.py): "our help centre, which we edit daily" is a
knowledge base that changes (RAG), "tag two million tickets a month" a narrow task at
volume, "clean JSON for our feed" an output format. Search lists these sections among
its first three and the answer lets them speak, however the situation was worded."""

from __future__ import annotations

import functools
import re

from .intake.freetext import prefill_from_use_case
from .question import COMBINED

# (intake field, the values that point to a section or None for any, that section): the
# section that explains what such a situation calls for
SIGNAL_SECTIONS: tuple[tuple[str, frozenset, str], ...] = (
    ("knowledge_change", frozenset({"daily", "weekly", "monthly", "quarterly"}), "rag"),
    ("needs_document_facts", frozenset({"yes"}), "rag"),
    ("output_requirement", frozenset({"structured", "template"}), "reason-output-format"),
    ("task_type", frozenset({"classification", "extraction", "document_parsing"}), "reason-narrow-task"),
    ("daily_volume", None, "reason-narrow-task"),  # any volume stated
    ("labelled_examples", None, "reason-narrow-task"),
)

# the intake's other questions, which its use-case reader leaves to be asked: specialised
# terminology, the team's capacity to run training, a tone or voice (prompting comes first)
WORDED_SIGNALS: tuple[tuple[re.Pattern, str], ...] = (
    # the words for a specialised language, and words a team made up itself ("an invented dialect", "in-house item codes")
    (re.compile(r"\b(jargon|terminolog\w*|vocab\w*|acronyms?|abbreviations?|lingo|slang|dialects?|argot|nomenclature|glossar(y|ies)|"
                r"(invented|made[- ]up|coined|in-house|house|internal|proprietary|own)\s+([\w-]+\s+){0,2}(words?|terms?|naming|names|codes?|designations?)\b|"
                # a field's own words ("technical terms", "industry-specific words") and words only we use ("terms only our factory uses")
                r"(technical|specialist|speciali[sz]ed|domain|industry|trade|niche|obscure)([\s-]+specific)?\s+([\w-]+\s+){0,2}(terms|words|phrases|expressions)\b|"
                r"(words?|terms?|phrases?|expressions?|names|codes?)\s+(that\s+|which\s+)?only\s+(we|our|us|they|their|the|its)\b|"
                # names a model does not know ("part numbers … not known to general models", "codes no LLM knows")
                r"(terms?|words?|names|codes?|numbers|abbreviations|acronyms|identifiers)\b[^.?!]{0,60}?\b(not known|unknown|"
                r"(doesn['’]?t|does not|don['’]?t|do not|never|can['’]?t|cannot|no (\w+ )?(llms?|models?)) (know|knows|understand|understands|recogni[sz]es?))\b)\b",
                re.IGNORECASE), "reason-domain-terminology"),
    # knowledge that changes, in other words than the intake's ("data that changes every sprint", "rules which
    # change a lot", "the latest fee tariff", "the current regulator circulars")
    (re.compile(r"\b(chang\w*|updat\w*|revis\w*|amend\w*|shift\w*|replac\w*)\s+([\w-]+\s+){0,2}?(a lot|often|frequently|constantly|"
                r"all the time|regularly|continuously|every (sprint|release|few \w+|couple of \w+|other \w+))\b|"
                r"\b(constantly|frequently|often|always|regularly|continuously)\s+(chang\w*|updat\w*|revis\w*|amend\w*)\b|"
                r"\b(latest|current|up-to-date)\s+([\w-]+\s+){0,2}(rules|circulars|policies|prices|pricing|tariffs?|rates|"
                r"figures|regulations|guidance|stock|inventory|versions?)\b", re.IGNORECASE), "rag"),
    (re.compile(r"\b(no|zero|without( any)?|lack( of)?) (ml|machine[- ]learning|data[- ]science|mlops)\b|\bmlops\b",
                re.IGNORECASE), "hidden-costs"),
    (re.compile(r"\b(tone|voice|house style)\b", re.IGNORECASE), "prompt-engineering"),
    # a form of words the output must keep, in other words than a template ("our strict house phrasing", "a rigid layout")
    (re.compile(r"\b(strict|rigid|fixed|exact|house|standard|mandatory|prescribed)\s+([\w-]+\s+){0,2}(wording|phrasing|layout|formatting|format)\b",
                re.IGNORECASE), "reason-output-format"),
    # the framework's own name for its second reason: "fine-tuning for a narrow task?", "one narrow, high-volume job"
    (re.compile(r"\bnarrow[\s,-]+((high|large)[\s-]+volume[\s,-]+)?(tasks?|jobs?|use[\s-]+cases?|problems?|workloads?)\b", re.IGNORECASE),
     "reason-narrow-task"),
    # a model wanted for how it looks: the status the introduction says drives most fine-tuning
    (re.compile(r"\b(prestige|prestigious|status (symbol|signal|thing)|vanity|bragging|impress(ive|ing)?|"
                r"look(s|ing)? (more |really )?['\"‘“]?(serious|legit\w*|credible|cool|innovative|proprietary|cutting[- ]edge|advanced|sophisticated)|"
                r"(look|looks|looking|show|signal)\b[^.?!]{0,40}\b(to|for|in) (the |our |its )?(investors?|shareholders?|board|annual report|press|analysts|market|"
                r"management|mgmt|leadership|execs?|executives|bosses|c-suite)\b|"
                r"(rivals?|competitors?)\b[^.?!]{0,40}\b(announc|launch|buil|ha[sd]|train)\w*)", re.IGNORECASE), "intro"),
    # why the trend: "why is everyone so keen on fine-tuning?", "what's driving companies to want their own model?"
    (re.compile(r"\bwhy\b[^.?!]{0,25}\b(everyone|everybody|so many|all these|most|lots of)\b[^.?!]{0,60}\b(keen|want\w*|choos\w*|go(ing)? for|"
                r"end(ed)? up|set on|obsess\w*|rush\w*|jump\w*|reach\w* for|insist\w*|build\w*|train\w*)\b|"
                r"\bwhat(['’]s| is| are)? (driving|behind|pushing)\b[^.?!]{0,40}\b(compan\w+|teams|orgs|organi[sz]ations|everyone|enterprises|firms)\b",
                re.IGNORECASE), "intro"),
)


@functools.lru_cache(maxsize=1024)
def scenario_sections(text: str) -> tuple[str, ...]:
    """Sections the situation described in `text` points to, in table order (remembered: a
    question's situation is read for retrieval, for the answer and again for a follow-up)."""
    stated = prefill_from_use_case(text)
    found = [section for field, values, section in SIGNAL_SECTIONS
             if field in stated and (values is None or stated[field] in values)]
    found += [section for pattern, section in WORDED_SIGNALS if pattern.search(text or "")]
    if found and (COMBINED.search(text or "") or tells_both_needs(found)):
        # "one approach or a combo?", or knowledge that changes told with a format or terminology
        # to keep: the rule for using both has the last word
        found.append("decision-rules")
    return tuple(dict.fromkeys(found))


# the needs of behaviour the framework's rule for using both names: "fine-tuning handles the output
# format and domain terminology" (§4.1)
BOTH_RULE_BEHAVIOUR = frozenset({"reason-output-format", "reason-domain-terminology"})


def tells_both_needs(sections) -> bool:
    """A situation told with knowledge to look up and a format or terminology to keep ("answers
    from manuals that change often, but also our strict report template"): the rule for using
    both speaks to it."""
    return "rag" in sections and bool(BOTH_RULE_BEHAVIOUR & set(sections))


# the approach a situation's section points to, by the decision rule (§4.1) that names it: "Use RAG when your
# knowledge base changes faster than your training cadence", "Use fine-tuning when you're serving high-volume narrow tasks"
SITUATION_RULES: dict[str, str] = {"rag": "rag", "reason-narrow-task": "fine_tuning"}


def situation_calls_for(sections: tuple[str, ...]) -> str:
    """The one approach a described situation calls for by the decision rules, or "" when
    it calls for none or for more than one (the rules weigh those by their closeness)."""
    called = {SITUATION_RULES[s] for s in sections if s in SITUATION_RULES}
    return called.pop() if len(called) == 1 else ""


def names_a_situation(word: str) -> bool:
    """A word the product reads as one of the framework's situations ("jargon", "lingo",
    "tone"): the knowledge means it in its own words, so it is not a thing it never names."""
    return any(pattern.fullmatch(word or "") for pattern, _ in WORDED_SIGNALS)


# a need added to the one told: "and if we *also* want…", "the kb AND a strict reply template?"
_ADDED = re.compile(r"\b(also|as well|too|additionally|in addition|on top|besides)\b|(?-i:\bAND\b)", re.IGNORECASE)
# the needs of behaviour (a format, a language, a tone) that training, or a prompt, answers
BEHAVIOUR_SECTIONS = frozenset({"reason-output-format", "reason-domain-terminology", "prompt-engineering"})


def adds_behaviour_to_knowledge(text: str, told: str) -> bool:
    """"…and if we also want our strict house phrasing?" after a knowledge base that changes:
    a need of behaviour added to one of knowledge, which the framework's last rule (use both)
    weighs, whichever of them the follow-up names."""
    return (_ADDED.search(text or "") is not None and "rag" in scenario_sections(told)
            and bool(BEHAVIOUR_SECTIONS & set(scenario_sections(text))))
