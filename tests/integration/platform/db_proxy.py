"""A TCP proxy in front of PostgreSQL that a test switches between forwarding, refusing and hanging, to make
the database go away the two ways it does in production: a server that refuses connections (stopped, a
firewall's reject) and one that accepts and never answers (a network partition, a frozen host)."""

from __future__ import annotations

import asyncio
from typing import Literal

Mode = Literal["forward", "refuse", "hang"]


class DatabaseProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.mode: Mode = "forward"
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._resumed = asyncio.Event()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def refuse(self) -> None:
        """Stop listening (a connection is refused) and drop every open connection."""
        self.mode = "refuse"
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        await self._drop_all()

    def hang(self) -> None:
        """Keep accepting connections but forward nothing, either way, on new and open ones alike."""
        self.mode = "hang"
        self._resumed.clear()

    async def restore(self) -> None:
        """Forward again; connections accepted while hanging are dropped (their clients gave up on them)."""
        if self.mode == "hang":
            await self._drop_all()
        self.mode = "forward"
        self._resumed.set()
        if self._server is None:
            await self.start()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        await self._drop_all()

    async def _drop_all(self) -> None:
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            if self.mode == "hang":
                await asyncio.Event().wait()  # accepted, never answered
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
            self._writers.add(upstream_writer)
            await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass  # dropped on purpose, or the other side went
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                if self.mode == "hang":
                    await self._resumed.wait()
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()
