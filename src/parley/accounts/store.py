"""Queries of the accounts slice; the only place that knows its tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.tables import ApiTokenRow, AuditRow, SessionRow, UserRow


async def user_by_name(db: AsyncSession, username: str) -> UserRow | None:
    return (await db.execute(select(UserRow).where(UserRow.username == username))).scalar_one_or_none()


async def user_by_id(db: AsyncSession, user_id: int) -> UserRow | None:
    return await db.get(UserRow, user_id)


async def users(db: AsyncSession) -> Sequence[UserRow]:
    return (await db.execute(select(UserRow).order_by(UserRow.username))).scalars().all()


async def count_active_admins(db: AsyncSession) -> int:
    query = (
        select(func.count()).select_from(UserRow).where(UserRow.role == "admin", UserRow.disabled.is_(False))
    )
    return int((await db.execute(query)).scalar_one())


async def session_with_user(db: AsyncSession, token_hash: str) -> tuple[SessionRow, UserRow] | None:
    query = select(SessionRow, UserRow).join(UserRow, UserRow.id == SessionRow.user_id)
    row = (await db.execute(query.where(SessionRow.token_hash == token_hash))).first()
    return (row[0], row[1]) if row else None


async def delete_session(db: AsyncSession, token_hash: str) -> None:
    await db.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))


async def delete_sessions_of(db: AsyncSession, user_id: int, keep: str | None = None) -> None:
    query = delete(SessionRow).where(SessionRow.user_id == user_id)
    if keep is not None:
        query = query.where(SessionRow.token_hash != keep)
    await db.execute(query)


async def delete_expired_sessions(db: AsyncSession, now: datetime) -> None:
    await db.execute(delete(SessionRow).where(SessionRow.expires_at <= now))


async def token_with_user(db: AsyncSession, token_hash: str) -> tuple[ApiTokenRow, UserRow] | None:
    query = select(ApiTokenRow, UserRow).join(UserRow, UserRow.id == ApiTokenRow.user_id)
    row = (await db.execute(query.where(ApiTokenRow.token_hash == token_hash))).first()
    return (row[0], row[1]) if row else None


async def revoke_tokens_of(db: AsyncSession, user_id: int, now: datetime) -> list[int]:
    """Revoke every API token of a user not yet revoked; the ids of those revoked."""
    query = (
        update(ApiTokenRow)
        .where(ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(ApiTokenRow.id)
    )
    return sorted((await db.execute(query)).scalars().all())


async def tokens_of(db: AsyncSession, user_id: int) -> Sequence[ApiTokenRow]:
    query = select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id)
    return (await db.execute(query)).scalars().all()


async def add_audit(db: AsyncSession, **values: Any) -> None:
    db.add(AuditRow(**values))


async def audit_entries(
    db: AsyncSession, *, limit: int, before_id: int | None, action: str | None, actor: str | None
) -> Sequence[AuditRow]:
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditRow.id < before_id)
    if action:
        query = query.where(AuditRow.action == action)
    if actor:
        query = query.where(AuditRow.actor == actor)
    return (await db.execute(query)).scalars().all()
