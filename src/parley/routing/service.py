"""The routing service: one engine per process, made durable and live.

A command takes the lock only to fire due timers and apply itself to the engine. What it changed (contacts,
agents, the event log) is queued for one writer task, which commits queued commands in order, several to a
transaction, then pushes messages to the WebSocket hub and releases the waiting requests. A timer task
sleeps until the engine's next due time or until a command wakes it: nothing polls. On start, and after a
failed write, the engine is rebuilt from the database (see restore.py for what a restart reconciles).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from parley.platform.clock import LOOP_TIMERS, Clock, TimerHandle, Timers
from parley.platform.db import Database, database_failure
from parley.platform.errors import DatabaseBusy, DatabaseUnavailable
from parley.platform.events import EventBus
from parley.platform.logging import get_logger
from parley.platform.realtime import Hub
from parley.routing import store
from parley.routing.commands import NewContact
from parley.routing.engine import Drained, Engine
from parley.routing.errors import NoQueueForRequest
from parley.routing.events import RoutingChanged
from parley.routing.fanout import Fanout
from parley.routing.model import AgentProfile, Arrival, Channel, QueueConfig, TransferMode
from parley.routing.presence import PresenceGuard
from parley.routing.restore import restore
from parley.routing.state import Contact
from parley.routing.tables import ContactRow

T = TypeVar("T")
PERIODIC_PUSH_SECONDS = 10.0


MAX_BATCH = 200


log = get_logger("parley.routing")


@dataclass(eq=False)
class Pending:
    """One command's changes waiting for the writer."""

    generation: int
    engine: Engine
    drained: Drained
    contacts: dict[str, dict[str, Any]]
    agents: dict[str, dict[str, Any]]
    own_rows: Callable[[AsyncSession], Awaitable[None]] | None
    done: asyncio.Future[None]
    #: The event published for this command (built while it is written, when anyone follows routing).
    changed: RoutingChanged | None = None


def _changed(drained: Drained) -> RoutingChanged:
    """The public event for what one command did: Drained's own collections, not copies."""
    return RoutingChanged(drained.events, drained.contacts, drained.agents)


def _settle(done: asyncio.Future[None], error: BaseException | None) -> None:
    if done.done():
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)


