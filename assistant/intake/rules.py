"""Load the intake rules from YAML and check them against the knowledge base.

Rules are data so that a reviewer can read the whole decision in one file; the
loader fails loudly (naming the rule) when a quote is not verbatim in its section,
a section is unknown, or a condition names a field or value the schema lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Any


from ..errors import KnowledgeError
from ..knowledge import KnowledgeBase, read_data_file
from .schema import ENUM_VALUES, INT_FIELDS, OPTIONAL_FIELDS

RULES_PATH = Path(__file__).with_name("rules.yaml")
THRESHOLD_NAMES = ("high_volume", "tight_latency_ms", "min_labelled_examples")
CONFIDENCE_LEVELS = {"medium_from_missing": 1, "low_from_missing": 3}  # defaults when rules.yaml has none
EFFECT_KINDS = {
    "retrieval": "reason", "fine_tuning": "reason", "try_first": "try_first",
    "caution": "caution", "callout": "reason",
}
DECISION_EFFECTS = ("retrieval", "fine_tuning", "try_first")  # first pass: they decide
PATHS = ("format", "narrow_task", "terminology")  # the three reasons to fine-tune
COMPONENTS = ("retrieval", "fine_tuning")
CONFIDENCE_CAPS = ("medium", "low")
COMPONENTS_KEY = "__components__"  # where the second pass finds the decided components
_RULE_KEYS = {"id", "when", "effect", "kind", "text", "section_id", "quote", "path", "because", "next_step", "confidence"}
_REQUIRED = ("id", "when", "effect", "kind", "text", "section_id", "quote")
_VALUE_OPS = {"eq", "ne", "in", "not_in", "contains"}
_NUMBER_OPS = {"eq", "ne", "gte", "gt", "lte", "lt"}

Predicate = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Rule:
    """One rule: when it applies, what it does, and the article text behind it."""

    id: str
    when: Any
    test: Predicate
    effect: str
    kind: str
    text: str
    section_id: str
    quote: str
    path: str | None = None
    because: str | None = None
    next_step: str | None = None
    confidence: str | None = None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    thresholds: Mapping[str, int]
    next_steps: Mapping[str, tuple[str, ...]]
    source: str
    confidence: Mapping[str, int] = _field(default_factory=lambda: dict(CONFIDENCE_LEVELS))

    @property
    def decision_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.effect in DECISION_EFFECTS)

    @property
    def outcome_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.effect not in DECISION_EFFECTS)

    def get(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


class _Invalid(Exception):
    """A problem inside one rule; load_rules adds the file and rule id."""


def _resolve(value: Any, thresholds: Mapping[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in thresholds:
            raise _Invalid(f"unknown threshold {value!r}; known: {', '.join(thresholds)}")
        return thresholds[value[1:]]
    return value


def _check_value(field: str, op: str, value: Any) -> None:
    if field in INT_FIELDS:
        if op not in _NUMBER_OPS:
            raise _Invalid(f"{field}: operator {op!r} is not for numbers; use one of {', '.join(sorted(_NUMBER_OPS))}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(f"{field}: {value!r} is not a whole number")
        return
    if op not in _VALUE_OPS or (op == "contains") != (field == "motivations"):
        raise _Invalid(f"{field}: operator {op!r} does not apply (motivations takes 'contains'; enums take eq, ne, in, not_in)")
    values = value if op in ("in", "not_in") else [value]
    if op in ("in", "not_in") and not isinstance(value, list):
        raise _Invalid(f"{field}: {op} needs a list")
    for v in values:
        if v not in ENUM_VALUES[field]:
            # Unquoted yes/no in YAML arrive as booleans: this is where they are caught.
            raise _Invalid(f"{field}: {v!r} is not an allowed value ({', '.join(ENUM_VALUES[field])})")


def _compare(field: str, op: str, target: Any) -> Predicate:
    def test(ctx: Mapping[str, Any]) -> bool:
        value = ctx.get(field)
        if value is None or value == []:
            return op in ("ne", "not_in")  # unknown is "not equal", never "greater"
        if op == "eq":
            return value == target
        if op == "ne":
            return value != target
        if op == "in":
            return value in target
        if op == "not_in":
            return value not in target
        if op == "contains":
            return target in value
        return {"gte": value >= target, "gt": value > target, "lte": value <= target, "lt": value < target}[op]
    return test


def compile_condition(cond: Any, thresholds: Mapping[str, int], second_pass: bool = False) -> Predicate:
    """Turn one condition (see rules.yaml header) into a predicate over an answers dict."""
    if not isinstance(cond, dict) or not cond:
        raise _Invalid(f"condition must be a non-empty mapping, got {cond!r}")
    parts: list[Predicate] = []
    for key, arg in cond.items():
        if key in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise _Invalid(f"'{key}' needs a non-empty list")
            subs = [compile_condition(c, thresholds, second_pass) for c in arg]
            parts.append((lambda s: lambda ctx: all(p(ctx) for p in s))(subs) if key == "all"
                         else (lambda s: lambda ctx: any(p(ctx) for p in s))(subs))
        elif key == "not":
            sub = compile_condition(arg, thresholds, second_pass)
            parts.append(lambda ctx, sub=sub: not sub(ctx))
        elif key in ("missing", "present"):
            if arg not in OPTIONAL_FIELDS:
                raise _Invalid(f"'{key}' names unknown field {arg!r}")
            want_missing = key == "missing"
            parts.append(lambda ctx, f=arg, m=want_missing: (ctx.get(f) in (None, [])) == m)
        elif key == "component":
            if not second_pass:
                raise _Invalid("'component' conditions are only allowed in caution and callout rules")
            if arg not in COMPONENTS:
                raise _Invalid(f"unknown component {arg!r}; allowed: {', '.join(COMPONENTS)}")
            parts.append(lambda ctx, c=arg: c in ctx.get(COMPONENTS_KEY, ()))
        elif key in OPTIONAL_FIELDS:
            if not isinstance(arg, dict) or len(arg) != 1:
                raise _Invalid(f"{key}: needs exactly one operator, e.g. {{{key}: {{eq: ...}}}}")
            (op, raw), = arg.items()
            target = [_resolve(v, thresholds) for v in raw] if isinstance(raw, list) else _resolve(raw, thresholds)
            _check_value(key, op, target)
            parts.append(_compare(key, op, target))
        else:
            raise _Invalid(f"unknown condition key {key!r}; fields: {', '.join(OPTIONAL_FIELDS)}")
    return parts[0] if len(parts) == 1 else (lambda ctx: all(p(ctx) for p in parts))


def _build_rule(raw: Any, kb: KnowledgeBase, thresholds: Mapping[str, int]) -> Rule:
    if not isinstance(raw, dict):
        raise _Invalid("each rule must be a mapping")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise _Invalid(f"unknown key(s) {sorted(unknown)}; allowed: {', '.join(sorted(_RULE_KEYS))}")
    for key in _REQUIRED:
        if raw.get(key) in (None, ""):
            raise _Invalid(f"'{key}' is required")
    effect, kind = raw["effect"], raw["kind"]
    if effect not in EFFECT_KINDS:
        raise _Invalid(f"unknown effect {effect!r}; allowed: {', '.join(EFFECT_KINDS)}")
    if kind != EFFECT_KINDS[effect]:
        raise _Invalid(f"effect {effect!r} needs kind {EFFECT_KINDS[effect]!r}, not {kind!r}")
    path = raw.get("path")
    if effect in ("fine_tuning", "try_first") and path not in PATHS:
        raise _Invalid(f"effect {effect!r} needs a path, one of {', '.join(PATHS)} (got {path!r})")
    if raw.get("confidence") not in (None, *CONFIDENCE_CAPS):
        raise _Invalid(f"confidence must be one of {', '.join(CONFIDENCE_CAPS)}")
    if not all(isinstance(raw[k], str) for k in ("id", "text", "section_id", "quote")):
        raise _Invalid("id, text, section_id and quote must be strings")
    section = kb.sections.get(raw["section_id"])
    if section is None:
        raise _Invalid(f"section_id {raw['section_id']!r} does not exist; known: {', '.join(kb.sections)}")
    if raw["quote"] not in section.text:
        raise _Invalid(f"quote is not verbatim in section {section.id!r}: {raw['quote']!r}")
    test = compile_condition(raw["when"], thresholds, second_pass=effect not in DECISION_EFFECTS)
    return Rule(
        id=str(raw["id"]), when=raw["when"], test=test, effect=effect, kind=kind,
        text=" ".join(str(raw["text"]).split()), section_id=section.id, quote=raw["quote"], path=path,
        because=raw.get("because"), next_step=raw.get("next_step"), confidence=raw.get("confidence"),
    )


def _thresholds(data: Mapping[str, Any], display: str) -> dict[str, int]:
    raw = data.get("thresholds")
    if not isinstance(raw, dict):
        raise KnowledgeError(display, "thresholds", f"must be a mapping with {', '.join(THRESHOLD_NAMES)}")
    for name in THRESHOLD_NAMES:
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise KnowledgeError(display, f"thresholds.{name}", f"must be a whole number 0 or more (got {value!r})")
    return dict(raw)


def _confidence(data: Mapping[str, Any], display: str) -> dict[str, int]:
    raw = data.get("confidence") or {}
    if not isinstance(raw, dict) or set(raw) - set(CONFIDENCE_LEVELS):
        raise KnowledgeError(display, "confidence", f"must be a mapping with {', '.join(CONFIDENCE_LEVELS)}")
    levels = {**CONFIDENCE_LEVELS, **raw}
    for name, value in levels.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise KnowledgeError(display, f"confidence.{name}", f"must be a whole number 1 or more (got {value!r})")
    if levels["low_from_missing"] < levels["medium_from_missing"]:
        raise KnowledgeError(display, "confidence.low_from_missing", "must not be below medium_from_missing")
    return levels


def load_rules(kb: KnowledgeBase, path: Path | str | None = None) -> RuleSet:
    """Read and verify the rules; raise KnowledgeError naming the file and rule on any problem."""
    data, display = read_data_file(Path(path) if path else RULES_PATH, RULES_PATH)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise KnowledgeError(display, "rules", "must be a non-empty list of rules")
    thresholds = _thresholds(data, display)
    rules: list[Rule] = []
    for index, raw in enumerate(data["rules"]):
        name = raw.get("id") if isinstance(raw, dict) and raw.get("id") else f"#{index + 1}"
        try:
            rule = _build_rule(raw, kb, thresholds)
        except _Invalid as exc:
            raise KnowledgeError(display, f"rule {name}", str(exc)) from None
        if any(r.id == rule.id for r in rules):
            raise KnowledgeError(display, f"rule {name}", "duplicate rule id")
        rules.append(rule)
    steps = data.get("next_steps") or {}
    if not isinstance(steps, dict) or set(steps) - {"retrieval", "fine_tuning", "prompt_engineering"}:
        raise KnowledgeError(display, "next_steps", "keys must be retrieval, fine_tuning, prompt_engineering")
    return RuleSet(
        rules=tuple(rules), thresholds=thresholds,
        next_steps={k: tuple(" ".join(str(s).split()) for s in v or ()) for k, v in steps.items()},
        source=display, confidence=_confidence(data, display),
    )
