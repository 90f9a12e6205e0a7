"""Load the worksheet's cost items from YAML and check them against the knowledge base.

Items are data so a reviewer can read every cost, its formula and the article text
behind it in one file. Like the intake rules, the loader fails loudly (naming the file
and the item) when a quote is not verbatim in its section, a section is unknown, a
formula names a field the schema lacks, or a worksheet field is used by no item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from ..errors import KnowledgeError
from ..intake.schema import ENUM_VALUES, INT_FIELDS
from ..knowledge import KnowledgeBase, read_data_file
from ..labels import RECOMMENDATIONS
from .schema import COST_FIELDS

CATALOG_PATH = Path(__file__).with_name("items.yaml")
PERIODS = ("once", "day", "month", "year")
CATEGORIES = {"people": "People's time", "model_calls": "Model calls (tokens)",
              "training_compute": "Training compute (GPU)", "infrastructure": "Hosting, serving and re-indexing"}
_ITEM_KEYS = {"id", "name", "options", "category", "per", "factors", "terms", "per_million", "section_id", "quote",
              "from_framework"}


@dataclass(frozen=True)
class Citation:
    section_id: str
    quote: str


@dataclass(frozen=True)
class CostItem:
    """One cost: which options pay it, how often, and the fields its amount multiplies."""

    id: str
    name: str
    options: tuple[str, ...]
    category: str
    per: str
    factors: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...] = ((),)
    per_million: bool = False
    citation: Citation | None = None

    @property
    def kind(self) -> str:
        return "one_off" if self.per == "once" else "recurring"

    @property
    def from_framework(self) -> bool:
        return self.citation is not None

    @property
    def fields(self) -> tuple[str, ...]:
        """Every input the amount needs, in schema order."""
        used = set(self.factors) | {f for term in self.terms for f in term}
        return tuple(f for f in COST_FIELDS if f in used)


@dataclass(frozen=True)
class OptionSpec:
    option: str
    label: str
    driver: str
    citation: Citation


@dataclass(frozen=True)
class Prefill:
    """An intake answer that fills an empty worksheet field."""

    field: str
    source: str
    mapping: Mapping[str, float] | None = None

    def value(self, answer: Any) -> float | None:
        if answer is None:
            return None
        if self.mapping is None:
            return float(answer)
        return self.mapping.get(answer)


@dataclass(frozen=True)
class Catalog:
    options: Mapping[str, OptionSpec]
    items: tuple[CostItem, ...]
    prefills: tuple[Prefill, ...]
    break_even: Mapping[str, str]
    break_even_citation: Citation
    stale_option: str
    stale_citation: Citation
    source: str

    def items_for(self, option: str) -> tuple[CostItem, ...]:
        return tuple(i for i in self.items if option in i.options)

    def fields_for(self, option: str) -> tuple[str, ...]:
        used = {f for i in self.items_for(option) for f in i.fields}
        return tuple(f for f in COST_FIELDS if f in used)

    def citations(self) -> list[Citation]:
        """Every quote the worksheet shows (items, drivers, break-even, stale-model note)."""
        return ([i.citation for i in self.items if i.citation] + [o.citation for o in self.options.values()]
                + [self.break_even_citation, self.stale_citation])


class _Invalid(Exception):
    """A problem inside one entry; load_catalog adds the file and the entry."""


def _citation(raw: Mapping[str, Any], kb: KnowledgeBase) -> Citation:
    section_id, quote = raw.get("section_id"), raw.get("quote")
    if not isinstance(section_id, str) or not isinstance(quote, str) or not quote.strip():
        raise _Invalid("needs section_id and quote (strings), or from_framework: false")
    section = kb.sections.get(section_id)
    if section is None:
        raise _Invalid(f"section_id {section_id!r} does not exist; known: {', '.join(kb.sections)}")
    if quote not in section.text:
        raise _Invalid(f"quote is not verbatim in section {section_id!r}: {quote!r}")
    return Citation(section_id, quote)


def _fields(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f"{what} must be a list of field names")
    for name in value:
        if name not in COST_FIELDS:
            raise _Invalid(f"{what}: unknown field {name!r}; fields: {', '.join(COST_FIELDS)}")
    return tuple(value)


def _item(raw: Any, kb: KnowledgeBase) -> CostItem:
    if not isinstance(raw, dict):
        raise _Invalid("each item must be a mapping")
    unknown = set(raw) - _ITEM_KEYS
    if unknown:
        raise _Invalid(f"unknown key(s) {sorted(unknown)}; allowed: {', '.join(sorted(_ITEM_KEYS))}")
    for key in ("id", "name", "options", "category", "per", "factors"):
        if raw.get(key) in (None, "", []):
            raise _Invalid(f"'{key}' is required")
    options = raw["options"]
    if not isinstance(options, list) or any(o not in RECOMMENDATIONS for o in options):
        raise _Invalid(f"options must be a list of {', '.join(RECOMMENDATIONS)}")
    if raw["category"] not in CATEGORIES:
        raise _Invalid(f"category must be one of {', '.join(CATEGORIES)}")
    if raw["per"] not in PERIODS:
        raise _Invalid(f"per must be one of {', '.join(PERIODS)}")
    terms = raw.get("terms")
    if terms is not None and (not isinstance(terms, list) or not terms):
        raise _Invalid("terms must be a non-empty list of lists of field names")
    framework = raw.get("from_framework", True)
    if framework is not True and framework is not False:
        raise _Invalid("from_framework must be true or false")
    if framework:
        citation = _citation(raw, kb)
    elif "section_id" in raw or "quote" in raw:
        raise _Invalid("an item not from the framework carries no section_id or quote")
    else:
        citation = None
    return CostItem(
        id=str(raw["id"]), name=" ".join(str(raw["name"]).split()), options=tuple(options),
        category=raw["category"], per=raw["per"],
        factors=_fields(raw["factors"], "factors"),
        terms=tuple(_fields(t, "terms") for t in terms) if terms else ((),),
        per_million=bool(raw.get("per_million", False)), citation=citation,
    )


def _option(name: str, raw: Any, kb: KnowledgeBase) -> OptionSpec:
    if name not in RECOMMENDATIONS:
        raise _Invalid(f"unknown option; allowed: {', '.join(RECOMMENDATIONS)}")
    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str) or not isinstance(raw.get("driver"), dict):
        raise _Invalid("needs a label and a driver {text, section_id, quote}")
    driver = raw["driver"]
    if not isinstance(driver.get("text"), str):
        raise _Invalid("driver.text is required")
    return OptionSpec(name, raw["label"], " ".join(driver["text"].split()), _citation(driver, kb))


def _prefill(field: str, raw: Any) -> Prefill:
    if field not in COST_FIELDS:
        raise _Invalid(f"unknown worksheet field; fields: {', '.join(COST_FIELDS)}")
    if not isinstance(raw, dict) or set(raw) - {"from", "map"}:
        raise _Invalid("needs 'from' (an intake field) and optionally 'map'")
    source, mapping = raw.get("from"), raw.get("map")
    if mapping is None:
        if source not in INT_FIELDS:
            raise _Invalid(f"'from' without 'map' must be a numeric intake field: {', '.join(INT_FIELDS)}")
        return Prefill(field, source)
    if source not in ENUM_VALUES or not isinstance(mapping, dict):
        raise _Invalid(f"'from' with 'map' must be a choice field of the intake: {', '.join(ENUM_VALUES)}")
    for choice, number in mapping.items():
        if choice not in ENUM_VALUES[source]:
            raise _Invalid(f"map: {choice!r} is not a value of {source} ({', '.join(ENUM_VALUES[source])})")
        if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
            raise _Invalid(f"map: {choice!r} must map to a number 0 or more")
    return Prefill(field, source, {k: float(v) for k, v in mapping.items()})


def _entry(display: str, where: str, build, *args):
    try:
        return build(*args)
    except _Invalid as exc:
        raise KnowledgeError(display, where, str(exc)) from None


def load_catalog(kb: KnowledgeBase, path: Path | str | None = None) -> Catalog:
    """Read and verify the cost items; raise KnowledgeError naming the file and entry on any problem."""
    data, display = read_data_file(Path(path) if path else CATALOG_PATH, CATALOG_PATH)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not isinstance(data.get("options"), dict):
        raise KnowledgeError(display, "items", "needs 'options' (a mapping) and 'items' (a list)")
    options = {name: _entry(display, f"option {name}", _option, name, raw, kb) for name, raw in data["options"].items()}
    missing = [o for o in RECOMMENDATIONS if o not in options]
    if missing:
        raise KnowledgeError(display, "options", f"every option needs an entry; missing: {', '.join(missing)}")
    options = {o: options[o] for o in RECOMMENDATIONS}  # the contract's order, whatever the file's
    items: list[CostItem] = []
    for index, raw in enumerate(data["items"]):
        name = raw.get("id") if isinstance(raw, dict) and raw.get("id") else f"#{index + 1}"
        item = _entry(display, f"item {name}", _item, raw, kb)
        if any(i.id == item.id for i in items):
            raise KnowledgeError(display, f"item {name}", "duplicate item id")
        items.append(item)
    used = {f for i in items for f in i.fields}
    unused = [f for f in COST_FIELDS if f not in used]
    if unused:
        raise KnowledgeError(display, "items", f"worksheet field(s) used by no item: {', '.join(unused)}")
    prefills = tuple(_entry(display, f"prefill {f}", _prefill, f, raw) for f, raw in (data.get("prefill") or {}).items())
    be = data.get("break_even") or {}
    if be.get("fine_tuned") not in RECOMMENDATIONS or be.get("prompted") not in RECOMMENDATIONS:
        raise KnowledgeError(display, "break_even", "needs fine_tuned and prompted options")
    stale = data.get("stale_model") or {}
    if stale.get("option") not in RECOMMENDATIONS:
        raise KnowledgeError(display, "stale_model", f"option must be one of {', '.join(RECOMMENDATIONS)}")
    return Catalog(
        options=options, items=tuple(items), prefills=prefills,
        break_even={"fine_tuned": be["fine_tuned"], "prompted": be["prompted"]},
        break_even_citation=_entry(display, "break_even", _citation, be, kb),
        stale_option=stale["option"], stale_citation=_entry(display, "stale_model", _citation, stale, kb),
        source=display,
    )
