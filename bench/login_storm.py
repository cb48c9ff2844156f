"""Sign-in storm: do other requests stay fast while 200 failed sign-ins arrive at once? (#13 point 2)

Before: argon2 ran on the event loop; 60 concurrent failed logins took 12 s and `/api/health` answered in
5–6 s meanwhile. Now the checks run on a few threads (one per CPU) with a bounded wait, and what is beyond
it is refused at once with 503 `sign-in-busy`.

`parley serve` runs as its own process on a fresh SQLite database, behind a pretend proxy: it trusts
127.0.0.1 (`PARLEY_TRUSTED_PROXIES`) and every failed sign-in names a different client address in
`X-Forwarded-For` and a different unknown username, so no address or account limit refuses it early: every
one of them asks for a password check (the worst case for the hashing threads). Two probes run one request
after another, 20 ms apart: `GET /api/health` and an authenticated `GET /api/auth/me` (an API token). They
run for `--seconds` without a storm, then for as long again while waves of 200 concurrent failed sign-ins
follow each other (a new wave as soon as the last answered). Reported: the probes' p50/p99 in both windows
and their ratio, and what the sign-ins got.

`python -m bench login-storm` writes docs/performance.md; `python -m bench.login_storm --seconds 3` is a quick
check (the report only with `--report`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.report import write_section
from bench.routing_e2e_bench import _cpu_seconds, _ms, percentiles, seed_agents, serve
from parley.platform import migrate

TITLE = "Sign-in storm: other requests during 200 concurrent failed sign-ins"
WAVE = 200
SECONDS = 10.0
PROBE_PAUSE = 0.02


async def _probe(client: httpx.AsyncClient, path: str, stop: asyncio.Event, times: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        response = await client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.text}")
        await asyncio.sleep(PROBE_PAUSE)


async def _window(
    server: str, token: str, seconds: float, storm: bool
) -> tuple[dict[str, list[float]], Counter[int], list[float], int]:
    """Probe for `seconds`, with waves of failed sign-ins when `storm`."""
    limits = httpx.Limits(max_connections=WAVE + 10, max_keepalive_connections=WAVE + 10)
    times: dict[str, list[float]] = {"GET /api/health": [], "GET /api/auth/me (signed in)": []}
    outcomes: Counter[int] = Counter()
    login_ms: list[float] = []
    waves = 0
    async with (
        httpx.AsyncClient(base_url=f"http://{server}", timeout=120, limits=limits) as logins,
        httpx.AsyncClient(base_url=f"http://{server}", timeout=120) as health,
        httpx.AsyncClient(
            base_url=f"http://{server}", timeout=120, headers={"Authorization": f"Bearer {token}"}
        ) as me,
    ):
        await health.get("/api/health")
        await me.get("/api/auth/me")
        stop = asyncio.Event()
        probes = [
            asyncio.create_task(_probe(health, "/api/health", stop, times["GET /api/health"])),
            asyncio.create_task(_probe(me, "/api/auth/me", stop, times["GET /api/auth/me (signed in)"])),
        ]

        async def fail(n: int) -> None:
            started = time.perf_counter()
            response = await logins.post(
                "/api/auth/login",
                json={"username": f"nobody{n}", "password": f"wrong-password-{n}"},
                headers={"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"},
            )
            login_ms.append((time.perf_counter() - started) * 1000)
            outcomes[response.status_code] += 1

        deadline = time.monotonic() + seconds
        if storm:
            while time.monotonic() < deadline:
                await asyncio.gather(*(fail(waves * WAVE + n) for n in range(WAVE)))
                waves += 1
        else:
            await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*probes)
    return times, outcomes, login_ms, waves


async def _measure(data: Path, url: str, seconds: float) -> dict[str, Any]:
    tokens = await seed_agents(url, 1, lambda _users, _now: [])
    token = next(iter(tokens.values()))
    settings = {"PARLEY_TRUSTED_PROXIES": "127.0.0.1", "PARLEY_LOG_LEVEL": "WARNING"}
    async with serve(data, url, traced=False, settings=settings) as server:
        quiet = await _window(server.base, token, seconds, storm=False)
        cpu_before, started = _cpu_seconds(server.process.pid), time.perf_counter()
        storm = await _window(server.base, token, seconds, storm=True)
        cpu = (_cpu_seconds(server.process.pid) - cpu_before) / (time.perf_counter() - started)
    return {"quiet": quiet, "storm": storm, "server_cpu": cpu}


def run(seconds: float) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix="parley-login-storm-"))
    try:
        url = f"sqlite+aiosqlite:///{data / 'parley.db'}"
        migrate.upgrade(url)
        return asyncio.run(_measure(data, url, seconds))
    finally:
        shutil.rmtree(data, ignore_errors=True)


def render(result: dict[str, Any], seconds: float) -> str:
    quiet_times = result["quiet"][0]
    storm_times, outcomes, login_ms, waves = result["storm"]
    lines = [
        "| request | without a storm p50 / p99 | during the storm p50 / p99 | p99 ratio |",
        "|---|---|---|---|",
    ]
    for name, quiet_ms in quiet_times.items():
        q, s = percentiles(quiet_ms), percentiles(storm_times[name])
        ratio = s["p99"] / q["p99"] if q["p99"] else float("nan")
        lines.append(
            f"| {name} (n={q['n']} / {s['n']}) | {_ms(q['p50'])} / {_ms(q['p99'])} ms"
            f" | {_ms(s['p50'])} / {_ms(s['p99'])} ms | {ratio:.1f}× |"
        )
    answered = ", ".join(f"{count} × {status}" for status, count in sorted(outcomes.items()))
    login = percentiles(login_ms)
    checked = outcomes.get(401, 0)
    text = [
        "\n".join(lines),
        "",
        f"The storm: {waves} waves of {WAVE} concurrent failed sign-ins over {seconds:g} s, each from its own"
        f" address and for its own unknown username; answered {answered} (401: the password was checked,"
        " 503 `sign-in-busy`: refused at once, the checks waiting were full); a sign-in's answer p50 / p99"
        f" {_ms(login['p50'])} / {_ms(login['p99'])} ms; {checked / seconds:.1f} password checks a second;"
        f" server CPU {result['server_cpu'] * 100:.0f} % of a core during the storm (at most"
        f" {os.cpu_count()} cores; the load generator runs on the same machine).",
        "",
        "Before (#13): argon2 ran on the event loop: 60 concurrent failed sign-ins took 12 s and"
        " `/api/health` answered in 5–6 s meanwhile. Now argon2 runs on `PARLEY_LOGIN_HASH_WORKERS` threads"
        " (one per CPU)"
        " and at most `PARLEY_LOGIN_HASH_QUEUE` checks (16) wait for one; the event loop only parses, refuses"
        " and writes the audit log.",
        "",
        "Run with `python -m bench login-storm`; quick check: `python -m bench.login_storm --seconds 3`.",
    ]
    return "\n".join(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.login_storm", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each window (quiet, storm)")
    parser.add_argument("--report", action="store_true", help="write docs/performance.md at any size")
    args = parser.parse_args([] if argv is None else argv)
    print(f"  login storm: {args.seconds:g} s quiet, then {args.seconds:g} s of waves of {WAVE}", flush=True)
    result = run(args.seconds)
    body = render(result, args.seconds)
    print(body)
    if args.seconds == SECONDS or args.report:
        write_section(TITLE, body)
    else:
        print("  (not the full length: docs/performance.md left alone; --report writes it anyway)")


if __name__ == "__main__":
    main(sys.argv[1:])
