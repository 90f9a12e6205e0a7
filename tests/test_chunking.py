"""Chunks and sentences keep spans that quote their source verbatim, within a token budget."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.chunking import chunk_document, chunk_text, document_sentences, split_sentences
from assistant.tokens import count_tokens


def test_numbered_headings_stay_one_sentence():
    text = "1. You Need a Format\nIf you need JSON, try it. This is legitimate."
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        "1. You Need a Format", "If you need JSON, try it.", "This is legitimate."]


def test_closing_quote_stays_with_its_sentence():
    text = "“It sounds like ownership. But it's debt.”\n— Rahul"
    assert [text[s.start:s.end] for s in split_sentences(text)] == ["“It sounds like ownership.", "But it's debt.”", "— Rahul"]


def test_every_chunk_quotes_its_section_verbatim_and_keeps_its_metadata(kb):
    for doc in kb.documents():
        for chunk in chunk_document(doc, count_tokens):
            assert doc.text[chunk.start:chunk.end] == chunk.text
            assert chunk.section_id == doc.id and chunk.source == doc.source and chunk.file == doc.file


def test_sentences_are_verbatim(kb):
    for doc in kb.documents():
        for s in document_sentences(doc):
            if s.quotable:
                assert doc.text[s.start:s.end] == s.text


def test_chunks_respect_the_token_budget_with_sentence_overlap():
    text = " ".join(f"Sentence number {i} talks about fine-tuning and retrieval at some length." for i in range(40))
    spans = chunk_text(text, count_tokens, max_tokens=60, overlap_sentences=1)
    assert len(spans) > 3
    for a, b in zip(spans, spans[1:]):
        assert b.start < a.end  # neighbours share a sentence
    for s in spans:
        assert count_tokens(text[s.start:s.end]) <= 60


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=0, max_size=600))
def test_any_text_chunks_into_verbatim_spans(text):
    for span in chunk_text(text, count_tokens, max_tokens=40):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end].strip()
