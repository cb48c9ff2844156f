"""Why a demo contact is refused."""

from __future__ import annotations

from parley.platform.errors import Forbidden, InvalidInput


class DemoContactsOff(Forbidden):
    code = "demo-contacts-off"


class NoQueueForDemo(InvalidInput):
    code = "no-queue-for-demo"
