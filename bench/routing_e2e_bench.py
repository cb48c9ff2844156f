"""Routing end to end: from `POST /api/contacts` to the offer on the agent's WebSocket, with 1,000 agents
connected, on SQLite and on PostgreSQL.

Target (requirement): p99 under 50 ms end to end with 1,000 connected agents.

`parley serve` runs as its own process on a fresh database: SQLite in a temporary data dir, and PostgreSQL in
a throw-away database (dropped afterwards) when the server at PARLEY_BENCH_POSTGRES_URL (default
postgresql+asyncpg://postgres@127.0.0.1:5432/test) answers. Written straight into the database, to keep the
set-up short: the agents (users with API tokens, one password hash for all) and a supervisor, the queues,
and every agent a member of all of them (as routing's engine serializes them; the server restores them).
The rest goes through the API as the front end does it: the supervisor signs in and opens its WebSocket,
every agent opens its own (`/api/events?access_token=`) and goes Ready.

Then contacts arrive at a steady rate (open loop: each POST starts on its schedule, whether or not the one
before has answered). Timed: from just before the POST to the moment the offer for that contact id is read
off an agent's socket, and the POST's own round trip. The agent that got the offer accepts it after a short
pause, talks a few seconds and completes it (the queues have no wrap-up time), so it is Ready again: this
runs concurrently, off the timed path, but it loads the server as real agents do (in a steady state, as
many contacts end as arrive).

`python -m bench routing-e2e` runs the full size and writes docs/performance.md. A quick check:
`python -m bench.routing_e2e_bench --agents 20 --contacts 20` (a run at other than the full size writes the
report only with `--report`). `--trace` runs the server instrumented (timers around routing's steps and
every SQL statement, garbage-collection pauses, event-loop lag, database pool use, cProfile during the
arrivals) and prints what it saw; those runs are for diagnosis, not for the figures. PARLEY_BENCH_KEEP=1
keeps the data dir (server.log) for a look afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import os
import pstats
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import websockets
from websockets.asyncio.client import ClientConnection

from bench.report import write_section
from parley.accounts.passwords import digest, hash_password, new_token
from parley.accounts.service import API_TOKEN_PREFIX
from parley.accounts.tables import ApiTokenRow, UserRow
from parley.platform import migrate
from parley.platform.db import Base, Database, utcnow
from parley.platform.deps import CSRF_HEADER, SESSION_COOKIE
from parley.routing.engine import Engine
from parley.routing.model import AgentProfile, Membership, QueueConfig
from parley.routing.restore import queue_as_dict
from parley.routing.tables import AgentRow, QueueRow

REPO = Path(__file__).resolve().parents[1]
PARLEY = Path(sys.executable).with_name("parley")
POSTGRES_URL = os.environ.get(
    "PARLEY_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "bench-password-1"
TITLE = "Routing end to end: contact to offer with 1,000 agents connected"
P99_TARGET_MS = 50.0
STALL_SECONDS = 25.0  # a request that failed after this long waited out a timeout on the server
SEED = 20_261_127
DIAGNOSIS = """Where the time goes. The engine's own decision is well under a millisecond of it. A routing
command holds routing's lock only while the engine applies it; what it changed (the contact row, the event
log, the desk's interaction rows: 7 to 9 statements) goes to one writer task that commits the commands queued
behind each other in one transaction (group commit) and only then pushes the offer over the WebSocket and
answers the POST. So the path is: authentication (a session lookup, its connection released at once), the
engine, waiting for the writer's current transaction to end, our own transaction, the push. Earlier code held
the lock across each command's own transaction (p99 waits of 300 to 500 ms at 5/s, and a stalled server at
10/s when waiting requests held every pooled connection); that is gone: routing writes on its own small
pool. What remains in the tail: generation-2 garbage collections of a 200 MB heap (tens to hundreds of ms,
less since `gc.freeze()` after loading), queue statistics for the supervisor (1 to 2 ms per publish, a scan
of the 1,000 members, at most four times a second), and the load generator sharing the 2 cores."""


@dataclass(frozen=True)
class Sizes:
    agents: int = 1_000
    queues: int = 4
    contacts: int = 200  # measured, after the warm-up ones
    warmup: int = 25
    # Contacts per second. 1,000 agents all busy with a 200 s handle time take 5 contacts a second; 10/s
    # stalled the server before routing wrote through its own writer task (see docs/performance.md).
    rate: float = 5.0
    accept_seconds: tuple[float, float] = (0.1, 0.5)  # the agent's pause before accepting
    talk_seconds: tuple[float, float] = (1.0, 4.0)  # then it completes the contact
    # API calls in flight while setting up; kept modest so set-up does not swamp the 2 cores.
    setup_concurrency: int = 6
    connect_concurrency: int = 32  # WebSocket handshakes in flight


FULL = Sizes()


# ---------------------------------------------------------------------------------------------- helpers


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _raise_open_files(needed: int) -> None:
    """1,000 sockets (and the server's, which inherits the limit) need more than a default 1,024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft != resource.RLIM_INFINITY and soft < needed:
        sys.exit(f"the open-file limit {soft} is below the {needed} this run needs; lower --agents")


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _postgres_admin(sql: str) -> None:
    connection = await asyncpg.connect(_plain_dsn(POSTGRES_URL), timeout=3)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _postgres_problem() -> str | None:
    try:
        await _postgres_admin("SELECT 1")
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        nan = float("nan")
        return {"n": 0, "p50": nan, "p95": nan, "p99": nan, "max": nan}
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"n": len(ordered), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": ordered[-1]}


def _ms(value: float) -> str:
    return "–" if value != value else f"{value:.1f}"  # noqa: PLR0124 (NaN is not equal to itself)


async def _bounded(limit: int, jobs: Iterable[Callable[[], Awaitable[Any]]]) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[Any]]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(job) for job in jobs))


