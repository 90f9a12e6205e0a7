"""Typo-tolerant questions: a spelling corrector built from the knowledge base's own words
plus a general English frequency list.

Why symspellpy: it ships an English frequency dictionary (82,765 words, no download),
its symmetric-delete lookup answers in well under a millisecond, and custom words
(our knowledge base's vocabulary) go in with their own counts. rapidfuzz would need a
word list from elsewhere and scans it per token (about 10 ms); wordfreq has
frequencies but no corrector.

Rules that keep it safe:
- a word the knowledge base uses, or a known English word, is never rewritten, so a
  domain term (RAG, LoRA, JSON, MLOps) can never become another word;
- acronyms, words with digits and words under four letters are left alone;
- a correction into the knowledge base's vocabulary may be two edits away, into
  general English only one, so an unknown technical word is not forced into a
  dictionary word ("chatbot" stays "chatbot");
- a two-edit correction keeps the first letter ("trulens" is not "rules"), a word without
  a vowel is an abbreviation ("sft" is not "set"), and a contraction keeps its "n't"
  ("didn't" is not "did't");
- the corrected text is *added* to what lexical search sees, never a replacement.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .field_terms import CURRENCY_NAMES, FIELD_WORDS

log = logging.getLogger(__name__)

ENGLISH_WORDS = 30_000  # the most frequent English words that may be suggested
COMMON_WORDS = 300  # a rare real word one edit from one of these is a typo of it ("wen" → "when")
BASIC_WORDS = 3_000  # everyday English: "step", "option", "window" name no concept of their own
# Everyday words of people who build software that general English counts as rare, so a
# one-edit "typo" fix would turn them into common words: "our bot" -> "our not", "repos" -> "reps".
SOFTWARE_WORDS = frozenset("bot bots chatbot chatbots repo repos saas cpu cpus gpu gpus sla slas llm llms api apis sdk sdks "
                           "crm erp etl kpi kpis sso vpn faq faqs url urls param params hyperparam hyperparams".split())
RARE_COUNT = 5_000_000
FIXED_WORDS_KEPT = 50_000  # words remembered as read (a few MB); the memory starts over when full
WRITTEN_WORD = 3.5  # zipf: a word of five letters or more written this often is meant ("baked"; "thier" is 3.0)
TABLE_VERSION = 2  # part of the lookup table's cache name: a new way of building it is never read from an old file
KNOWLEDGE_COUNT = 10**10  # knowledge-base words outrank any English word at the same distance
_CONNECTIVES = frozenset({"vs", "etc", "eg", "ie", "ok", "faq", "faqs"})
# Chat shorthand people type in a hurry: too short for the corrector's edit distance, and
# ambiguous only in upper case ("R" the language), so only lower-case forms are expanded.
CHAT_SHORTHAND = {"u": "you", "ur": "your", "r": "are", "tho": "though", "pls": "please", "plz": "please",
                  "bc": "because", "cuz": "because", "coz": "because", "abt": "about", "wat": "what", "wut": "what",
                  "smth": "something", "thx": "thanks", "ppl": "people", "b4": "before", "w/o": "without", "w/": "with",
                  # contractions typed without their apostrophe ("dont" is not a typo of "done")
                  "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't",
                  "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "shouldnt": "shouldn't", "wouldnt": "wouldn't",
                  "couldnt": "couldn't", "havent": "haven't", "hasnt": "hasn't", "whats": "what's", "thats": "that's",
                  "im": "I'm", "ive": "I've", "youre": "you're", "theyre": "they're",
                  # clipped words, so that the knowledge's full forms match ("docs" → "documents")
                  "docs": "documents", "doc": "document", "specs": "specifications", "info": "information",
                  "infra": "infrastructure", "evals": "evaluations", "eval": "evaluation", "prod": "production",
                  "devs": "developers", "reqs": "requirements", "perf": "performance", "config": "configuration",
                  "msgs": "messages", "msg": "message", "mgmt": "management", "tbh": "to be honest",
                  # the field's own shorthand for the three approaches and their parts
                  "ft": "fine-tuning", "pe": "prompt engineering", "kb": "knowledge base"}
# …and the same shorthand in capitals ("FT vs RAG?"), which would otherwise read as a product's name
FIELD_ACRONYMS = {"FT": "fine-tuning", "PE": "prompt engineering", "KB": "knowledge base"}
_FIELD_ACRONYM = re.compile(r"(?<![\w/])(?<!\d )(FT|PE|KB)(?![\w/'’-])")  # "40 KB" measures a size
_UNITS = r"ms|s|secs?|mins?|h|hrs?|gb|mb|tb|kb"  # a quantity's unit: "100ms", "40gb" measure, they name nothing
_OPENING_Y = re.compile(r"^\s*y(?=\s+(tho|though|not|is|are|do|does|did|would|should)\b|\s*\?*\s*$)")  # "y tho", "y not?"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_LETTERS_AND_DIGITS = re.compile(r"\b[a-z]+\d[a-z\d]*\b|\b\d+[a-z][a-z\d]*\b")  # "p95", "gpt4", "8b": the knowledge's own named figures
_TOKEN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Correction:
    text: str  # the question with corrections applied
    changes: tuple[tuple[str, str], ...]  # (as typed, corrected)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def knowledge_vocabulary(documents: Iterable) -> dict[str, int]:
    """The vocabulary of sections and case notes as shown: label, a note's industry
    ("Pharma", which its text never spells out) and text."""
    return vocabulary(f"{d.label} {getattr(d, 'industry', '')} {d.text}" for d in documents)


def vocabulary(texts: Iterable[str]) -> dict[str, int]:
    """Lower-case words of the knowledge base with their counts; hyphenated words also
    count in their joined form ("fine-tuning" → "finetuning"), since people type both, and
    a term of letters and digits the knowledge uses ("p95") is its own word, not an unknown one."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _WORD.findall(text):
            word = re.sub(r"'s$", "", word.lower().replace("’", "'"))  # "forwarder's" is "forwarder"
            for form in {word, word.replace("-", ""), *word.split("-")}:
                form = form.strip("'")
                if form.isalpha() or "-" in form:
                    counts[form] = counts.get(form, 0) + 1
        for token in _LETTERS_AND_DIGITS.findall(text.lower()):
            counts[token] = counts.get(token, 0) + 1
    return counts


