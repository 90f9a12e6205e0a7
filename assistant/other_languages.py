"""Everyday words of the writer's own language inside an English question.

"is fine-tuning a one-time gasto or recurring?", "remembers our internal Dokumente?",
"Allora, we are a fashion house…": a word of Spanish, German or Italian is read by the
question rules as a term the knowledge never names (or, capitalised, as a product), and the
question is refused. Such a word names no concept of the field: it is one its writer uses
every day. wordfreq's frequency lists (shipped in its wheel) tell them apart: an everyday
word of one of the languages our users write in that is rare in English. Acronyms and short
words stay terms ("DSGVO" is a law's name, "LoRA" a method).
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("es", "de", "it", "fr", "pt", "nl")
EVERYDAY = 3.5  # zipf: written at least about three times per million words of that language
RARE_IN_ENGLISH = 3.0  # zipf: less than once per million English words
SHORTEST = 4  # "obs", "oui": too short to tell from an abbreviation


@lru_cache(maxsize=4096)
def is_everyday_foreign(word: str) -> bool:
    """An everyday word of another language, rare in English ("gasto", "Dokumente", "allora")."""
    if len(word) < SHORTEST or not word.isalpha() or word.isupper() or any(c.isupper() for c in word[1:]):
        return False
    from wordfreq import zipf_frequency

    lower = word.lower()
    if zipf_frequency(lower, "en", wordlist="small") >= RARE_IN_ENGLISH:
        return False
    return any(zipf_frequency(lower, language, wordlist="small") >= EVERYDAY for language in LANGUAGES)
