"""Who the users are, for other slices: a name to show, a language, a role, without reading accounts' tables.

Other slices look people up here by id (one round trip for many ids) instead of joining `users`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.tables import UserRow
from parley.platform.identity import Role


@dataclass(frozen=True)
class Person:
    """A user as other slices see them."""

    id: int
    username: str
    display_name: str
    role: Role
    language: str
    email: str | None
    created_at: datetime | None = None


_COLUMNS = (
    UserRow.id,
    UserRow.username,
    UserRow.display_name,
    UserRow.role,
    UserRow.language,
    UserRow.email,
    UserRow.created_at,
)
# Built once: the desk looks agents up on every script answer.
_PEOPLE = select(*_COLUMNS).where(UserRow.id.in_(bindparam("ids", expanding=True)))
_ACTIVE = select(*_COLUMNS).where(UserRow.disabled.is_(False)).order_by(UserRow.username)


def _person(row: Any) -> Person:
    return Person(
        row.id, row.username, row.display_name, Role(row.role), row.language, row.email, row.created_at
    )


async def people(db: AsyncSession, ids: Collection[int]) -> dict[int, Person]:
    """The users with these ids, by id (an unknown id is left out); no round trip for no ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found = await db.execute(_PEOPLE, {"ids": wanted})
    return {row.id: _person(row) for row in found}


async def active_people(db: AsyncSession) -> list[Person]:
    """Everyone who may sign in (not disabled), by username."""
    return [_person(row) for row in await db.execute(_ACTIVE)]


async def person(db: AsyncSession, user_id: int | None) -> Person | None:
    """The user with this id, if any (none for none)."""
    if user_id is None:
        return None
    return (await people(db, (user_id,))).get(user_id)


async def display_names(db: AsyncSession, ids: Collection[int]) -> dict[int, str]:
    """The display name of each user with one of these ids, by id."""
    return {user_id: found.display_name for user_id, found in (await people(db, ids)).items()}
