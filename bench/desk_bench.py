"""Desk end to end: 500 agents, each on its own WebSocket and HTTP connection, work contacts through the
desk with a script, on SQLite and on PostgreSQL.

Target (requirement): p99 under 50 ms for a script answer (`POST /api/interactions/{id}/script/answer`).

`parley serve` runs as its own process on a fresh database, demo contacts off: SQLite in a temporary data
dir, and PostgreSQL in a throw-away database (dropped afterwards) when the server at
PARLEY_BENCH_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test) answers; when it does
not, PostgreSQL is skipped and the report says why. Written straight into the database, to keep the set-up
short: the agents (users with API tokens, one password hash for all), a supervisor, one voice queue bound
to the `confirm-paid-order` script, and every agent a member of it (as routing's engine serializes them;
the server restores them). The rest goes through the API as the front end does it: the supervisor signs in,
publishes the script and opens its WebSocket; every agent opens its own (`/api/events?access_token=`) and
goes Ready (`PUT /api/agents/me/state`, timed too).

Then a generator creates contacts at a steady rate (open loop, each from a random caller's number), and each
agent works those offered to it, thinking a moment before each step: the offer arrives on its socket; it
accepts (`POST /api/contacts/{id}/accept`), reads its desk (`GET /api/desk`), answers the script step by
step as the customer replies (`POST /api/interactions/{id}/script/answer`) until it reaches an outcome,
holding and resuming once on the way, completes the contact and wraps up with the script's outcome, back to
Ready (`POST /api/interactions/{id}/wrap-up`, then "ready"). Timed, from just before each request to its
answer: every request of the flow, by kind, and from just before a contact's POST to its offer read off the
agent's socket (contacts offered at once). Only requests that start in the measured window count, after a
warm-up; when it ends, what is in flight finishes and counts, nothing new starts. The server's own time for
each request comes from its log.

`python -m bench desk` runs the full size and writes docs/performance.md. A quick check (about 20 s, both
databases): `python -m bench.desk_bench --smoke`; any size: `--agents 10 --seconds 10` (a run at other than
the full size writes the report only with `--report`). `--trace` runs the server instrumented (per route:
time, SQL statements and their time, writes apart; garbage-collection pauses, event-loop lag; with
PARLEY_BENCH_PROFILE=1 also cProfile) and prints what it saw: for diagnosis, not for the figures.
PARLEY_BENCH_KEEP=1 keeps the data dir (server.log) for a look afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection

from bench.report import cpu_check, write_section
from bench.routing_e2e_bench import (
    PASSWORD,
    POSTGRES_URL,
    Server,
    _bounded,
    _connect,
    _cpu_seconds,
    _lag_probe,
    _ms,
    _ok,
    _postgres_admin,
    _postgres_problem,
    _raise_open_files,
    _rss_mb,
    percentiles,
    seed_agents,
)
from bench.routing_e2e_bench import serve as serve_app
from parley.accounts.tables import UserRow
from parley.desk.tables import CustomerFieldRow, QueueScriptRow
from parley.platform import migrate
from parley.platform.db import Base
from parley.platform.deps import CSRF_HEADER, SESSION_COOKIE
from parley.routing.engine import Engine
from parley.routing.model import AgentProfile, Membership, QueueConfig
from parley.routing.restore import queue_as_dict
from parley.routing.tables import AgentRow, QueueRow
from parley.scripts.library import EXAMPLES_DIR

REPO = Path(__file__).resolve().parents[1]
PARLEY = Path(sys.executable).with_name("parley")
TITLE = "Desk end to end: 500 agents working contacts with a script"
P99_TARGET_MS = 50.0
SCRIPT = "confirm-paid-order"
QUEUE = "orders"
SEED = 20_261_127
TARGET = "script answer"
DIAGNOSIS = """What a script answer does now (since 2026-11-27, 18:40 UTC): at most 5 SQL statements and one
commit, pinned by `tests/integration/desk/test_answer_statements.py`: the interaction with its customer (one
join); the run with its script's row (one join; a published version is parsed once per process, as it never
changes); the emails and the customer card's history (the count is the history's length unless the history
is full), all read before anything changes; then the run's UPDATE and the commit. The caller's API token or
session is read once every PARLEY_AUTH_CACHE_SECONDS (5 s) and remembered in between. These statements are
built once at import with bound parameters (building them had cost more CPU than running them). Nothing is
read back after the commit. The custom-field definitions are read, and the card written, only by an answer
that captured a field not yet where it belongs. SQLite runs in WAL mode with `synchronous=NORMAL`.

What changed this evening, and what each did (`--trace`, SQLite, 500 agents at 4 contacts/s, 30 s runs on a
quiet machine; single runs vary by a factor of up to two, so read the direction more than the digits):
- SQLite's write lock. A writer used to wait for it in SQLite's busy handler, which sleeps between tries
  (up to 100 ms) instead of being woken: the run's UPDATE waited p99 182 ms (max 430 ms) for a lock held a
  few milliseconds. Writers now queue at an in-process gate (`SqliteWriteGate`, platform/db.py) and each
  starts when the one before commits: the wait at the gate is p99 25 ms (max 44 ms). What remains is how long
  a writer holds the gate: a script answer 1 ms (p99 8 ms), but routing's writer, which writes a batch of
  commands and lets the desk follow them (interactions, customers, starting the script) in the same
  transaction, 8 ms at the median and 39 ms at p99, and up to 72 ms for a batch with a new contact. Holding it
  shorter would take routing's writer doing all its reads before its first write: not done (the desk's
  listener relies on seeing, within the batch, the rows it has just added).
- Sign-in. Resolving the API token was a join and a commit on every request; now it is remembered: about 12%
  less CPU per desk request (an in-process A/B of the same calls, interleaved).
- Garbage collection. Full collections paused the server 45 to 150 ms two to four times a minute (109,000
  objects made after start-up, 500 WebSockets among them), and every request in flight waited. The server now
  freezes the survivors of each full collection (platform/gc_policy.py): full collections take 4 to 7 ms.
- Together: script answer in the server p50 9 to 12 ms (was 15 to 25 ms), server CPU 41 to 47 % of a core at
  the same load (was 49 to 63 %); p99 60 to 75 ms in the server (was 86 to 292 ms). SQLite still missed.
