"""Who the users are, for other slices: a name to show, a language, a role, without reading accounts' tables.

Other slices look people up here by id (one round trip for many ids) instead of joining `users`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

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


# Built once: the desk looks agents up on every script answer.
_PEOPLE = select(
    UserRow.id, UserRow.username, UserRow.display_name, UserRow.role, UserRow.language, UserRow.email
).where(UserRow.id.in_(bindparam("ids", expanding=True)))


async def people(db: AsyncSession, ids: Collection[int]) -> dict[int, Person]:
    """The users with these ids, by id (an unknown id is left out); no round trip for no ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found = await db.execute(_PEOPLE, {"ids": wanted})
    return {
        row.id: Person(row.id, row.username, row.display_name, Role(row.role), row.language, row.email)
        for row in found
    }


async def person(db: AsyncSession, user_id: int | None) -> Person | None:
    """The user with this id, if any (none for none)."""
    if user_id is None:
        return None
    return (await people(db, (user_id,))).get(user_id)


async def display_names(db: AsyncSession, ids: Collection[int]) -> dict[int, str]:
    """The display name of each user with one of these ids, by id."""
    return {user_id: found.display_name for user_id, found in (await people(db, ids)).items()}
