"""Real servers for tests that need a socket: a free port, and an app served by uvicorn in this event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

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
