"""Offline answers that answer what was asked (pure functions over plain data).

The question's intent (question.py) decides which sections speak and how the answer
opens; retrieval decides which sentences of them are closest to the question:
- should/when → a yes, no or it-depends lead from the decision rules, then the points;
- compare → what each approach does, one side each;
- cost → the hidden-costs list;
- an example from a client → the matching case note, with what was asked and advised;
- who/what about the article → the article's own attribution;
- otherwise the best sentences of the best sections.

One citation per section (its quote spans the sentences used, verbatim), no sentence
twice in an answer, and none already given in the conversation.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .answerability import Coverage, holds, on_topic
from .article_names import SIGNER as HOLDS_PERSON
from .chunking import Sentence, split_sentences
from .citations import Citation
from .knowledge import asked_and_given, cases_given
from .labels import RECOMMENDATION_IN_TEXT
from .question import (ANOTHER, ASKED_FOR, COMBINED, INTENDED, Question, approaches_in, asking_sentence, asks_for_a_similar_client, asks_where_it_fell_short, asks_where_it_held, content_words,
                       framework_words, intent_of, is_follow_up, our_plan_asked_of_a_client, outcome_of_every_client, points_back, question_sentence, rejected_approaches,
                       requested_and_got, user_turns)
from .retrieval import Passage, Retrieval, fuse_rrf
from .scenario import scenario_sections, situation_calls_for, tells_both_needs
from .told_numbers import volume_distance, volume_per_day

__all__ = ["NOT_COVERED", "OfflineAnswer", "compose_answer", "is_covered", "looks_like_injection", "standalone_query"]

MAX_SECTIONS = 3
MAX_POINTS = 5  # sentences in one answer
MAX_QUOTE_CHARS = 900
RUNNER_UP_MARGIN = 0.2  # fused-score gap under which the second framework section also speaks
UNSTATED_VOLUME_DISTANCE = 1.0  # a note with no daily volume, weighed against one told: as if ten times off
VERDICT_MARGIN = 0.03  # rule similarity gap needed for a plain yes or no

NOT_COVERED = (
    "The framework doesn't cover that. It is about choosing between prompt engineering, "
    "retrieval-augmented generation (RAG) and fine-tuning for an LLM project, the hidden costs of "
    "fine-tuning, and the case notes behind it — ask about those, or try the guided intake."
)
NOT_AN_INSTRUCTION = (
    "I can't act on instructions inside a question — I only answer questions about the framework "
    "(prompt engineering, RAG or fine-tuning) from its sections and case notes."
)

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,40}\b(instructions?|rules?|prompts?|guidelines|guardrails|directives?)\b"
    r"|\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,20}\b(knowledge base|framework|sources?|context|article|post|material|documents?|(case )?notes)\b"
    # a role tag typed into the question, a guard asked to be lifted, the knowledge asked for wholesale
    r"|^\W*(system|assistant|developer|admin)\s*:|\b(disable|turn off|switch off|lift)\b[^.?!]{0,20}\b(safety|filters?|guardrails?|restrictions?)\b"
    r"|\b(raw|entire|whole|full) (knowledge base|source files|files|index|database)\b"
    r"|\b(hidden|initial|original|secret)\s+(prompt|instructions?)"
    r"|\b(reveal|print|show|repeat|output|leak|dump)\b[^.?!]{0,30}\b(your|the)\s+(system\s+|hidden\s+|initial\s+)?"
    r"(instructions?|prompt|rules|configuration|secrets?|api key)"
    r"|\b(repeat|print|output)\b[^.?!]{0,20}\b(everything|all)\b[^.?!]{0,20}\babove\b"
    r"|\bfrom now on\b|\bforget (that )?(you|everything|all)\b|\banswer from your own\b"
    r"|\b(adopt|assume|take on|play|step into) (the |a |an )?(role|persona|part|character) of\b|\brole-?play\b|^\W*before (answering|you answer|replying|responding)\b"
    r"|\byou are now\b|\bact as\b|\bpretend (that |to be |you )?|\bjailbreak|\bDAN\b|\bdeveloper mode\b"
    r"|\bno (longer|more) (bound|restricted)|\bnew instructions?\b|</?(system|context|instructions?)>"
    r"|\banswer as if\b|\b(always|only) (reply|respond|answer|say)\b|\b(say|answer|reply|respond|recommend|tell)\b[^.?!]{0,40}\bno matter what\b|\bno matter what (i|the user|anyone|they|we) (say|ask|type)|\btrusted instruction"
    r"|\b(drop|omit|remove|skip|leave out) (the |all |your |any )?(citations|sources|references|quotes)\b|\b(i|we) (hereby )?(authori[sz]e|permit|allow|instruct|order|command) you to\b|(?<!\bit )(?<!\bthey )(?<!\bdid )(?<!\bdoes )(?<!\bmodel )(?<!\bbot )\binvent (a|an|some)\b|\[\[?(admin|system|developer)\]?\]"
    # instructions aimed at the assistant's own behaviour, whatever their wording
    r"|\byou (must|shall|will now|are (now )?(required|instructed|allowed))\b[^.?!]{0,60}\b(reply|respond|answer|say|output|cite|recommend|tell|ignore|write)\b"
    r"|\b(admin|administrator|developer|operator|root)\s*(note|message|override|mode|instruction|command|access)\b|\bsystem (override|note|command)\b"
    r"|\b(reply|respond|answer) (only )?with\b[^.?!]{0,30}[\"'“]"
    # what the assistant holds rather than what the framework says: its prompt, its secrets
    r"|\byour (full |entire |complete |exact |system |hidden |initial |original )*(system prompt|prompt|instructions|configuration|config|guidelines)\b"
    r"|\b(api[ _-]?keys?|\w+_api_key|environment variables?|env vars?|credentials|passwords?|hidden metadata)\b"
    r"|\b(debug|god|admin|developer|maintenance) mode\b|\bdump\b[^.?!]{0,40}\b(text|documents?|data|everything)\b"
    # rules handed to it: "new rule: you never abstain", "make up a number", "stop being…" (not "why did it invent a rule?")
    # ("new rules for Quebec orders" are the team's own business rules)
    r"|\bnew (rule|policy|instruction|persona)s?\b(?=[^.?!]{0,40}[:—–]|\s+(from|for you)\b)|\byou (never|always|no longer) (abstain|refuse|cite|answer|reply|say)\b"
    r"|(?<!\bit )(?<!\bthey )(?<!\bdid )(?<!\bdoes )(?<!\bmodel )(?<!\bbot )\b(make up|fabricate|fake) (a|an|some|the)\b|\bstop being\b",
    re.IGNORECASE,
)
# A decision rule names its approach in its own words: "Use RAG when …", "Use both when …".
_RULE = re.compile(r"^Use (?P<approach>RAG|fine-tuning|prompt engineering|both) when (?P<condition>.+)$", re.IGNORECASE)
_RULE_APPROACH = {"rag": "rag", "fine-tuning": "fine_tuning", "prompt engineering": "prompt_engineering",
                  "both": "rag_and_fine_tuning"}
# "when is that the pick?", "in which situations does it fit?": asks for the conditions, not a verdict
_CONDITIONAL = re.compile(r"^\s*((and|so|but|ok|okay|right)\b[\s,]*)*when\b|,\s*when\b|"
                          r"\b(in|under) (what|which) (situations?|circumstances|cases|conditions)\b|\bwhat conditions\b", re.IGNORECASE)
# Where each approach is defined, and the sections an intent always hears from.
DEFINING_SECTION = {"fine_tuning": "what-fine-tuning-does", "rag": "rag", "prompt_engineering": "prompt-engineering"}
INTENT_SECTIONS = {"decide": ("decision-rules",), "cost": ("hidden-costs",), "about_article": ("closing", "intro"),
                   "try_first": ("prompt-engineering",)}
# the framework's default first step, when nothing retrieved puts one thing before another
FIRST_STEP_SECTION = "prompt-engineering"
LABEL = RECOMMENDATION_IN_TEXT
_COST_WORDS = re.compile(r"\bcost|\bexpens|\bcheap|\bcompute\b|\bbudget|\boverhead|\bspend|\bprice|\binfrastructure", re.IGNORECASE)
_QUOTE_OPENS = re.compile(r"^\s*[“\"]")
_ANY_TEXT = re.compile(r"\S")


@dataclass
class OfflineAnswer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    reason: str = ""  # "injection" | "not_covered" | "partial" | ""

    def as_dict(self) -> dict:
        from .schemas import ask_result  # the one constructor of the `ask` JSON

        return ask_result(self.answer, self.citations, abstained=self.abstained, mode="offline",
                          coverage="partial" if self.reason == "partial" else None)


def looks_like_injection(question: str, corrected: str = "") -> bool:
    """`corrected`: the same question after spelling ("ignore the articel")."""
    return bool(_INJECTION.search(question) or (corrected and corrected != question and _INJECTION.search(corrected)))


def is_covered(passages: list[Passage]) -> bool:
    """On topic at all (used by the model's search tool to flag loose results)."""
    if not passages:
        return False
    return on_topic(max(p.dense for p in passages), max(p.lexical for p in passages))


def standalone_query(question: str, history: list[dict] | None) -> str:
    """A follow-up as a search query without a model: it carries the last user question.
    Whether it *is* a follow-up is the offline answer's own test (question.is_follow_up),
    so both modes agree that "a model that never looks anything up" stands alone."""
    previous = user_turns(history)
    if previous and is_follow_up(question, previous):
        return f"{previous[-1]} {question}"
    return question


def _is_heading_like(text: str) -> bool:
    """Headings are short and unpunctuated; the decision-rule bullets are longer."""
    words = len(text.split())
    return words < 5 or (words <= 11 and not text.rstrip("”’\"'").endswith((".", "!", "?")))


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def _asked_and_advised(case) -> str:
    """A case's one-line story: who the client was, what it asked for and what it was advised."""
    return (f"{case.label} ({case.industry}): the client asked for {LABEL.get(case.requested, case.requested)}, "
            f"and the recommendation was {LABEL.get(case.recommendation, case.recommendation)}.")


# where a client went when an approach fell short: prompting → training (alone or beside retrieval), retrieval → both
BEYOND = {"prompt_engineering": ("fine_tuning", "rag_and_fine_tuning"), "rag": ("rag_and_fine_tuning",)}
# where a client ended up once the cheaper approach fell short: "…and they had to train?"
_ENDED_UP_WITH = re.compile(r"\b(had to|needed to|ended up|went on to|resorted to|fell back (on|to)|moved on to|switched to|so they)\b", re.IGNORECASE)


class Composer:
    """Builds one answer: picks sections by intent, sentences by closeness, cites each section once."""

    def __init__(self, question: Question, retrieval: Retrieval, documents: dict, already_said: set[str],
                 trains_for_situation: bool | None = None):
        self.question = question
        self.trains_for_situation = trains_for_situation
        self.passages = retrieval.passages
        self.documents = documents
        self.already_said = already_said
        self.by_section: dict[str, list[tuple[float, Sentence]]] = {}
        for sentence, sim in sorted(retrieval.sentence_hits, key=lambda t: (-t[1], t[0].id)):
            if sentence.quotable and not _is_heading_like(sentence.text) and sentence.section_id in documents:
                self.by_section.setdefault(sentence.section_id, []).append((sim, sentence))
        self.used: set[str] = set()
        self.points: list[Sentence] = []  # what the answer quotes, in the order chosen
        # a figure asked for: each sentence's rank, read once (giving such a figure first, then
        # sharing most of the question's own words), not again at every fresh()
        figures_asked = [a for a in question.asks if a.kind in ("number", "setting")]
        own_stems = {w[:5] for w in _own_words(question)}
        self.figure_rank = {
            s.id: (not any(holds(a.kind, a.phrase, question, [(s, 1.0)]) for a in figures_asked),
                   -len(own_stems & {w[:5] for w in content_words(s.text)}))
            for hits in self.by_section.values() for _, s in hits} if figures_asked else {}

    # -- choosing ------------------------------------------------------------
    def fresh(self, section_id: str) -> list[tuple[float, Sentence]]:
        """A section's sentences not yet said, closest first; a figure asked for puts those
        that give one first ("what threshold did they agree?": "…is 100,000 emails a day")."""
        fresh = [(sim, s) for sim, s in self.by_section.get(section_id, [])
                 if s.id not in self.used and _normal(s.text) not in self.already_said]
        if self.figure_rank:  # …and of those, the one sharing most of the question's own words
            fresh.sort(key=lambda t: self.figure_rank[t[1].id])
        return fresh

    def take(self, sentence: Sentence) -> None:
        if sentence.id not in self.used and len(self.points) < MAX_POINTS:
            self.used.add(sentence.id)
            self.points.append(sentence)

    def take_best(self, section_id: str, n: int = 1) -> int:
        taken = 0
        for _, sentence in self.fresh(section_id)[:n]:
            self.take(sentence)
            taken += 1
        return taken

    def leading_sections(self, limit: int = MAX_SECTIONS, source: str | None = None) -> list[str]:
        seen: dict[str, float] = {}
        for p in self.passages:
            if source and p.chunk.source != source:
                continue
            seen.setdefault(p.section_id, p.score)
        return [s for s in seen if self.fresh(s)][:limit]

    def rules(self) -> list[tuple[float, Sentence, str]]:
        """Decision-rule bullets closest first, each with the approach it names."""
        out = []
        for sim, sentence in self.by_section.get("decision-rules", []):
            match = _RULE.match(sentence.text.strip())
            if match:
                out.append((sim, sentence, _RULE_APPROACH[match["approach"].lower()]))
        return out

    def ruled_approaches(self) -> set[str]:
        """The approaches a decision rule names, read from the rules section itself."""
        rules_section = self.documents.get("decision-rules")
        lines = rules_section.text.splitlines() if rules_section is not None else []
        return {_RULE_APPROACH[m["approach"].lower()] for m in (_RULE.match(line.strip(" -*")) for line in lines) if m}

    def _take_case_for(self, approach: str) -> bool:
        """The defining section's closest sentences, or its opening when a follow-up's
        search stayed on the last turn's approach ("ok and plain prompting, when?")."""
        section = DEFINING_SECTION[approach]
        if self.take_best(section):
            return True
        opening = self.opening_any(section) if section in self.documents else None
        if opening is None or _normal(opening.text) in self.already_said:
            return False
        self.take(opening)
        return True

    # -- by intent -----------------------------------------------------------
    def decide(self) -> str:
        """A yes, no or it-depends lead from the closest decision rules."""
        rules = [r for r in self.rules() if r[1].id not in self.used and _normal(r[1].text) not in self.already_said]
        if not rules:
            return self.general()
        asked = [a for a in self.question.approaches if a in ("rag", "fine_tuning", "prompt_engineering")]
        called_for = situation_calls_for(scenario_sections(self.question.corrected))
        by_situation = next((r for r in rules if r[2] == called_for), None)
        if by_situation is not None:  # "a precedent bank that changes weekly. Should we fine-tune on it?": RAG's rule decides
            rules = [by_situation, *(r for r in rules if r is not by_situation)]
        best_sim, best, best_approach = rules[0]
        rival = next((r for r in rules if r[2] != best_approach), None)
        clear = by_situation is not None or rival is None or best_sim - rival[0] >= VERDICT_MARGIN
        conditional = _CONDITIONAL.search(self.question.corrected) is not None
        combined = (COMBINED.search(self.question.corrected) is not None or self.question.adds_a_need
                    or tells_both_needs(scenario_sections(self.question.corrected)))  # "manuals that change often, and our template"
        both_rule = next((r for r in rules if r[2] == "rag_and_fine_tuning"), None)
        # prompt engineering has no "Use … when" rule: its own section makes its case, so
        # "should we just use prompting?" is not answered "probably not" by another side's rule
        unruled = (asked and not combined and not set(asked) & self.ruled_approaches()
                   and approaches_in(f"{question_sentence(self.question.corrected)} {self.question.topic}"))
        if unruled and self._take_case_for(asked[0]):
            case_for = f"the framework's case for {LABEL[asked[0]]}:"
            lead = _upper_first(case_for) if conditional else f"Often, yes: {case_for}"
        elif combined and both_rule is not None:
            lead = "Both, when this holds:"
            self.take(both_rule[1])
        elif conditional and asked:
            # "When should we fine-tune (instead of RAG)?": the conditions for each side named
            lead = "It depends on the problem; the framework's rules are:"
            for approach in dict.fromkeys(asked):
                for _, sentence, rule_approach in self.rules():
                    if rule_approach == approach:
                        self.take(sentence)
        elif asked and clear and best_approach in asked:
            lead = "Yes, if this holds:" if len(asked) == 1 else f"{_upper_first(LABEL[best_approach])}, by the framework's rules:"
            self.take(best)
        elif asked and clear and best_approach not in asked and best_approach != "rag_and_fine_tuning":
            lead = f"Probably not: for this the framework points to {LABEL[best_approach]}."
            self.take(best)
        elif not asked and clear:
            lead = f"{_upper_first(LABEL[best_approach])} fits best by the framework's rules:"
            self.take(best)
        else:
            lead = "It depends on which need dominates:"
            self.take(best)
            if rival is not None:
                self.take(rival[1])
        # the reasoning behind the rule: the closest framework section, and a close runner-up
        scores = {p.section_id: p.score for p in reversed(self.passages)}
        reasons = [s for s in self.leading_sections(4, source="framework") if s != "decision-rules"]
        for section in reasons[:2]:
            if section == reasons[0] or scores.get(section, 0) >= scores.get(reasons[0], 0) - RUNNER_UP_MARGIN:
                self.take_best(section)
        cases = self.leading_sections(1, source="case")
        if cases and self.passages and self.passages[0].section_id == cases[0]:
            self.take_best(cases[0])
        self.take_closest_sentence(besides="decision-rules")
        return lead

    def take_closest_sentence(self, besides: str = "") -> None:
        """The single sentence nearest the question speaks too, though its section ranked
        lower in the search (a long question's words can pull other sections up)."""
        best = max(((sims[0][0], section) for section, sims in self.by_section.items()
                    if section != besides and self.fresh(section)), default=None)
        if best and best[1] not in {s.section_id for s in self.points}:
            self.take_best(best[1])

    def compare(self) -> str:
        sides = [a for a in self.question.approaches if a in DEFINING_SECTION]
        if len(sides) < 2 or _compares_for_a_purpose(self.question):
            return self.general()  # "X vs fine-tuning", "prompt vs training for specialist terms": retrieval knows better
        for side in sides:  # a section's first sentence states its idea: that is what each side does
            opening = self.opening_sentence(DEFINING_SECTION[side])
            if opening is not None:
                self.take(opening)
        for _, sentence, approach in self.rules():
            if approach == "rag_and_fine_tuning":
                self.take(sentence)
                break
        return _upper_first(" and ".join(LABEL[s] for s in sides)) + " change different things:"

    def closest_cases(self, limit: int) -> list[str]:
        """Cases by their closest sentence, for an example the passages did not bring up."""
        best = sorted(((-hits[0][0], section) for section, hits in self.by_section.items()
                       if section.startswith("case-") and self.fresh(section)))
        return [section for _, section in best[:limit]]

    def illustrating_cases(self, ranked: list[str], quoted: set[str] | None = None, own_story: bool = True) -> list[str]:
        """A case the last answer quoted first (unless another client is asked for), then
        cases by how well their note's front matter `sections` (the sections it is an
        example of, its own first) match what the last answer quoted: a section few notes
        list says more than one most list, and a note's first section counts double.
        Ties, and cases that match nothing, keep the order of `ranked`."""
        if own_story and self.names_its_own_story():
            return ranked  # "any client that trained on its handbook?" says which story itself
        quoted = set(self.question.previous_sections) if quoted is None else quoted
        if ANOTHER.search(self.question.corrected):
            quoted = {s for s in quoted if not s.startswith("case-")}
        cases = self.all_cases()
        listed = {c: list(getattr(self.documents[c], "sections", None) or ()) for c in cases}
        notes_listing = Counter(s for sections in listed.values() for s in set(sections))

        def match(case_id: str) -> float:
            sections = listed[case_id]
            return sum(math.log(len(cases) / notes_listing[s]) * (2 if i == 0 else 1)
                       for i, s in enumerate(sections) if s in quoted)

        def key(case_id: str) -> tuple:
            return case_id not in quoted, -match(case_id), ranked.index(case_id) if case_id in ranked else len(ranked)

        linked = sorted((c for c in cases if (c in quoted or match(c) > 0) and self.fresh(c)), key=key)
        return list(dict.fromkeys(linked + ranked))

    def cases_of_situation(self, situation: tuple[str, ...], ranked: list[str]) -> list[str]:
        """The cases of `ranked` whose note is an example of the situation told (lists one of
        its sections) and, when the intake's rules settle whether to train for it, was advised
        the same, come first ("400 emails a day, 200 labels": the client kept on a prompt, not
        the one trained at 300,000 a day); the order of `ranked` stays within each group, unless the
        team told how many items a day it handles ("1M msgs/day"): then the notes whose own daily
        volume is nearest come first in each group, one that states none counting as ten times off."""
        ours = volume_per_day(self.question.corrected) or volume_per_day(self.question.topic)

        def distance(case_id: str) -> float:
            if not ours:
                return 0.0
            theirs = volume_per_day(self.documents[case_id].text)
            return volume_distance(ours, theirs) if theirs else UNSTATED_VOLUME_DISTANCE

        return sorted(ranked, key=lambda case_id: (bool(situation) and not self.fits_situation(case_id, situation), distance(case_id)))

    def fits_situation(self, case_id: str, situation: tuple[str, ...]) -> bool:
        """The note is an example of the situation (lists one of its sections) and, when the
        intake's rules settle whether to train for it, was advised the same."""
        case = self.documents[case_id]
        advised_training = getattr(case, "recommendation", None) in ("fine_tuning", "rag_and_fine_tuning")
        return (bool(set(getattr(case, "sections", None) or ()) & set(situation))
                and (self.trains_for_situation is None or advised_training == self.trains_for_situation))

    def told_situation(self) -> tuple[str, ...]:
        """The sections the situation the last question told points to ("…fraud jargon. Do we
        need training?"), which say what a client "like that" is an example of."""
        return scenario_sections(self.question.topic) if self.question.follow_up else ()

    def own_situation(self) -> tuple[str, ...]:
        """The sections a follow-up's own words call for ("…for the jargon?"), when it names a situation."""
        return scenario_sections(self.question.corrected) if self.question.follow_up else ()

    def situation_in_view(self) -> tuple[str, ...]:
        """The situation a follow-up names itself, else the one the last question told."""
        return self.own_situation() or self.told_situation()

    def names_its_own_story(self) -> bool:
        """The question uses a word that one case note alone uses, and no framework section,
        or a word of one note's industry or title."""
        own = set(_own_words(self.question)) - _ASKING_FOR_A_STORY  # "client policies" is one note's words, but "a client?" asks
        framework = framework_words(self.documents.values())
        cases = [d for d in self.documents.values() if d.source == "case"]
        # an everyday word ("pull that off", "point our team to") is one note's only by chance
        notes = [{w for w in own & set(content_words(d.text)) - framework if not _everyday_english(w)} for d in cases]
        # …or one note's industry or title ("and for legal language, a client?"), though the framework uses the word too
        named = [own & set(content_words(f"{d.title} {getattr(d, 'industry', '')}")) for d in cases]
        return any(sum(word in words for words in found) == 1 for found in (notes, named) for word in set().union(*found))

    def all_cases(self) -> list[str]:
        return sorted(d for d in self.documents if d.startswith("case-"))

    def opening_any(self, section_id: str) -> Sentence | None:
        """A case's first own sentence, even when the search did not bring it up (text every
        case note shares, such as a sample disclaimer, says nothing about this one)."""
        shared = _shared_sentences(self.documents)
        return next((s for s in self.read_sentences(section_id) if _normal(s.text) not in shared and not _is_heading_like(s.text)), None)

    def read_sentences(self, section_id: str) -> list[Sentence]:
        """Every sentence of a section or note, read from its text (not only those the search brought up)."""
        text = self.documents[section_id].text if section_id in self.documents else ""
        return [Sentence(f"{section_id}#{span.start}", section_id, span.start, span.end, text[span.start:span.end])
                for span in split_sentences(text)]

    def sentences_of(self, section_id: str, pattern: re.Pattern) -> list[Sentence]:
        """A section's unsaid sentences that match `pattern`, read from its text, whether or
        not the search brought them up."""
        return [s for s in self.read_sentences(section_id)
                if pattern.search(s.text) and s.id not in self.used and _normal(s.text) not in self.already_said]

    def opening_sentence(self, section_id: str) -> Sentence | None:
        fresh = [s for _, s in self.fresh(section_id)]
        return min(fresh, key=lambda s: s.start) if fresh else None

    def cost(self) -> str:
        """The hidden-costs section's sentences about cost first; another section speaks
        only if what it says is about cost too."""
        ranked = self.fresh("hidden-costs")
        about_cost = [s for _, s in ranked if _COST_WORDS.search(s.text)] + [s for _, s in ranked if not _COST_WORDS.search(s.text)]
        for sentence in about_cost[:2]:
            self.take(sentence)
        for section in self.leading_sections(3):
            if section != "hidden-costs":
                costly = [s for _, s in self.fresh(section) if _COST_WORDS.search(s.text)]
                if costly:
                    self.take(costly[0])
                    break
        return ""

    def example(self) -> str:
        similar = asks_for_a_similar_client(self.question)
        if similar:  # "did a client have the same issue?": the notes nearest the situation just described,
            # by the search and by their closest sentence together
            fused = fuse_rrf([self.leading_sections(8, source="case"), self.closest_cases(8)])
            cases = sorted(fused, key=lambda case_id: -fused[case_id])
            situation = self.situation_in_view()
            # …and first the notes that are examples of the situation told ("300k a day": a narrow task), nearest in volume
            cases = self.cases_of_situation(situation, cases)[:4]
        else:
            cases = self.leading_sections(4, source="case") or self.closest_cases(4)
            if self.question.follow_up and not self.question.previous_case:
                # "any client that did that?": a case of what was just said; "and for the jargon, a client?": of that
                # …and of the situation the last question told, whatever that answer quoted ("…for classification stuff")
                told = set(self.question.previous_sections) | set(self.told_situation())
                cases = self.illustrating_cases(cases, set(self.own_situation()) or told)
                if not self.names_its_own_story():  # …first those that are examples of the situation in view,
                    cases = self.cases_of_situation(self.situation_in_view(), cases)  # though the last answer quoted another
        if self.question.previous_case and self.question.previous_case in self.documents:
            cases = [self.question.previous_case, *[c for c in cases if c != self.question.previous_case]]
        previous_cases = [s for s in self.question.previous_sections if s.startswith("case-") and s in self.documents]
        if self.question.previous_case and len(previous_cases) > 1 and _EACH.search(self.question.corrected):
            for case_id in previous_cases[:MAX_SECTIONS]:  # "why, in each case?" after a list of cases
                self.take_best(case_id, 1)
            if self.points:
                return "Case by case:"
        asked_for, got = requested_and_got(self.question.corrected)
        if asked_for and not self.question.previous_case:
            # "which clients asked for fine-tuning but got RAG?": every such case, one point each
            pairs = asked_and_given(self.documents.values(), asked_for, got)
            if pairs:
                names = self.quote_each_case(pairs, named=pairs[:MAX_SECTIONS])
                return f"{len(pairs)} case{'s' if len(pairs) > 1 else ''} asked for {LABEL[asked_for]} and got {LABEL[got]}: {names}."
        given = outcome_of_every_client(self.question.corrected) if not self.question.previous_case else ""
        every = cases_given(self.documents.values(), given) if given else []
        if every:  # "which cases ended with both RAG and fine-tuning?": every such case named, the first quoted
            names = self.quote_each_case(every, named=every)
            return f"{len(every)} case{'s' if len(every) > 1 else ''} ended with {LABEL[given]}: {names}."
        if asks_where_it_fell_short(self.question.corrected):
            return self.example_where_it_fell_short()
        if self.question.follow_up and asks_where_it_held(self.question.corrected) and self.approach_that_held() in BEYOND:
            return self.example_where_it_held()  # a cheaper approach that was enough; training that paid off is any client given it
        rejected = set(rejected_approaches(self.question.corrected))  # "…instead of training?"
        wanted = set(self.question.approaches) - rejected
        if {"rag", "fine_tuning"} <= wanted:
            wanted = {"rag_and_fine_tuning"}
        elif wanted & {"rag", "fine_tuning"} and not rejected & {"rag", "fine_tuning"}:
            wanted.add("rag_and_fine_tuning")  # a client that got both is an example of either
        elif not wanted and rejected:  # "…but ended up not needing training?": a client given anything else
            wanted = set(RECOMMENDATION_IN_TEXT) - rejected - ({"rag_and_fine_tuning"} if rejected & {"rag", "fine_tuning"} else set())

        def recommends(case_id: str) -> bool:
            return getattr(self.documents[case_id], "recommendation", None) in wanted

        # a case whose outcome is the approach asked about, among those that ranked, else the closest
        # such case; "a client that wanted its own model trained" names what was asked for, not the outcome
        # a follow-up that names no approach and asks what a client meant to do ("did a client attempt
        # that?") takes the topic's approach as the request, not the outcome
        meant = (self.question.follow_up and not approaches_in(self.question.corrected)
                 and INTENDED.search(self.question.corrected))
        planned = our_plan_asked_of_a_client(self.question.corrected)

        def asked_for_the_plan(case_id: str) -> bool:
            return getattr(self.documents[case_id], "requested", None) == planned

        # "we want to train on our handbook — any client did exactly that?": a client that asked for it, whatever it got
        fits = asked_for_the_plan if planned else recommends
        matching = [] if not planned and (ASKED_FOR.search(self.question.corrected) or meant or similar) else (
            [c for c in cases if fits(c)] or [c for c in self.closest_cases(len(self.documents)) if fits(c)])
        cases = cases if self.question.previous_case else (matching or cases)  # a case whose outcome is the approach asked about comes first
        if not cases:
            return self.general()
        first = self.documents[cases[0]]
        if not self.take_best(first.id, 2) and (opening := self.opening_any(first.id)) is not None:
            self.take(opening)  # a note the search did not reach opens with its situation
        framework = [s for s in getattr(first, "sections", []) if self.fresh(s)]
        if framework:
            self.take_best(framework[0])
        story = _asked_and_advised(first)
        # "Yes —" answers a request for an example, not "why did the freight forwarder…?"
        return f"Yes — {story}" if intent_of(self.question.corrected) == "example" else story

    def quote_each_case(self, case_ids: list[str], named: list[str]) -> str:
        """One point from each of the first cases (its opening if none ranked), and the names of `named`."""
        for case_id in case_ids[:MAX_SECTIONS]:
            opening = self.opening_any(case_id)
            if not self.take_best(case_id, 1) and opening is not None:
                self.take(opening)
        return "; ".join(f"{self.documents[c].label} ({self.documents[c].industry})" for c in named)

    def example_where_it_fell_short(self) -> str:
        """"And one where the prompt wasn't enough?": a client whose outcome went past the
        approach that fell short (approach_that_fell_short), or that asked for training and was
        advised otherwise, among the cases that illustrate the topic, the one just told left out."""
        told = self._told_case()
        short = self.approach_that_fell_short(told)

        def went_past(case_id: str) -> bool:
            case = self.documents[case_id]
            if short in BEYOND:
                return getattr(case, "recommendation", None) in BEYOND[short]
            # training that did not pay off: a client that asked for it and was advised something else
            return getattr(case, "requested", None) == short and getattr(case, "recommendation", None) != short

        return self._another_client_where(went_past, told)

    def example_where_it_held(self) -> str:
        """"And one where it passed?" after a prompt that fell short: a client advised the
        approach the question names (prompting, where every route starts, if none) that asked
        for more, among the cases that illustrate the topic, the one just told left out."""
        told = self._told_case()
        enough = self.approach_that_held()

        def held(case_id: str) -> bool:
            case = self.documents[case_id]
            return getattr(case, "recommendation", None) == enough and getattr(case, "requested", None) != enough

        return self._another_client_where(held, told)

    def approach_that_held(self) -> str:
        """The approach "it" in "and one where it passed?" means: the one the question or its
        topic names, else prompting, where every route starts."""
        named = [a for a in self.question.approaches if a in BEYOND or a == "fine_tuning"]
        return named[0] if named else "prompt_engineering"

    def _told_case(self) -> set[str]:
        return {s for s in self.question.previous_sections[:1] if s.startswith("case-") and s in self.documents}

    def _another_client_where(self, fits, told: set[str]) -> str:
        """The best case that `fits`, among those that illustrate the topic, else the closest."""
        # the story just told says what the topic was: the sections its note is an example of;
        # "and one where the prompt wasn't enough for the jargon?" names its own
        # …and a framework answer, the sections it quoted (a client it quoted in passing is one already given)
        already_given = {s for s in self.question.previous_sections if s.startswith("case-")}
        topic = set(self.own_situation()) or (
            {s for c in told for s in getattr(self.documents[c], "sections", None) or ()} if told
            else set(self.question.previous_sections) - already_given)
        # every case, those the search brought up first, then ordered by how well they illustrate the topic
        candidates = list(dict.fromkeys(self.leading_sections(4, source="case") + self.closest_cases(len(self.documents))))
        # ("passed" in "one where it passed?" is how it went, not a word of one client's story)
        fitting = [c for c in self.illustrating_cases(candidates, topic, own_story=False) if c not in told and fits(c)]
        if _ANOTHER_ONE.search(self.question.corrected):  # "and one where…?"; "any client where this worked?" may be the one quoted
            fitting = [c for c in fitting if c not in already_given] or fitting
        if not fitting:
            return self.general()
        first = self.documents[fitting[0]]
        self.take_best(first.id, 2)
        return _asked_and_advised(first)

    def approach_that_fell_short(self, told: set[str]) -> str:
        """The approach "it" in "and one where it didn't?" means: the one the question names,
        else what the client just told was advised ("any example where fine-tuning paid off?"
        then "one where it didn't?" means training), else prompting, where every route starts."""
        # "…where it didn't work and they had to train?": the approach after "had to" is where the client ended up
        asked = _ENDED_UP_WITH.split(self.question.corrected)[0]
        named = [a for a in approaches_in(asked) if a in BEYOND or a == "fine_tuning"]
        if named:
            return named[0]
        advised = [getattr(self.documents[c], "recommendation", None) for c in told]
        return next((a for a in advised if a in BEYOND or a == "fine_tuning"), "prompt_engineering")

    def try_first(self) -> str:
        """"What should we try first?": the framework's advice on what comes before
        something else ("start by testing…", "…before you reach for fine-tuning")."""
        # the situation told says where the advice is ("…our fashion vocabulary" → "so what do we test first?")
        situation = [s for s in self.situation_in_view() if s in self.documents]
        for section in dict.fromkeys(situation + self.leading_sections(4, source="framework")):
            ordered = [s for _, s in self.fresh(section) if _PRECEDENCE.search(s.text)] or (
                self.sentences_of(section, _PRECEDENCE) if section in situation else [])
            if ordered:
                self.take(ordered[0])
                break
        if not self.points:
            self.take_best(FIRST_STEP_SECTION)
        self.general()
        return ""

    def echo(self) -> str:
        """A follow-up whose answer the last turn already quoted ("is it the same for
        classification?" after the narrow-task reason): point at the part of that sentence
        that answers it, a clause, instead of repeating the sentence or citing something worse."""
        if not self.question.previous_sections or not self.passages:
            return ""
        if self.question.intent == "try_first" and self.question.follow_up:
            return self.echo_precedence()
        asked = asking_sentence(self.question.corrected)  # "…train a model on correct examples. What should we try?" asks no examples
        if self.question.follow_up and _INSTANCES_ASKED.search(asked) and not _A_CLIENT_ASKED.search(asked):
            # "give me some examples of this kind of task" after the narrow-task reason was quoted in full:
            # the list that sentence gives ("text classification, entity extraction, document parsing…")
            listed = next((e for e in map(_enumeration, self._said_sentences(list(self.question.previous_sections[:1])))
                           if e is not None), None)
            if listed is not None:
                self.take(listed)
                return "The passage quoted above gives these examples:"
        if (self.question.follow_up and _IF_IT_FAILS.search(self.question.corrected)
                and set(self.own_situation()) <= set(self.told_situation())):  # "…with a glossary" restates our jargon
            # "and if the prompt with a glossary still falls short?" after our jargon's section was quoted in full:
            # the clause of that section which says what training does for it
            told = [s for s in self.told_situation() or self.question.previous_sections[:1] if s in self.question.previous_sections]
            if told and not any(self.fresh(s) for s in told) and (clause := self.said_clause(told, _TRAINING_HELPS)) is not None:
                self.take(clause)
                return "If it falls short, the passage quoted above says what training can do:"
        if (self.question.intent == "decide" and self.question.follow_up and _WE_TRAIN.search(self.question.corrected)
                and set(self.question.approaches) <= {"fine_tuning"} and not self.own_situation()):
            # "so do we train right away?" after our jargon was told and its section quoted in full:
            # the clause of that section which puts something before training
            told = [s for s in self.told_situation() if s in self.question.previous_sections]
            if told and (clause := self.said_clause(told, _PRECEDENCE)) is not None:
                self.take(clause)
                return "As quoted above, the framework puts this before training:"
        section = self.passages[0].section_id
        if section not in self.question.previous_sections or self.fresh(section):
            return ""
        # only what the new question adds counts: its words that the previous one did not use
        wanted = {w[:6] for w in _own_words(self.question)} - {w[:6] for w in content_words(self.question.topic)}
        best, best_overlap = None, 0 if self.question.follow_up else 1
        for _, sentence in self.by_section.get(section, []):
            for clause in _clauses(sentence):
                overlap = len(wanted & {w[:6] for w in content_words(clause.text)})
                if overlap > best_overlap:
                    best, best_overlap = clause, overlap
        if best is None:
            return ""
        self.take(best)
        return "The passage quoted above covers this too:"

    def echo_precedence(self) -> str:
        """"What should we try first?" after an answer that already said it: the clause
        of that answer which puts one thing before another."""
        for section in self.question.previous_sections:
            for _, sentence in self.by_section.get(section, []):
                if _normal(sentence.text) not in self.already_said:
                    continue
                clause = next((c for c in _clauses(sentence) if _PRECEDENCE.search(c.text)), None)
                if clause is not None:
                    self.take(clause)
                    return "As quoted above, the framework puts this first:"
        return ""

    def said_clause(self, sections: list[str], pattern: re.Pattern) -> Sentence | None:
        """The first clause matching `pattern` in a sentence of `sections` that earlier answers
        already quoted: what fine-tuning can do (_TRAINING_HELPS), what comes before training
        (_PRECEDENCE, "start by testing … before committing to a training run")."""
        for sentence in self._said_sentences(sections):
            clause = next((c for c in _clauses(sentence) if pattern.search(c.text)), None)
            if clause is not None:
                return clause
        return None

    def _said_sentences(self, sections: list[str]) -> list[Sentence]:
        """The sentences of `sections`, in reading order, that earlier answers already quoted."""
        return [s for section_id in sections for s in self.read_sentences(section_id) if _normal(s.text) in self.already_said]

    def take_quote(self, section_id: str, attribution: Sentence) -> None:
        """A quote whole, from its opening mark to the line that says whose it is."""
        opening = [s for s in self.sentences_of(section_id, _QUOTE_OPENS) if s.start < attribution.start][-1:]
        if opening:
            quote = [s for s in self.sentences_of(section_id, _ANY_TEXT) if opening[0].start <= s.start < attribution.start]
            for sentence in quote:
                self.take(sentence)
        self.take(attribution)

    def about_article(self) -> str:
        if self.question.asks_for("person"):
            # the quote and its "— Rahul, …" line, read from the text: too short to rank near any question
            attribution = self.sentences_of("closing", HOLDS_PERSON)
            if attribution:
                self.take_quote("closing", attribution[0])
                if not _AUTHOR_ASKED.search(self.question.corrected):
                    return "The article says whose the quote is:"  # "who said it?"
                return "The article names no author; it closes with a quote and says whose it is:"
            for sentence in [s for _, s in self.fresh("closing") if "practice" in s.text][:1]:
                self.take(sentence)
            return "The article names no author; it presents the framework as its consultancy's own:"
        if self.question.article_sections:  # "what did Rahul say?": the section that signs with that name
            asked = set(content_words(self.question.corrected))
            for section in self.question.article_sections:
                signed = [s for s in self.sentences_of(section, HOLDS_PERSON)
                          if HOLDS_PERSON.search(s.text).group(1).lower() in asked]
                if signed:  # the person it quotes: the quote and its attribution
                    self.take_quote(section, signed[0])
                else:
                    self.take_best(section, 2)
            if self.points:
                return ""
        # "what does the closing section say?" names one end of the article; otherwise both ends frame it
        end = _END_OF_ARTICLE.search(self.question.corrected)
        for section in ("closing",) if end else ("intro", "closing"):
            self.take_best(section, 2 if end else 1)
        return ""

    def general(self) -> str:
        """The framework leads (it is the authority); close runners-up and the section of an
        approach the question names speak too; a case that ranks first illustrates."""
        framework = self.leading_sections(5, source="framework")
        cases = self.leading_sections(1, source="case")
        scores: dict[str, float] = {}
        for p in self.passages:
            scores.setdefault(p.section_id, p.score)
        if not framework:
            if cases:
                self.take_best(cases[0], 2)
            return ""
        self.take_best(framework[0], 2)
        spoken = 1
        named = [DEFINING_SECTION[a] for a in self.question.approaches if a in DEFINING_SECTION]
        for section in framework[1:]:
            close = scores.get(section, 0) >= scores.get(framework[0], 0) - RUNNER_UP_MARGIN
            if spoken < MAX_SECTIONS and (close or (named and section == named[0])):
                self.take_best(section)
                spoken += 1
        if cases and self.passages and self.passages[0].section_id == cases[0]:
            self.take_best(cases[0])
        self.take_closest_sentence()
        return ""

    # -- writing -------------------------------------------------------------
    def cite(self) -> tuple[list[Citation], dict[str, int]]:
        """One citation per section, numbered in order of first use; its quote runs from
        the first to the last sentence used there (verbatim, as the source has it)."""
        spans: dict[str, list[Sentence]] = {}
        for sentence in self.points:
            spans.setdefault(sentence.section_id, []).append(sentence)
        citations, numbers = [], {}
        for section_id, sentences in spans.items():
            doc = self.documents[section_id]
            start = min(s.start for s in sentences)
            end = max(s.end for s in sentences)
            quote = doc.text[start:end]
            if len(quote) > MAX_QUOTE_CHARS:  # far-apart sentences: quote the first one only
                quote = doc.text[sentences[0].start:sentences[0].end]
                self.points = [p for p in self.points if p.section_id != section_id or p is sentences[0]]
            numbers[section_id] = len(citations) + 1
            citations.append(Citation(n=numbers[section_id], section_id=section_id, source=doc.source,
                                      title=doc.label, quote=quote))
        return citations, numbers

    def write(self, lead: str, note: str = "") -> tuple[str, list[Citation]]:
        citations, numbers = self.cite()
        order = {sid: i for i, sid in enumerate(numbers)}
        self.points.sort(key=lambda p: (order[p.section_id], p.start))  # reading order
        body = " ".join(f"{_full_stop(p.text)} [{numbers[p.section_id]}]" for p in self.points)
        parts = [x for x in (note, lead, body) if x]
        return " ".join(parts), citations


def compose_answer(question: Question, coverage: Coverage, retrieval: Retrieval, documents: dict,
                   history: list[dict] | None = None, trains_for_situation: bool | None = None) -> OfflineAnswer:
    """`documents` maps a section or case id to its Section or CaseNote; `trains_for_situation`
    is whether the intake's rules advise training for the situation the last turn told, if
    they settle it."""
    if looks_like_injection(question.text, question.corrected):
        return OfflineAnswer(NOT_AN_INSTRUCTION, abstained=True, reason="injection")
    if not coverage.answerable:
        return OfflineAnswer(NOT_COVERED, abstained=True, reason="not_covered")
    already_said = _sentences_said(history, documents)
    composer = Composer(question, retrieval, documents, already_said, trains_for_situation)
    intent = question.intent
    if coverage.status == "partial" and intent == "about_article":
        lead = composer.about_article() if question.asks_for("person") else ""
        if not composer.points:
            return OfflineAnswer(coverage.note.replace("The framework", "The article"), abstained=True, reason="not_covered")
        text, citations = composer.write("", coverage.note.replace("The framework", "The article") + " What it does say:")
        return OfflineAnswer(text, citations, abstained=True, reason="partial")
    if coverage.status == "partial":
        lead = composer.cost() if intent == "cost" else composer.general()
    elif (parent := _listed_parent(question, retrieval, documents)) is not None:
        return _outline_answer(parent, [documents[c] for c in parent.children if c in documents])
    else:
        lead = composer.echo() if intent != "example" else ""  # "is there a client example?" wants a case, not the last quote
        if question.asks_for("person") and not question.previous_case and intent != "example":
            intent = "about_article"  # "who said it?" after the closing quote: the article says whose it is
        if not composer.points:
            lead = {"decide": composer.decide, "compare": composer.compare, "cost": composer.cost,
                    "example": composer.example, "about_article": composer.about_article,
                    "try_first": composer.try_first}.get(intent, composer.general)()
    if not composer.points:
        composer.general()
    if not composer.points:
        if already_said:
            return OfflineAnswer("The framework has nothing to add to what I've already quoted above.", abstained=False)
        return OfflineAnswer(NOT_COVERED, abstained=True, reason="not_covered")
    note = ""
    if coverage.status == "partial":
        note = f"{coverage.note} What it does say{' about cost' if intent == 'cost' else ''}:"
        lead = ""
    text, citations = composer.write(lead, note)
    return OfflineAnswer(text, citations, abstained=coverage.status == "partial",
                         reason="partial" if coverage.status == "partial" else "")


_ENUMERATION = re.compile(
    r"\b(list|enumerate|reasons|situations|circumstances|grounds|cases where|use ?cases|one of the few|handful of|"
    r"(solid|good|valid|legit\w*|real|genuine|strong) (case|reason|use)s? for|"
    # a number of them: "which three cases justify training?", "the 3 situations where…"
    r"(two|three|four|five|[2-5]) (\w+ )?(cases|situations|scenarios|conditions|exceptions|things|ways|grounds|reasons)|"
    r"when is [^?]{0,40}\b(justified|worth|legitimate|warranted|appropriate|the right call))\b", re.IGNORECASE)


def _listed_parent(question: Question, retrieval: Retrieval, documents: dict):
    """A heading-only parent (§2 "The three reasons…") answers with its outline when it ranks
    first, or among the first three for a question that asks for a list."""
    ranked = list(dict.fromkeys(p.section_id for p in retrieval.passages))[:3]
    for position, section_id in enumerate(ranked):
        doc = documents.get(section_id)
        if doc is None or not getattr(doc, "children", ()):
            continue
        if question.follow_up and points_back(question.corrected) and section_id not in question.previous_sections:
            continue  # "is that a good reason?" judges what was just said, not a list the last answer never gave
        if (position == 0 and question.intent not in ("decide", "compare", "cost", "example", "why")
                and not set(scenario_sections(question.corrected)) - {section_id} and not _THE_COMMONEST.search(question.corrected)):
            return doc  # not for "is looking 'proprietary' a good reason?", whose situation another section explains
        if _ENUMERATION.search(question.corrected) and question.intent not in ("compare", "example", "cost"):
            return doc
    return None


# "the most common reason teams want to fine-tune" asks for the one heard most, not the list of good ones
_THE_COMMONEST = re.compile(r"\b(most (common|frequent|usual|typical|popular)|commonest|usual|typical|number[- ]one|#1)\s+([\w-]+\s+)?"
                            r"(reason|rationale|motive|motivation|driver|argument|excuse)\b", re.IGNORECASE)


_COMPARE_WORDS = frozenset("difference differences differ between versus vs compare compared comparison contrast better worse "
                           "than pros cons trade off tradeoff tradeoffs what whats main key real".split())


def _compares_for_a_purpose(question: Question) -> bool:
    """"RAG vs fine-tuning?" compares the approaches themselves; "glossary in the prompt vs
    training for specialist terms" compares them for a purpose, which retrieval finds."""
    from .question import APPROACH_PATTERNS, content_words

    rest = question.corrected
    for pattern in APPROACH_PATTERNS.values():
        rest = pattern.sub(" ", rest)
    return len([w for w in content_words(rest) if w not in _COMPARE_WORDS]) > 2


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full_stop(text: str) -> str:
    """Rule bullets have no full stop; in running text they need one."""
    return text if text.rstrip("”’\"')").endswith((".", "!", "?")) else text + "."


def _knowledge_sentences(documents: dict):
    """Every sentence of the knowledge, in document order: (document id, its normalised text).
    One walk that the history readers below (what was said, which sections it came from,
    what every note shares) all make the same way."""
    for doc in documents.values():
        for span in split_sentences(doc.text):
            yield doc.id, _normal(doc.text[span.start:span.end])


def _sentences_said(history: list[dict] | None, documents: dict) -> set[str]:
    """Sentences of the knowledge already quoted in earlier assistant turns."""
    previous = " ".join(_normal(m.get("content", "")) for m in (history or []) if m.get("role") == "assistant")
    if not previous:
        return set()
    return {sentence for _, sentence in _knowledge_sentences(documents) if len(sentence) > 20 and sentence in previous}


_AUTHOR_ASKED = re.compile(r"\b(wr[io]te|writ\w*|author\w*|behind)\b", re.IGNORECASE)
_END_OF_ARTICLE = re.compile(r"\b(clos(e|es|ing)|conclu\w+|end(s|ing)?|final|last)\b", re.IGNORECASE)
_PRECEDENCE = re.compile(r"\b(before|start (by|with)|first)\b", re.IGNORECASE)
# the cheaper step failing: "and if the prompt still falls short?", "and if they don't fix it, what then?"
_IF_IT_FAILS = re.compile(r"\b(if|when|what if|suppose)\b[^?]{0,60}?\b(falls? short|fails?|failed|(doesn['’]?t|does not|don['’]?t|do not|didn['’]?t) "
                          r"(work|fix|help|cut it|do it|solve)|(isn['’]?t|is not|aren['’]?t|not) (good )?enough|still (can['’]?t|cannot|fails?|breaks?|"
                          r"isn['’]?t|doesn['’]?t|not))\b", re.IGNORECASE)
_TRAINING_HELPS = re.compile(r"\bfine-tuning\b[^.]{0,40}\b(can help|helps|can)\b", re.IGNORECASE)
# the team deciding whether to train: "so do we train right away?", "should we go straight to training?"
_WE_TRAIN = re.compile(r"\b(we|i|us)\b[^.?!]{0,30}\b(train|training|fine-?tun\w*|finetun\w*)\b", re.IGNORECASE)
_LEADING_JOINER = re.compile(r"^(and|but|though|although|or|so|which|while)\s+", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"\s+[—–-]\s+|[,;:]\s+")
# words every follow-up about the approaches shares: they say what it is about, not what it asks
_SHARED_WORDS = frozenset("rag retrieval fine tune tuning tuned finetune finetuning fine-tuning fine-tuned prompt prompting "
                          "engineering model models llm approach same also true still case train trained training".split())


# the words of a request for a client's story, which cannot name which story it is
_ASKING_FOR_A_STORY = frozenset("client clients customer customers example examples case cases instance instances story stories".split())


EVERYDAY_ENGLISH = 5.5  # zipf: a word written at least about 300 times per million English words ("off", "point", "give")


def _everyday_english(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist="small") >= EVERYDAY_ENGLISH


def _own_words(question: Question) -> list[str]:
    return [w for w in content_words(question.corrected) if w not in _SHARED_WORDS and len(w) > 2]


def _enumeration(sentence: Sentence) -> Sentence | None:
    """The list of three or more things a sentence gives, set off by dashes or brackets or
    after "such as" ("— text classification, entity extraction, document parsing to a fixed schema —")."""
    match = _LISTED_THINGS.search(sentence.text)
    if match is None:
        return None
    listed = match.group("list").rstrip()
    return Sentence(f"{sentence.id}#{match.start('list')}", sentence.section_id, sentence.start + match.start("list"),
                    sentence.start + match.start("list") + len(listed), listed)


_LISTED_THINGS = re.compile(r"(?:[—–(]|\bsuch as|\bincluding|\be\.g\.,?|\bfor example,?)\s*"
                            r"(?P<list>[^—–();:.,]{3,60}(?:,\s*[^—–();:.,]{3,60}){2,}?)\s*(?=[—–);:.]|$)")
# asking for instances of a kind of thing, not for a client: "examples of this kind of task", "what kinds of tasks?"
_INSTANCES_ASKED = re.compile(r"\b(examples?|instances|kinds of|types of|sorts of)\b", re.IGNORECASE)
_A_CLIENT_ASKED = re.compile(r"\b(clients?|customers?|cases?|compan(y|ies)|organi[sz]ations?|firms?|teams?|projects?|"
                             r"engagements?|stor(y|ies)|real[- ]world|in practice)\b", re.IGNORECASE)


def _clauses(sentence: Sentence) -> list[Sentence]:
    """The comma-, dash- and colon-separated parts of a sentence, each a verbatim span of its section."""
    parts, pos = [], 0
    for match in [*_CLAUSE_BREAK.finditer(sentence.text), None]:
        end = match.start() if match else len(sentence.text)
        text = _LEADING_JOINER.sub("", sentence.text[pos:end].strip())
        if len(text) > 12:
            offset = sentence.text.index(text, pos)
            parts.append(Sentence(f"{sentence.id}#{offset}", sentence.section_id, sentence.start + offset,
                                  sentence.start + offset + len(text), text))
        pos = match.end() if match else pos
    return parts


_ANOTHER_ONE = re.compile(r"\b(one|another|other|else)\b", re.IGNORECASE)
_EACH = re.compile(r"\b(each|every|all|those|them|they|these|both)\b", re.IGNORECASE)


def _shared_sentences(documents: dict) -> set[str]:
    """Sentences found in more than one document (boilerplate): they identify no section."""
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for doc_id, sentence in _knowledge_sentences(documents):
        if seen.setdefault(sentence, doc_id) != doc_id:
            shared.add(sentence)
    return shared


def last_answer(history: list[dict] | None) -> str:
    """The text of the last assistant turn ("" when there is none)."""
    return next((m.get("content", "") for m in reversed(history or []) if m.get("role") == "assistant"), "")


def is_refusal(answer: str) -> bool:
    """A refusal names the framework's topics but answers nothing from it."""
    return answer.startswith((NOT_COVERED[:40], NOT_AN_INSTRUCTION[:40]))


_QUOTABLE_CLAUSE = 40  # characters: a clause this long names its sentence


def sections_quoted(history: list[dict] | None, documents: dict) -> tuple[str, ...]:
    """The sections the last assistant turn quoted, in the order it quoted them: what a
    follow-up ("is it the same for classification?") most likely still talks about.
    Read from the answer's text, so a client that sends back only the text works too."""
    last = last_answer(history)
    if not last or is_refusal(last):
        return ()  # a refusal quotes nothing, though it names the framework's topics
    said = _normal(last)
    shared = _shared_sentences(documents)
    first_found: dict[str, int] = {}  # a section is placed by the first of its sentences found
    for doc_id, sentence in _knowledge_sentences(documents):
        if doc_id not in first_found and len(sentence) > 20 and sentence not in shared:
            at = said.find(sentence)
            if at >= 0:
                first_found[doc_id] = at
    if not first_found:  # an answer that pointed at one clause ("as quoted above, …: start by testing whether…")
        for doc_id, sentence in _knowledge_sentences(documents):
            if doc_id in first_found or sentence in shared:
                continue
            clauses = [_LEADING_JOINER.sub("", part) for part in _CLAUSE_BREAK.split(sentence)]
            found = [at for at in (said.find(c) for c in clauses if len(c) >= _QUOTABLE_CLAUSE) if at >= 0]
            if found:
                first_found[doc_id] = min(found)
    return tuple(dict.fromkeys(section for _, section in sorted((at, doc_id) for doc_id, at in first_found.items())))


# "the second one", "that 2nd reason", or an item by its number: "#3", "number two", "point 3"
_ORDINAL = re.compile(r"\b(?:the|that|this)\s+(first|1st|second|2nd|third|3rd|fourth|4th|last)\b|"
                      r"(?:#\s?|\b(?:number|no\.|item|point|reason|bullet)\s+)([1-4]|one|two|three|four)\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "1": 1, "2": 2, "3": 3, "4": 4, "one": 1, "two": 2, "three": 3, "four": 4}
_NUMBERED_ITEM = re.compile(r"(?:^|(?<=[\s:;]))(\d)\.\s")


def item_pointed_at(question: str, history: list[dict] | None, documents: dict) -> str:
    """"And the second one?", "that 2nd reason, in plain English?": the section the last
    answer with a numbered list gave as that item. "" when nothing is pointed at or no
    answer had a numbered list (then "the first one" means an earlier question)."""
    pointed = _ORDINAL.search(question)
    if not pointed:
        return ""
    # the latest answer that gave a numbered list: "and the second?", then "the last one please"
    answers = [m.get("content", "") for m in reversed(history or []) if m.get("role") == "assistant"]
    last = next((a for a in answers if len(_NUMBERED_ITEM.findall(a)) >= 2), "")
    markers = list(_NUMBERED_ITEM.finditer(last))
    if len(markers) < 2:
        return ""
    segments = [_normal(last[m.start():(markers[i + 1].start() if i + 1 < len(markers) else len(last))])
                for i, m in enumerate(markers)]
    word = (pointed.group(1) or pointed.group(2)).lower()
    index = len(segments) - 1 if word == "last" else _ORDINALS[word] - 1
    if index >= len(segments):
        return ""
    for doc_id, sentence in _knowledge_sentences(documents):
        if len(sentence) > 20 and sentence in segments[index]:
            return doc_id
    return ""


# "which one of those clients had the 18% error?", "which of them was in healthcare?": one of the cases just listed
# ("which of the three approaches…?" points at no client)
_WHICH_OF_THOSE = re.compile(r"\bwhich\b(\s+one)?\s+(of|among)\s+((those|them|these)\b(\s+(clients?|cases?|companies|ones)\b)?|"
                             r"the (two|three|four|five) (clients|cases|companies|ones)\b)", re.IGNORECASE)
_FIGURE_WORD = re.compile(r"\d[\d,.]*\s?%?")


def case_picked_from_listed(question: str, listed: tuple[str, ...], documents: dict) -> str:
    """The one case, among those the last answer named (`listed`), whose note alone holds most
    of what the question says of it: its figures ("the 18% error") count twice, its words
    (by their first five letters) once, the industry and title included. "" for a tie, no
    pointer or fewer than two cases listed."""
    pointer = _WHICH_OF_THOSE.search(question)
    cases = [c for c in listed if c.startswith("case-") and c in documents]
    if pointer is None or len(cases) < 2:
        return ""
    rest = question[:pointer.start()] + " " + question[pointer.end():]
    figures = {f.strip().replace(" ", "") for f in _FIGURE_WORD.findall(rest)}
    texts = {c: f"{documents[c].text} {getattr(documents[c], 'industry', '')} {documents[c].title} {_asked_and_advised(documents[c])}"
             for c in cases}
    owns = {c: {w[:5] for w in content_words(text)} for c, text in texts.items()}
    shared = set.intersection(*owns.values())  # a word every listed note uses tells none of them apart
    stems = {w[:5] for w in content_words(rest)} - shared

    def score(case_id: str) -> int:
        return 2 * sum(f in texts[case_id].replace(" %", "%") for f in figures) + len(stems & owns[case_id])

    scores = sorted(((score(c), c) for c in cases), reverse=True)
    return scores[0][1] if scores[0][0] > 0 and scores[0][0] > scores[1][0] else ""


def _outline_answer(parent, children: list) -> OfflineAnswer:
    """A heading-only parent answers with its own heading and each child's: the outline
    *is* the answer to "what are the reasons…" questions."""
    parts, citations = [], []
    for doc in [parent, *children]:
        spans = split_sentences(doc.text)
        if not spans:
            continue
        quote = doc.text[spans[0].start:spans[0].end]
        citations.append(Citation(n=len(citations) + 1, section_id=doc.id, source=doc.source, title=doc.label, quote=quote))
        parts.append(f"{quote} [{len(citations)}]")
    head, *rest = parts
    return OfflineAnswer(f"{head}: " + "; ".join(rest) + "." if rest else head, citations)