def _ok(response: httpx.Response, *expected: int) -> dict[str, Any]:
    if response.status_code not in (expected or (200,)):
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: {response.status_code} {response.text}"
        )
    result: dict[str, Any] = response.json() if response.content else {}
    return result


# ---------------------------------------------------------------------------------------------- the server


async def seed(url: str, agents: int, queues: list[str]) -> dict[int, str]:
    """Written directly: the users (one password hash for all: argon2 is slow on purpose), the agents' API
    tokens, the queues and every agent a member of all of them (rows as routing itself writes them: through
    its engine's own serialization; the server restores them when it starts). Returns agent user id ->
    token. The supervisor signs in with the password, as in a browser."""
    return await seed_agents(url, agents, lambda users, now: _routing_rows(users, queues, now))


async def seed_agents(
    url: str, agents: int, routing: Callable[[list[UserRow], datetime], Sequence[Base]]
) -> dict[int, str]:
    """A supervisor and `agents` agents (one argon2 hash for all: it is slow on purpose), each agent with an
    API token, and the rows `routing` makes for them (routing's, and any others a bench needs), written
    straight into the database. Returns agent user id -> token."""
    database = Database(url)
    password_hash = hash_password(PASSWORD)
    now = utcnow()
    names = [("supervisor", "supervisor"), *((f"agent{n:04d}", "agent") for n in range(agents))]
    try:
        async with database.transaction() as db:
            users = [
                UserRow(
                    username=name,
                    display_name=name.title(),
                    role=role,
                    language="en",
                    password_hash=password_hash,
                    disabled=False,
                    failed_logins=0,
                    created_at=now,
                    updated_at=now,
                )
                for name, role in names
            ]
            db.add_all(users)
            await db.flush()
            tokens = {user.id: new_token(API_TOKEN_PREFIX) for user in users[1:]}
            db.add_all(
                ApiTokenRow(
                    user_id=user_id,
                    name="bench",
                    prefix=token[:10],
                    token_hash=digest(token),
                    created_at=now,
                    expires_at=now + timedelta(days=1),
                )
                for user_id, token in tokens.items()
            )
            db.add_all(routing(users[1:], now))
    finally:
        await database.dispose()
    return tokens


def _routing_rows(agents: list[UserRow], queues: list[str], now: datetime) -> list[QueueRow | AgentRow]:
    engine, at = Engine(), now.timestamp()
    configs = [
        QueueConfig(id=q, name=q.upper(), request_types=(q,), wrap_up_seconds=0, offer_timeout_seconds=60)
        for q in queues
    ]
    for config in configs:
        engine.set_queue(config, at)
    rows: list[QueueRow | AgentRow] = [
        QueueRow(id=c.id, name=c.name, config=queue_as_dict(c), created_at=now, updated_at=now)
        for c in configs
    ]
    memberships = tuple(Membership(q) for q in queues)
    for user in agents:
        agent = engine.set_agent(AgentProfile(str(user.id), user.display_name, memberships=memberships), at)
        rows.append(
            AgentRow(
                user_id=user.id,
                state=agent.state.value,
                reason=agent.reason,
                state_since=now,
                engine=agent.as_dict(),
                updated_at=now,
            )
        )
    return rows


