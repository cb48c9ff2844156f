"""Queries of the allowlists slice; the only place that knows its table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.allowlists.tables import AllowlistRow


async def rows(db: AsyncSession) -> Sequence[AllowlistRow]:
    return (await db.execute(select(AllowlistRow))).scalars().all()


async def put(db: AsyncSession, name: str, networks: list[str], at: datetime, by: str) -> None:
    row = await db.get(AllowlistRow, name)
    if row is None:
        db.add(AllowlistRow(name=name, networks=networks, updated_at=at, updated_by=by))
    else:
        row.networks, row.updated_at, row.updated_by = networks, at, by
