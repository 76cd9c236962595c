"""API for the improvement framework (public)."""

from typing import Any

from ninja import Router, Schema

from .content import to_dict
from .selectors import framework_current, framework_version_current

router = Router(tags=["Improvement framework"])


class FrameworkOut(Schema):
    id: str
    version: int
    sha256: str
    content: dict[str, Any]


@router.get("", response=FrameworkOut, summary="The improvement framework version in force")
def get_framework(request):
    version = framework_version_current()
    return {
        "id": version.framework_id,
        "version": version.version,
        "sha256": version.sha256,
        "content": to_dict(framework_current()),
    }
