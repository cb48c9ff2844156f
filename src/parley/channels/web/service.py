"""The web channel's use cases for admins: list, add, replace, rotate the key of and delete sites."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parley.channels.web import store
from parley.channels.web.errors import UnknownQueue, WebSiteNameTaken, WebSiteNotFound
from parley.channels.web.model import Site, new_key, parse_site, site_from_settings, site_settings
from parley.channels.web.tables import WebSiteRow
from parley.platform.clock import Clock
from parley.routing import store as routing_store


@dataclass(frozen=True)
class StoredSite:
    id: int
    key: str
    site: Site
    created_at: datetime
    updated_at: datetime
    updated_by: str


def _stored(row: WebSiteRow) -> StoredSite:
    return StoredSite(
        id=row.id,
        key=row.public_key,
        site=site_from_settings(row.settings),
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


class WebSites:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def list(self, db: AsyncSession) -> Sequence[StoredSite]:
        return [_stored(row) for row in await store.site_rows(db)]

    async def get(self, db: AsyncSession, site_id: int) -> StoredSite:
        return _stored(await self._row(db, site_id))

    async def add(self, db: AsyncSession, raw: dict[str, Any], by: str) -> StoredSite:
        site = await self._valid(db, raw, None)
        now = self.clock()
        row = WebSiteRow(
            name=site.name,
            public_key=new_key(),
            enabled=site.enabled,
            settings=site_settings(site),
            created_at=now,
            updated_at=now,
            updated_by=by,
        )
        return _stored(await store.add_site(db, row))

    async def replace(self, db: AsyncSession, site_id: int, raw: dict[str, Any], by: str) -> StoredSite:
        """Every setting replaced by the given ones (the key stays: rotate it on its own)."""
        row = await self._row(db, site_id)
        site = await self._valid(db, raw, site_id)
        row.name, row.enabled, row.settings = site.name, site.enabled, site_settings(site)
        row.updated_at, row.updated_by = self.clock(), by
        await db.flush()
        return _stored(row)

    async def rotate_key(self, db: AsyncSession, site_id: int, by: str) -> StoredSite:
        """A new public key; the old one stops working at once (the site's snippet must be updated)."""
        row = await self._row(db, site_id)
        row.public_key, row.updated_at, row.updated_by = new_key(), self.clock(), by
        await db.flush()
        return _stored(row)

    async def delete(self, db: AsyncSession, site_id: int) -> StoredSite:
        row = await self._row(db, site_id)
        gone = _stored(row)
        await store.delete_site(db, row)
        return gone

    async def _row(self, db: AsyncSession, site_id: int) -> WebSiteRow:
        row = await store.site_row(db, site_id)
        if row is None:
            raise WebSiteNotFound(f"no web site {site_id}", site=site_id)
        return row

    async def _valid(self, db: AsyncSession, raw: dict[str, Any], site_id: int | None) -> Site:
        site = parse_site(raw)
        for queue in sorted(site.queues):
            if await routing_store.queue_row(db, queue) is None:
                raise UnknownQueue(f"no queue {queue!r}", queue=queue)
        same_name = await store.site_by_name(db, site.name)
        if same_name is not None and same_name.id != site_id:
            raise WebSiteNameTaken(f"a site is named {site.name!r} already", name=site.name)
        return site
