"""API for networks."""

from ninja import Router

router = Router(tags=["networks"])
