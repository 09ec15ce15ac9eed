"""Every value the API takes in declares its limits: text refuses control characters, integers fit int32.

Read from the OpenAPI document the app serves, so a field or parameter added later without the shared types
of app/input_types.py fails here instead of reaching PostgreSQL (a NUL, or an id past 2**31, answered 500).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from app.input_types import INT32_MAX, INT32_MIN

# Strings holding a control character that no input pattern may accept.
_HOSTILE = ("a\x00b", "ab\x00", "\x00", "a\x1bb", "a\x7fb")


def _openapi() -> dict[str, Any]:
    from app.main import app

    return app.openapi()


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _leaves(document: dict[str, Any], schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()):
    """Every scalar schema inside `schema`, with a dotted name saying where it sits."""
    ref = schema.get("$ref")
    if ref in seen:
        return
    resolved = _resolve(document, schema)
    seen = seen | {ref} if ref else seen
    for key in ("anyOf", "oneOf", "allOf"):
        for option in resolved.get(key, []):
            yield from _leaves(document, option, where, seen)
    if "properties" in resolved:
        for name, prop in resolved["properties"].items():
            yield from _leaves(document, prop, f"{where}.{name}", seen)
    if isinstance(resolved.get("additionalProperties"), dict):
        yield from _leaves(document, resolved["additionalProperties"], f"{where}.*", seen)
    if "items" in resolved:
        yield from _leaves(document, resolved["items"], f"{where}[]", seen)
    if resolved.get("type") in ("string", "integer"):
        yield where, resolved


def _inputs() -> Iterator[tuple[str, dict[str, Any]]]:
    document = _openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):
                    yield from _leaves(document, parameter["schema"], f"{name} {parameter['name']}")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield from _leaves(document, body["schema"], f"{name} body")


def test_every_text_input_refuses_control_characters() -> None:
    loose = []
    for where, schema in _inputs():
        if schema["type"] != "string" or "enum" in schema or "const" in schema:
            continue
        pattern = schema.get("pattern")
        if pattern is None or any(re.search(pattern, hostile) for hostile in _HOSTILE):
            loose.append(where)
    assert loose == []


def test_every_integer_input_fits_an_int32_column() -> None:
    unbounded = []
    for where, schema in _inputs():
        if schema["type"] != "integer" or "enum" in schema:
            continue
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        if low is None or high is None or low < INT32_MIN or high > INT32_MAX:
            unbounded.append(where)
    assert unbounded == []


@pytest.mark.parametrize("where", ["POST /api/v1/requests body.title", "GET /api/v1/search query"])
def test_the_walk_sees_the_fields_it_guards(where: str) -> None:
    assert where in {name for name, _ in _inputs()}