def _retrieve(done: asyncio.Future[None]) -> None:
    """Nobody waits for this write: mark its failure as seen (it is handled by reloading the engine)."""
    if not done.cancelled():
        done.exception()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Router(PresenceGuard):
    def __init__(
        self, database: Database, hub: Hub, clock: Clock, bus: EventBus, **engine_options: Any
    ) -> None:
        self.database = database
        self.hub = hub
        self.clock = clock
        self.bus = bus
        self.engine_options = engine_options
        self._engine: Engine | None = None
        self._lock: asyncio.Lock | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._outbox: asyncio.Queue[Pending] | None = None
        self._generation = 0
        #: Why the engine was last rebuilt when a write failed because the database was busy or away; commands
        #: queued on the discarded engine then fail the same retryable way.
        self._busy_restart: DatabaseBusy | DatabaseUnavailable | None = None
        self._last_periodic = 0.0
        self._sleeping_until: float | None = None
        self.fanout = Fanout(hub, self.now, lambda: self._engine)
        # Routing's own follower of its events: what it did, to WebSockets, after each commit.
        bus.on(RoutingChanged, self.fanout.publish)
        #: Seconds an agent's desk may stay disconnected before a Ready agent is set Not ready (0: never).
        self.presence_grace = 0.0
        self.timers: Timers = LOOP_TIMERS
        self._presence_checks: dict[int, TimerHandle] = {}
        self._presence_tasks: set[asyncio.Task[None]] = set()

    # ---------------------------------------------------------------- lifecycle

    def now(self) -> float:
        return self.clock().timestamp()

    async def engine(self) -> Engine:
        """The live engine (loaded on first use); read it only through `execute` or `read`."""
        async with self._guard():
            return await self._loaded()

    async def close(self) -> None:
        """Stop the timer task, and the writer once everything queued is written."""
        for pending in self._presence_checks.values():
            pending.cancel()
        self._presence_checks.clear()
        await self.presence_checked()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._writer is not None:
            if self._outbox is not None and not self._writer.done():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._outbox.join(), 10)
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None

    def _guard(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
            self._wake = asyncio.Event()
            self._outbox = asyncio.Queue()
        return self._lock

    async def _loaded(self) -> Engine:
        if self._engine is None:
            async with self.database.transaction() as db:
                snapshot = await store.load_snapshot(
                    db, self.clock(), self.engine_options.get("timezone", "UTC")
                )
            engine = restore(snapshot, self.now(), **self.engine_options)
            self._engine = engine
            # The engine's many long-lived objects need no collecting: freezing them keeps full garbage
            # collections (which would land inside one routing decision) short.
            gc.freeze()
            self._enqueue(engine, engine.drain(), None, wait=False)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._timers(), name="routing-timers")
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_loop(), name="routing-writer")
        return self._engine

    # ---------------------------------------------------------------- commands

    async def execute(
        self,
        command: Callable[[Engine, float], T],
        extra: Callable[[AsyncSession, Engine, T], Awaitable[None]] | None = None,
    ) -> T:
        """Apply one command and return once what it changed is committed; `extra` writes the caller's own
        rows in the same transaction. The lock covers only the engine (fast); the write is group-committed
        by the writer task together with the commands queued behind it."""
        async with self._guard():
            engine = await self._loaded()
            now = self.now()
            engine.advance(now)
            try:
                result = command(engine, now)
            except BaseException:
                self._enqueue(engine, engine.drain(), None, wait=False)
                raise
            drained = engine.drain()

            async def own_rows(db: AsyncSession) -> None:
                if extra is not None:
                    await extra(db, engine, result)

            written = self._enqueue(engine, drained, own_rows if extra is not None else None, wait=True)
            due = engine.next_due()
        if written is not None:
            await written
        # Wake the timer task only when this command made something due before its planned wake-up.
        if (
            self._wake is not None
            and due is not None
            and (self._sleeping_until is None or due < self._sleeping_until)
        ):
            self._wake.set()
        return result

    async def read(self, query: Callable[[Engine, float], T]) -> T:
        async with self._guard():
            engine = await self._loaded()
            now = self.now()
            engine.advance(now)
            self._enqueue(engine, engine.drain(), None, wait=False)
            return query(engine, now)

    async def add_contact(self, new: NewContact, created_by: str) -> tuple[Contact, str]:
        """A contact arrives; returns it (maybe refused) and the customer's secret token."""
        token = secrets.token_urlsafe(24)
        contact_id = uuid.uuid4().hex

        def command(engine: Engine, now: float) -> Contact:
            queue_id = new.queue or self._queue_for(engine, new.request_type or "", new.channel)
            data = {
                "from": new.from_address,
                "subject": new.subject,
                "request_type": new.request_type,
                **({"details": dict(new.data)} if new.data else {}),
            }
            arrival = Arrival(contact_id, new.channel, queue_id, new.priority, dict(new.skills), data)
            return engine.add_contact(arrival, now)

        async def insert(db: AsyncSession, _: Engine, contact: Contact) -> None:
            db.add(self._new_row(contact, token, created_by))

        contact = await self.execute(command, insert)
        return contact, token

    async def transfer(
        self, contact_id: str, agent_id: str, queue_id: str, mode: TransferMode, note: str
    ) -> Contact:
        """Hand a connected contact to another queue (see `Engine.transfer`); returns the new leg."""
        leg_id = uuid.uuid4().hex

        def command(engine: Engine, now: float) -> Contact:
            return engine.transfer(contact_id, agent_id, leg_id, queue_id, mode, now, note=note)

        async def insert(db: AsyncSession, _: Engine, leg: Contact) -> None:
            db.add(self._new_row(leg, secrets.token_urlsafe(24), f"transfer:{agent_id}"))

        return await self.execute(command, insert)

    def _new_row(self, contact: Contact, token: str, created_by: str) -> ContactRow:
        data = contact.data
        row = ContactRow(
            id=contact.id,
            channel=contact.channel.value,
            from_address=str(data.get("from", "")),
            subject=str(data.get("subject", "")),
            request_type=data.get("request_type"),
            token_hash=token_hash(token),
            arrived_at=store.when(contact.arrived_at),
            created_by=created_by,
        )
        store.apply_contact(row, contact.as_dict(), self.clock())
        return row

    @staticmethod
    def _queue_for(engine: Engine, request_type: str, channel: Channel) -> str:
        candidates = sorted(
            (q for q in engine.queues.values() if request_type in q.request_types and channel in q.channels),
            key=lambda q: (-q.priority, q.id),
        )
        if not candidates:
            raise NoQueueForRequest(
                f"no queue takes {channel.value} contacts of request type {request_type!r}",
                channel=channel.value,
                request_type=request_type,
            )
        return candidates[0].id

    async def set_queue(self, config: QueueConfig, write: Callable[[AsyncSession], Awaitable[None]]) -> None:
        async def own(db: AsyncSession, _: Engine, __: None) -> None:
            await write(db)

        await self.execute(lambda engine, now: engine.set_queue(config, now), own)
        self.queues_changed()

    def queues_changed(self) -> None:
        """Tell supervisors' boards at once that a queue was added, changed or removed."""
        if self._engine is not None and self.hub.has_supervisors():
            self.hub.to_supervisors({"type": "queues-changed", "queues": sorted(self._engine.queues)})
            self.fanout.push_live(self._engine, set(self._engine.queues))

    async def set_profile(self, profile: AgentProfile) -> None:
        await self.execute(lambda engine, now: engine.set_agent(profile, now))

    async def ensure_agent(self, user_id: int, name: str) -> None:
        def command(engine: Engine, now: float) -> None:
            if str(user_id) not in engine.agents:
                engine.set_agent(AgentProfile(id=str(user_id), name=name), now)

        await self.execute(command)

    # ---------------------------------------------------------------- timers

    async def _timers(self) -> None:
        while True:
            assert self._wake is not None
            self._wake.clear()
            engine = self._engine
            due = engine.next_due() if engine is not None else None
            periodic = self._last_periodic + PERIODIC_PUSH_SECONDS
            wake_at = periodic if due is None else min(due, periodic)
            self._sleeping_until = wake_at
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(0.0, wake_at - self.now()))
            try:
                await self.read(lambda _engine, _now: None)
                if self.now() >= periodic:
                    self._last_periodic = self.now()
                    async with self._guard():
                        if self._engine is not None:
                            self.fanout.push_live(self._engine, set(self._engine.queues))
            except asyncio.CancelledError:
                raise
            except Exception:  # the timer task must survive anything: routing reloads from the database
                self._engine = None
                self._generation += 1
                self._busy_restart = None
                await asyncio.sleep(1.0)

    # ---------------------------------------------------------------- storage and fan-out

    def _enqueue(
        self,
        engine: Engine,
        drained: Drained,
        own_rows: Callable[[AsyncSession], Awaitable[None]] | None,
        wait: bool,
    ) -> asyncio.Future[None] | None:
        """Queue what a command changed for the writer, as it is now (the engine moves on meanwhile)."""
        if not (drained.events or drained.contacts or drained.agents or own_rows):
            return None
        assert self._outbox is not None
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if not wait:
            done.add_done_callback(_retrieve)
        self._outbox.put_nowait(
            Pending(
                generation=self._generation,
                engine=engine,
                drained=drained,
                contacts={cid: c.as_dict() for cid, c in drained.contacts.items()},
                agents={a: engine.agents[a].as_dict() for a in drained.agents if a in engine.agents},
                own_rows=own_rows,
                done=done,
            )
        )
        return done

    async def _write_loop(self) -> None:
        """The one writer: commits queued changes in order, many commands to a transaction, then publishes."""
        assert self._outbox is not None
        outbox = self._outbox
        while True:
            batch = [await outbox.get()]
            while not outbox.empty() and len(batch) < MAX_BATCH:
                batch.append(outbox.get_nowait())
            live = [item for item in batch if item.generation == self._generation]
            stale = [item for item in batch if item.generation != self._generation]
            for item in stale:
                _settle(item.done, self._restart_error())
            try:
                if live:
                    follows = self.bus.follows(RoutingChanged)
                    async with self.database.transaction() as db:
                        for item in live:
                            if item.own_rows is not None:
                                await item.own_rows(db)
                            await store.write(db, item.drained, item.contacts, item.agents, self.clock())
                            if follows:
                                item.changed = _changed(item.drained)
                                await self.bus.publish_within(db, item.changed)
            except asyncio.CancelledError:
                for item in live:
                    _settle(item.done, RuntimeError("routing stopped before this was written"))
                raise
            except Exception as error:  # the database is the truth: rebuild the engine from it
                self._engine = None
                self._generation += 1
                # A busy database (SQLite's lock, a PostgreSQL lock timeout) or one away (refused, silent,
                # dropped) wrote nothing: the callers get a retryable 503 rather than the driver's error.
                self._busy_restart = database_failure(error)
                for item in live:
                    _settle(item.done, self._restart_error() if self._busy_restart else error)
            else:
                for item in live:
                    if item.changed is not None:
                        self.bus.publish(item.changed)
                    _settle(item.done, None)
            finally:
                for _ in batch:
                    outbox.task_done()

    def _restart_error(self) -> Exception:
        """What a command gets whose write was dropped when the engine was rebuilt (one error apiece)."""
        busy = self._busy_restart
        if busy is not None:
            return type(busy)(busy.detail, **busy.extra)
        return RuntimeError("routing restarted from the database; try again")


__all__ = ["Router", "token_hash"]
