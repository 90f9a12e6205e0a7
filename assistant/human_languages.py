"""Questions about how the approaches fare in one human language or across several ("does
fine-tuning work better for Swedish than for English?", "Japanese and English mixed documents",
"questions in Polish when our documents are in English", "multilingual retrieval"). The
framework weighs approaches, never languages, so such a question asks for something it does not
hold, however close its other words come. A language only told as context ("we route messages
in English, Pidgin and Hausa"; "plain English") asks nothing of it."""

from __future__ import annotations

import re

# names of the world's widely written languages (a fixed lexicon, like a list of countries), and
# the blends people name ("Taglish", "Spanglish")
LANGUAGE_NAMES = (
    "afrikaans", "albanian", "amharic", "arabic", "armenian", "azerbaijani", "basque", "belarusian", "bengali", "bangla",
    "bosnian", "bulgarian", "burmese", "cantonese", "catalan", "chinese", "croatian", "czech", "danish", "dutch",
    "english", "estonian", "farsi", "filipino", "finnish", "flemish", "french", "galician", "georgian", "german",
    "greek", "gujarati", "hausa", "hebrew", "hindi", "hungarian", "icelandic", "igbo", "indonesian", "irish",
    "italian", "japanese", "javanese", "kannada", "kazakh", "khmer", "kinyarwanda", "korean", "kurdish", "latvian",
    "lithuanian", "macedonian", "malay", "malayalam", "maltese", "mandarin", "maori", "marathi", "mongolian", "nepali",
    "norwegian", "pashto", "persian", "polish", "portuguese", "punjabi", "romanian", "russian", "serbian", "sinhala",
    "slovak", "slovenian", "somali", "spanish", "swahili", "swedish", "tagalog", "tamil", "telugu", "thai",
    "tigrinya", "turkish", "ukrainian", "urdu", "uzbek", "vietnamese", "welsh", "xhosa", "yoruba", "zulu",
    "pidgin", "creole", "taglish", "spanglish", "hinglish", "konglish",
)
_LANGUAGE = r"(?:" + "|".join(LANGUAGE_NAMES) + r")"
# what follows a language that is spoken or written in, not a people or a firm of that country
# ("better for Japanese documents", "for Swedish?", not "for Japanese manufacturers")
_AS_A_LANGUAGE = (r"(?=\s*(?:[?.!,;)]|$|\b(?:and|or|vs\.?|versus|than|then|too|as well|text|texts|documents?|docs|content|prompts?|queries|"
                  r"questions|answers|replies|data|corpora|corpus|speakers?|users|language|languages|input|output|"
                  r"benchmarks?|tasks?|support|material|manuals?|contracts?)\b))")
# how well something does: "work better", "how well does RAG perform", "compare on … benchmark scores"
_HOW_IT_DOES = (r"\b(?:better|worse|best|well|good|bad|poor(?:ly)?|perform\w*|accura\w*|quality|benchmark\w*|scores?|"
                r"compare[sd]?|comparison|fare[sd]?|copes?|handles?|handling|handled|works?|worked)\b")

LANGUAGE_ASKED = re.compile(
    # how an approach or model does in a language
    rf"{_HOW_IT_DOES}[^.?!]{{0,50}}?\b(?:for|in|on|with|at|of)\s+(?:the\s+)?{_LANGUAGE}\b{_AS_A_LANGUAGE}|"
    # two languages mixed in one body of text: "Japanese and English mixed documents", "Spanish and German contracts mixed in"
    rf"\b{_LANGUAGE}\s*(?:and|&|/|\+|or)\s*{_LANGUAGE}\b[^.?!]{{0,40}}?\b(?:mix\w*|both|together|side by side)\b|"
    rf"\b(?:mix\w*|both|bilingual)\b[^.?!]{{0,40}}?\b{_LANGUAGE}\s*(?:and|&|/|\+|or)\s*{_LANGUAGE}\b|"
    # asked in one language about texts in another: "questions in Polish when all our documents are in English"
    rf"\bin\s+{_LANGUAGE}\b[^.?!]{{0,80}}?\bin(?:to)?\s+{_LANGUAGE}\b|"
    # many languages at once
    r"\b(?:multi-?lingual\w*|cross-?lingual|bilingual|non-english|(?:other|several|many|multiple)\s+languages|language\s+support)\b",
    re.IGNORECASE)

# a sentence of the knowledge that names a language (it names none today; a note that did would hold the ask)
LANGUAGE_NAMED = re.compile(rf"\b{_LANGUAGE}\b|\b(?:multi-?lingual|cross-?lingual|bilingual)\b", re.IGNORECASE)
