"""The scripts service for endpoints, its own and other slices' (read from the app once, here)."""

from __future__ import annotations

from fastapi import Request

from parley.scripts.service import Scripts


def scripts_of(request: Request) -> Scripts:
    service: Scripts = request.app.state.scripts
    return service