def _english_words(cache_dir: Path | None) -> tuple[list[str], list[int]]:
    """symspellpy's frequency list, most frequent first (parsed once per file: english_words.py)."""
    from . import english_words

    return english_words.load(cache_dir)


def _dropped_letters(typed: str, word: str) -> bool:
    """The typed word is the word with letters left out, in order."""
    letters = iter(word)
    return len(typed) < len(word) and all(c in letters for c in typed)


COMMON_RATIO = 20  # a dropped-letter reading wins when its word is at least a twentieth as frequent


class SpellingCorrector:
    """Corrects unknown words toward the knowledge base first, then common English."""

    def __init__(self, knowledge_words: dict[str, int], cache_dir: Path | None = None):
        self.knowledge_words = knowledge_words
        self.joined_forms = self._joined_forms(knowledge_words)
        self.cache_dir = cache_dir
        self._known: set[str] | None = None
        self._knowledge_alpha: set[str] | None = None
        self._symspell = None
        self._lock = threading.Lock()
        self._fixed_words: dict[str, str] = {}  # each word as typed → as read: the same words come in every question

    @staticmethod
    def _joined_forms(words: dict[str, int]) -> dict[str, str]:
        """"finetuning" → "fine-tuning": the spelling people type for a hyphenated term."""
        return {w.replace("-", ""): w for w in words if "-" in w and w.replace("-", "").isalpha()}

    @property
    def known_knowledge_words(self) -> set[str]:
        if self._knowledge_alpha is None:
            self._knowledge_alpha = {w for w in self.knowledge_words if w.isalpha()}
        return self._knowledge_alpha

    @property
    def everyday_words(self) -> frozenset[str]:
        """The few hundred most frequent English words ("home", "public", "travel")."""
        self.known()
        return frozenset(self._common)

    @property
    def common_english(self) -> frozenset[str]:
        self.known()
        return self._common_english

    # -- lazy parts: the word set is cheap; the lookup table is built or unpickled once
    def known(self) -> set[str]:
        if self._known is None:
            words, counts = _english_words(self.cache_dir)
            self._counts = dict(zip(words, counts))
            self._common = [w for w in words[:COMMON_WORDS] if len(w) >= 3]
            self._common_english = frozenset(words[:ENGLISH_WORDS])
            self._basic = frozenset(words[:BASIC_WORDS])
            self._known = set(self._counts) | {w for w in self.knowledge_words if w.isalpha()}
        return self._known

    def is_unknown_term(self, token: str) -> bool:
        """A technical term the knowledge base never uses: a name with digits (GPT-4o, A100),
        CamelCase (DeepSpeed, QLoRA), an acronym (MTEB, RLHF), or a lower-case word that is
        neither English nor one or two edits from a known word (pgvector, vllm)."""
        parts = [p for p in re.split(r"[-/]", token) if p]
        lower = token.lower()
        if not parts or lower in self.knowledge_words or lower in _CONNECTIVES:
            return False
        if all(p.lower() in self.knowledge_words for p in parts):
            return False
        self.known()
        if all(re.fullmatch(rf"\d+(?:[.,]\d+)?(k|m|bn|x|%|{_UNITS})?", p.lower()) or p.lower() in self._basic for p in parts):
            return False  # everyday things counted, rated or measured: "3-person", "1m/day", "2k/month", "100ms", "40gb"
        if any(c.isdigit() for c in token):
            return any(c.isalpha() for c in token) and not re.fullmatch(r"\d+(st|nd|rd|th|s|k|m|x|%)?", lower)
        if len(token) >= 2 and (token.isupper() or re.fullmatch(r"[A-Z]{2,}s", token)):
            return token.rstrip("s").lower() not in self.knowledge_words
        if any(c.isupper() for c in token[1:]):
            return True
        if "-" in token or not token.isalpha() or len(token) < 4 or not token.islower():
            return False
        if lower in self.known() or self._two_known_words(lower):
            return False  # "usecases", "finetuned": two known words run together
        from symspellpy import Verbosity

        return not self._lookup_table().lookup(lower, Verbosity.TOP, max_edit_distance=2)

    def is_outside_word(self, word: str) -> bool:
        """A word that could name a concept the knowledge never discusses ("caching",
        "graph", "GraphRAG"): not the knowledge's own (with its plurals and -ing/-ed forms),
        and not everyday English. Each part of a hyphenated word is judged on its own."""
        self.known()
        parts = [p for p in re.split(r"[-/]", re.sub(r"['’]s$", "", word)) if p]
        return any(self._outside_part(p) for p in parts)

    def _outside_part(self, part: str) -> bool:
        lower = part.lower()
        if len(lower) < 4 or not lower.isalpha() or (part.islower() and lower in self._basic):
            return False
        words = self.knowledge_words
        forms = {lower, lower[:-1] if lower.endswith("s") else lower, lower[:-3] if lower.endswith("ing") else lower,
                 lower[:-3] + "e" if lower.endswith("ing") else lower, lower[:-2] if lower.endswith("ed") else lower,
                 lower[:-1] if lower.endswith("ed") else lower}
        return not any(f in words for f in forms)

    def common_typo(self, word: str) -> str | None:
        """A rare dictionary word one edit from a very common one ("wen", "shoud" spelt as
        a real word): questions are made of common words, so the common one was meant."""
        from rapidfuzz.distance import DamerauLevenshtein

        lower = word.lower()
        self.known()  # loads the frequency counts
        if len(lower) < 3 or lower in self.knowledge_words or lower in SOFTWARE_WORDS or self._counts.get(lower, 0) >= RARE_COUNT:
            return None
        if not re.search(r"[aeiouy]", lower):
            return None  # "sft", "hrs": a word without a vowel is an abbreviation, not a slip on "set"
        from wordfreq import zipf_frequency

        if len(lower) >= 5 and zipf_frequency(lower, "en", wordlist="small") >= WRITTEN_WORD:
            return None  # "baked" is a word people write, not a slip on "based"
        for candidate in self._common:
            if abs(len(candidate) - len(lower)) <= 1 and DamerauLevenshtein.distance(lower, candidate) == 1:
                return candidate
        return None

    def _two_known_words(self, word: str) -> bool:
        known = self.known()
        return any(word[:i] in known and (word[i:] in known or word[i:].rstrip("s") in known)
                   for i in range(2, len(word) - 1))

    def _lookup_table(self):
        if self._symspell is None:
            with self._lock:
                if self._symspell is None:
                    self._symspell = self._build()
        return self._symspell

    def _cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(repr((TABLE_VERSION, sorted(self.knowledge_words.items()))).encode()).hexdigest()[:16]
        return Path(self.cache_dir) / f"spelling-{digest}.pickle"

    def _build(self):
        from symspellpy import SymSpell

        table = SymSpell(max_dictionary_edit_distance=2, prefix_length=6)
        cache = self._cache_file()
        if cache is not None and cache.exists():
            try:
                table.load_pickle(cache)
                return table
            except (OSError, EOFError, ValueError, KeyError, TypeError, pickle.UnpicklingError) as exc:  # rebuilt, never fatal
                log.warning("spelling cache %s unreadable (%s): rebuilding it", cache.name, exc)
                cache.unlink(missing_ok=True)  # read once, warned once: the rebuilt table replaces it
                table = SymSpell(max_dictionary_edit_distance=2, prefix_length=6)
        words, counts = _english_words(self.cache_dir)
        for word, count in zip(words[:ENGLISH_WORDS], counts[:ENGLISH_WORDS]):
            table.create_dictionary_entry(word, count)
        for word in self.knowledge_words:
            if len(word) >= 3 and word.isalpha():  # the knowledge's own frequency breaks ties
                table.create_dictionary_entry(word, KNOWLEDGE_COUNT * self.knowledge_words[word])
        for form in self._inflections():  # "halucinating" is a typo of "hallucinating", which the text says as "hallucinate"
            table.create_dictionary_entry(form, self._counts[form])
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                # written aside and renamed: a process stopped mid-write (or another one reading
                # meanwhile) never meets half a table; a stopped write leaves one file, overwritten next time
                partial = cache.with_name(f"{cache.name}.partial")
                table.save_pickle(partial)
                os.replace(partial, cache)
            except OSError as exc:
                log.warning("spelling cache not written (%s): it will be rebuilt next start", exc)
        return table

    def _inflections(self) -> set[str]:
        """English forms (-s, -ed, -ing) of the knowledge's words that the common-word list
        is too short to hold: a rare word's typo is corrected to the form that was typed."""
        self.known()
        forms = set()
        for word in self.known_knowledge_words:
            if len(word) < 4:
                continue
            stem = word[:-1] if word.endswith("e") else word
            forms |= {word + "s", word + "es", stem + "ed", stem + "ing", word + "d"}
        return {f for f in forms if f in self._counts and f not in self._common_english}

    def warm(self) -> None:
        self.known()
        self._lookup_table()

    # -- the rule ----------------------------------------------------------------
    def needs_correction(self, word: str) -> bool:
        if len(word) < 4 or not word.isalpha() or word.isupper() or any(c.isupper() for c in word[1:]):
            return False  # short words, acronyms (RAG, JSON) and CamelCase names (LoRA, OpenAI)
        lower = word.lower()
        return (lower not in self.known() and lower not in SOFTWARE_WORDS and lower not in FIELD_WORDS
                and not re.fullmatch(CURRENCY_NAMES, lower))

    def suggest(self, word: str) -> str | None:
        from symspellpy import Verbosity

        lower = word.lower()
        candidates = []
        for item in self._lookup_table().lookup(lower, Verbosity.CLOSEST, max_edit_distance=2):
            in_knowledge = item.term in self.knowledge_words
            if item.distance > (2 if in_knowledge and len(lower) >= 6 else 1):
                continue
            if item.distance == 2 and item.term[0] != lower[0]:
                continue  # two slips that include the first letter make another word: "trulens" is not "rules"
            if item.term == lower[1:] or (len(item.term) == len(lower) and item.term[1:] == lower[1:] and item.term[0] != lower[0]):
                continue  # a letter before a word, or in place of its first, names a variant: "qlora", "vllm"
            candidates.append((item.distance, not in_knowledge, -item.count, item.term))
        if not candidates:
            return None
        best = min(candidates)
        best_count = -best[2]
        # a dropped letter is the commonest slip: "wich" lost the h of "which", it is not "with",
        # unless the word with the letter is a rare one ("sence" is not "spence")
        dropped = [c for c in candidates if c[:2] == best[:2] and _dropped_letters(lower, c[3])
                   and -c[2] * COMMON_RATIO >= best_count]
        return min(dropped)[3] if dropped else best[3]

    def correct(self, text: str) -> Correction:
        changes: list[tuple[str, str]] = []

        def fix(match: re.Match) -> str:
            word, suffix = match.group(1), match.group(2) or ""
            if suffix and word.lower().endswith("n") and suffix[1:].lower() == "t":
                return word + suffix  # "didn't", "wasn't": a negation, never a slip on "did"
            return fix_word(word) + suffix  # "forwader's": the word is corrected, its "'s" kept

        def fix_word(word: str) -> str:
            fixed = self._fixed_words.get(word)
            if fixed is None:
                if len(self._fixed_words) >= FIXED_WORDS_KEPT:
                    self._fixed_words.clear()
                fixed = self._fixed_words[word] = fix_new_word(word)
            if fixed != word:
                changes.append((word, fixed))
            return fixed

        def fix_new_word(word: str) -> str:
            joined = self.joined_forms.get(word.lower())
            if joined is not None:  # "finetune" → "fine-tune", so lexical search matches the term
                return joined
            if not self.needs_correction(word):
                typo = self.common_typo(word) if word.isalpha() and word.islower() else None
                if typo:
                    return typo
                return word
            suggestion = self.suggest(word)
            suggestion = self.joined_forms.get(suggestion, suggestion) if suggestion else None
            if suggestion is None or suggestion == word.lower():
                return word
            if word[0].isupper():
                suggestion = suggestion[0].upper() + suggestion[1:]
            return suggestion

        def expand(match: re.Match, table: dict[str, str] = CHAT_SHORTHAND) -> str:
            word = match.group(0)
            changes.append((word, table[word]))
            return table[word]

        if _OPENING_Y.search(text):
            changes.append(("y", "why"))
            text = _OPENING_Y.sub(lambda m: m.group(0)[:-1] + "why", text, count=1)
        text = re.sub(r"(?<![\w/])(w/o|w/|b4|[a-z]+)(?![\w/'’-])", lambda m: expand(m) if m.group(0) in CHAT_SHORTHAND else m.group(0), text)
        text = _FIELD_ACRONYM.sub(lambda m: expand(m, FIELD_ACRONYMS), text)
        corrected = re.sub(r"([A-Za-z]+)(['’][A-Za-z]+)?", fix, text)
        return Correction(corrected, tuple(changes))
