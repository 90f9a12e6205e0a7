"""Text from outside, normalised once at the edge (API, CLI, UI forms, feedback).

`normalise` is the one function every path calls before text is stored, embedded or
echoed: lone surrogates are refused with an error naming the field (they cannot be
encoded as UTF-8 and used to crash the tokenizer mid-batch), NUL characters are
removed, and the text is put in Unicode NFC so the same words always compare equal.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import InputError

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text, field: str, max_chars: int | None = None) -> str:
    """NFC text without NUL, or an InputError naming `field`. With `max_chars`, longer
    text is refused (never silently cut)."""
    if not isinstance(text, str):
        raise InputError(f"{field} must be a string", field=field)
    bad = _SURROGATE.search(text)
    if bad:
        raise InputError(f"{field} is not valid Unicode: a lone surrogate U+{ord(bad.group()):04X} at character "
                         f"{bad.start()}; send UTF-8 text", field=field)
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{field} is too long: {len(text)} characters; the limit is {max_chars}", field=field)
    return text


def without_controls(text: str) -> str:
    """Control characters (other than tab and newlines) become spaces."""
    return _CONTROL.sub(" ", text)


def decode_line(raw: bytes, field: str, line_no: int) -> str:
    """One line of a batch file: strict UTF-8, so a bad line fails alone with a clear error."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"line {line_no} is not valid UTF-8 ({exc.reason} at byte {exc.start})", field=field) from None