- SQLite's driver (since 18:40 UTC). aiosqlite runs each statement in a thread of its own per connection:
  each statement was a hand-over to the thread and back, which needs the interpreter's lock from a busy event
  loop, and the request then waited for the loop to come round again; a transaction holding SQLite's lock (or
  the gate) waited that long between its statements. Statements now run inline on the loop's thread
  (platform/sqlite_inline.py, PARLEY_SQLITE_DRIVER=inline, the default), so a transaction's statements run
  back to back: SQL time per script answer 0.4 ms (was 3.5 to 4.2 ms), server CPU 29 % of a core (was 41 to
  47 %), script answer in the server p50 6 ms and p99 26 ms (was 60 to 75 ms); the wait at the gate p99 11 ms.
  The price is that a long query holds up the loop: PARLEY_SQLITE_DRIVER=thread brings the threads back.
  At twice the load (8 contacts/s, 97 requests/s, 30 s after 10 s of warm-up, 18:50 UTC) the script answer's
  p99 was 43.0 ms on SQLite and 26.9 ms on PostgreSQL, server CPU 47 and 48 % of a core, no errors (on the
  code of 15:30 UTC, 866 and 195 ms, table below). Two full runs of this benchmark on this code (18:42 and
  18:57 UTC, CPU check 28 and 34 ms) gave p99 37.5 and 31.8 ms on SQLite, 32.6 and 30.1 ms on PostgreSQL.
  Five minutes on SQLite (19:13 UTC, CPU check 32 ms): 6,593 script answers, p99 38.4 ms, no errors, the
  server's RSS 154 MB at the end, as after one minute (the garbage-collection policy did not make it grow).

Since 16:20 UTC saving a run no longer deep-copies its transcript and undo snapshots (`dataclasses.asdict`),
which had made an answer's CPU grow with the run's length (41 ms a request after 190 answers on the slow
host, 21 ms now; the same for short runs).

Earlier, where the time went (diagnosed with `--trace` on 2026-11-27, 500 agents at 4 contacts/s on a
quiet machine, on the code of 13:39 UTC, which commits a script answer before building its response). A
script answer ran 11 SQL statements: the API token, the interaction, the run and its script version, the
run's UPDATE, the customer and every custom-field definition (to place captured fields, at every step), the
commit, then for the response the customer again, the emails, and the customer card's history and count. In
the server it takes about 14 ms at the median, 5 ms of it in SQL on PostgreSQL; the rest is Python
(SQLAlchemy, pydantic) on the one event loop that serves every request, so requests wait for one another: the
loop is the limit on both databases. On SQLite the tail is also its single write lock: the run's UPDATE
waits for it (p50 0.2 ms, p99 70 ms, max 330 ms) behind routing's group commits, holds, resumes and each
agent's API-token "last used" write (once a minute per token: p99 36 ms), and SQLite's busy handler retries
after sleeps of up to 100 ms instead of being woken, so a wait lasts longer than the lock is held.
Generation-2 garbage collections paused the server 45 to 70 ms two or three times a minute. Overloaded,
SQLite fails: at 8 contacts/s while another process took most of a core (14:12 UTC), two script answers and
a resume waited out the 5 s busy timeout and answered 500 (`sqlite3.OperationalError: database is locked`,
after 5.1 to 5.7 s), and one script answer did so at 4 contacts/s with the machine as busy; likely because a
transaction keeps SQLite's write lock across awaits on the saturated event loop. Ways forward then: build
the response from the rows already loaded, read the custom-field definitions only when a step captured a
field (both done since), record the token's last use outside the request's transaction (not done).

