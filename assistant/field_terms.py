"""The field's own vocabulary beyond the framework: techniques, risks and measures of LLM
engineering that a team may ask about by name ("synthetic data", "prompt injection",
"a knowledge graph"). Each is everyday English word by word, so neither the spelling list
nor the knowledge's vocabulary tells it apart; as a phrase, it names one thing.

The glossary is written from the field, not from questions seen: a term counts only when
the knowledge base never uses it, so adding a case note that discusses, say, distillation
makes questions about distillation answerable without touching this list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# None of these is one of the three approaches under another name, nor a part of them the
# framework describes (function calling is a structured output API; retrieval, embeddings,
# vector search and LoRA are the framework's subject).
FIELD_TERMS: tuple[str, ...] = (
    # ways of making or stretching training data
    "synthetic data", "synthetic examples", "synthetic", "data augmentation",
    # ways of building or shrinking a model other than the three approaches
    "distillation", "distil", "distill", "teacher model", "student model", "mixture of experts", "model merging", "pruning",
    "reinforcement learning", "reward model", "continual learning", "active learning",
    # training on preferences rather than on examples of the output (the framework's fine-tuning is the latter)
    "rlhf", "dpo", "ppo", "orpo", "preference optimisation", "preference optimization", "preference tuning",
    "instruction tuning", "continued pre-training", "continued pretraining",
    # what training can do to a model
    "catastrophic forgetting", "overfitting", "overfit", "model collapse",
    # retrieval variants and machinery the framework does not go into
    "knowledge graph", "knowledge graphs", "graph rag", "graphrag", "hybrid search", "reranker", "rerankers", "re-ranking",
    "reranking", "query rewriting", "query expansion", "hyde", "cross-encoder", "bi-encoder", "dense retrieval",
    "sparse retrieval",
    # prompting techniques the framework does not name
    "self-consistency", "prompt chaining", "tree of thoughts", "prompt compression",
    # serving and inference tricks
    "prompt caching", "semantic cache", "semantic caching", "kv cache", "speculative decoding", "beam search", "logprobs",
    "logits",
    # long inputs and other kinds of input
    "context window", "context windows", "long context", "long-context", "million-token", "multimodal", "multi-modal",
    "audio", "speech-to-text", "transcription", "video", "images", "photos", "ocr",
    # agents
    "ai agent", "ai agents", "llm agent", "llm agents", "agentic", "multi-agent", "tool calling",
    # security and safety
    "prompt injection", "jailbreak", "jailbreaks", "jailbreaking", "red teaming", "red-teaming", "red team", "guardrails",
    "content moderation", "toxicity", "pii redaction", "data poisoning", "poisoned documents",
    # measures and monitoring
    "rouge", "bleu", "bertscore", "perplexity", "faithfulness", "groundedness", "llm-as-a-judge", "llm as a judge",
    "hallucination detection", "detect hallucinations", "detecting hallucinations", "hallucination rate", "drift monitoring",
    "observability", "pen test", "pen testing", "pen testers", "penetration testing",
    # governance
    "explainability", "interpretability", "fairness", "copyright", "watermarking", "differential privacy",
    "federated learning", "data residency", "model card", "model cards", "data lineage",
)

# Products and vendors of the field, as a team types them in lower case ("cohere rerank",
# "bedrock or azure?"); capitalised names are found as names already (question.named_things).
# Words that are also everyday English ("guidance", "phi", "triton", "meta") are left out.
PRODUCT_NAMES: tuple[str, ...] = (
    "openai", "anthropic", "azure", "aws", "bedrock", "sagemaker", "vertex", "vertex ai", "gemini", "claude", "chatgpt",
    "gpt-4", "gpt-4o", "gpt-3.5", "llama", "mistral", "mixtral", "qwen", "deepseek", "cohere", "hugging face",
    "huggingface", "pinecone", "weaviate", "qdrant", "milvus", "chromadb", "pgvector", "elasticsearch", "opensearch",
    "faiss", "langchain", "llamaindex", "llama index", "haystack", "dspy", "vllm", "tgi", "ollama", "tensorrt",
    "databricks", "snowflake", "nvidia", "h100", "a100", "roberta", "distilbert", "bert", "minilm", "ragas", "trulens",
    "mlflow", "wandb", "label studio", "selfcheckgpt", "watsonx",
    # where a team's documents live
    "confluence", "sharepoint", "jira", "zendesk", "servicenow", "salesforce",
)

# The field's shorthand for kinds of fine-tuning: the framework's own subject under other
# names, so neither outside terms nor typos ("peft" is not "pet").
FINE_TUNING_SHORTHAND: tuple[str, ...] = ("peft", "qlora", "sft", "lora")

# money named by its currency: "what would those come to in naira?", "a figure in shillings" (whole words: "ordinary"
# holds no dinar, "preceding" no cedi); the spelling corrector leaves them as typed ("reais" is no slip on "reads")
CURRENCY_NAMES = (r"naira|shillings?|kronor|krona|kroner|rupees?|pesos?|yen|yuan|renminbi|rand|dirhams?|riyals?|dollars|euros|"
                  r"pounds|francs|reais|ringgit|baht|rupiah|zloty|lira|cedis?|dinars?")

# One-word names of the field, which the spelling corrector leaves as typed.
FIELD_WORDS = frozenset(t for t in FIELD_TERMS + PRODUCT_NAMES + FINE_TUNING_SHORTHAND if re.fullmatch(r"[a-z]+", t))


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[-_/]", " ", text.lower()).split())


def outside_terms(knowledge_texts: Iterable[str], terms: Iterable[str] = FIELD_TERMS) -> frozenset[str]:
    """The terms the knowledge never uses as a phrase (in any of its hyphenations)."""
    knowledge = " " + " ".join(_normal(re.sub(r"[^\w\s/-]", " ", t)) for t in knowledge_texts) + " "
    return frozenset(t for t in terms if f" {_normal(t)} " not in knowledge and f" {_normal(t)}s " not in knowledge)


@lru_cache(maxsize=8)
def _longest_first(outside: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """Each outside term with its normal form, longest first; computed once per glossary. Terms
    of one length go in a fixed order, not the set's: of "long context" and "long-context",
    both in a question, the one named must not change with the process's hash seed."""
    return tuple((term, _normal(term)) for term in sorted(outside, key=lambda t: (-len(t), t)))


def terms_in(sentence: str, outside: frozenset[str]) -> tuple[str, ...]:
    """The outside terms a sentence uses, in its order; of two overlapping, the longer."""
    text = " " + _normal(re.sub(r"[^\w\s/-]", " ", sentence)) + " "
    found: list[tuple[str, str]] = []
    for term, normal in _longest_first(outside):
        if f" {normal} " in text and not any(normal in kept for _, kept in found):
            found.append((term, normal))
    found.sort(key=lambda pair: text.find(f" {pair[1]} "))  # in the order asked
    return tuple(term for term, _ in found)
