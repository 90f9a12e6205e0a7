"""Section-aware, token-budgeted chunks and sentence spans (pure functions).

Every chunk and sentence keeps its character span inside its source's text, so any
citation can quote the source verbatim: `source.text[start:end] == chunk.text`.

Chunks are sized in the encoder's own tokens (tokens.encoder_tokens): the encoder
truncates at its window (256 for MiniLM) without a word, so a chunk whose embedding
text (label + text) would not fit is never made; a sentence too long for any chunk is
cut at word boundaries.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace,
# or at a line break (headings, bullets and the closing attribution are their own lines).
_SENTENCE_END = re.compile(r"(?<=[.!?])[’'\"”)]?\s+(?=[A-Z0-9“\"'‘(—-])|\n+")


_LIST_NUMBER = re.compile(r"\d{1,2}\.")
_WORD_END = re.compile(r"\S+")
CHUNK_TOKENS = 160  # a chunk's target size, in the encoder's tokens (its window is the hard limit)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    id: str
    section_id: str
    source: str  # "framework" | "case"
    title: str
    label: str
    file: str
    start: int
    end: int
    text: str
    keywords: str = ""

    def embedding_text(self) -> str:
        """What the encoder sees: the label gives short chunks their context."""
        return f"{self.label}\n{self.text}"

    def lexical_text(self) -> str:
        """What BM25 sees: the section's keywords widen the vocabulary it matches."""
        return f"{self.label}\n{self.keywords}\n{self.text}"

    def content_hash(self, model_id: str) -> str:
        payload = "\x1f".join([model_id, self.embedding_text(), self.keywords, self.section_id, self.source, self.title,
                                self.file, str(self.start)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Sentence:
    """A quotable sentence, or (quotable=False) a section's synopsis used only for ranking."""

    id: str
    section_id: str
    start: int
    end: int
    text: str
    quotable: bool = True


def split_sentences(text: str) -> list[Span]:
    """Spans of sentences in `text`, trimmed of surrounding white space and list dashes."""
    spans: list[Span] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        _append_trimmed(text, pos, match.start() + _closing_len(text, match), spans)
        pos = match.end()
    _append_trimmed(text, pos, len(text), spans)
    return _merge_list_numbers(text, spans)


def _merge_list_numbers(text: str, spans: list[Span]) -> list[Span]:
    """"1." at the start of a numbered heading is not a sentence of its own."""
    merged: list[Span] = []
    for span in spans:
        if merged and _LIST_NUMBER.fullmatch(text[merged[-1].start:merged[-1].end]) and "\n" not in text[merged[-1].end:span.start]:
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def _closing_len(text: str, match: re.Match) -> int:
    """Keep a closing quote or bracket with the sentence it ends."""
    n = 0
    while match.start() + n < match.end() and text[match.start() + n] in "’'\"”)":
        n += 1
    return n


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and (text[start].isspace() or text[start] in "-•"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def chunk_text(
    text: str,
    count_tokens: Callable[[str], int],
    max_tokens: int = CHUNK_TOKENS,
    overlap_sentences: int = 1,
) -> list[Span]:
    """Pack whole sentences into chunks of at most `max_tokens`; neighbours share
    `overlap_sentences` so a fact on a boundary is found from either side. A sentence
    longer than the budget is cut into pieces that fit (see `fit`): no chunk is over it."""
    sentences = [piece for s in split_sentences(text) for piece in fit(text, s, count_tokens, max_tokens)]
    if not sentences:
        return []
    chunks: list[Span] = []
    i = 0
    while i < len(sentences):
        j = i + 1
        while j < len(sentences) and count_tokens(text[sentences[i].start:sentences[j].end]) <= max_tokens:
            j += 1
        chunks.append(Span(sentences[i].start, sentences[j - 1].end))
        if j >= len(sentences):
            break
        i = max(j - overlap_sentences, i + 1)
    return chunks


def fit(text: str, span: Span, count_tokens: Callable[[str], int], max_tokens: int) -> list[Span]:
    """`span` as pieces of at most `max_tokens`: cut after the last whole word that fits
    (inside a word only when one word alone is too long), each piece still verbatim."""
    pieces: list[Span] = []
    start = span.start
    while start < span.end:
        if count_tokens(text[start:span.end]) <= max_tokens:
            _append_trimmed(text, start, span.end, pieces)
            break
        ends = [m.end() for m in _WORD_END.finditer(text, start, span.end)]
        end = _longest_fit(text, start, ends, count_tokens, max_tokens)
        if end is None:  # the first word alone is too long: cut it between characters
            end = _longest_fit(text, start, list(range(start + 1, ends[0] + 1)), count_tokens, max_tokens) or start + 1
        _append_trimmed(text, start, end, pieces)
        start = end
        while start < span.end and text[start].isspace():
            start += 1
    return pieces


def _longest_fit(text: str, start: int, ends: list[int], count_tokens, max_tokens: int) -> int | None:
    """The largest of `ends` (ascending) whose text from `start` fits, by bisection."""
    lo, hi, best = 0, len(ends) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if count_tokens(text[start:ends[mid]]) <= max_tokens:
            best, lo = ends[mid], mid + 1
        else:
            hi = mid - 1
    return best


def chunk_document(doc, tokens, max_tokens: int = CHUNK_TOKENS) -> list[Chunk]:
    """Chunks of one Section or CaseNote (anything with id, text, label, title, file, source).

    `tokens` is the encoder's tokenizer (tokens.EncoderTokens): then no chunk's embedding
    text exceeds the encoder's window, the label's tokens coming off the budget. Any
    plain counting function works too (no window then)."""
    window = getattr(tokens, "window", None)
    count = tokens.count if window is not None else tokens
    budget = max_tokens
    while True:
        spans = chunk_text(doc.text, count, budget)
        chunks = [
            Chunk(
                id=f"{doc.id}#{n}", section_id=doc.id, source=doc.source, title=doc.title,
                label=doc.label, file=doc.file, start=s.start, end=s.end, text=doc.text[s.start:s.end],
                keywords=doc.keywords,
            )
            for n, s in enumerate(spans)
        ]
        over = max((tokens.seen(c.embedding_text()) - window for c in chunks), default=0) if window else 0
        if over <= 0 or budget <= 1:
            return chunks
        budget = max(1, budget - over)  # the label does not fit beside the biggest chunk: shrink the budget


def document_sentences(doc) -> list[Sentence]:
    sentences = [
        Sentence(id=f"{doc.id}@{s.start}", section_id=doc.id, start=s.start, end=s.end, text=doc.text[s.start:s.end])
        for s in split_sentences(doc.text)
    ]
    if doc.source == "framework" and doc.keywords:
        sentences.append(Sentence(id=f"{doc.id}@synopsis", section_id=doc.id, start=-1, end=-1,
                                  text=f"{doc.label}: {doc.keywords}", quotable=False))
    return sentences
