"""The email channel's service for its endpoints, built per request from the slots app.py fills (so a test
that provides another outbox or clock is followed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.channels.email.service import EmailOffers
from parley.platform.deps import ClockDep, OutboxDep, SettingsDep
from parley.scripts.deps import RunsDep


async def email_offers(
    settings: SettingsDep, clock: ClockDep, outbox: OutboxDep, runs: RunsDep
) -> EmailOffers:
    return EmailOffers(settings, clock, outbox, runs)


EmailOffersDep = Annotated[EmailOffers, Depends(email_offers)]
