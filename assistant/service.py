"""The one object the CLI, the API and the UI share: knowledge, index, retrieval,
answers and intake behind plain-dict methods that return the DESIGN.md contracts."""

from __future__ import annotations

import re
import threading
from typing import Callable

from .answer import DEFINING_SECTION, INTENT_SECTIONS, MAX_SECTIONS, compose_answer
from .answerability import judge
from .config import MAX_QUESTION_CHARS, Settings, disable_telemetry
from .embedder import Embedder
from .errors import InputError, ProviderError
from .index import SyncReport, VectorIndex, open_chroma
from .knowledge import KnowledgeBase, load_knowledge
from .retrieval import HybridRetriever, Passage, Retrieval
from .text import normalise, without_controls

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_K = 50
FOLLOW_UP_WEIGHT = 0.6  # share of a follow-up's own meaning in its search vector


def clean_question(question, field: str = "question") -> str:
    """A usable question or an InputError that says what is wrong with it (naming `field`:
    the API's search names its parameter q)."""
    text = without_controls(normalise(question, field)).strip()
    if not text:
        raise InputError(f"{field} is empty: ask something about prompt engineering, RAG or fine-tuning", field=field)
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"{field} is too long: {len(text)} characters; the limit is {MAX_QUESTION_CHARS}", field=field)
    return text


def clean_k(k) -> int:
    try:
        value = int(k)
    except (TypeError, ValueError):
        raise InputError(f"k must be a whole number from 1 to {MAX_K} (got {k!r})", field="k") from None
    if not 1 <= value <= MAX_K:
        raise InputError(f"k must be a whole number from 1 to {MAX_K} (got {value})", field="k")
    return value


