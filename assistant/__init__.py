"""Framework assistant: prompt engineering, RAG or fine-tuning — a cited answer."""

__version__ = "0.1.0"
