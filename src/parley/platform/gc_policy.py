"""Keep the garbage collector's full collections short in a long-running server.

A full (generation 2) collection walks every tracked object that is not frozen. The routing engine freezes
what it loads (`gc.freeze()`), but a server keeps making long-lived objects afterwards: each agent's
WebSocket, sessions, caches. With a few hundred agents connected a full collection took 45 to 150 ms,
two to four times a minute, and every request in flight waited for it: that was the tail of the desk's
latency (docs/performance.md, "Desk end to end").

The policy: after each full collection, the objects that survived it are frozen, so the next one only walks
what was made since (a few milliseconds). Frozen objects are still freed as soon as nothing refers to them;
only garbage in reference cycles among them waits, until the policy unfreezes everything once every
`whole_every_s` (an hour by default) and the next full collection looks at the whole heap again.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

#: How often the whole heap is collected, frozen objects included.
WHOLE_EVERY_S = 3600.0


class GcPolicy:
    def __init__(
        self, whole_every_s: float = WHOLE_EVERY_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.whole_every_s = whole_every_s
        self.clock = clock
        self.last_whole = clock()
        self.frozen_after = 0  # full collections after which survivors were frozen
        self.wholes = 0  # times everything was unfrozen for a whole-heap collection

    def collected(self, phase: str, info: dict[str, Any]) -> None:
        """A `gc.callbacks` hook: acts when a full collection has finished."""
        if phase != "stop" or info.get("generation") != 2:
            return
        now = self.clock()
        if now - self.last_whole >= self.whole_every_s:
            gc.unfreeze()  # the next full collection walks everything, cycles among old objects included
            self.last_whole = now
            self.wholes += 1
        else:
            gc.freeze()
            self.frozen_after += 1


_installed: GcPolicy | None = None


def install(whole_every_s: float = WHOLE_EVERY_S) -> GcPolicy:
    """Install the policy for this process (once; later calls return the installed one)."""
    global _installed  # noqa: PLW0603 - one policy per process, as gc.callbacks is per process
    if _installed is None:
        _installed = GcPolicy(whole_every_s)
        gc.freeze()  # what start-up made lives as long as the process
        gc.callbacks.append(_installed.collected)
    return _installed