def _queues(sizes: Sizes) -> list[str]:
    return [f"q{n}" for n in range(sizes.queues)]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    data: Path
    signals: bool  # the instrumented server takes signals (profiling on and off); plain `parley serve` not

    def signal(self, number: int) -> None:
        if self.signals:
            self.process.send_signal(number)


@contextlib.asynccontextmanager
async def serve(
    data: Path,
    url: str,
    traced: bool,
    *,
    module: str = "bench.routing_e2e_bench",
    settings: dict[str, str] | None = None,
    signals: bool | None = None,
) -> AsyncIterator[Server]:
    """`parley serve` on a free port, its log in data/server.log; traced, `module`'s `--serve-traced`
    instead (the same app, instrumented). `settings` are more PARLEY_* variables; `signals` whether the
    server takes profiling signals (default: when traced)."""
    port = _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(
        PARLEY_DATA_DIR=str(data),
        PARLEY_DATABASE_URL=url,
        PARLEY_PORT=str(port),
        PARLEY_LOG_FORMAT="json",
        PARLEY_FRONTEND_DIR=str(data / "no-frontend"),
        **(settings or {}),
    )
    command = [str(PARLEY), "serve"]
    if traced:
        command = [sys.executable, "-m", module, "--serve-traced", str(data)]
    log = data / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT, cwd=REPO)  # noqa: ASYNC220
    server = Server(process, f"127.0.0.1:{port}", data, traced if signals is None else signals)
    try:
        async with httpx.AsyncClient(base_url=f"http://{server.base}") as client:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise RuntimeError("the server exited early")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get("/api/health", timeout=1)).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not answer /api/health within 30 s")
                await asyncio.sleep(0.1)
        yield server
    except BaseException:
        print(f"  server log (tail):\n{log.read_text(errors='replace')[-4000:]}", file=sys.stderr)
        raise
    finally:
        # SIGINT for the traced server: uvicorn stops, then lets the interrupt through to write the trace
        process.send_signal(signal.SIGINT if traced else signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, 30)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait, 10)


# ---------------------------------------------------------------------------------------------- the load


