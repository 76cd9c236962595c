"""What every API request body shares."""

from typing import Any

from ninja import Schema
from pydantic import field_validator


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(item) for item in value)
    return False


class InputSchema(Schema):
    """Base for request bodies. PostgreSQL text cannot hold NUL characters, so they are refused
    here with a validation error (422) instead of failing at the database."""

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        if _contains_nul(value):
            raise ValueError("must not contain NUL characters")
        return value
