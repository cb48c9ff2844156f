"""The demo channel's service for its endpoint, built per request from the slots app.py fills."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.channels.demo.service import DemoContacts
from parley.desk.deps import DeskDep
from parley.platform.deps import SettingsDep
from parley.routing.deps import RouterDep
from parley.scripts.deps import RunsDep


async def demo_contacts(
    settings: SettingsDep, router: RouterDep, runs: RunsDep, desk: DeskDep
) -> DemoContacts:
    return DemoContacts(settings.demo_contacts, router, runs, desk)


DemoContactsDep = Annotated[DemoContacts, Depends(demo_contacts)]
