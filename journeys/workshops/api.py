"""API for workshops."""

from ninja import Router

router = Router(tags=["workshops"])
