"""The names the article signs itself with (pure functions over the knowledge's own text).

"What did Rahul say?" and "what does GYSP do?" are questions about the article itself,
though neither word is near anything by meaning: a person's name is not a topic. The
article signs its quote with an attribution line ("— Rahul, AI/ML Delivery Head —
GYSP.tech"); the capitalised words of that line that are not everyday English and that
no other section uses are the article's own names, and each points at the section that
signs with it. They come from the text, so a new closing quote is recognised without any
change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "— Rahul, AI/ML Delivery Head": a dash, then a capitalised name (the signer) and a comma
SIGNER = re.compile(r"—\s*([A-Z][a-z]+),")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]{2,}\b")  # not "ML" of "AI/ML": a field's acronym names no one
_WORD = re.compile(r"[a-z]+")


def article_names(documents: Iterable, common_english: frozenset[str]) -> dict[str, str]:
    """Each name of an attribution line (lower-cased) and the section that signs with it."""
    documents = [d for d in documents if getattr(d, "source", "") == "framework"]
    words_of = {d.id: set(_WORD.findall(d.text.lower())) for d in documents}
    names: dict[str, str] = {}
    for document in documents:
        for line in (line for line in document.text.splitlines() if SIGNER.search(line)):
            for word in (w.lower() for w in _CAPITALISED.findall(line)):
                elsewhere = any(word in words for section, words in words_of.items() if section != document.id)
                if word not in common_english and not elsewhere:
                    names.setdefault(word, document.id)
    return names


def names_in(question: str, names: dict[str, str]) -> tuple[str, ...]:
    """The sections whose own names the question uses ("rahul's debt remark"), in order."""
    words = _WORD.findall(question.lower())
    return tuple(dict.fromkeys(names[w] for w in words if w in names))
