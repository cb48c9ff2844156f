"""Real servers for tests that need a socket: a free port, an app served by uvicorn in this event loop, and
`parley serve` as a process."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (free when asked; the caller binds it soon after)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` (HTTP and WebSockets, no lifespan: the test owns the app) on a free port; yields
    `host:port` once uvicorn listens, and stops it on the way out."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, lifespan="off", ws="websockets-sansio"
    )
    instance = uvicorn.Server(config)
    task = asyncio.create_task(instance.serve())
    try:
        async with asyncio.timeout(10):
            while not instance.started:
                if task.done():
                    task.result()  # uvicorn gave up: say why
                    raise RuntimeError("uvicorn stopped before it started")
                await asyncio.sleep(0.02)
        yield f"127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        await task


PARLEY = Path(sys.executable).with_name("parley")


@contextmanager
def parley_serve(
    env: dict[str, str], log: Path, start_seconds: float = 60
) -> Iterator[subprocess.Popen[bytes]]:
    """`parley serve` as a process with `env` (PARLEY_PORT among it), its output in `log`; yields once
    /api/health answers 200 (a server that exits or stays unhealthy fails with its log), and stops it with
    SIGTERM on the way out, as an operator would."""
    url = f"http://127.0.0.1:{env['PARLEY_PORT']}/api/health"
    with log.open("wb") as sink:
        process = subprocess.Popen([str(PARLEY), "serve"], env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"parley serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"parley serve did not become healthy:\n{log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
