"""The one object the CLI, the API and the UI share: knowledge, index, retrieval,
answers and intake behind plain-dict methods that return the DESIGN.md contracts."""

from __future__ import annotations

import re
import threading
from typing import Callable

from .answer import MAX_SECTIONS, compose_offline_answer, standalone_query
from .config import MAX_QUESTION_CHARS, Settings, disable_telemetry
from .embedder import Embedder
from .errors import InputError, ProviderError
from .index import SyncReport, VectorIndex, open_chroma
from .knowledge import KnowledgeBase, load_knowledge
from .retrieval import HybridRetriever, Passage, Retrieval

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_K = 50


def clean_question(question) -> str:
    """A usable question or an InputError that says what is wrong with it."""
    if not isinstance(question, str):
        raise InputError("question must be a string", field="question")
    text = _CONTROL.sub(" ", question).strip()
    if not text:
        raise InputError("question is empty: ask something about prompt engineering, RAG or fine-tuning", field="question")
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"question is too long: {len(text)} characters; the limit is {MAX_QUESTION_CHARS}", field="question")
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
        """Build on first start; afterwards only what changed is embedded."""
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
    def ask_offline(self, question: str, history: list[dict] | None = None) -> dict:
        query = standalone_query(question, history)
        vector = self.embedder.encode_query(query)
        retrieval = self.retriever.retrieve(query, k=8, query_vector=vector)
        leading = list(dict.fromkeys(p.section_id for p in retrieval.passages))[:MAX_SECTIONS]
        if leading:  # every sentence of the leading sections competes, not only the global top hits
            retrieval = Retrieval(retrieval.passages, self.index.sentence_search(vector, 60, sections=leading))
        result = compose_offline_answer(question, retrieval, self.labels(), self.kb.sections)
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


def clean_history(history) -> list[dict]:
    if history is None:
        return []
    if not isinstance(history, list):
        raise InputError("history must be a list of {role, content} objects", field="history")
    cleaned = []
    for i, message in enumerate(history[-20:]):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant") or not isinstance(message.get("content"), str):
            raise InputError(f"history[{i}] must be an object with role 'user' or 'assistant' and a string content", field="history")
        cleaned.append({"role": message["role"], "content": _CONTROL.sub(" ", message["content"])[:8000]})
    return cleaned
