"""The OpenAPI 3.1 description served at GET /api/openapi.json.

Generated from the pydantic models of the contract (assistant.schemas, which also
re-exports the intake and cost-worksheet models): each model's `model_json_schema`,
its `$defs` hoisted into components. Limits (MAX_K, the history limits, the question
length, the body size) are the constants the code checks, so the description cannot
drift from what the API validates and returns.
"""

from __future__ import annotations

from functools import lru_cache

from . import __version__
from .config import MAX_BODY_BYTES

_REF = "#/components/schemas/{model}"


def _model_schemas() -> dict:
    """Every request model (validation mode: what is accepted) and response model
    (serialization mode: what is sent), $defs hoisted into components. A name that two
    models define differently is a bug in the models, not something to paper over."""
    from .schemas import REQUEST_MODELS, RESPONSE_MODELS, CostResult

    schemas: dict = {}
    for models, mode in ((REQUEST_MODELS, "validation"), (RESPONSE_MODELS, "serialization")):
        for model in models:
            # CostResult in validation mode: its items drop absent citations through a
            # serializer, which would otherwise hide all their fields from the schema.
            schema = model.model_json_schema(ref_template=_REF, mode="validation" if model is CostResult else mode)
            for name, definition in [*schema.pop("$defs", {}).items(), (model.__name__, schema)]:
                if schemas.setdefault(name, definition) != definition:
                    raise AssertionError(f"OpenAPI component {name!r} is defined twice, differently")
    return schemas


def _ref(name: str) -> dict:
    return {"$ref": _REF.format(model=name)}


def _search_parameters() -> list[dict]:
    """?q=…&k=… from SearchRequest's own fields."""
    from .schemas import SearchRequest

    properties = SearchRequest.model_json_schema()["properties"]
    required = SearchRequest.model_json_schema().get("required", [])
    return [{"name": name, "in": "query", "required": name in required,
             "schema": {k: v for k, v in spec.items() if k != "title"}} for name, spec in properties.items()]


def _end_user_parameter() -> dict:
    """X-Assistant-User, from the constants api.py checks it with."""
    from .schemas import END_USER_HEADER, END_USER_PATTERN, MAX_END_USER_CHARS

    return {
        "name": END_USER_HEADER, "in": "header", "required": False,
        "description": f"An opaque id of the portal's end user (a hash, say): 1-{MAX_END_USER_CHARS} printable ASCII "
                       "characters, no leading or trailing space. With an API key, that key's rate bucket is split "
                       "into one per end user; with no key configured (loopback clients) the value is checked but "
                       f"not used. A bad value is refused with 422, error.field \"{END_USER_HEADER}\".",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_END_USER_CHARS, "pattern": END_USER_PATTERN},
    }


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {
        401: "Missing, wrong or revoked API key (once any key exists: a named key or ASSISTANT_API_TOKEN).",
        403: "Not a loopback client (no API key exists yet), or a browser origin not in ASSISTANT_ALLOWED_ORIGINS.",
        413: f"Body larger than {MAX_BODY_BYTES} bytes.",
        422: "Bad JSON, a bad field or a bad X-Assistant-User header; error.field names it.",
        429: "Rate limit reached; see the Retry-After header (seconds).",
        503: "The index is unavailable.",
    }
    return {str(c): {"description": text[c], **_json(_ref("ErrorBody"))} for c in codes}


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
            "schemas": _model_schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "An API key: a named key from `python -m assistant keys create NAME` "
                                                          "(or the API keys page), or ASSISTANT_API_TOKEN (the key \"default\"). Each key "
                                                          "has its own rate limit; the optional X-Assistant-User header (a parameter "
                                                          "of every /api/v1 operation) gives a bucket per end user of that key. "
                                                          "With no key configured, only loopback clients are answered."}},
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
                "parameters": [_end_user_parameter()],
                "requestBody": {"required": True, **_json(_ref("AskRequest"))},
                "responses": {"200": {"description": "The answer.", **_json(_ref("AskResult"))}, **_errors(413, *v1_errors)},
            }},
            "/api/v1/intake": {"post": {
                "operationId": "intake", "summary": "Recommend prompt engineering, RAG or fine-tuning from intake answers.",
                "security": [{"bearer": []}],
                "parameters": [_end_user_parameter()],
                "requestBody": {"required": True, **_json(_ref("IntakeAnswers"))},
                "responses": {"200": {"description": "The recommendation.", **_json(_ref("IntakeResult"))},
                              **_errors(413, *v1_errors)},
            }},
            "/api/v1/costs": {"post": {
                "operationId": "costs",
                "summary": "Hidden-cost worksheet: each option priced with the team's own numbers (null where an input is missing).",
                "security": [{"bearer": []}],
                "parameters": [_end_user_parameter()],
                "requestBody": {"required": True, **_json(_ref("CostInputs"))},
                "responses": {"200": {"description": "Totals, one-off and recurring costs and items per option.",
                                      **_json(_ref("CostResult"))},
                              **_errors(413, *v1_errors)},
            }},
            "/api/v1/search": {"get": {
                "operationId": "search", "summary": "Ranked passages from the framework and case notes.",
                "security": [{"bearer": []}],
                "parameters": [*_search_parameters(), _end_user_parameter()],
                "responses": {"200": {"description": "Results, best first.", **_json(_ref("SearchResult"))}, **_errors(*v1_errors)},
            }},
        },
    }
