"""HTTP edge of the web sites: admins set them up (`/api/web-sites`), audited; supervisors may read them
(they see which sites feed their queues)."""

from __future__ import annotations

from fastapi import APIRouter, status

from parley.accounts.deps import AccountsDep
from parley.channels.web.deps import WebSitesDep
from parley.channels.web.model import site_settings
from parley.channels.web.schemas import WebSiteIn, WebSiteOut
from parley.platform.bounds import DbId
from parley.platform.deps import DB, Admin, ClientIp, Supervisor

web_sites = APIRouter(prefix="/api/web-sites", tags=["web-sites"])


@web_sites.get("")
async def list_sites(me: Supervisor, db: DB, sites: WebSitesDep) -> list[WebSiteOut]:
    return [WebSiteOut.of(s) for s in await sites.list(db)]


@web_sites.post("", status_code=status.HTTP_201_CREATED)
async def add_site(
    body: WebSiteIn, me: Admin, db: DB, sites: WebSitesDep, accounts: AccountsDep, address: ClientIp
) -> WebSiteOut:
    stored = await sites.add(db, body.model_dump(), me.username)
    await accounts.audit(
        db, me, "web-site.added", f"web-site:{stored.id}", address, **site_settings(stored.site)
    )
    return WebSiteOut.of(stored)


@web_sites.get("/{site_id}")
async def show_site(site_id: DbId, me: Supervisor, db: DB, sites: WebSitesDep) -> WebSiteOut:
    return WebSiteOut.of(await sites.get(db, site_id))


@web_sites.put("/{site_id}")
async def replace_site(
    site_id: DbId,
    body: WebSiteIn,
    me: Admin,
    db: DB,
    sites: WebSitesDep,
    accounts: AccountsDep,
    address: ClientIp,
) -> WebSiteOut:
    """Replace every setting of the site (its key stays)."""
    stored = await sites.replace(db, site_id, body.model_dump(), me.username)
    await accounts.audit(
        db, me, "web-site.changed", f"web-site:{stored.id}", address, **site_settings(stored.site)
    )
    return WebSiteOut.of(stored)


@web_sites.post("/{site_id}/rotate-key")
async def rotate_key(
    site_id: DbId, me: Admin, db: DB, sites: WebSitesDep, accounts: AccountsDep, address: ClientIp
) -> WebSiteOut:
    """A new public key; the old one stops working at once."""
    stored = await sites.rotate_key(db, site_id, me.username)
    await accounts.audit(
        db, me, "web-site.key-rotated", f"web-site:{stored.id}", address, name=stored.site.name
    )
    return WebSiteOut.of(stored)


@web_sites.delete("/{site_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_site(
    site_id: DbId, me: Admin, db: DB, sites: WebSitesDep, accounts: AccountsDep, address: ClientIp
) -> None:
    gone = await sites.delete(db, site_id)
    await accounts.audit(db, me, "web-site.deleted", f"web-site:{gone.id}", address, name=gone.site.name)
