"""What the reports slice gives endpoints: its service, built from what the platform provides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.platform.deps import ClockDep, DatabaseDep, SettingsDep
from parley.reports.service import Reports


async def reports(clock: ClockDep, database: DatabaseDep, settings: SettingsDep) -> Reports:
    """The reports service (it holds no state of its own yet: one per request costs nothing)."""
    return Reports(clock, database, settings.phone_region)


ReportsDep = Annotated[Reports, Depends(reports)]
