"""Queries of the customers' custom fields (their definitions; the values live on the cards)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk.tables import CustomerFieldRow


async def field_names(db: AsyncSession) -> list[str]:
    """The names of the custom fields an admin defined, which `{{ customer.<name> }}` may name."""
    return list(await db.scalars(select(CustomerFieldRow.name).order_by(CustomerFieldRow.name)))
