"""A question written half in another language, read in English word by word.

The knowledge, the question rules and the embedding model are English. A bilingual
glossary puts each foreign word's English in its place before anything else reads the
question: dictionary-based query translation, the oldest tool of cross-language search,
and the only one that needs no model and no network. One language's reading is a
`Language`: which words lean towards it (by wordfreq's frequencies), its glossary, the marks
that give it away, and the English verbs its writers bend into its grammar. spanish.py and
tagalog.py are the two we read.

Rules that keep English questions as they are:
- a question is read only when at least two of its words lean that language, or one does
  beside one of its marks ("¿", "ñ");
- a glossary word that does not lean that language ("a", "no", "at") is translated only
  between words that do;
- an acronym ("PO", "NA": for Tagalog) and a name inside a sentence ("un Llama") stay as typed;
- a fixed expression ("por qué", "gaano kadalas") is read before its words;
- a word that leans that language but is not in the glossary is left out of the reading: it
  would otherwise be read as a concept the knowledge never names, and refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

LONGEST_EXPRESSION = 5  # words in the longest fixed expression a glossary may hold
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d[\w.,%]*|[^\w\s]|\s+", re.UNICODE)
_OPENING_MARKS = re.compile(r"[¿¡]")
_SENTENCE_END = re.compile(r"[.!?¿¡:]\s*$")
SAYS_NOTHING = "-"  # the English of a word that only marks grammar ("se" in "se necesita", "po"): left out
LEAN = 1.0  # zipf units: a word ten times as frequent in the language as in English leans to it
FLOOR = 3.0  # zipf: …and written at least once per million words of that language


@dataclass(frozen=True)
class Glossary:
    words: dict[str, str]  # foreign word (as typed, and without its accents) → English
    expressions: dict[tuple[str, ...], str]  # ("por", "qué") → "why"


@dataclass(frozen=True)
class Language:
    leans: Callable[[str], bool]  # a lowercase word written far more often in this language than in English
    glossary: Callable[[], Glossary]  # read on the first question written in the language only
    mark: re.Pattern | None = None  # a letter or sign only this language uses: one leaning word beside it is enough
    verb_inside: Callable[[str], str] = lambda word: ""  # "fine-tunear" → "fine-tune", "mag-train" → "train"
    acronyms_stay: bool = True  # "PO", "NA" are English acronyms, not Tagalog "po", "na"; Spanish "IA" is "AI"


def plain(word: str) -> str:
    """The word without accents, as people type on a phone ("cuánto" → "cuanto")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def parse_glossary(lines) -> Glossary:
    """`foreign<TAB>english` lines; each entry is also found without its accents (the
    accented entry wins when both spellings are listed). An English of "-" leaves the word out."""
    words: dict[str, str] = {}
    expressions: dict[tuple[str, ...], str] = {}
    entries = [line.rstrip("\n").split("\t") for line in lines if line.strip() and not line.startswith("#")]
    for foreign, english in (e for e in entries if len(e) == 2):
        key = tuple(foreign.strip().lower().split())
        if not key or not english.strip() or len(key) > LONGEST_EXPRESSION:
            continue
        for form in (key, key if foreign.isascii() else tuple(plain(w) for w in key)):
            table = words if len(form) == 1 else expressions
            name = form[0] if len(form) == 1 else form
            if form == key or name not in table:
                table[name] = "" if english.strip() == SAYS_NOTHING else english.strip()
    return Glossary(words, expressions)


@lru_cache(maxsize=16384)
def leans_towards(word: str, language_code: str) -> bool:
    """Written at least ten times as often in the language as in English (wordfreq's "small"
    lists, shipped in its wheel): "los", "caso" lean Spanish, "kasi", "po" Tagalog; "a", "no",
    "plan", "at" lean neither. Remembered per word: every question's every word is read for each language."""
    from wordfreq import zipf_frequency

    frequency = zipf_frequency(word, language_code, wordlist="small")
    return frequency >= FLOOR and frequency - zipf_frequency(word, "en", wordlist="small") >= LEAN


@cache
def glossary_at(path: Path) -> Glossary:
    with path.open(encoding="utf-8") as lines:
        return parse_glossary(lines)


def _is_acronym(token: str, language: Language) -> bool:
    return language.acronyms_stay and len(token) > 1 and token.isupper()