@dataclass
class Run:
    sizes: Sizes
    rng: random.Random
    actions: httpx.AsyncClient  # the agents' accept and complete calls
    started: dict[str, float] = field(default_factory=dict)  # contact id -> just before its POST
    offered_at: dict[str, float] = field(default_factory=dict)  # contact id -> offer read off the socket
    measured: set[str] = field(default_factory=set)
    e2e: list[float] = field(default_factory=list)
    post: list[float] = field(default_factory=list)
    not_offered: int = 0  # the contact had to wait: no agent was free when it arrived
    errors: list[str] = field(default_factory=list)
    stalled: int = 0  # of the errors, requests that failed after STALL_SECONDS or more
    work: set[asyncio.Task[None]] = field(default_factory=set)
    handled: int = 0
    supervisor_messages: int = 0
    expected: int = 0  # offers still to come
    all_offered: asyncio.Event = field(default_factory=asyncio.Event)

    def failed(self, what: str, started: float) -> None:
        self.errors.append(what)
        if time.perf_counter() - started >= STALL_SECONDS:
            self.stalled += 1

    def offer(self, contact_id: str, at: float, token: str) -> None:
        if contact_id in self.offered_at:
            return
        self.offered_at[contact_id] = at
        self._match(contact_id)
        task = asyncio.create_task(self._handle(contact_id, token))
        self.work.add(task)
        task.add_done_callback(self.work.discard)

    def _match(self, contact_id: str) -> None:
        """The offer may be read before the POST has answered, or after."""
        if contact_id in self.started and contact_id in self.offered_at:
            if contact_id in self.measured:
                self.e2e.append(self.offered_at[contact_id] - self.started[contact_id])
            self.expected -= 1
            if self.expected <= 0:
                self.all_offered.set()

    async def _handle(self, contact_id: str, token: str) -> None:
        """The agent accepts, talks, completes: Ready again (the queues have no wrap-up time)."""
        headers = {"Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        try:
            await asyncio.sleep(self.rng.uniform(*self.sizes.accept_seconds))
            started = time.perf_counter()
            _ok(await self.actions.post(f"/api/contacts/{contact_id}/accept", headers=headers))
            await asyncio.sleep(self.rng.uniform(*self.sizes.talk_seconds))
            started = time.perf_counter()
            _ok(await self.actions.post(f"/api/contacts/{contact_id}/complete", json={}, headers=headers))
            self.handled += 1
        except (httpx.HTTPError, RuntimeError) as error:
            self.failed(f"agent on {contact_id}: {error!r}"[:300], started)

    async def create(self, client: httpx.AsyncClient, queue: str, measured: bool) -> None:
        body = {
            "channel": "voice",
            "from": "+84 90 123 4567",
            "subject": "Where is my order?",
            "queue": queue,
        }
        started = time.perf_counter()
        try:
            response = await client.post("/api/contacts", json=body)
        except httpx.HTTPError as error:
            self.failed(f"POST /api/contacts: {error!r}", started)
            return
        took = time.perf_counter() - started
        if response.status_code != 201:
            self.failed(f"POST /api/contacts: {response.status_code} {response.text[:200]}", started)
            return
        created = response.json()
        if measured:
            self.post.append(took)
        if created["state"] != "offered":
            self.not_offered += 1
            return
        contact_id = created["id"]
        self.started[contact_id] = started
        if measured:
            self.measured.add(contact_id)
        self._match(contact_id)


async def listen(ws: ClientConnection, run: Run, token: str) -> None:
    with contextlib.suppress(websockets.ConnectionClosed):
        async for raw in ws:
            at = time.perf_counter()
            if isinstance(raw, str) and raw.startswith('{"type":"offer"'):
                run.offer(json.loads(raw)["contact"]["id"], at, token)


async def listen_supervisor(ws: ClientConnection, run: Run) -> None:
    with contextlib.suppress(websockets.ConnectionClosed):
        async for _ in ws:
            run.supervisor_messages += 1


async def _lag_probe(lags: list[float]) -> None:
    """How late the load generator's own event loop wakes up: its delays are in the figures too."""
    while True:
        started = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append((time.perf_counter() - started) * 1000 - 5)


async def _connect(server: str, token: str | None = None, cookie: str | None = None) -> ClientConnection:
    """An agent's socket by API token, or a browser's by session cookie; returns once "hello" is read."""
    query = f"?access_token={token}" if token else ""
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else None
    ws = await websockets.connect(
        f"ws://{server}/api/events{query}", additional_headers=headers, open_timeout=30, max_queue=64
    )
    hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
    if hello.get("type") != "hello":
        raise RuntimeError(f"expected hello, got {hello}")
    return ws


@dataclass
class Floor:
    """The connected world: the supervisor's client and everyone's sockets."""

    boss: httpx.AsyncClient
    queues: list[str]
    sockets: list[ClientConnection] = field(default_factory=list)
    listeners: list[asyncio.Task[None]] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)


async def set_up(server: Server, agents: dict[int, str], run: Run, floor: Floor) -> None:
    boss, actions, concurrency = floor.boss, run.actions, run.sizes.setup_concurrency
    t = time.perf_counter()
    # The supervisor works as in a browser: session cookie and CSRF header. (With an API token, the first
    # request of each minute that reads before routing writes stalls on SQLite: the token's last-used time,
    # flushed by that read, holds the write lock that routing's own transaction then waits on.)
    signed_in = _ok(await boss.post("/api/auth/login", json={"username": "supervisor", "password": PASSWORD}))
    boss.headers[CSRF_HEADER] = signed_in["csrf_token"]
    queues = {q["id"] for q in (await boss.get("/api/queues")).json()}
    if queues != set(floor.queues):
        raise RuntimeError(f"the server restored queues {sorted(queues)}, not {floor.queues}")
    boss_ws = await _connect(server.base, cookie=boss.cookies[SESSION_COOKIE])
    floor.sockets.append(boss_ws)
    floor.listeners.append(asyncio.create_task(listen_supervisor(boss_ws, run)))

    def connect(token: str) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            ws = await _connect(server.base, token)
            floor.sockets.append(ws)
            floor.listeners.append(asyncio.create_task(listen(ws, run, token)))

        return job

    await _bounded(run.sizes.connect_concurrency, map(connect, agents.values()))
    floor.phases["WebSockets"] = time.perf_counter() - t

    t = time.perf_counter()

    def ready(token: str) -> Callable[[], Awaitable[Any]]:
        headers = {"Authorization": f"Bearer {token}"}
        return lambda: actions.put("/api/agents/me/state", json={"state": "ready"}, headers=headers)

    for response in await _bounded(concurrency, map(ready, agents.values())):
        _ok(response)
    floor.phases["Ready"] = time.perf_counter() - t