class Assistant:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, chroma_client=None, chat_client=None):
        disable_telemetry()
        self.settings = settings
        self.kb: KnowledgeBase = load_knowledge(settings.knowledge_dir)
        self.embedder = embedder or Embedder(settings.embedding_model, cache_dir=settings.data_dir,
                                             backend=settings.embedding_backend)
        self._chroma_client = chroma_client
        self._index: VectorIndex | None = None
        self._retriever: HybridRetriever | None = None
        self._chat_client = chat_client
        self._speller = None
        self._speller_kb = None
        self._lock = threading.Lock()  # lazy wiring
        self._sync_lock = threading.Lock()  # one index writer per process

    # -- wiring --------------------------------------------------------------
    @property
    def index(self) -> VectorIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = VectorIndex(self._chroma_client or open_chroma(self.settings), self.embedder,
                                              namespace=self.settings.index_namespace)
        return self._index

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            if not self.index.live_state().get("generation"):
                self.ensure_index()  # first use on a fresh machine: build it
            self._retriever = HybridRetriever(self.index, self.embedder)
        return self._retriever

    def reload_knowledge(self) -> KnowledgeBase:
        self.kb = load_knowledge(self.settings.knowledge_dir)
        return self.kb

    def sync_index(self, rebuild: bool = False, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        with self._sync_lock:
            return self.index.sync(self.kb, rebuild=rebuild, progress=progress)

    def ensure_index(self, progress=None) -> SyncReport:
        """Build on first start; afterwards only what changed is embedded. The spelling
        corrector warms up beside it, so the first misspelt question does not wait."""
        threading.Thread(target=self.speller.warm, name="spelling-warm-up", daemon=True).start()
        return self.sync_index(progress=progress)

    def labels(self) -> dict[str, tuple[str, str]]:
        return {d.id: (d.source, d.label) for d in self.kb.documents()}

    def source_texts(self) -> dict[str, str]:
        return {d.id: d.text for d in self.kb.documents()}

    # -- search --------------------------------------------------------------
    def passages(self, query: str, k: int = 5, query_vector=None) -> list[Passage]:
        return self.retriever.search(query, k=k, query_vector=query_vector)

    def search(self, query, k=5) -> dict:
        query = clean_question(query)
        k = clean_k(k)
        return {"query": query, "results": [p.as_result() for p in self.passages(query, k)]}

    # -- ask -----------------------------------------------------------------
    @property
    def speller(self):
        """The spelling corrector, built from this knowledge base's words (once; cached on disk)."""
        if self._speller is None or self._speller_kb is not self.kb:
            from .spelling import SpellingCorrector, vocabulary

            words = vocabulary(f"{d.label} {d.text}" for d in self.kb.documents())
            self._speller = SpellingCorrector(words, cache_dir=self.settings.data_dir)
            self._speller_kb = self.kb
        return self._speller

    def understand(self, question: str, history: list[dict] | None = None):
        """Spelling, intent, asks and follow-up topic (question.py), before retrieval."""
        from .question import understand

        speller = self.speller
        correction = speller.correct(question)
        return understand(question, correction.text, correction.changes, history, speller.known_knowledge_words,
                          speller.common_english, speller.is_unknown_term)

    def _with_previous_case(self, understood, topic_vector):
        """A follow-up to a question about one client ("how bad was the prompt-only version?")
        stays with that client: the previous question's best passage says which one."""
        import dataclasses

        from .question import REFERS_BACK

        previous = self.retriever.search(understood.topic, k=1, query_vector=topic_vector)
        if previous and previous[0].chunk.source == "case" and REFERS_BACK.search(understood.corrected):
            intent = "example" if understood.intent in ("what", "how", "why", "yesno", "example") else understood.intent
            return dataclasses.replace(understood, previous_case=previous[0].section_id, intent=intent)
        return understood

    def ask_offline(self, question: str, history: list[dict] | None = None) -> dict:
        understood = self.understand(question, history)
        vector = self.embedder.encode_query(understood.corrected)
        if understood.follow_up:  # the new question says what is asked, the previous one what about
            import numpy as np

            topic_vector = self.embedder.encode_query(understood.topic)
            understood = self._with_previous_case(understood, topic_vector)
            blended = FOLLOW_UP_WEIGHT * vector + (1 - FOLLOW_UP_WEIGHT) * topic_vector
            vector = (blended / np.linalg.norm(blended)).astype(vector.dtype)
        retrieval = self.retriever.retrieve(understood.retrieval_text, k=12, query_vector=vector)
        leading = list(dict.fromkeys(p.section_id for p in retrieval.passages))
        evidence_sections = leading[:MAX_SECTIONS] + list(INTENT_SECTIONS.get(understood.intent, ()))
        # every sentence of the sections that may speak competes, not only the global top hits
        cases = [s for s in leading if s.startswith("case-")][:2] + ([understood.previous_case] if understood.previous_case else [])
        compared = [DEFINING_SECTION[a] for a in understood.approaches if understood.intent == "compare"]
        speaking = list(dict.fromkeys(evidence_sections + compared + cases))
        hits = self.index.sentence_search(vector, 80, sections=speaking)
        evidence = [(s, sim) for s, sim in hits if s.quotable and s.section_id in evidence_sections]
        coverage = judge(understood, max((p.dense for p in retrieval.passages), default=0.0),
                         max((p.lexical for p in retrieval.passages), default=0.0), evidence,
                         context_on_topic=_last_answer_on_topic(history))
        documents = {d.id: d for d in self.kb.documents()}
        result = compose_answer(understood, coverage, Retrieval(retrieval.passages, hits), documents, history)
        return result.as_dict()

    def ask(self, question, history: list[dict] | None = None) -> dict:
        question = clean_question(question)
        history = clean_history(history)
        if self.settings.llm_enabled:
            from .chat import answer_with_model, fallback_notice  # imported lazily: openai is heavy

            try:
                return answer_with_model(self, question, history)
            except ProviderError as exc:
                offline = self.ask_offline(question, history)
                offline["notice"] = fallback_notice(exc)
                return offline
        return self.ask_offline(question, history)

    # -- intake --------------------------------------------------------------
    def intake(self, answers) -> dict:
        from .intake_service import run_intake

        return run_intake(self, answers)

    def health(self) -> dict:
        return {"status": "ok", "index": self.index.counts(), "mode": "llm" if self.settings.llm_enabled else "offline",
                "knowledge_problems": [str(p) for p in self.kb.problems]}


def _last_answer_on_topic(history: list[dict] | None) -> bool:
    from .answer import NOT_AN_INSTRUCTION, NOT_COVERED

    last = next((m.get("content", "") for m in reversed(history or []) if m.get("role") == "assistant"), "")
    return bool(last) and not last.startswith((NOT_COVERED[:40], NOT_AN_INSTRUCTION[:40]))


def clean_history(history) -> list[dict]:
    if history is None:
        return []
    if not isinstance(history, list):
        raise InputError("history must be a list of {role, content} objects", field="history")
    cleaned = []
    for i, message in enumerate(history[-20:]):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant") or not isinstance(message.get("content"), str):
            raise InputError(f"history[{i}] must be an object with role 'user' or 'assistant' and a string content", field="history")
        cleaned.append({"role": message["role"], "content": without_controls(normalise(message["content"], "history"))[:8000]})
    return cleaned
