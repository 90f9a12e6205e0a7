"""The OpenAPI 3.1 description served at GET /api/openapi.json.

Intake schemas come from the pydantic models (assistant.intake.schema), so the
description cannot drift from what the API validates; the small ask/search shapes
are written out here from DESIGN.md.
"""

from __future__ import annotations

from functools import lru_cache

from . import __version__
from .config import MAX_BODY_BYTES, MAX_QUESTION_CHARS

_REF = "#/components/schemas/{model}"


def _model_schemas() -> dict:
    """IntakeAnswers, IntakeResult, CostInputs, CostResult and their nested models, $defs hoisted into components."""
    from .costs import CostInputs, CostResult
    from .intake.schema import IntakeAnswers, IntakeResult

    schemas: dict = {}
    # CostResult in validation mode: its items drop absent citations through a serializer,
    # which would otherwise hide their fields from the schema.
    for model in (IntakeAnswers, IntakeResult, CostInputs, CostResult):
        schema = model.model_json_schema(ref_template=_REF, mode="serialization" if model is IntakeResult else "validation")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def _ref(name: str) -> dict:
    return {"$ref": _REF.format(model=name)}


_SOURCE = {"type": "string", "enum": ["framework", "case"]}

HAND_WRITTEN = {
    "AskRequest": {
        "type": "object", "required": ["question"], "additionalProperties": False,
        "properties": {
            "question": {"type": "string", "minLength": 1, "maxLength": MAX_QUESTION_CHARS},
            "history": {"type": "array", "maxItems": 20, "description": "Earlier turns, oldest first (the last 20 are used).",
                        "items": {"type": "object", "required": ["role", "content"],
                                  "properties": {"role": {"type": "string", "enum": ["user", "assistant"]},
                                                 "content": {"type": "string"}}}},
        },
    },
    "Citation": {
        "type": "object", "required": ["n", "section_id", "source", "title", "quote"],
        "properties": {"n": {"type": "integer", "minimum": 1}, "section_id": {"type": "string"}, "source": _SOURCE,
                       "title": {"type": "string"},
                       "quote": {"type": "string", "description": "Verbatim text of the cited source."}},
    },
    "AskResult": {
        "type": "object", "required": ["answer", "citations", "abstained", "mode"],
        "properties": {
            "answer": {"type": "string", "description": "Claims are marked [n]; each n names an entry of citations."},
            "citations": {"type": "array", "items": _ref("Citation")},
            "abstained": {"type": "boolean", "description": "True when the knowledge base does not cover the question."},
            "mode": {"type": "string", "enum": ["offline", "llm"]},
            "notice": {"type": ["string", "null"], "description": "Set when the model failed and the offline answer is shown."},
        },
    },
    "SearchHit": {
        "type": "object", "required": ["id", "section_id", "source", "title", "score", "text"],
        "properties": {"id": {"type": "string", "description": "Chunk id."}, "section_id": {"type": "string"},
                       "source": _SOURCE, "title": {"type": "string"}, "score": {"type": "number"},
                       "text": {"type": "string"}},
    },
    "SearchResult": {
        "type": "object", "required": ["query", "results"],
        "properties": {"query": {"type": "string"},
                       "results": {"type": "array", "items": _ref("SearchHit"), "description": "Best first."}},
    },
    "Health": {
        "type": "object", "required": ["status", "index", "mode", "problems"],
        "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "index": {"type": "object"},
                       "problems": {"type": "array", "items": {"type": "string"},
                                    "description": "Why the status is degraded: index, encoder backend or database "
                                                   "not as configured."},
                       "mode": {"type": "string", "enum": ["offline", "llm"]},
                       "knowledge_problems": {"type": "array", "items": {"type": "string"}}},
    },
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["message"], "properties": {
            "message": {"type": "string"},
            "field": {"type": "string", "description": "The input field at fault (422)."},
            "allowed": {"type": "array", "items": {}, "description": "Allowed values, for an enum field."}}}},
    },
}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {
        401: "Missing or wrong bearer token (when ASSISTANT_API_TOKEN is set).",
        403: "Not a loopback client (no token configured), or a browser origin not in ASSISTANT_ALLOWED_ORIGINS.",
        413: f"Body larger than {MAX_BODY_BYTES} bytes.",
        422: "Bad JSON or a bad field; error.field names it.",
        429: "Rate limit reached; see the Retry-After header (seconds).",
        503: "The index is unavailable.",
    }
    return {str(c): {"description": text[c], **_json(_ref("Error"))} for c in codes}


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    v1_errors = (401, 403, 422, 429, 503)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Framework assistant API",
            "version": __version__,
            "description": "Prompt engineering, RAG or fine-tuning: cited answers, search, the guided intake and the hidden-cost worksheet. "
                           "Served by the same process as the Streamlit UI.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": {**HAND_WRITTEN, **_model_schemas()},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "ASSISTANT_API_TOKEN. Without one configured, only loopback clients are answered."}},
        },
        "paths": {
            "/api/health": {"get": {
                "operationId": "health", "summary": "Liveness and index counts (no auth).",
                "responses": {"200": {"description": "Serving (status \"degraded\" lists what is not as configured).", **_json(_ref("Health"))},
                              "503": {"description": "The index is unavailable.", **_json(_ref("Health"))}},
            }},
            "/api/v1/ask": {"post": {
                "operationId": "ask", "summary": "Answer a question with numbered citations.",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, **_json(_ref("AskRequest"))},
                "responses": {"200": {"description": "The answer.", **_json(_ref("AskResult"))}, **_errors(413, *v1_errors)},
            }},
            "/api/v1/intake": {"post": {
                "operationId": "intake", "summary": "Recommend prompt engineering, RAG or fine-tuning from intake answers.",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, **_json(_ref("IntakeAnswers"))},
                "responses": {"200": {"description": "The recommendation.", **_json(_ref("IntakeResult"))},
                              **_errors(413, *v1_errors)},
            }},
            "/api/v1/costs": {"post": {
                "operationId": "costs",
                "summary": "Hidden-cost worksheet: each option priced with the team's own numbers (null where an input is missing).",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, **_json(_ref("CostInputs"))},
                "responses": {"200": {"description": "Totals, one-off and recurring costs and items per option.",
                                      **_json(_ref("CostResult"))},
                              **_errors(413, *v1_errors)},
            }},
            "/api/v1/search": {"get": {
                "operationId": "search", "summary": "Ranked passages from the framework and case notes.",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": MAX_QUESTION_CHARS}},
                    {"name": "k", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5}},
                ],
                "responses": {"200": {"description": "Results, best first.", **_json(_ref("SearchResult"))}, **_errors(*v1_errors)},
            }},
        },
    }
