"""Who is calling: roles in their order and the resolved caller, shared by every slice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANKS = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}


class Scope(StrEnum):
    """A right an administrator may give an API token on top of its user's role."""

    #: Put new contacts in line (`POST /api/contacts`), for a shop or CRM integrated with Parley.
    CONTACTS_CREATE = "contacts:create"


@dataclass(frozen=True)
class Principal:
    """The caller, resolved from a session cookie or an API token."""

    user_id: int
    username: str
    display_name: str
    role: Role
    language: str
    via: Literal["session", "token"]
    csrf_token: str | None = None
    session_hash: str | None = None
    #: The API token used (never set for a session): its sign-in ends when that token is revoked.
    token_id: int | None = None
    #: Rights of the API token used (never of a session).
    scopes: frozenset[Scope] = frozenset()
    #: When the session or API token stops being valid (None: a token that never expires).
    expires_at: datetime | None = None


class PrincipalResolver(Protocol):
    async def from_session(self, db: AsyncSession, token: str) -> Principal | None: ...

    async def from_api_token(self, db: AsyncSession, token: str) -> Principal | None: ...
