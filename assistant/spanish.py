"""Questions written half in Spanish, read in English word by word before anything else.

Why: the knowledge, the question rules and the embedding model (all-MiniLM-L6-v2) are all
English. Untouched, a Spanish word reads as a concept the knowledge never names ("entrenar"
→ refused), or the spelling corrector turns it into English ("por" → "for", "caso" →
"case"). A bilingual glossary (`spanish_glossary.tsv`, written from the knowledge's own
vocabulary and Spanish grammar words, never from questions) puts each Spanish word's
English in its place: dictionary-based query translation, the oldest tool of
cross-language search, and the only one that needs no model and no network.

Which words are Spanish is a question of frequency, not of a list: wordfreq (its
"small" lists, shipped in the wheel, no download) says how often a word is written in
Spanish and in English, and a word at least ten times as frequent in Spanish ("los",
"caso", "sin") leans Spanish, while "a", "no", "me", "red", "once" or "plan" do not.

Rules that keep English questions as they are:
- a question is read as Spanish only when at least two of its words lean Spanish, or one
  does beside a Spanish mark ("¿", "ñ", an accented vowel);
- a glossary word that does not lean Spanish ("a", "no") is translated only between words
  that do, so "cuesta a model" keeps its "a model";
- a fixed expression ("por qué", "o sea", "vale la pena") is read before its words;
- a word that leans Spanish but is not in the glossary is left out of the reading: it
  would otherwise be read as a concept the knowledge never names, and refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("spanish_glossary.tsv")
LONGEST_EXPRESSION = 5  # words in the longest fixed expression the glossary may hold
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d[\w.,%]*|[^\w\s]|\s+", re.UNICODE)
_SPANISH_MARK = re.compile(r"[¿¡ñáéíóúü]", re.IGNORECASE)
_OPENING_MARKS = re.compile(r"[¿¡]")
_SENTENCE_END = re.compile(r"[.!?¿¡:]\s*$")
SPANISH_LEAN = 1.0  # zipf units: ten times as frequent in Spanish as in English
SPANISH_FLOOR = 3.0  # zipf: a word written at least once per million Spanish words


@dataclass(frozen=True)
class Glossary:
    words: dict[str, str]  # Spanish word (as typed, and without its accents) → English
    expressions: dict[tuple[str, ...], str]  # ("por", "qué") → "why"


def plain(word: str) -> str:
    """The word without accents, as people type on a phone ("cuánto" → "cuanto")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


SAYS_NOTHING = "-"  # the English of a word that only marks grammar ("se" in "se necesita"): left out


def parse_glossary(lines) -> Glossary:
    """`spanish<TAB>english` lines; each entry is also found without its accents (the
    accented entry wins when both spellings are listed). An English of "-" leaves the word out."""
    words: dict[str, str] = {}
    expressions: dict[tuple[str, ...], str] = {}
    entries = [line.rstrip("\n").split("\t") for line in lines if line.strip() and not line.startswith("#")]
    for spanish, english in (e for e in entries if len(e) == 2):
        key = tuple(spanish.strip().lower().split())
        if not key or not english.strip() or len(key) > LONGEST_EXPRESSION:
            continue
        for form in (key, key if spanish.isascii() else tuple(plain(w) for w in key)):
            table = words if len(form) == 1 else expressions
            name = form[0] if len(form) == 1 else form
            if form == key or name not in table:
                table[name] = "" if english.strip() == SAYS_NOTHING else english.strip()
    return Glossary(words, expressions)


@cache
def glossary() -> Glossary:
    with GLOSSARY_FILE.open(encoding="utf-8") as lines:
        return parse_glossary(lines)


def leans_spanish(word: str) -> bool:
    """Written at least ten times as often in Spanish as in English (wordfreq's counts)."""
    from wordfreq import zipf_frequency

    spanish = zipf_frequency(word, "es", wordlist="small")
    return spanish >= SPANISH_FLOOR and spanish - zipf_frequency(word, "en", wordlist="small") >= SPANISH_LEAN


_SPANISH_VERB_ENDING = re.compile(r"e(ar|amos|aron|ado|ados|ada|ando|an|a|o|é|ó)$")  # -ear: "tunear", "tuneamos"


