"""The one object the CLI, the API and the UI share: knowledge, index, retrieval,
answers and intake behind plain-dict methods that return the DESIGN.md contracts.

`Assistant.stream` owns the model-then-offline fallback for every front; chat.py (the
model's answers) gets the model and this object's public tool methods passed in and
never imports this module. Input checks and result shapes live in schemas.py."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import threading
from typing import Callable

from .answer import (DEFINING_SECTION, INTENT_SECTIONS, MAX_SECTIONS, case_picked_from_listed, compose_answer, is_refusal, item_pointed_at,
                     last_answer, sections_quoted)
from .answerability import (EVIDENCE_SENTENCES, HOLDS, MIN_DENSE_SIMILARITY, MIN_DENSE_WITH_LEXICAL, MIN_OWN_SIMILARITY_IN_CONTEXT, holds, judge, refers_to_case,
                            asks_only_what_to_do, tells_a_situation)
from .article_names import article_names, names_in
from .config import Settings, disable_telemetry
from .embedder import Embedder
from .errors import ProviderError
from .index import SyncReport, VectorIndex, open_chroma
from .knowledge import KnowledgeBase, asked_and_given, load_knowledge
from .question import (ANOTHER, approaches_by_name, approaches_in, asks_for_a_similar_client, asks_for_an_alternative, asks_the_article, asks_where_it_fell_short,
                       asks_where_it_held, content_words, definite_nouns, framework_words, intent_of, points_back, requested_and_got,
                       tells_of_their_past, tells_our_own, user_turns)
from .retrieval import HybridRetriever, Passage, Retrieval, favour_sections, lift_each, lift_into_top, reaching_deeper
from .scenario import adds_behaviour_to_knowledge, names_a_situation, scenario_sections
from .schemas import MAX_K, AskRequest, SearchRequest, ask_result, clean_history, clean_k, clean_question  # noqa: F401 - re-exported
from .spanish import SPANISH
from .tagalog import TAGALOG
from .word_by_word import history_in_english, read_in_english

log = logging.getLogger(__name__)
READ_LANGUAGES = (SPANISH, TAGALOG)  # a question written partly in one of these is read in English first
FOLLOW_UP_WEIGHT = 0.6  # share of a follow-up's own meaning in its search vector
PREVIOUS_SECTION_BONUS = 0.1  # fused-score lift, in a follow-up, for the sections the last answer cited


def search_text(understood, own_words_only: bool) -> str:
    """What lexical search is given: the question's retrieval text and, for a question that names an
    approach only in other words ("when is training your own model justified?"), the knowledge's own
    name for it; not for a client's story or a topic just given (`own_words_only`: their own words say
    which note), nor for an example asked or a situation told, whose own sections lead."""
    if own_words_only or understood.intent == "example" or scenario_sections(understood.corrected):
        return understood.retrieval_text
    return f"{understood.retrieval_text} {approaches_by_name(understood.corrected)}".strip()


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
                if self._index is None:  # Chroma opens on first need: a warm read path serves from the snapshot
                    local = self._chroma_client is None and not self.settings.chroma_url
                    self._index = VectorIndex(self._chroma_client, self.embedder, namespace=self.settings.index_namespace,
                                              connect=lambda: open_chroma(self.settings),
                                              store_dir=self.settings.chroma_dir if local else None)
        return self._index

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            if not self.index.reader_state().get("generation"):
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
        corrector and the word frequency lists warm up beside it, so the first misspelt (or
        half Spanish, or Taglish) question does not wait."""
        threading.Thread(target=self._warm_question_reading, name="spelling-warm-up", daemon=True).start()
        return self.sync_index(progress=progress)

    def _warm_question_reading(self) -> None:
        from .other_languages import is_everyday_foreign

        self.speller.warm()
        for language in READ_LANGUAGES:
            language.leans("caso")  # wordfreq reads each language's list on its first use
            language.glossary()  # …and the first question that leans a language reads its glossary (~0.3 s)
        is_everyday_foreign("gasto")

    def labels(self) -> dict[str, tuple[str, str]]:
        return {d.id: (d.source, d.label) for d in self.kb.documents()}

    def source_texts(self) -> dict[str, str]:
        return {d.id: d.text for d in self.kb.documents()}

    # -- search --------------------------------------------------------------
    def passages(self, query: str, k: int = 5, query_vector=None) -> list[Passage]:
        return self.retriever.search(query, k=k, query_vector=query_vector)

    def search(self, query, k=5) -> dict:
        request = query if isinstance(query, SearchRequest) else SearchRequest.of(query, k)
        # the same reading as a question: typos and shorthand spelt out, the typed words kept for BM25
        return {"query": request.q, "results": [p.as_result() for p in self.corrected_passages(request.q, request.k)]}

    def corrected_passages(self, query: str, k: int) -> list[Passage]:
        """Passages for a search (the API, the CLI or the model's tool): the same spelling correction as an offline question."""
        if not query:
            return []
        understood = self.understand(read_in_english(query, READ_LANGUAGES, keep=self._words_kept_as_typed()))
        named = self._case_named(understood.corrected)
        deeper = self.passages(search_text(understood, own_words_only=bool(named)), k=SITUATION_CANDIDATES)
        candidates = deeper[:max(k, INTENT_CANDIDATES)]
        # "…our help centre, which we edit daily": RAG, from however deep; the intent's own section last, so that it keeps its place
        situation = scenario_sections(understood.corrected)
        candidates = lift_each(reaching_deeper(candidates, deeper, situation), situation, INTENT_PLACES)[:len(candidates)]
        candidates = lift_into_top(candidates, INTENT_SECTIONS.get(understood.intent, ()), INTENT_PLACES)
        # "the phone company that…": the note of the client a question names is sure of its place, lifted last
        # "a client who asked for prompting but ended up with a tuned model": the notes whose story that is
        asked_for, got = requested_and_got(understood.corrected)
        their_story = asked_and_given(self.kb.documents(), asked_for, got) if asked_for else []
        lifted = [*their_story[:INTENT_PLACES], *([named] if named else [])]
        return lift_each(reaching_deeper(candidates, deeper, lifted), lifted, INTENT_PLACES)[:k]

    # -- ask -----------------------------------------------------------------
    @property
    def speller(self):
        """The spelling corrector, built from this knowledge base's words (once; cached on disk)."""
        if self._speller is None or self._speller_kb is not self.kb:
            from .spelling import SpellingCorrector, knowledge_vocabulary

            words = knowledge_vocabulary(self.kb.documents())
            self._speller = SpellingCorrector(words, cache_dir=self.settings.data_dir)
            self._speller_kb = self.kb
        return self._speller

    def _words_kept_as_typed(self) -> frozenset[str]:
        """Words a Spanish reading never touches: the knowledge's own and the field's ("llama")."""
        if getattr(self, "_kept_kb", None) is not self.kb:
            from .field_terms import FIELD_WORDS

            self._kept = frozenset(self.speller.known_knowledge_words) | FIELD_WORDS
            self._kept_kb = self.kb
        return self._kept

    def understand(self, question: str, history: list[dict] | None = None, assume_follow_up: bool = False):
        """Spelling, intent, asks and follow-up topic (question.py), before retrieval."""
        from .question import understand

        speller = self.speller
        correction = speller.correct(question)
        return understand(question, correction.text, correction.changes, history, speller.known_knowledge_words,
                          speller.common_english, speller.is_unknown_term, self._outside_word(speller), assume_follow_up,
                          self._field_terms_in, self._everyday_foreign)

    def _everyday_foreign(self, word: str) -> bool:
        """A word of the writer's own language (other_languages.py), unless the field or the knowledge uses it ("llama")."""
        from .other_languages import is_everyday_foreign

        return word.lower() not in self._words_kept_as_typed() and is_everyday_foreign(word)

    @staticmethod
    def _outside_word(speller) -> Callable[[str], bool]:
        """A word the knowledge never uses, unless it names one of the framework's situations
        in other words ("industry jargon" is its specialised terminology)."""
        return lambda word: speller.is_outside_word(word) and not names_a_situation(word)

    def _field_terms_in(self, sentence: str) -> tuple[str, ...]:
        """The field's terms (field_terms.py) in the sentence that this knowledge base never uses."""
        from .field_terms import FIELD_TERMS, PRODUCT_NAMES, outside_terms, terms_in

        if getattr(self, "_outside_terms_kb", None) is not self.kb:
            self._outside_terms = outside_terms((d.text for d in self.kb.documents()), FIELD_TERMS + PRODUCT_NAMES)
            self._outside_terms_kb = self.kb
        return terms_in(sentence, self._outside_terms)

    def _only_knowledge_words(self, text: str) -> bool:
        """"Which part handles what": every content word is the knowledge's own, so a short
        follow-up like it leans on the last turn rather than standing on its own similarity."""
        words = self.speller.knowledge_words
        own = content_words(text)
        return bool(own) and all(w in words or w.removesuffix("s") in words for w in own)

    def _client_names(self) -> tuple[dict[str, str], frozenset[str]]:
        """The words each case note names its client with (case_names.py), and those that
        name it only beside another name, once per knowledge base."""
        from .case_names import client_names, weak_client_names

        if getattr(self, "_names_kb", None) is not self.kb:
            documents, common = self.kb.documents(), self.speller.common_english
            self._names = client_names(documents, common)
            self._weak_names = self.speller.everyday_words | weak_client_names(documents, common)
            self._names_kb = self.kb
        return self._names, self._weak_names

    def _case_named(self, question: str) -> str:
        """The one client a question names, by its note's words or, failing those, by meaning."""
        from .case_names import case_named

        names, everyday = self._client_names()
        return case_named(question, names, everyday) or self._case_meant(question)

    def _case_meant(self, question: str) -> str:
        """A client named in other words than its note's ("the phone company" for the
        telecom): the one note whose "industry: title" is clearly nearest the phrase."""
        import numpy as np

        from .case_names import CLIENT_BY_MEANING, LABEL_BY_MEANING, bare_label, case_meant, client_phrases, leading_label

        phrases = [(p, CLIENT_BY_MEANING) for p in client_phrases(question, self._framework_words())]
        label = (bare_label(question, self._framework_words()) or leading_label(question, self._framework_words())) if not phrases else ""
        phrases += [(label, LABEL_BY_MEANING)] if label else []
        if not phrases:
            return ""
        if getattr(self, "_labels_kb", None) is not self.kb:
            cases = [d for d in self.kb.documents() if d.source == "case"]
            self._case_labels = ([c.id for c in cases],
                                 np.array([self.embedder.encode_query(f"{c.industry}: {c.title}") for c in cases]))
            self._labels_kb = self.kb
        ids, vectors = self._case_labels
        meant = {case_meant(dict(zip(ids, (vectors @ self.embedder.encode_query(p)).tolist())), floor)
                 for p, floor in phrases} - {""}
        return meant.pop() if len(meant) == 1 else ""

    def _article_names(self) -> dict[str, str]:
        """The names the article signs itself with (article_names.py), once per knowledge base."""
        if getattr(self, "_article_names_kb", None) is not self.kb:
            self._names_of_article = article_names(self.kb.documents(), self.speller.common_english)
            self._article_names_kb = self.kb
        return self._names_of_article

    def _framework_words(self) -> frozenset[str]:
        """Every content word of the framework's sections, once per knowledge base."""
        if getattr(self, "_framework_words_kb", None) is not self.kb:
            self._framework = framework_words(self.kb.documents())
            self._framework_words_kb = self.kb
        return self._framework

    def _with_named_case(self, understood):
        """"Why did the freight forwarder not get a trained classifier?" is about that
        client, whatever the previous turn was about."""
        named = self._case_named(understood.corrected)
        if (not named and understood.follow_up and not understood.previous_case and not ANOTHER.search(understood.corrected)
                and not _asks_for_another_client_where(understood.corrected)
                and not _ANY_CLIENT.search(understood.corrected)  # "was there a case where…?" after the telecom one asks for any
                and not asks_for_a_similar_client(understood)):  # "we have a retail client… a similar case?" asks for another
            from .case_names import case_named

            # "who retrains it?" after "did the travel company…?"; by its words only, for a topic is no pointer
            named = case_named(understood.topic, *self._client_names())
        if not named:
            return understood
        return _about_case(understood, named, also={"cost"})  # what it cost that client is in its note too

    def _with_previous_case(self, understood, topic_vector, previous_sections: tuple[str, ...] = ()):
        """A follow-up to a question about one client ("how bad was the prompt-only version?")
        stays with that client: the case the previous answer quoted first, or else the
        previous question's best passage, says which one."""
        from .question import REFERS_BACK

        if (_ANY_CLIENT.search(understood.corrected) or _asks_for_another_client_where(understood.corrected)
                or asks_for_a_similar_client(understood) or asks_the_article(understood.corrected)):
            # "any client like that?", "and one where it didn't?" ask for cases, not the one just discussed,
            # and "…as per the article?" asks the article
            return understood
        quoted_case = next((s for s in previous_sections[:1] if s.startswith("case-")), "")
        # the story goes on ("how bad was the prompt-only version?") unless another is asked for
        # …and "who owns the retraining?" after it asks who in that client's story
        story_goes_on = ((understood.intent == "example" or _asks_who_in_a_story(understood)
                          or _only_the_storys_words(understood.corrected, self.kb.get(quoted_case) if quoted_case else None))
                         and quoted_case and not ANOTHER.search(understood.corrected))
        if not (REFERS_BACK.search(understood.corrected) or refers_to_case(understood) or story_goes_on):
            return understood
        if quoted_case:
            # what it cost that client is in its note, and whatever "they did" is part of its story
            also = {"cost", understood.intent} if tells_of_their_past(understood.corrected) else {"cost"}
            return _about_case(understood, quoted_case, also=also)
        if intent_of(understood.topic) == "about_article":
            return understood  # "who said that quote?" after the article's closing: its best passage is no client's
        if tells_our_own(understood.topic) and not self._case_named(understood.topic):
            return understood  # "…stock changes every hour." then "why not just train it then?": our situation, not a client's
        previous = self.retriever.search(understood.topic, k=1, query_vector=topic_vector)
        if previous and previous[0].chunk.source == "case":
            return _about_case(understood, previous[0].section_id, also={"cost"})
        return understood

    def ask_offline(self, question: str, history: list[dict] | None = None) -> dict:
        # "¿cuánto cuesta entrenar el modelo?", "magkano po?": foreign words read in English first (word_by_word.py)
        keep = self._words_kept_as_typed()
        question = read_in_english(question, READ_LANGUAGES, keep=keep)
        history = history_in_english(history, READ_LANGUAGES, keep=keep)
        understood = self.understand(question, history)
        if _asks_what_comes_first_for_the_told_situation(understood, history):
            understood = self.understand(question, history, assume_follow_up=True)
        result, own_similarity = self._answer_offline(understood, history)
        if (result.abstained and result.reason == "not_covered" and own_similarity >= MIN_DENSE_WITH_LEXICAL
                and _may_lean_on_context(understood, history)):
            # "cheaper levers to pull first?" names no topic of its own but is near the knowledge
            # ("best pizza in town?" is not): read against the last turn, it must pass the on-topic test
            retried, _ = self._answer_offline(self.understand(question, history, assume_follow_up=True), history,
                                              lend_topic=False)
            if not retried.abstained:
                result = retried
        return result.as_dict()

    def _answer_offline(self, understood, history: list[dict] | None, lend_topic: bool = True):
        """The offline answer, and how close the question's best passage came."""
        documents = {d.id: d for d in self.kb.documents()}
        named_in_article = names_in(understood.corrected, self._article_names())
        if named_in_article and understood.intent == "what":  # "what did Rahul say?", "what does GYSP do?" ask about the article itself
            understood = dataclasses.replace(understood, intent="about_article", article_sections=named_in_article)
        vector = own_vector = self.embedder.encode_query(understood.corrected)
        own_ranking = functools.cache(  # the question's own best passages, searched once however often asked for
            lambda text=understood.corrected: self.retriever.search(text, k=OWN_CANDIDATES, query_vector=own_vector))
        previous_sections = sections_quoted(history, documents)
        pointed_at = (item_pointed_at(understood.corrected, history, documents)
                      or case_picked_from_listed(understood.corrected, previous_sections, documents))
        if pointed_at:  # "and the second one?": that item of the last answer's list is the topic now
            previous_sections = (pointed_at,)
            item = documents[pointed_at]
            understood = dataclasses.replace(understood, follow_up=True, topic=getattr(item, "title", "") or item.text[:200],
                                             intent="what" if understood.intent in ("decide", "yesno") else understood.intent)
        if previous_sections:
            understood = dataclasses.replace(understood, previous_sections=previous_sections)
            story = "" if asks_the_article(understood.corrected) else _story_goes_on(understood, previous_sections[0], documents, self._framework_words())
            if not story and not understood.follow_up and not understood.approaches and previous_sections[0].startswith("case-"):
                # "humans still check the outputs?" after the pharma story: that note is among its own best sections
                own = list(dict.fromkeys(p.section_id for p in own_ranking()))
                story = previous_sections[0] if previous_sections[0] in own[:STORY_RANK] else ""

            def another_clients_own() -> bool:
                """The question's own best passage is another client's note (searched only when asked)."""
                own_first = next((p.section_id for p in own_ranking()[:1]), "")
                return own_first.startswith("case-") and own_first != previous_sections[0]

            def another_clients_words() -> bool:
                """The question's own best passage is another client's note, and the question uses a word
                of that note's title or industry which the told note lacks ("how quickly did the HR policy
                assistant go live?" after the telecom's story), not only words any story may tell ("what
                latency was reached after the change?" after the telecom's)."""
                if not another_clients_own():
                    return False
                other = documents[own_ranking()[0].section_id]
                told = {w[:5] for w in content_words(documents[previous_sections[0]].text)}
                theirs = {w[:5] for w in content_words(f"{other.title} {getattr(other, 'industry', '')}")}
                return bool({w[:5] for w in content_words(understood.corrected)} & (theirs - told))

            if (not story and previous_sections[0].startswith("case-") and tells_of_their_past(understood.corrected)
                    and not self._asks_of_another_client(understood) and not another_clients_words()):
                # "what response time did the tuned model hit in the end?": its past is that story;
                # "how quickly did the HR policy assistant go live?" is nearest another client's
                story = previous_sections[0]
            if (not story and previous_sections[0].startswith("case-") and _asks_who_in_a_story(understood)
                    and not _ANY_CLIENT.search(understood.corrected)):
                story = previous_sections[0]  # "who owns the retraining?" after a client's story: who in that story
            if not story and self._told_note_holds_the_ask(understood, previous_sections[0], vector):
                # "how many pages changed per week?" after the HR vendor's story: its note says, unless the
                # question's own best passage is another client's (searched only when it comes to that)
                if not another_clients_own():
                    story = previous_sections[0]
            if story:  # "how long did the pilot run?" after the hospital's story: still that story
                again = self.understand(understood.text, history, assume_follow_up=True)
                # what the client did is its story whatever the intent ("…per decision did the tuned model hit?")
                told = {again.intent} if tells_of_their_past(again.corrected) else set()
                understood = _about_case(again, story, also=told)
                understood = dataclasses.replace(understood, previous_sections=previous_sections)
        if understood.follow_up:  # the new question says what is asked, the previous one what about
            import numpy as np

            topic_vector = self.embedder.encode_query(understood.topic)
            understood = self._with_previous_case(understood, topic_vector, previous_sections)
            blended = FOLLOW_UP_WEIGHT * vector + (1 - FOLLOW_UP_WEIGHT) * topic_vector
            # "and the second one?" says nothing of its own: the item it points at is the whole query
            # "did a client have the same issue?" is searched by the situation it points back at
            vector = topic_vector if pointed_at or asks_for_a_similar_client(understood) else (
                blended / np.linalg.norm(blended)).astype(vector.dtype)
        understood = self._with_named_case(understood)
        query = search_text(understood, own_words_only=bool(history or understood.previous_case))
        deeper = self.retriever.retrieve(query, k=SITUATION_CANDIDATES, query_vector=vector)
        retrieval = Retrieval(deeper.passages[:ANSWER_CANDIDATES], deeper.sentence_hits)
        if understood.follow_up:
            retrieval = Retrieval(favour_sections(retrieval.passages, previous_sections, PREVIOUS_SECTION_BONUS),
                                  retrieval.sentence_hits)
        situation = scenario_sections(understood.corrected)  # what the situation calls for leads and may speak
        if understood.follow_up and adds_behaviour_to_knowledge(understood.corrected, understood.topic):
            # "…and if we also want our house phrasing?" after changing documents: whether to use both
            understood = dataclasses.replace(understood, intent="decide", adds_a_need=True)
            situation = (*situation, "decision-rules")
        retrieval = Retrieval(lift_each(reaching_deeper(retrieval.passages, deeper.passages, situation), situation, INTENT_PLACES)[:ANSWER_CANDIDATES],
                              retrieval.sentence_hits)
        if understood.follow_up:
            # "ok but it gets edited every week — does that change your answer?": a fact the
            # last question did not state is what the follow-up asks about, so it leads
            # facts it states again lead too ("the articles change almost daily, does that change anything?")
            new_facts = [s for s in situation if s not in scenario_sections(understood.topic)]
            restated = [s for s in situation if s not in new_facts]
            retrieval = Retrieval(lift_each(retrieval.passages, restated + new_facts, 1), retrieval.sentence_hits)
        if asks_for_an_alternative(understood):
            # "so what should we use instead?": the other approaches' own sections; the one the last answer
            # pointed to ("…when they should be building a RAG system") leads, else the nearer one
            order = [p.section_id for p in deeper.passages]
            others = [a for a in DEFINING_SECTION if a not in understood.approaches]
            pointed_to = _alternative_pointed_to(others, previous_sections, documents)
            others.sort(key=lambda a: (a == pointed_to, -order.index(DEFINING_SECTION[a]) if DEFINING_SECTION[a] in order else -len(order)))
            others = [DEFINING_SECTION[a] for a in others]  # lifted in turn, the last one leads
            if understood.intent in ("decide", "yesno"):
                understood = dataclasses.replace(understood, intent="what")  # the alternative speaks, not the rules again
            retrieval = Retrieval(lift_each(reaching_deeper(retrieval.passages, deeper.passages, others), others, 1),
                                  retrieval.sentence_hits)
        leading = list(dict.fromkeys(p.section_id for p in retrieval.passages))
        evidence_sections = leading[:MAX_SECTIONS] + list(INTENT_SECTIONS.get(understood.intent, ())) + list(situation)
        # every sentence of the sections that may speak competes, not only the global top hits
        cases = [s for s in leading if s.startswith("case-")][:2] + ([understood.previous_case] if understood.previous_case else [])
        if understood.previous_case:  # "why, in each case?": every case the last answer named may speak
            cases += [s for s in understood.previous_sections if s.startswith("case-")]
        if understood.intent == "example" and not understood.previous_case:  # a client's story, even if none ranked
            cases += [d for d in documents if d.startswith("case-")]
        compared = [DEFINING_SECTION[a] for a in understood.approaches if understood.intent == "compare"]
        speaking = list(dict.fromkeys(evidence_sections + compared + cases))
        hits = self.index.sentence_search(vector, 80, sections=speaking)
        # the client a question names is evidence too, though its note did not rank ("the logistics client's monthly spend")
        judged = set(evidence_sections) | ({understood.previous_case} if understood.previous_case else set())
        evidence = [(s, sim) for s, sim in hits if s.quotable and s.section_id in judged]
        if understood.asks_for("person"):
            evidence = _with_attributions(evidence, hits)
        best_dense = max((p.dense for p in retrieval.passages), default=0.0)
        if understood.follow_up and not points_back(understood.corrected) and not self._only_knowledge_words(understood.corrected):
            # a follow-up only by being short ("what is the weather in Paris?") must be near the knowledge by itself;
            # one made only of the knowledge's own words ("which part handles what") leans on the last turn
            own = max((p.dense for p in own_ranking()[:OWN_SIMILARITY_PASSAGES]), default=0.0)
            if own < MIN_OWN_SIMILARITY_IN_CONTEXT:
                best_dense, lend_topic = own, False
        lends_topic = lend_topic and _last_answer_on_topic(history)
        from .case_names import client_phrases

        # "the grid operator's and the hospital group's designs" names clients, however many
        nearest = None if client_phrases(understood.corrected, self._framework_words()) else _nearest_by_kind(retrieval.passages)
        lexical = max((p.lexical for p in retrieval.passages), default=0.0)
        if query != understood.retrieval_text:  # the approaches' names added for the ranking lend no closeness of their own
            plain = dict(self.retriever.lexical().search(understood.retrieval_text, self.retriever.candidates))
            lexical = max((plain.get(p.chunk.id, 0.0) for p in retrieval.passages), default=0.0)
        coverage = judge(understood, best_dense, lexical, evidence,
                         context_on_topic=lends_topic, situation=situation, nearest=nearest)
        passages = retrieval.passages
        if coverage.answerable and tells_a_situation(understood, situation) and (
                best_dense < MIN_DENSE_SIMILARITY or asks_only_what_to_do(understood.corrected) or "?" not in understood.corrected):
            # "we want the bot to use our jargon" (on topic only by the situation it tells) or "…butcher our
            # abbreviations. where do we start?" (asking only what to do about it): answered by what it calls for
            passages = lift_each(passages, situation, 1)
        trains = self._trains_for_told_situation(understood) if asks_for_a_similar_client(understood) else None
        return compose_answer(understood, coverage, Retrieval(passages, hits), documents, history, trains), best_dense

    def _asks_of_another_client(self, understood) -> bool:
        """"What was the HR vendor's plan?", "a bank where it was the right call?", "any client…?":
        not the story just told, whatever its tense."""
        return bool(self._case_named(understood.corrected) or _ANY_CLIENT.search(understood.corrected)
                    or ANOTHER.search(understood.corrected) or asks_for_a_similar_client(understood)
                    or _asks_for_another_client_where(understood.corrected))

    def _told_note_holds_the_ask(self, understood, case_id: str, vector) -> bool:
        """A question asking for specific things (a figure, a rate, a span) right after a
        client's story, naming no other client, asks about that story when the told note
        holds every one of them: "how many pages changed per week?" after the HR vendor's."""
        asks = understood.asks
        if (not case_id.startswith("case-") or not asks or self._case_named(understood.corrected)
                or _ANY_CLIENT.search(understood.corrected) or ANOTHER.search(understood.corrected)):
            return False
        about = dataclasses.replace(understood, previous_case=case_id)
        hits = self.index.sentence_search(vector, EVIDENCE_SENTENCES, sections=[case_id])
        evidence = [(s, similarity) for s, similarity in hits if s.quotable]
        return all(holds(a.kind, a.phrase, about, evidence) for a in asks)

    def _trains_for_told_situation(self, understood) -> bool | None:
        """Whether the intake's rules would advise training for the situation the last question
        told, read by the intake's own free-text reader; None when it told nothing the intake
        asks about, or when an answer it left out could change that ("1M messages a day" with no
        labels said: whether to train turns on the labels)."""
        from .intake.engine import decide, fields_that_could_change
        from .intake.freetext import prefill_from_use_case
        from .intake_service import rules_for

        told = prefill_from_use_case(understood.topic)
        if not told:
            return None
        rules = rules_for(self)
        trains = decide(told, rules).fine_tuning
        return None if fields_that_could_change(told, rules, lambda decision: decision.fine_tuning, trains) else trains

    def ask(self, question, history: list[dict] | None = None) -> dict:
        """The `ask` JSON: the model's answer when one is configured, else (or when it
        fails) the offline one. Bad input raises InputError."""
        final: dict = {}
        for kind, value in self.stream(question, history, tokens=False):
            if kind == "final":
                final = value
        return final

    def stream(self, question, history: list[dict] | None = None, *, tokens: bool = True):
        """Events for every front: ("status", text) per tool step, ("token", text) as the
        model writes (unverified: the final answer replaces them), then exactly one
        ("final", ask JSON). A model failure, even mid-stream, ends with the offline answer
        and a `notice` saying why: the one place a model answer is given up. Bad input
        raises InputError on the first next()."""
        request = question if isinstance(question, AskRequest) else AskRequest.of(question, history)
        question, history = request.question, request.history_dicts()
        if not self.settings.llm_enabled:
            yield "final", self.ask_offline(question, history)
            return
        from .chat import answer_events  # imported lazily: openai is heavy

        try:
            yield from answer_events(self.chat_model(), self, question, history, stream=tokens)
        except ProviderError as exc:
            offline = self.ask_offline(question, history)
            yield "final", ask_result(**{**offline, "notice": fallback_notice(exc)})

    def chat_model(self):
        """The model client: the injected one (a ChatModel or an openai client), else one
        built from the settings (one HTTP connection pool per configuration)."""
        from .llm import ChatModel

        if isinstance(self._chat_client, ChatModel):
            return self._chat_client
        return ChatModel.from_settings(self.settings, client=self._chat_client or _client_for(self.settings))

    # -- intake --------------------------------------------------------------
    def intake(self, answers) -> dict:
        from .intake_service import run_intake

        return run_intake(self, answers)

    def health(self) -> dict:
        return {"status": "ok", "index": self.index.counts(), "mode": "llm" if self.settings.llm_enabled else "offline",
                "knowledge_problems": [str(p) for p in self.kb.problems]}


