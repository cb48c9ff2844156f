"""Sign-in storm: do other requests stay fast while 200 failed sign-ins arrive at once? (#13 point 2)

Before: argon2 ran on the event loop; 60 concurrent failed logins took 12 s and `/api/health` answered in
5–6 s meanwhile. Now the checks run on a few threads (one per CPU) with a bounded wait, and what is beyond
it is refused at once with 503 `sign-in-busy`.

`parley serve` runs as its own process on a fresh SQLite database, behind a pretend proxy: it trusts
127.0.0.1 (`PARLEY_TRUSTED_PROXIES`) and every failed sign-in names a different client address in
`X-Forwarded-For` and a different unknown username, so no address or account limit refuses it early: every
one of them asks for a password check (the worst case for the hashing threads). Two probes run one request
after another, 20 ms apart: `GET /api/health` and an authenticated `GET /api/auth/me` (an API token). They
run for `--seconds` without a storm, then for as long again while 200 attackers each send a failed sign-in
as soon as their last one was answered (200 concurrent failed sign-ins all along). Reported: the probes'
p50/p99 in both windows and their ratio, and what the sign-ins got.

`python -m bench login-storm` writes docs/performance.md; `python -m bench.login_storm --seconds 3` is a quick
check (the report only with `--report`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.report import write_section
from bench.routing_e2e_bench import _cpu_seconds, _load, _ms, percentiles, seed_agents, serve
from parley.platform import migrate

TITLE = "Sign-in storm: other requests during 200 concurrent failed sign-ins"
WAVE = 200
REPO = Path(__file__).resolve().parents[1]
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


PROBES = {"GET /api/health": "/api/health", "GET /api/auth/me (signed in)": "/api/auth/me"}


async def _probes(server: str, token: str, seconds: float) -> dict[str, list[float]]:
    """The probes, for `seconds`: run in a process of their own (`--probe`), so that the attackers' 200
    connections do not delay them on the client side."""
    times: dict[str, list[float]] = {name: [] for name in PROBES}
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=f"http://{server}", timeout=120, headers=headers) as client:
        for path in PROBES.values():
            await client.get(path)
        stop = asyncio.Event()
        running = [
            asyncio.create_task(_probe(client, path, stop, times[name])) for name, path in PROBES.items()
        ]
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*running)
    return times


async def _window(
    server: str, token: str, seconds: float, storm: bool
) -> tuple[dict[str, list[float]], Counter[int], list[float], int]:
    """Probe for `seconds` (in another process), with 200 failed sign-ins in flight all along when `storm`."""
    probing = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.login_storm",
        "--probe",
        server,
        token,
        str(seconds),
        stdout=asyncio.subprocess.PIPE,
        cwd=REPO,
    )
    probed = asyncio.create_task(probing.communicate())
    limits = httpx.Limits(max_connections=WAVE + 10, max_keepalive_connections=WAVE + 10)
    outcomes: Counter[int] = Counter()
    login_ms: list[float] = []
    sent = 0
    async with httpx.AsyncClient(base_url=f"http://{server}", timeout=120, limits=limits) as logins:

        async def attacker() -> None:
            nonlocal sent
            while not probed.done():
                sent += 1
                n = sent
                started = time.perf_counter()
                response = await logins.post(
                    "/api/auth/login",
                    json={"username": f"nobody{n}", "password": f"wrong-password-{n}"},
                    headers={"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"},
                )
                login_ms.append((time.perf_counter() - started) * 1000)
                outcomes[response.status_code] += 1

        if storm:
            await asyncio.gather(*(attacker() for _ in range(WAVE)))
        output, _ = await probed
    if probing.returncode != 0:
        raise RuntimeError(f"the probes failed (exit {probing.returncode})")
    times: dict[str, list[float]] = json.loads(output)
    return times, outcomes, login_ms, sent


async def _measure(data: Path, url: str, seconds: float) -> dict[str, Any]:
    tokens = await seed_agents(url, 1, lambda _users, _now: [])
    token = next(iter(tokens.values()))
    settings = {"PARLEY_TRUSTED_PROXIES": "127.0.0.1"}
    async with serve(data, url, traced=False, settings=settings) as server:
        quiet = await _window(server.base, token, seconds, storm=False)
        cpu_before, started = _cpu_seconds(server.process.pid), time.perf_counter()
        storm_from = time.time()
        storm = await _window(server.base, token, seconds, storm=True)
        cpu = (_cpu_seconds(server.process.pid) - cpu_before) / (time.perf_counter() - started)
    return {"quiet": quiet, "storm": storm, "server_cpu": cpu, "server": _server_times(data, storm_from)}


def _server_times(data: Path, since: float) -> dict[str, list[float]]:
    """The server's own time for each request of the storm, by path and status, from its request log."""
    times: dict[str, list[float]] = {}
    for line in (data / "server.log").read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("event") != "request" or "ms" not in entry:
            continue
        stamp = datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00")).timestamp()
        if stamp >= since:
            times.setdefault(f"{entry['path']} {entry['status']}", []).append(float(entry["ms"]))
    return times


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
    storm_times, outcomes, login_ms, sent = result["storm"]
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
    server = ", ".join(
        f"`{name}` {_ms(percentiles(ms)['p50'])} / {_ms(percentiles(ms)['p99'])} ms (n={len(ms)})"
        for name, ms in sorted(result["server"].items())
    )
    answered = ", ".join(f"{count} × {status}" for status, count in sorted(outcomes.items()))
    login = percentiles(login_ms)
    checked = outcomes.get(401, 0)
    text = [
        "\n".join(lines),
        "",
        f"The storm: {WAVE} attackers, each sending a failed sign-in as soon as its last was answered, for"
        f" {seconds:g} s ({sent:,} sign-ins), each from its own address and for its own unknown username;"
        f" answered {answered} (401: the password was checked,"
        " 503 `sign-in-busy`: refused at once, the checks waiting were full); a sign-in's answer p50 / p99"
        f" {_ms(login['p50'])} / {_ms(login['p99'])} ms; {checked / seconds:.1f} password checks a second;"
        f" server CPU {result['server_cpu'] * 100:.0f} % of a core during the storm (at most"
        f" {os.cpu_count()} cores; the load generator runs on the same machine; {_load()}). The sign-ins'"
        " answer times are the attackers' (one Python process driving 200 connections, its own queueing"
        " included); the probes run in a process of their own. The server's own time per request in the"
        " storm (from its first bytes, so a client slow to send its body counts too), p50 / p99:"
        f" {server}.",
        "",
        "Before (#13): argon2 ran on the event loop: 60 concurrent failed sign-ins took 12 s and"
        " `/api/health` answered in 5–6 s meanwhile. Now argon2 runs on `PARLEY_LOGIN_HASH_WORKERS` threads"
        " (one per CPU, at a lower CPU priority than the event loop)"
        " and at most `PARLEY_LOGIN_HASH_QUEUE` checks (16) wait for one; the event loop only parses, refuses"
        " and writes the audit log.",
        "",
        "Run with `python -m bench login-storm`; quick check: `python -m bench.login_storm --seconds 3`.",
    ]
    return "\n".join(text)


def main(argv: list[str] | None = None) -> None:
    if argv and argv[0] == "--probe":  # internal: the probes' own process
        server, token, seconds = argv[1], argv[2], float(argv[3])
        print(json.dumps(asyncio.run(_probes(server, token, seconds))))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.login_storm", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each window (quiet, storm)")
    parser.add_argument("--report", action="store_true", help="write docs/performance.md at any size")
    args = parser.parse_args([] if argv is None else argv)
    print(f"  login storm: {args.seconds:g} s quiet, then {args.seconds:g} s of {WAVE} attackers", flush=True)
    result = run(args.seconds)
    body = render(result, args.seconds)
    print(body)
    if args.seconds == SECONDS or args.report:
        write_section(TITLE, body)
    else:
        print("  (not the full length: docs/performance.md left alone; --report writes it anyway)")


if __name__ == "__main__":
    main(sys.argv[1:])
