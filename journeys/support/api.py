"""API for support."""

from ninja import Router

router = Router(tags=["support"])
