"""What the web channel provides its endpoints: the sites' service, built from the clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.channels.web.service import WebSites
from parley.platform.deps import ClockDep


async def web_sites(clock: ClockDep) -> WebSites:
    return WebSites(clock)


WebSitesDep = Annotated[WebSites, Depends(web_sites)]
