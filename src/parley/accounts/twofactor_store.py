"""Queries of two-factor sign-in: secrets, recovery codes, sign-in challenges, the roles that require it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.tables import (
    RecoveryCodeRow,
    SignInChallengeRow,
    TwoFactorRoleRow,
    TwoFactorRow,
    UserRow,
)


async def factor_of(db: AsyncSession, user_id: int) -> TwoFactorRow | None:
    return await db.get(TwoFactorRow, user_id)


async def delete_factor(db: AsyncSession, user_id: int) -> None:
    await db.execute(delete(TwoFactorRow).where(TwoFactorRow.user_id == user_id))
    await db.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
    await db.execute(delete(SignInChallengeRow).where(SignInChallengeRow.user_id == user_id))


async def replace_recovery_codes(db: AsyncSession, user_id: int, digests: Sequence[str]) -> None:
    await db.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
    db.add_all(RecoveryCodeRow(user_id=user_id, code_hash=d) for d in digests)


async def unused_recovery_code(db: AsyncSession, user_id: int, code_hash: str) -> RecoveryCodeRow | None:
    query = select(RecoveryCodeRow).where(
        RecoveryCodeRow.user_id == user_id,
        RecoveryCodeRow.code_hash == code_hash,
        RecoveryCodeRow.used_at.is_(None),
    )
    return (await db.execute(query.limit(1))).scalar_one_or_none()


async def count_unused_recovery_codes(db: AsyncSession, user_id: int) -> int:
    query = select(func.count()).where(RecoveryCodeRow.user_id == user_id, RecoveryCodeRow.used_at.is_(None))
    return int((await db.execute(query)).scalar_one())


async def challenge(db: AsyncSession, token_hash: str) -> SignInChallengeRow | None:
    return await db.get(SignInChallengeRow, token_hash)


async def delete_challenge(db: AsyncSession, token_hash: str) -> None:
    await db.execute(delete(SignInChallengeRow).where(SignInChallengeRow.token_hash == token_hash))


async def delete_expired_challenges(db: AsyncSession, now: datetime) -> None:
    await db.execute(delete(SignInChallengeRow).where(SignInChallengeRow.expires_at <= now))


async def required_roles(db: AsyncSession) -> set[str]:
    return set((await db.execute(select(TwoFactorRoleRow.role))).scalars())


async def set_required_roles(db: AsyncSession, roles: set[str], now: datetime) -> None:
    await db.execute(delete(TwoFactorRoleRow).where(TwoFactorRoleRow.role.not_in(roles)))
    for role in sorted(roles - await required_roles(db)):
        db.add(TwoFactorRoleRow(role=role, required_at=now))


async def users_without_factor(db: AsyncSession, roles: set[str]) -> Sequence[UserRow]:
    """Users of `roles` with no enabled second factor."""
    enabled = select(TwoFactorRow.user_id).where(TwoFactorRow.enabled_at.is_not(None))
    query = select(UserRow).where(UserRow.role.in_(roles), UserRow.id.not_in(enabled))
    return (await db.execute(query)).scalars().all()
