"""Hidden-cost worksheet: the framework's cost items per option, priced with the team's own numbers.

Pure and deterministic. Typical use:
    catalog = load_catalog(kb)                         # once; verifies every quote
    result = compute_costs(parse_cost_inputs(data), catalog)
"""

from .catalog import CATALOG_PATH, CATEGORIES, Catalog, Citation, CostItem, OptionSpec, Prefill, load_catalog
from .compute import DAYS_PER_MONTH, break_even, compute_costs, effective_values, item_amount
from .render import render_costs_csv, render_costs_markdown, render_costs_text
from .result import NOT_FROM_FRAMEWORK, CostResult
from .schema import (
    COST_FIELDS, DEFAULT_HORIZON_MONTHS, GROUPS, INPUT_FIELDS, MAX_HORIZON_MONTHS, CostInputError, CostInputs,
    field_bounds, field_description, field_errors, field_group, field_title, field_unit, parse_cost_inputs,
)

__all__ = [
    "CATALOG_PATH", "CATEGORIES", "COST_FIELDS", "DAYS_PER_MONTH", "DEFAULT_HORIZON_MONTHS", "GROUPS", "INPUT_FIELDS",
    "MAX_HORIZON_MONTHS", "NOT_FROM_FRAMEWORK",
    "Catalog", "Citation", "CostInputError", "CostInputs", "CostItem", "CostResult", "OptionSpec", "Prefill",
    "break_even", "compute_costs", "effective_values", "field_bounds", "field_description", "field_errors",
    "field_group", "field_title", "field_unit", "item_amount", "load_catalog", "parse_cost_inputs",
    "render_costs_csv", "render_costs_markdown", "render_costs_text",
]
