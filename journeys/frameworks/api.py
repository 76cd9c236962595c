"""API for the improvement framework (public)."""

from typing import Annotated, Any

import yaml
from ninja import Router, Schema
from pydantic import WithJsonSchema

from .content import SCHEMA_FILE, to_dict
from .selectors import framework_current, framework_version_current

router = Router(tags=["Improvement framework"])


def _inlined(node: Any, definitions: dict[str, Any]) -> Any:
    """The content's JSON Schema with its ``$defs`` written in place, so it reads inside the
    OpenAPI document (whose references resolve from the document's root)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inlined(definitions[node["$ref"].removeprefix("#/$defs/")], definitions)
        return {k: _inlined(v, definitions) for k, v in node.items() if k not in ("$schema", "$id", "$defs")}
    if isinstance(node, list):
        return [_inlined(item, definitions) for item in node]
    return node


_CONTENT_SCHEMA = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
CONTENT_SCHEMA = _inlined(_CONTENT_SCHEMA, _CONTENT_SCHEMA.get("$defs", {}))


class FrameworkOut(Schema):
    id: str
    version: int
    sha256: str
    # The framework file's own schema (content/schema.yaml), the one it is checked against.
    content: Annotated[dict[str, Any], WithJsonSchema(CONTENT_SCHEMA)]


@router.get("", response=FrameworkOut, summary="The improvement framework version in force")
def get_framework(request):
    version = framework_version_current()
    return {
        "id": version.framework_id,
        "version": version.version,
        "sha256": version.sha256,
        "content": to_dict(framework_current()),
    }
