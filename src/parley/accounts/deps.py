"""The accounts service for endpoints and the dependencies of other slices (read from the app once, here)."""

from __future__ import annotations

from fastapi import Request

from parley.accounts.service import Accounts


def accounts_of(request: Request) -> Accounts:
    service: Accounts = request.app.state.accounts
    return service
