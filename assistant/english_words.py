"""symspellpy's English frequency list (82,765 words), parsed once per version of the file.

Parsing the text takes a warm server start ~0.1–0.3 s before its first answer; the parsed
list is kept beside the index (`english-words-<checksum>.pickle` in the data dir), keyed
by the SHA-256 of the file it came from, so a new symspellpy brings a new cache and an
unreadable one is rebuilt from the text, never fatal. The words keep the file's order:
the spelling corrector takes the most frequent ones from its head.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import pickle
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "frequency_dictionary_en_82_765.txt"


def dictionary_path() -> Path:
    """The list shipped inside symspellpy, found without importing it (~50 ms)."""
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or not spec.origin:
        import symspellpy  # raises the usual ImportError

        return Path(symspellpy.__file__).parent / FILE_NAME
    return Path(spec.origin).parent / FILE_NAME


def parse(text: str) -> tuple[list[str], list[int]]:
    """Words and their counts, in the file's order; lines that are not "word count" are skipped."""
    words, counts = [], []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            words.append(parts[0])
            counts.append(int(parts[1]))
    return words, counts


def load(cache_dir: Path | None = None, path: Path | None = None) -> tuple[list[str], list[int]]:
    """The parsed list: from the cache in `cache_dir` when it matches the file, else
    parsed (and cached there for the next start). Without `cache_dir`, always parsed."""
    raw = Path(path or dictionary_path()).read_bytes()
    if cache_dir is None:
        return parse(raw.decode("utf-8"))
    cache = Path(cache_dir) / f"english-words-{hashlib.sha256(raw).hexdigest()[:16]}.pickle"
    try:
        with open(cache, "rb") as handle:
            words, counts = pickle.load(handle)
        if isinstance(words, list) and isinstance(counts, list) and len(words) == len(counts):
            return words, counts
        log.warning("word-list cache %s has an unexpected shape: rebuilding it", cache.name)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError, AttributeError, pickle.UnpicklingError) as exc:
        log.warning("word-list cache %s unreadable (%s): rebuilding it", cache.name, exc)
    parsed = parse(raw.decode("utf-8"))
    _write(cache, parsed)
    return parsed


def _write(cache: Path, parsed: tuple[list[str], list[int]]) -> None:
    """Beside its final name, then renamed over it: a reader sees a whole file or none."""
    temporary: Path | None = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, prefix=f".{cache.name}.", suffix=".tmp",
                                         delete=False) as handle:
            temporary = Path(handle.name)
            pickle.dump(parsed, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache)
    except OSError as exc:
        log.warning("word-list cache not written (%s): the list is parsed again next start", exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