def leaning_words(text: str, language: Language, keep: frozenset[str] | set[str] = frozenset()) -> int:
    """How many of the question's words lean the language: which of two it is written in."""
    return sum(1 for t in _TOKEN.findall(text) if t[0].isalpha() and not _is_acronym(t, language)
               and t.lower() not in keep and language.leans(t.lower()))


def english_reading(text: str, language: Language, words: Glossary | None = None,
                    keep: frozenset[str] | set[str] = frozenset()) -> str:
    """The question with the language's words in English, or the question itself when it
    is not written in that language. `keep`: words that stay as typed, whatever their
    language (the knowledge's own words, the field's products: "llama", "mistral")."""
    tokens = _TOKEN.findall(text)
    spans = [i for i, t in enumerate(tokens) if t[0].isalpha()]
    lowered = [tokens[i].lower() for i in spans]
    foreign = [w not in keep and not _is_acronym(tokens[i], language) and language.leans(w) for i, w in zip(spans, lowered)]
    if not _written_in(text, foreign, language.mark):
        return text
    words = words or language.glossary()
    english: dict[int, str] = {}  # token index → its English (or "" for the later words of an expression)
    position = 0
    while position < len(spans):
        width, meaning = _expression_at(lowered, position, words)
        if width:
            english[spans[position]] = meaning
            english.update({spans[p]: "" for p in range(position + 1, position + width)})
            position += width
            continue
        word, typed = lowered[position], tokens[spans[position]]
        if word in keep or _is_acronym(typed, language) or (typed[0].isupper() and position
                                                   and not _SENTENCE_END.search(_just_before(tokens, spans[position]))):
            position += 1  # a name inside a sentence ("un Llama", "la Mayo Clinic") is kept as written
            continue
        listed = words.words.get(word, words.words.get(plain(word)))
        between_foreign = all(foreign[p] for p in (position - 1, position + 1) if 0 <= p < len(spans))
        if listed is None:
            verb = language.verb_inside(word)
            if verb or foreign[position]:
                english[spans[position]] = verb  # "" for a foreign word the glossary lacks: it says nothing we can read
        elif foreign[position] or between_foreign:
            english[spans[position]] = listed
        position += 1
    for i in list(english):  # the apostrophe of a shortened word read in English ("'yung" → "the")
        if i and tokens[i - 1] in ("'", "’") and (i < 2 or tokens[i - 2].isspace()):
            english[i - 1] = ""
    read = "".join(english.get(i, token) for i, token in enumerate(tokens))
    read = _OPENING_MARKS.sub("", read)
    read = re.sub(r"[ \t]+([,.;:?!])", r"\1", read)  # a word left out leaves no space before its comma
    return re.sub(r"[ \t]{2,}", " ", read).strip()


def _written_in(text: str, foreign: list[bool], mark: re.Pattern | None) -> bool:
    count = sum(foreign)
    return count >= 2 or (count == 1 and mark is not None and mark.search(text) is not None)


def _expression_at(lowered: list[str], position: int, words: Glossary) -> tuple[int, str]:
    """The longest fixed expression starting at the word, as (its width, its English)."""
    for width in range(min(LONGEST_EXPRESSION, len(lowered) - position), 1, -1):
        key = tuple(lowered[position:position + width])
        meaning = words.expressions.get(key) or words.expressions.get(tuple(plain(w) for w in key))
        if meaning:
            return width, meaning
    return 0, ""


def _just_before(tokens: list[str], index: int) -> str:
    """The few tokens before one: whether a capital starts a sentence or marks a name."""
    return "".join(tokens[max(0, index - 3):index])


def read_in_english(text: str, languages: Sequence[Language], keep: frozenset[str] | set[str] = frozenset()) -> str:
    """The question read in the language most of its foreign words lean to (Taglish "pero"
    leans Spanish too, but its other words do not), or as typed."""
    counts = [leaning_words(text, language, keep) for language in languages]
    if not counts or max(counts) == 0:
        return text
    return english_reading(text, languages[counts.index(max(counts))], keep=keep)


def history_in_english(history: list[dict] | None, languages: Sequence[Language],
                       keep: frozenset[str] | set[str] = frozenset()) -> list[dict] | None:
    """The user's earlier turns read the same way, so that a follow-up finds its topic."""
    if not history:
        return history
    return [{**m, "content": read_in_english(m["content"], languages, keep)} if m.get("role") == "user" and m.get("content")
            else m for m in history]
