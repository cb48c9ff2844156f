"""Queries of the web channel; the only place that knows its table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.channels.web.tables import WebSiteRow


async def site_rows(db: AsyncSession) -> Sequence[WebSiteRow]:
    return (await db.scalars(select(WebSiteRow).order_by(WebSiteRow.name))).all()


async def site_row(db: AsyncSession, site_id: int) -> WebSiteRow | None:
    return await db.get(WebSiteRow, site_id)


async def site_by_name(db: AsyncSession, name: str) -> WebSiteRow | None:
    return (await db.scalars(select(WebSiteRow).where(WebSiteRow.name == name))).first()


async def site_by_key(db: AsyncSession, key: str) -> WebSiteRow | None:
    """The site a widget names with `data-site` (the widget's endpoints will ask this)."""
    return (await db.scalars(select(WebSiteRow).where(WebSiteRow.public_key == key))).first()


async def add_site(db: AsyncSession, row: WebSiteRow) -> WebSiteRow:
    db.add(row)
    await db.flush()
    return row


async def delete_site(db: AsyncSession, row: WebSiteRow) -> None:
    await db.delete(row)
    await db.flush()