def _story_goes_on(understood, quoted_first: str, documents: dict, framework: frozenset[str]) -> str:
    """The case the last answer told, when a question that does not point back names a
    thing only that story has ("the pilot", "the designations"): a word of that note
    that no framework section (`framework`: their words) uses. "" otherwise."""
    if understood.follow_up or not quoted_first.startswith("case-") or quoted_first not in documents:
        return ""
    story = set(content_words(documents[quoted_first].text))
    return quoted_first if definite_nouns(understood.corrected) & (story - framework) else ""


BARE_FOLLOW_UP_WORDS = 4  # "and the cost?", "latency then?": a follow-up that names only what it asks


def _only_the_storys_words(question: str, note) -> bool:
    """"and the cost?" right after a client's story (`note`, or None): a few words, each of them that note's own."""
    if note is None or len(question.split()) > BARE_FOLLOW_UP_WORDS:
        return False
    own = content_words(question)
    return bool(own) and set(own) <= set(content_words(note.text))


OWN_CANDIDATES = 8  # passages of a question's own search (a prefix of a longer search is the shorter one)
OWN_SIMILARITY_PASSAGES = 5  # how near a short follow-up is to the knowledge by itself: its best five
ANSWER_CANDIDATES = 12  # passages an offline answer is composed from
SITUATION_CANDIDATES = 60  # a section the situation calls for (or a client's story asked for) is found among this many passages
INTENT_CANDIDATES = 12  # passages a search looks through for the section its question's intent always hears from
INTENT_PLACES = 3  # …which then ranks among the first three sections
STORY_RANK = 3  # the told client's note among a question's own best sections keeps the story going
_STORY_INTENTS = frozenset({"what", "how", "why", "yesno", "example"})