async def arrivals(server: Server, run: Run, floor: Floor) -> dict[str, Any]:
    """Contacts at a steady rate; returns what the server and this process used meanwhile."""
    sizes = run.sizes
    total = sizes.warmup + sizes.contacts
    run.expected = total
    server.signal(signal.SIGUSR1)  # traced: cProfile on
    pid = server.process.pid
    cpu, own, wall, since = _cpu_seconds(pid), time.process_time(), time.perf_counter(), time.time()
    lags: list[float] = []
    probe = asyncio.create_task(_lag_probe(lags))
    creators = []
    for n in range(total):
        delay = wall + n / sizes.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue = floor.queues[n % len(floor.queues)]
        creators.append(asyncio.create_task(run.create(floor.boss, queue, n >= sizes.warmup)))
    await asyncio.gather(*creators)
    run.expected -= run.not_offered + sum(1 for e in run.errors if e.startswith("POST"))
    if run.expected > 0:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(run.all_offered.wait(), 30)
    elapsed = time.perf_counter() - wall
    used = {
        "rate": total / elapsed,
        "cpu": (_cpu_seconds(pid) - cpu) / elapsed,
        "client_cpu": (time.process_time() - own) / elapsed,
        "client_lag": percentiles(lags),
        "rss": _rss_mb(pid),
        "window": (since, time.time()),
    }
    probe.cancel()
    server.signal(signal.SIGUSR2)  # traced: cProfile off, written
    return used


async def drive(server: Server, agents: dict[int, str], sizes: Sizes, label: str) -> dict[str, Any]:
    base = f"http://{server.base}"
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with (
        httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as boss,
        httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as actions,
    ):
        run = Run(sizes, random.Random(SEED), actions)
        floor = Floor(boss, _queues(sizes))
        try:
            await set_up(server, agents, run, floor)
            print(f"  {label}: set up, " + ", ".join(f"{k} {v:.1f} s" for k, v in floor.phases.items()))
            used = await arrivals(server, run, floor)
        finally:  # agents still talking just hang up: the figures are in
            for task in run.work:
                task.cancel()
            await asyncio.gather(*(ws.close() for ws in floor.sockets), return_exceptions=True)
            for task in floor.listeners:
                task.cancel()
            await asyncio.gather(*floor.listeners, return_exceptions=True)
    return {
        "label": label,
        "phases": floor.phases,
        "e2e": percentiles([x * 1000 for x in run.e2e]),
        "post": percentiles([x * 1000 for x in run.post]),
        "contacts": sizes.warmup + sizes.contacts,
        "not_offered": run.not_offered,
        "missing": sum(1 for c in run.measured if c not in run.offered_at),
        "errors": run.errors,
        "stalled": run.stalled,
        "handled": run.handled,
        "sockets": len(floor.sockets) - 1,
        "supervisor_messages": run.supervisor_messages,
        **used,
    }


