"""The event bus: followers inside the publisher's transaction (`within`) and after its commit (`on`)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from parley.platform.events import EventBus


@dataclass(frozen=True)
class Happened:
    what: str


@dataclass(frozen=True)
class Other:
    what: str


class Refused(Exception):
    pass


async def test_within_handlers_run_in_order_with_the_publishers_session() -> None:
    bus = EventBus()
    seen: list[tuple[str, AsyncSession, str]] = []

    async def first(db: AsyncSession, event: Happened) -> None:
        seen.append(("first", db, event.what))

    async def second(db: AsyncSession, event: Happened) -> None:
        seen.append(("second", db, event.what))

    bus.within(Happened, first)
    bus.within(Happened, second)
    async with AsyncSession() as db:
        await bus.publish_within(db, Happened("a"))
        await bus.publish_within(db, Other("ignored"))
    assert seen == [("first", db, "a"), ("second", db, "a")]


async def test_a_within_handlers_error_reaches_the_publisher_and_stops_the_rest() -> None:
    bus = EventBus()
    later: list[str] = []

    async def refuse(_db: AsyncSession, _event: Happened) -> None:
        raise Refused("no")

    async def after_it(_db: AsyncSession, event: Happened) -> None:
        later.append(event.what)

    bus.within(Happened, refuse)
    bus.within(Happened, after_it)
    async with AsyncSession() as db:
        with pytest.raises(Refused):
            await bus.publish_within(db, Happened("a"))
    assert later == []  # the publisher rolls back: nothing else ran on a write that will not happen


async def test_an_on_handlers_error_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    seen: list[str] = []

    def broken(_event: Happened) -> None:
        raise Refused("broken follower")

    bus.on(Happened, broken)
    bus.on(Happened, lambda event: seen.append(event.what))
    with caplog.at_level(logging.ERROR, logger="parley.events"):
        bus.publish(Happened("a"))  # never raises
    assert seen == ["a"]
    assert "broken" in caplog.text
    assert "Happened" in caplog.text


async def test_async_on_handlers_run_as_tasks_that_drain_waits_for_and_their_errors_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    seen: list[str] = []
    release = asyncio.Event()

    async def slow(event: Happened) -> None:
        await release.wait()
        seen.append(event.what)

    async def failing(_event: Happened) -> None:
        raise Refused("async follower")

    bus.on(Happened, slow)
    bus.on(Happened, failing)
    with caplog.at_level(logging.ERROR, logger="parley.events"):
        bus.publish(Happened("a"))  # returns at once: the publisher never waits for its followers
        assert seen == []
        release.set()
        await bus.drain()
    assert seen == ["a"]
    assert "failing" in caplog.text


async def test_follows_tells_whether_anyone_follows_an_event_type() -> None:
    bus = EventBus()
    assert not bus.follows(Happened)
    bus.publish(Happened("nobody listens"))  # costs nothing, raises nothing

    async def within(_db: AsyncSession, _event: Happened) -> None:
        return None

    bus.within(Happened, within)
    assert bus.follows(Happened)
    assert not bus.follows(Other)
    bus.on(Other, lambda _event: None)
    assert bus.follows(Other)