_WHO = re.compile(r"\s*(and |so |but )?who\b", re.IGNORECASE)


def _asks_who_in_a_story(understood) -> bool:
    """"Who owns the retraining?" right after a client's story asks who in that story; "who wrote it?" asks about the article."""
    return bool(_WHO.match(understood.corrected)) and understood.intent != "about_article"


_QUOTE_MARK = re.compile(r"[“”\"]")


def _with_attributions(evidence: list, hits: list) -> list:
    """"Who said it?" after a quote: the "— Rahul, …" line that signs a quoted sentence in the
    evidence speaks for that sentence, though a line so short ranks near no question."""
    quoted = {s.section_id for s, _ in evidence[:EVIDENCE_SENTENCES] if _QUOTE_MARK.search(s.text)}
    first = {s.id for s, _ in evidence[:1]}
    signed = [(s, sim) for s, sim in hits
              if s.section_id in quoted and s.quotable and HOLDS["person"].search(s.text) and s.id not in first]
    signed_ids = {s.id for s, _ in signed}
    return evidence[:1] + signed + [pair for pair in evidence[1:] if pair[0].id not in signed_ids]


def _about_case(understood, case_id: str, also: set[str] | frozenset = frozenset()):
    """Answer from one client's note: what, how, why and yes/no about it become its story."""
    intent = "example" if understood.intent in _STORY_INTENTS | also else understood.intent
    return dataclasses.replace(understood, previous_case=case_id, intent=intent)