On the code of 15:30 UTC, runs varied: at 4 contacts/s the script answer's p99 was 43 to 58 ms on PostgreSQL
(three runs that afternoon, one traced) and 83 to 110 ms on SQLite (two); on the code before it (13
statements, the response read while SQLite's write lock was held) 45 to 77 ms (four runs) and 76 to 156 ms
(five). With the host slower or another process busy (three full runs, 14:00 to 14:10 UTC): 162 to 505 ms and
159 to 919 ms, which is what the CPU columns of the table are for. Other loads, 30 s each on that code and a
quiet machine; no request failed and the server logged no error:

| contacts/s | requests/s | SQLite: script answer p50 / p99 | PostgreSQL: script answer p50 / p99 \
| server CPU, SQLite / PostgreSQL |
|---|---|---|---|---|
| 2 | 25 | 14 / 81 ms | 16 / 40 ms | 23 / 22 % |
| 4 | 49 | 21 / 110 ms | 18 / 58 ms | 48 / 40 % |
| 6 | 74 | 30 / 479 ms | 19 / 125 ms | 70 / 54 % |
| 8 | 98 | 47 / 866 ms (max 1.6 s) | 23 / 195 ms | 84 / 67 % |"""
#: What is timed, in the order of the flow; "offer" is from the contact's POST to the offer on the socket.
KINDS = ("ready", "contact POST", "offer", "accept", "desk", TARGET, "hold", "resume", "complete", "wrap-up")
#: The server's log line of each kind of request: (method, path pattern).
ROUTES = {
    "ready": ("PUT", r"/api/agents/me/state"),
    "contact POST": ("POST", r"/api/contacts"),
    "accept": ("POST", r"/api/contacts/[^/]+/accept"),
    "desk": ("GET", r"/api/desk"),
    TARGET: ("POST", r"/api/interactions/[^/]+/script/answer"),
    "hold": ("POST", r"/api/interactions/[^/]+/hold"),
    "resume": ("POST", r"/api/interactions/[^/]+/resume"),
    "complete": ("POST", r"/api/contacts/[^/]+/complete"),
    "wrap-up": ("POST", r"/api/interactions/[^/]+/wrap-up"),
}
#: How the customer replies at the script's questions: (answer, weight). Other steps take their first
#: option, a value for their field, or nothing (a statement). "Other: words" is an option that takes words.
REPLIES: dict[str, list[tuple[str, int]]] = {
    "greet": [("Yes", 19), ("Wrong person", 1)],
    "can_talk": [("Yes", 16), ("No", 2), ("Other: I am driving, call me tonight", 2)],
    "confirm_address": [("Yes", 7), ("No", 3)],
    "still_want": [("Yes", 9), ("Cancel the order", 1)],
}


@dataclass(frozen=True)
class Sizes:
    agents: int = 500
    seconds: float = 60.0  # the measured window, per database
    warmup: float = 15.0  # seconds of load before it
    # Contacts per second: what 500 agents take with a two-minute handle time (500 / 125 s). The think
    # times below compress a call to about ten seconds, so fewer agents are busy at once for the same load.
    rate: float = 4.0
    think: tuple[float, float] = (0.2, 1.0)  # seconds before each step of an agent, uniform
    wrap_up_seconds: float = 60.0  # the queue's; the agents end it sooner with their wrap-up
    clients: int = 25  # agents sharing one HTTP client (a keep-alive pool of as many connections)
    setup_concurrency: int = 6  # Ready calls in flight while setting up (see routing_e2e_bench)
    connect_concurrency: int = 32  # WebSocket handshakes in flight
    drain: float = 15.0  # seconds left for requests in flight when the window ends


FULL = Sizes()
SMOKE = Sizes(agents=10, seconds=5.0, warmup=2.0)


# ---------------------------------------------------------------------------------------------- set-up


async def seed(url: str, sizes: Sizes) -> dict[int, str]:
    """Written directly: the users (one argon2 hash for all: it is slow on purpose), the agents' API tokens,
    the queue bound to the script and every agent a member of it (rows as routing's engine serializes them;
    the server restores them). Returns agent user id -> token. The supervisor signs in with the password."""
    return await seed_agents(url, sizes.agents, lambda users, now: _routing_rows(users, sizes, now))


def _routing_rows(agents: list[UserRow], sizes: Sizes, now: datetime) -> list[Base]:
    engine, at = Engine(), now.timestamp()
    config = QueueConfig(
        id=QUEUE,
        name="Orders",
        request_types=(QUEUE,),
        wrap_up_seconds=sizes.wrap_up_seconds,
        offer_timeout_seconds=60,
    )
    engine.set_queue(config, at)
    rows: list[Base] = [
        QueueRow(id=QUEUE, name=config.name, config=queue_as_dict(config), created_at=now, updated_at=now),
        QueueScriptRow(queue_id=QUEUE, script=SCRIPT, updated_at=now),  # the desk's binding
        # the custom fields the script reads (`customer.orders_count`, `{{ customer.address }}`)
        CustomerFieldRow(name="orders_count", label="Orders", labels={}, type="number", created_at=now),
        CustomerFieldRow(name="address", label="Address", labels={}, type="text", created_at=now),
    ]
    for user in agents:
        profile = AgentProfile(str(user.id), user.display_name, memberships=(Membership(QUEUE),))
        agent = engine.set_agent(profile, at)
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


# ---------------------------------------------------------------------------------------------- the server


def serve(data: Path, url: str, traced: bool) -> contextlib.AbstractAsyncContextManager[Server]:
    """`parley serve` on a free port, demo contacts off, its log in data/server.log; traced, the same app
    instrumented (`serve_traced` below), taking the profiling signals when PARLEY_BENCH_PROFILE is set."""
    profiled = traced and bool(os.environ.get("PARLEY_BENCH_PROFILE"))
    settings = {"PARLEY_DEMO_CONTACTS": "false", **({"PARLEY_BENCH_PROFILE": "1"} if profiled else {})}
    return serve_app(data, url, traced, module="bench.desk_bench", settings=settings, signals=profiled)


def server_side(log: Path, window: tuple[float, float]) -> tuple[dict[str, dict[str, float]], list[str]]:
    """From the server's log (JSON lines): its own time for each kind of request logged in the window, and
    the problems it logged at any time (responses 500 and up, records at level error, tracebacks)."""
    routes = {kind: (method, re.compile(pattern + "$")) for kind, (method, pattern) in ROUTES.items()}
    times: dict[str, list[float]] = {kind: [] for kind in ROUTES}
    problems: list[str] = []
    with contextlib.suppress(OSError):
        for line in log.read_text(errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                if "Traceback" in line or "Error" in line:
                    problems.append(line[:300])
                continue
            if not isinstance(record, dict):
                continue
            status = record.get("status")
            if str(record.get("level", "")).lower() in ("error", "critical") or (
                isinstance(status, int) and status >= 500
            ):
                problems.append(json.dumps(record)[:600])
            if record.get("event") != "request" or "ms" not in record:
                continue
            at = datetime.fromisoformat(record["timestamp"]).timestamp()
            if not window[0] <= at <= window[1]:
                continue
            for kind, (method, pattern) in routes.items():
                if record.get("method") == method and pattern.match(record.get("path", "")):
                    times[kind].append(float(record["ms"]))
                    break
    return {kind: percentiles(values) for kind, values in times.items()}, problems


class Tracer:
    """What `--trace` records in the server process: (wall time, what, ms, SQL statements, SQL ms, of which
    writes); per request its route, and apart garbage-collection pauses and the event loop's lag."""

    def __init__(self) -> None:
        import contextvars

        self.samples: list[tuple[float, str, float, int, float, float]] = []
        self.current: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
            "bench", default=None
        )
        self.probe: asyncio.Task[None] | None = None
        self._collecting = 0.0

    def wrap(self, inner: Any) -> Any:
        async def asgi(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await inner(scope, receive, send)
                return
            if self.probe is None:
                self.probe = asyncio.create_task(self._lag())
            tally = [0.0, 0.0, 0.0]  # statements, SQL seconds, of which writes (not SELECT)
            self.current.set(tally)
            started = time.perf_counter()
            try:
                await inner(scope, receive, send)
            finally:
                route = getattr(scope.get("route"), "path", scope["path"])
                took = (time.perf_counter() - started) * 1000
                what = f"{scope['method']} {route}"
                self.samples.append((time.time(), what, took, int(tally[0]), tally[1] * 1e3, tally[2] * 1e3))

        return asgi

    def time_write_gate(self) -> None:
        """Time each wait at SQLite's write gate (platform/db.py), which the statements' times leave out."""
        from parley.platform.db import SqliteWriteGate

        plain = SqliteWriteGate.acquire
        samples = self.samples

        async def timed(gate: SqliteWriteGate, owner: object, timeout_s: float) -> None:
            started = time.perf_counter()
            try:
                await plain(gate, owner, timeout_s)
            finally:
                took = (time.perf_counter() - started) * 1000
                samples.append((time.time(), "sqlite write gate: wait", took, 0, 0.0, 0.0))

        SqliteWriteGate.acquire = timed  # type: ignore[method-assign,assignment]

    def listen(self, database_engine: Any, main: bool = True) -> None:
        """Time the statements on this engine: the requests' own (main), or another's (its writes only)."""
        import gc

        import sqlalchemy

        def before(conn: Any, *_: Any) -> None:
            conn.info["bench_started"] = time.perf_counter()

        def after(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            tally = self.current.get() if main else None
            took = time.perf_counter() - conn.info.get("bench_started", time.perf_counter())
            if tally is not None:
                tally[0] += 1
                tally[1] += took
            if not statement.lstrip().upper().startswith("SELECT"):
                if tally is not None:
                    tally[2] += took
                what = " ".join(statement.split()[:3]).replace(" INTO", "").replace(" SET", "")
                self.samples.append((time.time(), f"sql: {what[:40]}", took * 1e3, 1, took * 1e3, took * 1e3))

        sqlalchemy.event.listen(database_engine, "before_cursor_execute", before)
        sqlalchemy.event.listen(database_engine, "after_cursor_execute", after)
        if main:
            gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._collecting = time.perf_counter()
        else:
            took = (time.perf_counter() - self._collecting) * 1000
            self.samples.append((time.time(), f"gc: generation {info['generation']}", took, 0, 0.0, 0.0))

    async def _lag(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            late = (time.perf_counter() - started) * 1000 - 5
            self.samples.append((time.time(), "event loop lag (5 ms sleeps)", late, 0, 0.0, 0.0))


def serve_traced(data: Path) -> None:
    """`parley serve` as the CLI runs it, instrumented (src stays as it is); writes data/trace.json when
    stopped (SIGINT), and with PARLEY_BENCH_PROFILE data/server.prof (cProfile between SIGUSR1 and SIGUSR2,
    the measured window)."""
    import cProfile

    import uvicorn

    from parley.app import create_app
    from parley.platform.cli_support import settings_or_exit
    from parley.platform.logging import configure_logging

    settings = settings_or_exit()
    configure_logging(settings.log_format, settings.log_level)
    app = create_app(settings)
    tracer = Tracer()
    tracer.time_write_gate()
    tracer.listen(app.state.database.engine.sync_engine)
    routing = getattr(app.state, "routing_database", None)  # routing's own connections, if it has them
    if routing is not None and routing is not app.state.database:
        tracer.listen(routing.engine.sync_engine, main=False)
    profiler = cProfile.Profile()

    def stop_profiling(*_: Any) -> None:
        profiler.disable()
        profiler.dump_stats(str(data / "server.prof"))

    if os.environ.get("PARLEY_BENCH_PROFILE"):
        signal.signal(signal.SIGUSR1, lambda *_: profiler.enable())
        signal.signal(signal.SIGUSR2, stop_profiling)
    try:
        uvicorn.run(
            tracer.wrap(app),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
            ws="websockets-sansio",
            ws_max_size=1_000_000,
        )
    finally:
        (data / "trace.json").write_text(json.dumps(tracer.samples), encoding="utf-8")


def print_trace(data: Path, window: tuple[float, float], label: str) -> None:
    path = data / "trace.json"
    if not path.exists():
        print(f"  {label}: no trace written")
        return
    found: dict[str, list[tuple[float, int, float, float]]] = {}
    for at, what, ms, statements, sql, writes in json.loads(path.read_text(encoding="utf-8")):
        if window[0] <= at <= window[1]:
            found.setdefault(what, []).append((ms, statements, sql, writes))
    seconds = window[1] - window[0]
    print(f"\n  {label}: in the server during the measured window ({seconds:.0f} s); ms, means per request")
    print(
        f"  {'what':<56} {'n':>6} {'p50':>6} {'p99':>6} {'max':>6} {'SQL n':>6} {'SQL ms':>6}"
        f" {'writes':>6} {'sum %':>6}"
    )
    for what in sorted(found, key=lambda w: -sum(x[0] for x in found[w])):
        values = found[what]
        cut = percentiles([x[0] for x in values])
        statements, sql, writes = (sum(x[i] for x in values) / len(values) for i in (1, 2, 3))
        share = sum(x[0] for x in values) / seconds / 10  # % of the window, requests overlapping
        print(
            f"  {what[:56]:<56} {len(values):>6} {cut['p50']:>6.1f} {cut['p99']:>6.1f} {cut['max']:>6.1f}"
            f" {statements:>6.1f} {sql:>6.1f} {writes:>6.1f} {share:>6.1f}"
        )
    profile = data / "server.prof"
    if profile.exists():
        import pstats

        print(f"\n  {label}: cProfile of the server during the window, by own time (top 30)")
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(30)


def _machine_cpu() -> tuple[float, dict[int, float]]:
    """CPU seconds the whole machine has been busy (all cores, /proc/stat), and those of each PostgreSQL
    process: to tell what else ran during the window besides the server, its database and the generator."""
    ticks = os.sysconf("SC_CLK_TCK")
    busy = float("nan")
    with contextlib.suppress(OSError, ValueError):
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = sum(int(fields[i]) for i in (0, 1, 2, 5, 6)) / ticks  # user, nice, system, irq, softirq
    postgres: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            if "(postgres)" in text:
                rest = text.rsplit(")", 1)[1].split()
                postgres[int(stat.parent.name)] = (int(rest[11]) + int(rest[12])) / ticks
    return busy, postgres


# ---------------------------------------------------------------------------------------------- the load


@dataclass
class Agent:
    user_id: int
    token: str
    client: httpx.AsyncClient
    offers: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    socket: ClientConnection | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Floor:
    """The run: samples by kind, failures, and what the agents did."""

    sizes: Sizes
    rng: random.Random
    window: tuple[float, float] = (float("inf"), float("inf"))  # perf_counter: measured requests start in it
    stopping: bool = False
    samples: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    errors: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> "status text" -> count
    flow: Counter[str] = field(default_factory=Counter)
    posted: dict[str, float] = field(default_factory=dict)  # contact id -> just before its POST
    offered: dict[str, float] = field(default_factory=dict)  # contact id -> its offer read off a socket
    timed_offers: set[str] = field(default_factory=set)  # posted in the window, offered at once
    busy: int = 0  # agents working a contact now
    busy_samples: list[int] = field(default_factory=list)
    supervisor_messages: int = 0

    def measured(self, started: float) -> bool:
        return self.window[0] <= started <= self.window[1]

    def failed(self, kind: str, what: str) -> None:
        self.errors.setdefault(kind, Counter())[what[:160]] += 1

    async def call(
        self,
        kind: str,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        headers: dict[str, str],
        body: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> dict[str, Any] | None:
        """One timed request; None when it failed (counted by kind, status and message)."""
        started = time.perf_counter()
        try:
            response = await client.request(method, url, json=body, headers=headers)
        except httpx.HTTPError as error:
            self.failed(kind, f"{type(error).__name__} after {time.perf_counter() - started:.1f} s")
            return None
        took = time.perf_counter() - started
        if response.status_code not in ok:
            self.failed(kind, f"{response.status_code} {response.text}")
            return None
        if self.measured(started):
            self.samples[kind].append(took * 1000)
        result: dict[str, Any] = response.json()
        return result

    def offer(self, contact_id: str, at: float) -> None:
        self.offered.setdefault(contact_id, at)
        self._match(contact_id)

    def _match(self, contact_id: str) -> None:
        """The offer may be read before the POST has answered, or after."""
        if contact_id in self.timed_offers and contact_id in self.offered:
            self.timed_offers.discard(contact_id)
            self.samples["offer"].append((self.offered[contact_id] - self.posted[contact_id]) * 1000)

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.sizes.think))

    # ------------------------------------------------------------------ an agent

    async def work(self, agent: Agent) -> None:
        while not self.stopping:
            try:
                contact_id = await asyncio.wait_for(agent.offers.get(), 0.5)
            except TimeoutError:
                continue
            self.busy += 1
            try:
                await self.handle(agent, contact_id)
            finally:
                self.busy -= 1

    async def handle(self, agent: Agent, contact_id: str) -> None:
        client, headers = agent.client, agent.headers
        await self.think()
        if await self.call("accept", client, "POST", f"/api/contacts/{contact_id}/accept", headers) is None:
            return
        await self.think()
        desk = await self.call("desk", client, "GET", "/api/desk", headers)
        item = next((i for i in (desk or {}).get("items", ()) if i["interaction"]["id"] == contact_id), None)
        view = item["run"]["view"] if item and item.get("run") else None
        if item is not None and view is None:
            self.failed("desk", f"no script run: {item.get('script_error')}")
        panel = f"/api/interactions/{contact_id}"
        hold_after, answers = self.rng.randint(1, 3), 0
        while view is not None and not view["finished"] and not self.stopping:
            await self.think()
            item = await self.call(
                TARGET, client, "POST", f"{panel}/script/answer", headers, self.reply(view)
            )
            if item is None:
                break
            view, answers = item["run"]["view"], answers + 1
            if answers == hold_after:
                await self.think()
                if await self.call("hold", client, "POST", f"{panel}/hold", headers, {}) is not None:
                    await self.think()
                    await self.call("resume", client, "POST", f"{panel}/resume", headers)
        if self.stopping:
            return
        self.flow["script answers"] += answers
        self.flow[f"outcome {view['outcome']}" if view and view["finished"] else "no outcome"] += 1
        await self.think()
        completed = f"/api/contacts/{contact_id}/complete"
        if await self.call("complete", client, "POST", completed, headers, {}) is None:
            return
        await self.think()
        body = {"outcome": view["outcome"] if view else None, "then": "ready"}
        if await self.call("wrap-up", client, "POST", f"{panel}/wrap-up", headers, body) is not None:
            self.flow["handled"] += 1

    def reply(self, view: dict[str, Any]) -> dict[str, Any]:
        """What the customer says at this step, as the agent records it."""
        if view["step"] in REPLIES:
            answers, weights = zip(*REPLIES[view["step"]], strict=True)
            return {"answer": self.rng.choices(answers, weights)[0]}
        if view["options"]:
            return {"answer": view["options"][0]}
        spec = view.get("field")
        if spec:
            if spec["type"] == "date":
                return {"answer": (date(2026, 11, 28) + timedelta(days=self.rng.randint(1, 6))).isoformat()}
            if spec["type"] == "boolean":
                return {"answer": "yes"}
            if spec["type"] == "number":
                return {"answer": str(spec.get("min") or 1)}
            return {"answer": f"{self.rng.randint(1, 300)} Le Loi, District 1, Ho Chi Minh City"}
        return {"answer": None}  # a statement: the agent goes on

    # ------------------------------------------------------------------ the contacts

    async def create(self, boss: httpx.AsyncClient, n: int) -> None:
        body = {
            "channel": "voice",
            "from": f"+84 90 {self.rng.randint(0, 9_999_999):07d}",  # a new caller, mostly
            "subject": f"Order {100_000 + n}: confirm delivery",
            "queue": QUEUE,
        }
        started = time.perf_counter()
        created = await self.call("contact POST", boss, "POST", "/api/contacts", {}, body, ok=(201,))
        if created is None:
            return
        self.flow["contacts"] += 1
        if created["state"] != "offered":
            self.flow[f"contacts {created['state']} at once"] += 1
            return
        self.posted[created["id"]] = started
        if self.measured(started):
            self.timed_offers.add(created["id"])
            self._match(created["id"])


async def listen(agent: Agent, floor: Floor) -> None:
    assert agent.socket is not None
    with contextlib.suppress(Exception):
        async for raw in agent.socket:
            at = time.perf_counter()
            if isinstance(raw, str) and raw.startswith('{"type":"offer"'):
                contact_id = json.loads(raw)["contact"]["id"]
                floor.offer(contact_id, at)
                agent.offers.put_nowait(contact_id)


async def listen_supervisor(ws: ClientConnection, floor: Floor) -> None:
    with contextlib.suppress(Exception):
        async for _ in ws:
            floor.supervisor_messages += 1


@dataclass
class Connected:
    """The sockets and their listeners, closed at the end whatever happens."""

    sockets: list[ClientConnection] = field(default_factory=list)
    listeners: list[asyncio.Task[None]] = field(default_factory=list)

    async def close(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for task in self.listeners:
            task.cancel()
        await asyncio.gather(*self.listeners, return_exceptions=True)


async def set_up(
    server: Server, boss: httpx.AsyncClient, agents: list[Agent], floor: Floor, connected: Connected
) -> dict[str, float]:
    phases: dict[str, float] = {}
    t = time.perf_counter()
    signed_in = _ok(await boss.post("/api/auth/login", json={"username": "supervisor", "password": PASSWORD}))
    boss.headers[CSRF_HEADER] = signed_in["csrf_token"]
    source = (EXAMPLES_DIR / f"{SCRIPT}.yaml").read_text(encoding="utf-8")
    _ok(await boss.post("/api/scripts", json={"source": source}), 201)
    _ok(await boss.post(f"/api/scripts/{SCRIPT}/publish", json={"note": "bench"}), 201)
    response = await boss.get("/api/queue-scripts")
    bound = {b["queue_id"]: b["script"] for b in response.json()} if response.status_code == 200 else {}
    if bound != {QUEUE: SCRIPT}:
        raise RuntimeError(f"the server restored queue scripts {response.text}, not {QUEUE} with {SCRIPT}")
    boss_ws = await _connect(server.base, cookie=boss.cookies[SESSION_COOKIE])
    connected.sockets.append(boss_ws)
    connected.listeners.append(asyncio.create_task(listen_supervisor(boss_ws, floor)))
    phases["script"] = time.perf_counter() - t

    t = time.perf_counter()

    def connect(agent: Agent) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            agent.socket = await _connect(server.base, agent.token)
            connected.sockets.append(agent.socket)
            connected.listeners.append(asyncio.create_task(listen(agent, floor)))

        return job

    await _bounded(floor.sizes.connect_concurrency, map(connect, agents))
    phases["WebSockets"] = time.perf_counter() - t

    t = time.perf_counter()
    floor.window = (t, float("inf"))  # the agents' first Ready is timed too

    def ready(agent: Agent) -> Callable[[], Awaitable[dict[str, Any] | None]]:
        body = {"state": "ready"}
        return lambda: floor.call("ready", agent.client, "PUT", "/api/agents/me/state", agent.headers, body)

    went = await _bounded(floor.sizes.setup_concurrency, map(ready, agents))
    floor.window = (float("inf"), float("inf"))
    if any(r is None for r in went):
        raise RuntimeError(f"agents could not go Ready: {floor.errors}")
    phases["Ready"] = time.perf_counter() - t
    desk = _ok(await agents[0].client.get("/api/desk", headers=agents[0].headers))
    if desk["demo_contacts"] or desk["state"] != "ready":
        raise RuntimeError(f"unexpected desk: demo contacts {desk['demo_contacts']}, state {desk['state']}")
    return phases


async def load(server: Server, boss: httpx.AsyncClient, agents: list[Agent], floor: Floor) -> dict[str, Any]:
    """Contacts at a steady rate while the agents work; returns what the server and this process used."""
    sizes = floor.sizes
    workers = [asyncio.create_task(floor.work(agent)) for agent in agents]
    lags: list[float] = []
    probe = asyncio.create_task(_lag_probe(lags))
    creators: set[asyncio.Task[None]] = set()
    start = time.perf_counter()
    measure_from, measure_to = start + sizes.warmup, start + sizes.warmup + sizes.seconds
    pid = server.process.pid
    cpu = own = since = float("nan")
    machine: tuple[float, dict[int, float]] = (float("nan"), {})
    n = 0
    while (now := time.perf_counter()) < measure_to:
        if floor.window[0] == float("inf") and now >= measure_from:
            floor.window = (now, measure_to)
            cpu, own, since = _cpu_seconds(pid), time.process_time(), time.time()
            machine = _machine_cpu()
            server.signal(signal.SIGUSR1)  # profiled: cProfile on
            del lags[:]
        if floor.window[0] <= now and n % max(1, round(sizes.rate)) == 0:
            floor.busy_samples.append(floor.busy)  # about once a second
        task = asyncio.create_task(floor.create(boss, n))
        creators.add(task)
        task.add_done_callback(creators.discard)
        n += 1
        delay = start + n / sizes.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(min(delay, max(0.0, measure_to - time.perf_counter())))
    window = measure_to - floor.window[0]
    busy, postgres = _machine_cpu()
    used: dict[str, Any] = {
        "cpu": (_cpu_seconds(pid) - cpu) / window,
        "client_cpu": (time.process_time() - own) / window,
        "machine_cpu": (busy - machine[0]) / window,
        "postgres_cpu": sum(t - machine[1].get(p, 0.0) for p, t in postgres.items()) / window,
        "client_lag": percentiles(lags),
        "rss": _rss_mb(pid),
        "window": window,
        "wall": (since, time.time()),
    }
    server.signal(signal.SIGUSR2)  # profiled: cProfile off, written
    floor.stopping = True  # requests in flight finish (and count when they started in the window)
    drained = time.perf_counter()
    pending = [*workers, *creators]
    _, late = await asyncio.wait(pending, timeout=sizes.drain)
    used["drain"] = time.perf_counter() - drained
    used["unfinished"] = len(late)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    probe.cancel()
    used["wall"] = (used["wall"][0], time.time())  # the server logs a request when it ends
    return used


async def drive(server: Server, tokens: dict[int, str], sizes: Sizes, label: str) -> dict[str, Any]:
    base, timeout = f"http://{server.base}", httpx.Timeout(60.0)
    limits = httpx.Limits(max_connections=sizes.clients, max_keepalive_connections=sizes.clients)
    clients = [
        httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout)
        for _ in range(-(-len(tokens) // sizes.clients))
    ]
    floor = Floor(sizes, random.Random(SEED))
    agents = [
        Agent(user_id, token, clients[index // sizes.clients])
        for index, (user_id, token) in enumerate(tokens.items())
    ]
    connected = Connected()
    boss_limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    try:
        async with httpx.AsyncClient(base_url=base, limits=boss_limits, timeout=timeout) as boss:
            phases = await set_up(server, boss, agents, floor, connected)
            print(f"  {label}: set up, " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()), flush=True)
            check = cpu_check()
            used = await load(server, boss, agents, floor)
    finally:
        await connected.close()
        await asyncio.gather(*(client.aclose() for client in clients), return_exceptions=True)
    window = used["window"]
    requests = sum(len(v) for k, v in floor.samples.items() if k not in ("offer", "ready"))
    return {
        "label": label,
        "phases": phases,
        "figures": {kind: percentiles(values) for kind, values in floor.samples.items()},
        "throughput": requests / window,
        "errors": {kind: dict(c) for kind, c in floor.errors.items()},
        "flow": dict(floor.flow),
        "busy": floor.busy_samples or [0],
        "cpu_check": check,
        "supervisor_messages": floor.supervisor_messages,
        **used,
    }


def run_backend(backend: str, sizes: Sizes, traced: bool = False) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix=f"parley-desk-{backend}-"))
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
            tokens = await seed(url, sizes)
            seeded = time.perf_counter() - t
            async with serve(data, url, traced) as server:
                result = await drive(server, tokens, sizes, backend)
            result["phases"] = {"migrate, users": seeded, **result["phases"]}
            return result

        result = asyncio.run(go())
        result["server"], result["server_errors"] = server_side(data / "server.log", result["wall"])
        if traced:
            print_trace(data, result["wall"], backend)
        return result
    finally:
        if dropped is not None:
            asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)'))
        if os.environ.get("PARLEY_BENCH_KEEP"):
            print(f"  {backend}: kept {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- the report

LABELS = {
    "ready": "first Ready, all at once (set-up, 6 in flight)",
    "contact POST": "`POST /api/contacts` (the generator)",
    "offer": "POST → offer on the agent's socket",
    "accept": "accept",
    "desk": "`GET /api/desk`",
    TARGET: "**script answer**",
    "hold": "hold",
    "resume": "resume",
    "complete": "complete",
    "wrap-up": "wrap-up, then Ready",
}


def _issues(r: dict[str, Any]) -> str:
    issues = [
        f"{kind}: {count} × {what}"
        for kind, found in r["errors"].items()
        for what, count in sorted(found.items(), key=lambda x: -x[1])
    ]
    if r["unfinished"]:
        issues.append(f"{r['unfinished']} agents still in a request {r['drain']:.0f} s after the window")
    if r["server_errors"]:
        issues.append(f"{len(r['server_errors'])} errors in the server's log")
    return "; ".join(issues) or "none"


def _met(cut: dict[str, float]) -> str:
    return "met" if cut["p99"] < P99_TARGET_MS else "**missed**"


def _table(r: dict[str, Any], sizes: Sizes) -> str:
    lines = [
        f"| {r['label']}: {sizes.agents:,} agents, {sizes.rate:g} contacts/s | n | per s | p50 | p95 | p99"
        " | max | in the server p50 / p99 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        cut, seconds = r["figures"][kind], r["phases"]["Ready"] if kind == "ready" else r["window"]
        if not cut["n"]:
            continue
        own = r["server"].get(kind)
        inside = f"{_ms(own['p50'])} / {_ms(own['p99'])} ms" if own and own["n"] else ""
        p99 = f"{_ms(cut['p99'])} ms"
        if kind == TARGET:
            p99 = f"**{p99}**, target < {P99_TARGET_MS:.0f} ms: {_met(cut)}"
        lines.append(
            f"| {LABELS[kind]} | {cut['n']:,} | {cut['n'] / seconds:.1f} | {_ms(cut['p50'])} ms"
            f" | {_ms(cut['p95'])} ms | {p99} | {_ms(cut['max'])} ms | {inside} |"
        )
    return "\n".join(lines)


def _others(r: dict[str, Any]) -> float:
    """What the rest of the machine used meanwhile (other jobs on a shared machine)."""
    return max(0.0, float(r["machine_cpu"] - r["cpu"] - r["client_cpu"] - r["postgres_cpu"]))


def _share(cpu: float) -> str:
    return "–" if cpu != cpu else f"{cpu * 100:.0f} %"  # noqa: PLR0124 (NaN is not equal to itself)


def render(results: list[dict[str, Any]], sizes: Sizes, skipped: str | None, load: str) -> str:
    text = [_table(r, sizes) + "\n" for r in results]
    lines = [
        "| run | requests/s | agents busy, mean (max) | contacts handled | server CPU, RSS"
        " | PostgreSQL CPU | load generator CPU, loop lag p99 | other processes' CPU | CPU check | set-up"
        " | issues |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        busy, flow = r["busy"], r["flow"]
        setup = ", ".join(f"{k} {v:.0f} s" for k, v in r["phases"].items())
        lines.append(
            f"| {r['label']} | {r['throughput']:.0f} | {sum(busy) / len(busy):.0f} ({max(busy)})"
            f" | {flow.get('handled', 0):,} of {flow.get('contacts', 0):,}"
            f" | {r['cpu'] * 100:.0f} % of a core, {r['rss']:.0f} MB | {_share(r['postgres_cpu'])}"
            f" | {r['client_cpu'] * 100:.0f} %, {_ms(r['client_lag']['p99'])} ms | {_share(_others(r))}"
            f" | {r['cpu_check']:.0f} ms | {setup} | {_issues(r)} |"
        )
    text += ["\n".join(lines), ""]
    verdicts = [
        f"{_met(r['figures'][TARGET]).strip('*')} on {r['label']} (p99 {_ms(r['figures'][TARGET]['p99'])} ms)"
        for r in results
    ]
    verdict = f"Script answer p99 under {P99_TARGET_MS:.0f} ms: {', '.join(verdicts) or 'nothing measured'}."
    lo, hi = sizes.think
    busiest = max([sum(r["busy"]) / len(r["busy"]) for r in results] + [1.0])
    text.append(
        " ".join(
            [
                f"**{verdict}** `parley serve` ran as its own process and the load generator (asyncio,",
                f"httpx, websockets) as another on the same machine ({load}): they share its cores, so the",
                "figures are pessimistic. The table shows the generator's share, and what other processes",
                "used meanwhile (the machine is shared); CPU check: a fixed Python loop, best of three,",
                "timed just before the window, to compare runs (other tenants of the host slow the CPU",
                "without it showing in /proc). In the server: its own time for the request, from",
                "its log (from its middleware's start to the response; the rest of the time is the wait for",
                "the server's one event loop, the network and the generator).",
                f"{sizes.agents:,} agents, each on its own WebSocket",
                f"(API token), sharing HTTP keep-alive pools {sizes.clients} to a pool, members of one voice",
                f"queue bound to `{SCRIPT}`. Contacts arrived at a steady {sizes.rate:g}/s (open loop), each",
                "from a random number (a new customer, mostly). Each offered agent accepted, read its desk,",
                "answered the script to an outcome as the customer replied (mostly yes; now and then a new",
                "address, a callback, a cancelled order, a wrong number), held and resumed once, completed",
                f"and wrapped up with the outcome, back to Ready, thinking {lo:g}–{hi:g} s before each step.",
                f"A call so lasts seconds instead of minutes: at {sizes.rate:g} contacts/s the server gets",
                f"the requests of about {sizes.rate * 120:,.0f} agents with a two-minute handle time, while",
                "only the agents in the table are busy at a time; keeping all",
                f"{sizes.agents:,} busy at these think times would take about {sizes.agents / busiest:.0f}",
                "times the rate. Measured over",
                f"{sizes.seconds:g} s after {sizes.warmup:g} s of warm-up, per database; requests in flight",
                "at the end finished and count.",
            ]
        )
    )
    if skipped:
        text += ["", f"PostgreSQL was not measured: {skipped}."]
    text += [
        "",
        DIAGNOSIS,
        "",
        "Run with `python -m bench desk`; quick check: `python -m bench.desk_bench --smoke`; diagnosis:"
        " `--trace` (see the module's docstring).",
    ]
    return "\n".join(text)


# ---------------------------------------------------------------------------------------------- entry


def run(sizes: Sizes, backends: list[str], traced: bool = False) -> tuple[list[dict[str, Any]], str | None]:
    _raise_open_files(3 * sizes.agents + 512)  # sockets and HTTP connections, here and in the server
    results, skipped = [], None
    for backend in backends:
        if backend == "postgresql":
            problem = asyncio.run(_postgres_problem())
            if problem:
                skipped = f"not reachable at {POSTGRES_URL} ({problem})"
                print(f"  postgresql: skipped, {skipped}")
                continue
        print(
            f"  {backend}: {sizes.agents} agents, {sizes.rate:g} contacts/s, {sizes.seconds:g} s", flush=True
        )
        r = run_backend(backend, sizes, traced)
        for kind in KINDS:
            cut, own = r["figures"][kind], r["server"].get(kind)
            if cut["n"]:
                inside = f"; in the server {_ms(own['p50'])}/{_ms(own['p99'])}" if own and own["n"] else ""
                print(
                    f"  {backend}: {kind:<13} n={cut['n']:>5} p50/p95/p99/max {_ms(cut['p50'])}/"
                    f"{_ms(cut['p95'])}/{_ms(cut['p99'])}/{_ms(cut['max'])} ms{inside}"
                )
        busy = r["busy"]
        print(
            f"  {backend}: {r['throughput']:.0f} requests/s, agents busy {sum(busy) / len(busy):.0f} (max"
            f" {max(busy)}); server CPU {r['cpu'] * 100:.0f} %; load generator CPU"
            f" {r['client_cpu'] * 100:.0f} %, loop lag p99 {_ms(r['client_lag']['p99'])} ms; PostgreSQL"
            f" {_share(r['postgres_cpu'])}, other processes {_share(_others(r))} of a core\n"
            f"  {backend}: flow {r['flow']}",
            flush=True,
        )
        print(f"  {backend}: issues: {_issues(r)}")
        for line in r["server_errors"][:5]:
            print(f"    {line}")
        results.append(r)
    return results, skipped


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} over 1 / 5 minutes at the end, on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> None:
    if argv and argv[0] == "--serve-traced":  # internal: the server process of --trace
        serve_traced(Path(argv[1]))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.desk_bench", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--smoke", action="store_true", help="a quick check: 10 agents, 2 + 5 s")
    parser.add_argument("--agents", type=int)
    parser.add_argument("--seconds", type=float, help="measured window per database")
    parser.add_argument("--warmup", type=float, help="seconds of load before it")
    parser.add_argument("--rate", type=float, help="contacts per second")
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), help="seconds before a step")
    parser.add_argument("--clients", type=int, help="agents sharing an HTTP client")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--trace", action="store_true", help="instrument the server and print what it saw")
    parser.add_argument("--report", action="store_true", help="write docs/performance.md at any size")
    args = parser.parse_args([] if argv is None else argv)
    base = SMOKE if args.smoke else FULL
    seconds = args.seconds if args.seconds is not None else base.seconds
    given = {
        "agents": args.agents,
        "seconds": args.seconds,
        "warmup": args.warmup if args.warmup is not None else min(base.warmup, seconds / 4),
        "rate": args.rate,
        "think": tuple(args.think) if args.think else None,
        "clients": args.clients,
    }
    sizes = replace(base, **{k: v for k, v in given.items() if v is not None})
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if set(backends) - {"sqlite", "postgresql"}:
        parser.error("--backends takes sqlite and/or postgresql")
    started = time.perf_counter()
    results, skipped = run(sizes, backends, args.trace)
    body = render(results, sizes, skipped, _load())
    print(body)
    print(f"\n  took {time.perf_counter() - started:.0f} s")
    if (sizes == FULL and backends == ["sqlite", "postgresql"] and not args.trace and results) or args.report:
        write_section(TITLE, body)
    else:
        print("  (not the full size: docs/performance.md left alone; --report writes it anyway)")


if __name__ == "__main__":
    main(sys.argv[1:])
