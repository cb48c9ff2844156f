"""Commands other slices and channels give routing: typed, so a caller cannot forget or misspell a field.

Pure data: no framework. A channel turns its media into a `NewContact`; the API edge turns its request
schema into one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parley.routing.model import Channel


@dataclass(frozen=True, slots=True)
class NewContact:
    """A contact arrives: for `queue`, or for the best queue that takes `request_type` on its channel."""

    channel: Channel
    queue: str | None = None
    request_type: str | None = None
    from_address: str = ""
    subject: str = ""
    priority: int = 0
    skills: Mapping[str, int] = field(default_factory=dict)
    #: free details for the desk (small)
    data: Mapping[str, Any] = field(default_factory=dict)