def _asks_for_another_client_where(text: str) -> bool:
    """"And one where it didn't?", "and one where it passed?": another client, not the one just told."""
    return asks_where_it_fell_short(text) or asks_where_it_held(text)


_ANY_CLIENT = re.compile(r"\b(any|a|some|one|another)\s+(\w+\s+)?(clients?|customers?|cases?|compan(y|ies)|engagements?|teams?)\b|"
                         r"\b(was|wasn['’]?t|were|weren['’]?t) there (a|an|one|some|any)\b",  # "wasn't there a news site that…?": a story recalled
                         re.IGNORECASE)


def fallback_notice(exc: Exception) -> str:
    """Called exactly where a model answer is given up for the offline one, so it also
    logs that line."""
    log.warning("model answer given up (%s); answering offline with a notice", exc)
    return f"The model could not answer ({exc}); this is the offline answer from the framework."


SHORT_QUESTION_WORDS = 8  # a question this short may leave its topic to the conversation


def _nearest_by_kind(passages) -> tuple[float, float]:
    """The best similarity among the article's passages, and among the clients' notes."""
    return (max((p.dense for p in passages if not p.section_id.startswith("case-")), default=0.0),
            max((p.dense for p in passages if p.section_id.startswith("case-")), default=0.0))


def _may_lean_on_context(understood, history: list[dict] | None) -> bool:
    """A short question that names no approach, asked after an answered one, may be about it."""
    return (not understood.follow_up and not understood.approaches and len(understood.corrected.split()) <= SHORT_QUESTION_WORDS
            and _last_answer_on_topic(history))


