"""What the web channel provides its endpoints: the sites' service, built from the clock, and the widget's
public service, built from the clock and its own request counters (a slot `app.py` fills)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.channels.web.service import WebSites
from parley.channels.web.widget import Widget
from parley.platform.deps import ClockDep
from parley.platform.ratelimit import Counters
from parley.platform.wiring import Provided

#: Requests to the widget's public endpoints, per client address (in this process, or in Redis).
widget_counters = Provided[Counters]("widget_counters")


async def web_sites(clock: ClockDep) -> WebSites:
    return WebSites(clock)


async def widget(clock: ClockDep, counters: Annotated[Counters, Depends(widget_counters)]) -> Widget:
    return Widget(clock, counters)


WebSitesDep = Annotated[WebSites, Depends(web_sites)]
WidgetDep = Annotated[Widget, Depends(widget)]
