"""JSON from outside (API bodies, `intake --answers`, batch lines), parsed safely.

The standard parser turns a document nested ~1,000 deep into a RecursionError and an
integer of more than 4,300 digits into a ValueError; both escaped as 500s and
tracebacks. Here every such document is an InputError naming the field at fault.
"""

from __future__ import annotations

import json

from .errors import InputError

MAX_JSON_DEPTH = 32  # our deepest contract (history items) is 3 levels
MAX_INT_DIGITS = 100


class _TooManyDigits:
    """Stands in for an integer too long to convert, so the field holding it can be named."""

    def __init__(self, digits: int):
        self.digits = digits


def _parse_int(text: str):
    digits = len(text.lstrip("-"))
    return _TooManyDigits(digits) if digits > MAX_INT_DIGITS else int(text)


class _Constant(ValueError):
    pass


def _no_constant(name: str):
    raise _Constant(name)


def _check(data, field: str) -> None:
    """Depth and integer size, walked without recursion. The error names the top-level
    key that holds the problem (e.g. daily_volume, history), else `field`."""
    stack = [(data, field, 0)]
    while stack:
        value, name, depth = stack.pop()
        if isinstance(value, _TooManyDigits):
            raise InputError(f"{name}: a number with {value.digits} digits is too large; at most {MAX_INT_DIGITS} digits",
                             field=name)
        if isinstance(value, (dict, list)):
            if depth >= MAX_JSON_DEPTH:
                raise InputError(f"{name} is nested too deeply: at most {MAX_JSON_DEPTH} levels", field=name)
            if depth == 0 and isinstance(value, dict):
                stack.extend((v, str(k), 1) for k, v in value.items())
            else:
                stack.extend((v, name, depth + 1) for v in (value.values() if isinstance(value, dict) else value))


def loads(text: str | bytes, field: str = "body"):
    """Parsed JSON, or an InputError naming `field` (or the top-level key at fault)."""
    try:
        data = json.loads(text, parse_int=_parse_int, parse_constant=_no_constant)
    except RecursionError:
        raise InputError(f"{field} is nested too deeply: at most {MAX_JSON_DEPTH} levels", field=field) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{field} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", field=field) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{field} is not valid UTF-8: {exc.reason}", field=field) from None
    except _Constant as exc:
        raise InputError(f"{field} is not valid JSON: {exc} is not a JSON value (use null or a number)", field=field) from None
    _check(data, field)
    return data