def run_backend(backend: str, sizes: Sizes, traced: bool) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix=f"parley-e2e-{backend}-"))
    dropped: str | None = None
    try:
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{data / 'parley.db'}"
        else:
            name = f"parley_bench_{uuid.uuid4().hex[:10]}"
            asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
            dropped = name
            url = f"{POSTGRES_URL.rpartition('/')[0]}/{name}"
        t = time.perf_counter()
        migrate.upgrade(url)

        async def go() -> dict[str, Any]:
            agents = await seed(url, sizes.agents, _queues(sizes))
            seeded = time.perf_counter() - t
            async with serve(data, url, traced) as server:
                result = await drive(server, agents, sizes, backend)
            result["phases"] = {"migrate, users": seeded, **result["phases"]}
            return result

        result = asyncio.run(go())
        if traced:
            print_trace(data, result["window"], result["contacts"], backend)
        return result
    finally:
        if dropped is not None:
            asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)'))
        if os.environ.get("PARLEY_BENCH_KEEP"):
            print(f"  {backend}: kept {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- tracing


class Trace:
    """Samples (wall time, what, milliseconds or a count) collected in the traced server process."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, str, float]] = []

    def note(self, label: str, started: float) -> None:
        self.samples.append((time.time(), label, (time.perf_counter() - started) * 1000))

    def count(self, label: str, value: float) -> None:
        self.samples.append((time.time(), label, value))

    def timed(self, label: str, function: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                self.note(label, started)

        return wrapper


def _instrument_routing(trace: Trace) -> None:
    from parley.platform import deps
    from parley.routing import service, store
    from parley.routing.fanout import Fanout

    router = service.Router
    execute, publish = router.execute, Fanout.publish
    probe: list[asyncio.Task[None]] = []

    async def lag(pool: Any) -> None:  # on the server's loop, from the first command on
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            trace.count("event loop lag (5 ms sleeps)", (time.perf_counter() - started) * 1000 - 5)
            trace.count("pool: connections checked out (count)", pool.checkedout())

    async def timed_execute(self: Any, command: Any, extra: Any = None) -> Any:
        if not probe:
            probe.append(asyncio.create_task(lag(self.database.engine.pool)))
        started = time.perf_counter()

        def timed(engine: Any, now: float) -> Any:
            trace.note("execute: wait for the routing lock (+ timers due)", started)
            begun = time.perf_counter()
            try:
                return command(engine, now)
            finally:
                trace.note("execute: engine command", begun)

        try:
            return await execute(self, timed, extra)
        finally:
            trace.note("execute: total", started)

    def timed_publish(self: Any, *args: Any) -> None:
        started = time.perf_counter()
        try:
            publish(self, *args)
        finally:
            trace.note("publish: to the hub (queue stats included)", started)

    router.execute = timed_execute  # type: ignore[method-assign]
    Fanout.publish = timed_publish  # type: ignore[method-assign,assignment]
    router.read = trace.timed("read: total (lock wait included)", router.read)  # type: ignore[method-assign,assignment]
    store.write = trace.timed("writer: store.write (SELECTs before the flush)", store.write)  # type: ignore[assignment]
    deps._authenticate = trace.timed("request: authenticate", deps._authenticate)  # type: ignore[assignment]


def _instrument_database(trace: Trace, app: Any) -> None:
    import sqlalchemy

    engine = app.state.database.engine.sync_engine

    def before(conn: Any, *_: Any) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        trace.note(f"sql: {' '.join(statement.split())[:50]}", conn.info["bench_started"].pop())

    sqlalchemy.event.listen(engine, "before_cursor_execute", before)
    sqlalchemy.event.listen(engine, "after_cursor_execute", after)


def serve_traced(data: Path) -> None:
    """`parley serve` as the CLI runs it, instrumented; writes data/trace.json on SIGINT, and data/server.prof
    (cProfile between SIGUSR1 and SIGUSR2: the arrivals). For --trace only: src stays as it is."""
    import uvicorn

    from parley.app import create_app
    from parley.platform.cli_support import settings_or_exit
    from parley.platform.logging import configure_logging

    trace = Trace()
    _instrument_routing(trace)
    collecting: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[:] = [time.perf_counter()]
        elif collecting:
            trace.note(f"gc: pause, generation {info['generation']}", collecting[0])

    gc.callbacks.append(on_gc)
    profiler = cProfile.Profile()

    def stop_profiling(*_: Any) -> None:
        profiler.disable()
        profiler.dump_stats(str(data / "server.prof"))

    signal.signal(signal.SIGUSR1, lambda *_: profiler.enable())
    signal.signal(signal.SIGUSR2, stop_profiling)
    settings = settings_or_exit()
    configure_logging(settings.log_format, settings.log_level)
    app = create_app(settings)
    _instrument_database(trace, app)
    try:
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
            ws="websockets-sansio",
            ws_max_size=1_000_000,
        )
    finally:
        (data / "trace.json").write_text(json.dumps(trace.samples), encoding="utf-8")


def print_trace(data: Path, window: tuple[float, float], contacts: int, label: str) -> None:
    path = data / "trace.json"
    if not path.exists():
        print(f"  {label}: no trace written")
        return
    found: dict[str, list[float]] = {}
    for at, name, value in json.loads(path.read_text(encoding="utf-8")):
        if window[0] <= at <= window[1]:
            found.setdefault(name, []).append(value)
    print(f"\n  {label}: in the server during the arrivals ({contacts} contacts); ms unless a count")
    print(f"  {'step':<58} {'n':>6} {'mean':>8} {'p50':>7} {'p99':>8} {'max':>8} {'ms/contact':>10}")
    for name in sorted(found):
        values = found[name]
        cut = percentiles(values)
        print(
            f"  {name:<58} {len(values):>6} {statistics.fmean(values):>8.2f} {cut['p50']:>7.2f}"
            f" {cut['p99']:>8.2f} {cut['max']:>8.1f} {sum(values) / max(contacts, 1):>10.2f}"
        )
    profile = data / "server.prof"
    if profile.exists():
        stats = pstats.Stats(str(profile))
        print(f"\n  {label}: cProfile of the server during the arrivals, by own time (top 30)")
        stats.sort_stats("tottime").print_stats(30)


# ---------------------------------------------------------------------------------------------- the report


def _issues(r: dict[str, Any]) -> str:
    issues = []
    if r["not_offered"]:
        issues.append(f"{r['not_offered']} waited (no agent free)")
    if r["missing"]:
        issues.append(f"{r['missing']} offers never seen")
    if r["errors"]:
        stalled = f", {r['stalled']} of them after ≥ {STALL_SECONDS:.0f} s" if r["stalled"] else ""
        issues.append(f"{len(r['errors'])} failed requests{stalled}")
    return ", ".join(issues) or "none"


def render(results: list[dict[str, Any]], sizes: Sizes, skipped: str | None, load: str) -> str:
    lines = [
        f"| {sizes.agents:,} agents connected, {sizes.rate:g} contacts/s | p50 | p95 | p99 | max | target |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        e, p = r["e2e"], r["post"]
        met = "met" if e["p99"] < P99_TARGET_MS else "**missed**"
        lines += [
            f"| {r['label']}: POST → offer on the agent's socket (n={e['n']}) | {_ms(e['p50'])} ms"
            f" | {_ms(e['p95'])} ms | {_ms(e['p99'])} ms | {_ms(e['max'])} ms"
            f" | p99 < {P99_TARGET_MS:.0f} ms: {met} |",
            f"| {r['label']}: the POST's round trip | {_ms(p['p50'])} ms | {_ms(p['p95'])} ms"
            f" | {_ms(p['p99'])} ms | {_ms(p['max'])} ms | |",
        ]
    lines += [
        "",
        "| run | contacts/s | server CPU | server RSS | load generator CPU, loop lag p99 | set-up | issues |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        setup = ", ".join(f"{k} {v:.0f} s" for k, v in r["phases"].items())
        lines.append(
            f"| {r['label']} | {r['rate']:.1f} | {r['cpu'] * 100:.0f} % of a core | {r['rss']:.0f} MB"
            f" | {r['client_cpu'] * 100:.0f} %, {_ms(r['client_lag']['p99'])} ms | {setup} | {_issues(r)} |"
        )
    missed = [r["label"] for r in results if not r["e2e"]["p99"] < P99_TARGET_MS]
    verdict = (
        f"**The target is missed on {' and '.join(missed)}.**"
        if missed
        else f"**The target is met on {' and '.join(r['label'] for r in results)}.**"
        if results
        else "Nothing was measured."
    )
    lo, hi = sizes.talk_seconds
    how = " ".join(
        [
            "`parley serve` ran as its own process, the load generator (asyncio, httpx, websockets) as",
            f"another on the same machine ({load}): the figures include the generator's own delays.",
            f"{sizes.agents:,} agents, members of all {sizes.queues} queues (longest idle first, no wrap-up",
            "time), each on its own WebSocket, and a supervisor's WebSocket, which receives every routing",
            f"event and queue statistics. {sizes.warmup + sizes.contacts:,} contacts arrived at a steady",
            f"{sizes.rate:g}/s (open loop), round robin over the queues; the first {sizes.warmup} were a",
            "warm-up. Timed from just before the POST to the offer read off the agent's socket. Each offered",
            f"agent accepted after {sizes.accept_seconds[0]:g}–{sizes.accept_seconds[1]:g} s, talked",
            f"{lo:g}–{hi:g} s and completed, concurrently (off the timed path, on the same server). Server",
            f"CPU: its user + system time over the arrivals. {verdict}",
        ]
    )
    text = [
        "\n".join(lines),
        "",
        how,
        "",
        DIAGNOSIS,
        "",
        "Run with `python -m bench routing-e2e`; quick check: `python -m bench.routing_e2e_bench --agents 20"
        " --contacts 20`; diagnosis: `--trace` (see the module's docstring).",
    ]
    if skipped:
        text += ["", f"PostgreSQL was not measured: {skipped}."]
    return "\n".join(text)


# ---------------------------------------------------------------------------------------------- entry


def run(sizes: Sizes, backends: list[str], traced: bool = False) -> tuple[list[dict[str, Any]], str | None]:
    _raise_open_files(2 * sizes.agents + 512)
    results, skipped = [], None
    for backend in backends:
        if backend == "postgresql":
            problem = asyncio.run(_postgres_problem())
            if problem:
                skipped = f"not reachable at {POSTGRES_URL} ({problem})"
                print(f"  postgresql: skipped, {skipped}")
                continue
        print(f"  {backend}: {sizes.agents} agents, {sizes.warmup} + {sizes.contacts} contacts", flush=True)
        r = run_backend(backend, sizes, traced)
        e, p = r["e2e"], r["post"]
        print(
            f"  {backend}: POST → offer p50/p95/p99/max {_ms(e['p50'])}/{_ms(e['p95'])}/{_ms(e['p99'])}/"
            f"{_ms(e['max'])} ms; POST {_ms(p['p50'])}/{_ms(p['p95'])}/{_ms(p['p99'])}/{_ms(p['max'])} ms;"
            f" server CPU {r['cpu'] * 100:.0f} %; load generator CPU {r['client_cpu'] * 100:.0f} %, loop lag"
            f" p99 {_ms(r['client_lag']['p99'])} ms; issues: {_issues(r)}",
            flush=True,
        )
        for error in r["errors"][:5]:
            print(f"    {error}")
        results.append(r)
    return results, skipped


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} over 1 / 5 minutes at the end, on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> None:
    if argv and argv[0] == "--serve-traced":  # internal: the server process of --trace
        serve_traced(Path(argv[1]))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.routing_e2e_bench", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--agents", type=int, default=FULL.agents)
    parser.add_argument("--queues", type=int, default=FULL.queues)
    parser.add_argument("--contacts", type=int, default=FULL.contacts, help="measured, after the warm-up")
    parser.add_argument(
        "--warmup", type=int, help=f"default {FULL.warmup} (a quarter of --contacts if fewer)"
    )
    parser.add_argument("--rate", type=float, default=FULL.rate, help="contacts per second")
    parser.add_argument("--talk", type=float, nargs=2, default=FULL.talk_seconds, metavar=("MIN", "MAX"))
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--trace", action="store_true", help="instrument and profile the server; print it")
    parser.add_argument("--report", action="store_true", help="write docs/performance.md at any size")
    args = parser.parse_args([] if argv is None else argv)
    sizes = replace(
        FULL,
        agents=args.agents,
        queues=args.queues,
        contacts=args.contacts,
        warmup=args.warmup if args.warmup is not None else min(FULL.warmup, max(1, args.contacts // 4)),
        rate=args.rate,
        talk_seconds=tuple(args.talk),
    )
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if set(backends) - {"sqlite", "postgresql"}:
        parser.error("--backends takes sqlite and/or postgresql")
    started = time.perf_counter()
    results, skipped = run(sizes, backends, args.trace)
    body = render(results, sizes, skipped, _load())
    print(body)
    print(f"\n  took {time.perf_counter() - started:.0f} s")
    full = sizes == FULL and backends == ["sqlite", "postgresql"] and not args.trace
    if (full and results) or args.report:
        write_section(TITLE, body)
    else:
        print("  (not the full size: docs/performance.md left alone; --report writes it anyway)")


if __name__ == "__main__":
    main(sys.argv[1:])
