"""Every response the API documents is typed: no operation in /api/v1/openapi.json returns an
object whose fields are not described."""

import pytest

pytestmark = pytest.mark.django_db


def untyped_objects(schema: dict, components: dict, where: str, seen: frozenset = frozenset()) -> list[str]:
    """Where in ``schema`` an object has neither properties nor a typed value for its keys."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return (
            []
            if name in seen
            else untyped_objects(components[name], components, f"{where}/{name}", seen | {name})
        )
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += untyped_objects(option, components, where, seen)
    kind = schema.get("type")
    combined = any(key in schema for key in ("anyOf", "oneOf", "allOf", "enum", "const"))
    if kind == "object" or (kind is None and not combined):
        properties = schema.get("properties") or {}
        values = schema.get("additionalProperties")
        if not properties and not (isinstance(values, dict) and values):
            found.append(where)
        for name, value in properties.items():
            found += untyped_objects(value, components, f"{where}/{name}", seen)
        if isinstance(values, dict) and values:
            found += untyped_objects(values, components, f"{where}/*", seen)
    if kind == "array":
        if "items" in schema:
            found += untyped_objects(schema["items"], components, f"{where}[]", seen)
        else:
            found.append(f"{where}[]")
    return found


def test_the_walk_finds_an_untyped_object():
    assert untyped_objects({"type": "object", "additionalProperties": True}, {}, "x") == ["x"]
    assert untyped_objects({"type": "array", "items": {"type": "object"}}, {}, "x") == ["x[]"]
    typed = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert untyped_objects({"$ref": "#/components/schemas/T"}, {"T": typed}, "x") == []


def test_no_operation_returns_an_untyped_object(client):
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    untyped, operations = [], 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            operations += 1
            for status, response in operation["responses"].items():
                for content in response.get("content", {}).values():
                    untyped += untyped_objects(
                        content["schema"], components, f"{method.upper()} {path} {status}"
                    )
    assert operations >= 26
    assert untyped == []
