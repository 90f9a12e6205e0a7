"""How many items a day a text says are handled: "500,000 machine events daily", "1M msgs/day",
"about two million narrations daily", "about 4,000 a day". Read from a situation the team told and
from each client's note, so that "a client with numbers like ours?" can weigh volumes, which the
search and the notes' front matter cannot."""

from __future__ import annotations

import functools
import math
import re

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_WORD_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 5, "a few": 3, "half a": 0.5}
_PER_DAY = {"second": 86400, "sec": 86400, "s": 86400, "minute": 1440, "min": 1440, "hour": 24, "hr": 24, "h": 24,
            "day": 1, "d": 1, "week": 1 / 7, "wk": 1 / 7, "month": 1 / 30, "mo": 1 / 30, "year": 1 / 365, "yr": 1 / 365}

# a count, then up to three words for what is counted, then how often: "1.4 million transactions a day",
# "200k docs/day", "500,000 machine events daily", "two million narrations daily"
_VOLUME = re.compile(
    r"(?<![\w€$£])(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBER, key=len, reverse=True)) + r")"
    r"\s*(?P<scale>k|thousand|m|mn|million|b|bn|billion)?\b"
    r"(?P<what>(?:\s+[a-z][\w-]*){0,3}?)"
    r"(?:(?:\s+(?:a|an|per|each|every)\s+|\s*/\s*)(?P<unit>second|sec|s|minute|min|hour|hr|h|day|d|week|wk|month|mo|year|yr)s?\b(?!\s+of\b)|\s+(?P<daily>daily))",  # "a year of tickets" is a span, not a rate
    re.IGNORECASE)
# money is spent per month, not handled: "EUR 300 a month", "$2k/month"
_MONEY_BEFORE = re.compile(r"(eur|usd|gbp|inr|chf|aud|cad|r\$|[€$£])\s*$", re.IGNORECASE)
_MONEY_WHAT = re.compile(r"\b(eur|euros?|usd|dollars?|pounds?|gbp|inr|rupees?|reais|budget|spend|cost)\b", re.IGNORECASE)
# how often documents change is no volume handled: "40 pages change every week"
_CHANGE_WHAT = re.compile(r"\b(chang\w*|updated?|revised?|edited|amended|rewritten)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def volume_per_day(text: str) -> float | None:
    """The first number of items handled per day the text states, or None (remembered: each
    client's note is read again whenever similar clients are ordered by volume)."""
    for match in _VOLUME.finditer(text or ""):
        what = match.group("what") or ""
        if _MONEY_BEFORE.search(text[:match.start()]) or _MONEY_WHAT.search(what) or _CHANGE_WHAT.search(what):
            continue
        number = match.group("num").lower()
        if not number[0].isdigit() and not match.group("scale"):
            continue  # "a day", "one per week": no count of items
        value = float(number.replace(",", "")) if number[0].isdigit() else _WORD_NUMBER[number]
        value *= _SCALE.get((match.group("scale") or "").lower(), 1)
        unit = "day" if match.group("daily") else match.group("unit").lower()
        return value * _PER_DAY[unit]
    return None


def volume_distance(ours: float, theirs: float) -> float:
    """How far apart two daily volumes are, in orders of magnitude (1,800 and 450,000: 2.4)."""
    return abs(math.log10(max(ours, 1.0)) - math.log10(max(theirs, 1.0)))
