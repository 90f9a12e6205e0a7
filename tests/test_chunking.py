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


# -- sized in the encoder's own tokens (issue 12) ---------------------------------------------
def test_the_encoder_tokenizer_is_the_models_own_with_its_256_token_window():
    from assistant.tokens import encoder_tokens

    tokens = encoder_tokens()
    assert tokens.window == 256 and tokens.special == 2  # [CLS] … [SEP]
    # WordPiece, not cl100k: a word the vocabulary lacks costs several pieces
    assert tokens.count("fine-tuning") == 3 and tokens.count("hyperparameterisation") > 1
    long = "word " * 300
    assert tokens.count(long) == 300 and not tokens.fits(long)  # counted in full, not cut at the file's 128


def test_no_indexed_chunk_of_the_knowledge_exceeds_the_encoders_window(assistant):
    """What the encoder embedded for every chunk of the real knowledge/ (label + text) fits its window."""
    from assistant.tokens import encoder_tokens

    tokens = encoder_tokens()
    chunks = assistant.index.snapshot().chunks
    assert len(chunks) == assistant.index.counts()["chunks"] > 0
    assert max(tokens.seen(c.embedding_text()) for c in chunks) <= tokens.window
    texts = assistant.source_texts()
    assert all(texts[c.section_id][c.start:c.end] == c.text for c in chunks)


class _Doc:
    id, source, title, label, file, keywords = "rag", "framework", "RAG", "§4 When to use RAG", "x.md", ""

    def __init__(self, text):
        self.text = text


def test_a_sentence_longer_than_the_window_is_split_into_verbatim_chunks_that_fit():
    from assistant.tokens import encoder_tokens

    tokens = encoder_tokens()
    words = " ".join(f"retrieval{i} keeps answers grounded" for i in range(120))  # one sentence, ~600 tokens
    doc = _Doc(f"A short opening. {words}. A short ending.")
    chunks = chunk_document(doc, tokens)
    assert len(chunks) >= 3
    assert all(tokens.fits(c.embedding_text()) and doc.text[c.start:c.end] == c.text for c in chunks)
    covered = " ".join(c.text for c in chunks)
    assert all(f"retrieval{i} " in covered for i in range(120))  # nothing dropped
    assert not any(c.text.startswith(("ieval", "rieval")) for c in chunks)  # cut between words, not inside one


def test_a_label_eats_into_the_budget_never_past_the_window():
    from assistant.tokens import encoder_tokens

    tokens = encoder_tokens()
    doc = _Doc(" ".join(f"Sentence {i} is about prompts and retrieval." for i in range(60)))
    doc.label = "label " * 150  # 150 tokens of label leave about 100 for text
    assert all(tokens.fits(c.embedding_text()) for c in chunk_document(doc, tokens))


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=0, max_size=600))
def test_no_span_is_over_the_budget_even_one_long_word(text):
    text = text + " " + "x" * 400  # one word far over the budget: cut between characters
    for span in chunk_text(text, count_tokens, max_tokens=40):
        assert count_tokens(text[span.start:span.end]) <= 40 and text[span.start:span.end].strip()
