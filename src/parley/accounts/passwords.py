"""Password hashing with argon2id; tokens are random and stored as SHA-256 digests only.

argon2 is slow on purpose (about 50 to 150 ms of CPU a check): `PasswordWork` runs it on a few threads of its
own, never on the event loop, so that other requests go on meanwhile, and refuses checks beyond what those
threads can take soon (503 `sign-in-busy`) instead of queueing a storm of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from parley.accounts.model import SignInBusy

T = TypeVar("T")

_hasher = PasswordHasher()
# Verified against when the username is unknown, so that timing does not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("parley-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


#: How much nicer than the server's other threads the hashing threads are (Linux: niceness is per thread).
HASHING_NICENESS = 10


def _yield_to_requests() -> None:
    """Run hashing at a lower CPU priority than the event loop: on a machine with fewer free cores than
    hashing threads (argon2 also runs `parallelism` lanes of its own), a storm of checks would otherwise take
    the CPU from every other request. A check takes longer then; the requests around it do not."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(HASHING_NICENESS)


_THREADS: dict[int, ThreadPoolExecutor] = {}


def _threads(workers: int) -> ThreadPoolExecutor:
    """The process's hashing threads for `workers` at once (idle threads cost nothing; they end with it)."""
    found = _THREADS.get(workers)
    if found is None:
        found = _THREADS[workers] = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="argon2", initializer=_yield_to_requests
        )
    return found


class PasswordWork:
    """argon2 off the event loop: at most `workers` hashes at once (default: one per CPU), and at most
    `max_waiting` password checks waiting for a thread; a check beyond that is refused at once with
    `SignInBusy`. Hashing a new password (an administrator's or a signed-in user's change) waits its turn
    instead: those callers are few and already signed in."""

    def __init__(self, workers: int = 0, max_waiting: int = 16) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.max_waiting = max_waiting
        self._executor = _threads(self.workers)
        self._pending = 0

    @property
    def pending(self) -> int:
        """Checks and hashes running, waiting for a thread, or reserved."""
        return self._pending

    def reserve(self) -> CheckTicket:
        """A place for one password check, taken now, before the work that leads to it (reading the user):
        refused with `SignInBusy` when the threads and the waiting room are full, so a storm is turned away
        before it costs even a query. Release it (`CheckTicket.release`) if the check does not happen."""
        if self._pending >= self.workers + self.max_waiting:
            raise SignInBusy(
                "too many sign-ins are being checked right now; try again in a moment", retry_after_seconds=1
            )
        self._pending += 1
        return CheckTicket(self)

    async def _run(self, work: Callable[[], T], ticket: CheckTicket) -> T:
        try:
            future = asyncio.get_running_loop().run_in_executor(self._executor, work)
        except BaseException:
            ticket.release()
            raise
        future.add_done_callback(lambda _: ticket.release())
        return await future

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """`verify_password` on a worker thread; an unknown user (None) is checked against a dummy hash,
        taking as long. Raises `SignInBusy` when too many checks wait."""
        return await self.reserve().verify(password_hash, password)

    async def hash(self, password: str) -> str:
        self._pending += 1
        return await self._run(lambda: hash_password(password), CheckTicket(self))

    def close(self) -> None:
        """Nothing to give back: the threads are the process's, shared by every `PasswordWork` of the same
        size (one per server process; tests make many apps, which must not each keep threads of their own)."""


class CheckTicket:
    """One reserved place in `PasswordWork`, given back once: when its check ends, or by `release`."""

    def __init__(self, work: PasswordWork) -> None:
        self._work: PasswordWork | None = work

    async def verify(self, password_hash: str | None, password: str) -> bool:
        work = self._work
        if work is None:
            raise RuntimeError("this ticket was used or released")
        return await work._run(lambda: verify_password(password_hash, password), self)

    def release(self) -> None:
        if self._work is not None:
            self._work._pending -= 1
            self._work = None


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