def english_verb_inside(word: str) -> str:
    """An English verb given Spanish endings ("fine-tunear", "promptear", "chunkeamos"):
    Spanglish makes its own verbs of the field's, and the English one is inside."""
    match = _SPANISH_VERB_ENDING.search(word)
    if not match:
        return ""
    from wordfreq import zipf_frequency

    stem = word[:match.start()]  # "fine-tun" of "fine-tunear", "prompt" of "promptear"
    for verb in (stem + "e", stem):
        parts = [p for p in verb.split("-") if p]
        if len(verb) >= 4 and parts and all(zipf_frequency(p, "en", wordlist="small") >= SPANISH_FLOOR for p in parts) \
                and not leans_spanish(verb):
            return verb
    return ""


def english_reading(text: str, words: Glossary | None = None, keep: frozenset[str] | set[str] = frozenset(),
                    is_spanish: Callable[[str], bool] = leans_spanish) -> str:
    """The question with its Spanish words in English, or the question itself when it is
    not written in Spanish. `keep`: words that stay as typed, whatever their language (the
    knowledge's own words, the field's products: "llama", "mistral")."""
    tokens = _TOKEN.findall(text)
    spans = [i for i, t in enumerate(tokens) if t[0].isalpha()]
    lowered = [tokens[i].lower() for i in spans]
    spanish = [w not in keep and is_spanish(w) for w in lowered]
    if not _written_in_spanish(text, spanish):
        return text
    words = words or glossary()  # read on the first Spanish question only
    english: dict[int, str] = {}  # token index → its English (or "" for the later words of an expression)
    position = 0
    while position < len(spans):
        width, meaning = _expression_at(lowered, position, words)
        if width:
            english[spans[position]] = meaning
            english.update({spans[p]: "" for p in range(position + 1, position + width)})
            position += width
            continue
        word = lowered[position]
        if word in keep or (tokens[spans[position]][0].isupper() and position
                            and not _SENTENCE_END.search(text_before(tokens, spans[position]))):
            position += 1  # a name inside a sentence ("un Llama", "la Mayo Clinic") is kept as written
            continue
        listed = words.words.get(word, words.words.get(plain(word)))
        between_spanish = all(spanish[p] for p in (position - 1, position + 1) if 0 <= p < len(spans))
        if listed is None:
            verb = english_verb_inside(word)
            if verb or spanish[position]:
                english[spans[position]] = verb  # "" for a Spanish word the glossary lacks: it says nothing we can read
        elif spanish[position] or between_spanish:
            english[spans[position]] = listed
        position += 1
    read = "".join(english.get(i, token) for i, token in enumerate(tokens))
    read = _OPENING_MARKS.sub("", read)
    read = re.sub(r"[ \t]+([,.;:?!])", r"\1", read)  # a word left out leaves no space before its comma
    return re.sub(r"[ \t]{2,}", " ", read).strip()


def _written_in_spanish(text: str, spanish: list[bool]) -> bool:
    count = sum(spanish)
    return count >= 2 or (count == 1 and _SPANISH_MARK.search(text) is not None)


def _expression_at(lowered: list[str], position: int, words: Glossary) -> tuple[int, str]:
    """The longest fixed expression starting at the word, as (its width, its English)."""
    for width in range(min(LONGEST_EXPRESSION, len(lowered) - position), 1, -1):
        key = tuple(lowered[position:position + width])
        meaning = words.expressions.get(key) or words.expressions.get(tuple(plain(w) for w in key))
        if meaning:
            return width, meaning
    return 0, ""


def text_before(tokens: list[str], index: int) -> str:
    return "".join(tokens[max(0, index - 3):index])


def history_in_english(history: list[dict] | None, words: Glossary | None = None,
                       keep: frozenset[str] | set[str] = frozenset()) -> list[dict] | None:
    """The user's earlier turns read the same way, so that a follow-up finds its topic."""
    if not history:
        return history
    return [{**m, "content": english_reading(m["content"], words, keep)} if m.get("role") == "user" and m.get("content")
            else m for m in history]
