"""The worksheet wired to the knowledge base: the catalog is verified against it once."""

from __future__ import annotations

from .costs import compute_costs, load_catalog, parse_cost_inputs


def catalog_for(assistant):
    """Cost items are loaded (and every quote verified) once per knowledge base."""
    cached = getattr(assistant, "_cost_catalog", None)
    if cached is None or cached[0] is not assistant.kb:
        assistant._cost_catalog = (assistant.kb, load_catalog(assistant.kb))
    return assistant._cost_catalog[1]


def run_costs(assistant, data) -> dict:
    """Raw worksheet inputs (a dict from JSON) → the `costs` JSON; CostInputError on bad input."""
    return compute_costs(parse_cost_inputs(data), catalog_for(assistant))