def _asks_what_comes_first_for_the_told_situation(understood, history: list[dict] | None) -> bool:
    """"What should we try before we think of training?" right after the team told its situation
    ("our JSON output keeps breaking."): what comes first for that situation, though the question is
    long enough to stand alone. One that names a situation of its own ("…for our jargon?") does stand alone."""
    if understood.follow_up or understood.intent != "try_first" or scenario_sections(understood.corrected):
        return False
    told = user_turns(history)[-1:]
    # told, not asked: "our JSON output keeps breaking." or "model keeps breaking the schema"
    return bool(told) and (tells_our_own(told[0]) or "?" not in told[0]) and bool(scenario_sections(told[0]))


def _alternative_pointed_to(alternatives: list[str], quoted: tuple[str, ...], documents: dict) -> str:
    """The alternative named by the first section the last answer quoted that names only one
    ("…when they should be building a RAG system"); the decision rules name them all."""
    for text in [documents[s].text for s in quoted if s in documents and documents[s].source == "framework"]:
        named = [a for a in approaches_in(text) if a in alternatives]
        if len(named) == 1:
            return named[0]
    return ""


def _last_answer_on_topic(history: list[dict] | None) -> bool:
    last = last_answer(history)
    return bool(last) and not is_refusal(last)


@functools.lru_cache(maxsize=4)
def _client_for(settings):
    from .llm import make_client

    return make_client(settings)  # one HTTP connection pool per configuration
