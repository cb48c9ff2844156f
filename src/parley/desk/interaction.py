"""An interaction's life as an explicit state machine, with a timeline and the durations derived from it.

    received -> queued -> offered -> talking <-> on-hold -> wrap-up -> closed
                  |  ^________|                                 ^
                  +--> abandoned (or refused, or cancelled)     (outcome, notes)

Closed means closed: only a supervisor's correction (`corrected`, audited) changes a closed interaction.

A transfer ends the agent's part like a hang-up (`transferred`, then `ended`); the customer goes on in a new
interaction that starts with `transferred-in`. A consult is recorded as it goes (`transfer-started`,
`transfer-answered`, `transfer-cancelled`) without changing the phase.

Pure: no framework, times passed in. Illegal moves raise `IllegalMove` (code `illegal-interaction-move`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args

from parley.platform.errors import Conflict


class Phase(StrEnum):
    RECEIVED = "received"
    QUEUED = "queued"
    OFFERED = "offered"
    TALKING = "talking"
    ON_HOLD = "on-hold"
    WRAP_UP = "wrap-up"
    CLOSED = "closed"
    ABANDONED = "abandoned"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class IllegalMove(Conflict):
    code = "illegal-interaction-move"


#: The outcome of an agent's part of a conversation they handed on, until the script or their wrap-up gives
#: another: in lists it reads "Transferred", not "—".
TRANSFERRED = "transferred"


def call_legs(current: str, transferred_from: Mapping[str, str | None]) -> set[str]:
    """The interactions of one call: `current`, those it was transferred from and those transferred from any
    of them. `transferred_from` maps each known interaction to the one it was transferred from (or None)."""
    legs = {current}
    grown = True
    while grown:
        grown = False
        for leg, source in transferred_from.items():
            if leg in legs and source and source not in legs:
                legs.add(source)
                grown = True
            elif source in legs and leg not in legs:
                legs.add(leg)
                grown = True
    return legs


_LIVE = frozenset({Phase.TALKING, Phase.ON_HOLD})

#: Every event a timeline records after `received` (its first moment): a closed set, so routing's mapping
#: into it (desk/service.py) is type checked. The values are stored in the timelines: never rename one.
InteractionEvent = Literal[
    "queued",
    "offered",
    "offer-withdrawn",
    "answered",
    "hold",
    "resume",
    "transferred-in",
    "transfer-started",
    "transfer-answered",
    "transfer-cancelled",
    "transferred",
    "email-sent",
    "note",
    "ended",
    "wrap-up-ended",
    "corrected",
    "abandoned",
    "refused",
    "cancelled",
]
INTERACTION_EVENTS: frozenset[InteractionEvent] = frozenset(get_args(InteractionEvent))

#: event kind -> (phases it may happen in, phase after it; None keeps the phase)
MOVES: dict[InteractionEvent, tuple[frozenset[Phase], Phase | None]] = {
    "queued": (frozenset({Phase.RECEIVED, Phase.OFFERED}), Phase.QUEUED),
    "offered": (frozenset({Phase.QUEUED}), Phase.OFFERED),
    "offer-withdrawn": (frozenset({Phase.OFFERED}), Phase.QUEUED),
    "answered": (frozenset({Phase.OFFERED, Phase.QUEUED}), Phase.TALKING),
    "hold": (frozenset({Phase.TALKING}), Phase.ON_HOLD),
    "resume": (frozenset({Phase.ON_HOLD}), Phase.TALKING),
    "transferred-in": (frozenset({Phase.RECEIVED}), None),
    "transfer-started": (_LIVE, None),
    "transfer-answered": (_LIVE, None),
    "transfer-cancelled": (_LIVE, None),
    "transferred": (_LIVE, None),
    "email-sent": (frozenset({Phase.TALKING, Phase.ON_HOLD, Phase.WRAP_UP}), None),
    "note": (frozenset(set(Phase) - {Phase.CLOSED}), None),
    "ended": (frozenset({Phase.TALKING, Phase.ON_HOLD}), Phase.WRAP_UP),
    "wrap-up-ended": (frozenset({Phase.WRAP_UP}), Phase.CLOSED),
    # a supervisor's audited change of a closed interaction's outcome or notes: nothing else may change them
    "corrected": (frozenset({Phase.CLOSED}), None),
    "abandoned": (frozenset({Phase.RECEIVED, Phase.QUEUED, Phase.OFFERED}), Phase.ABANDONED),
    "refused": (frozenset({Phase.RECEIVED}), Phase.REFUSED),
    "cancelled": (frozenset({Phase.RECEIVED, Phase.QUEUED, Phase.OFFERED}), Phase.CANCELLED),
}


@dataclass(frozen=True, slots=True)
class Moment:
    at: float
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Timeline:
    phase: Phase = Phase.RECEIVED
    moments: list[Moment] = field(default_factory=list)

    @classmethod
    def started(cls, at: float) -> Timeline:
        return cls(Phase.RECEIVED, [Moment(at, "received")])

    def can(self, kind: InteractionEvent) -> bool:
        allowed, _ = MOVES[kind]
        return self.phase in allowed

    def apply(self, kind: str, at: float, **data: Any) -> None:
        if kind not in MOVES:
            raise IllegalMove(f"unknown interaction event {kind!r}", event=kind)
        allowed, after = MOVES[kind]
        if self.phase not in allowed:
            raise IllegalMove(
                f"cannot record {kind!r} while the interaction is {self.phase.value}",
                event=kind,
                phase=self.phase.value,
            )
        if self.moments and at < self.moments[-1].at:
            at = self.moments[-1].at  # clocks never run backwards in a timeline
        self.moments.append(Moment(at, kind, data))
        if after is not None:
            self.phase = after

    def first(self, kind: str) -> float | None:
        return next((m.at for m in self.moments if m.kind == kind), None)

    def last(self, kind: str) -> float | None:
        return next((m.at for m in reversed(self.moments) if m.kind == kind), None)

    def count(self, kind: str) -> int:
        return sum(1 for m in self.moments if m.kind == kind)

    def durations(self, now: float | None = None) -> dict[str, float | None]:
        """wait (to answer or hang-up), talk (answered to ended, less holds), hold, wrap-up, total.

        While a phase is still running, it is counted up to `now` (when given)."""
        received = self.moments[0].at if self.moments else None
        answered = self.first("answered")
        ended = self.first("ended")
        closed = self.first("wrap-up-ended")
        gave_up = self.first("abandoned") or self.first("refused") or self.first("cancelled")
        hold = 0.0
        held_since: float | None = None
        for moment in self.moments:
            if moment.kind == "hold":
                held_since = moment.at
            elif moment.kind in ("resume", "ended") and held_since is not None:
                hold += moment.at - held_since
                held_since = None
        if held_since is not None and now is not None:
            hold += now - held_since
        talk_end = ended if ended is not None else now
        finish = closed or gave_up or now
        return {
            "wait": _span(received, answered if answered is not None else gave_up or now),
            "talk": None if answered is None or talk_end is None else max(0.0, talk_end - answered - hold),
            "hold": hold if answered is not None else None,
            "wrap_up": _span(ended, closed if closed is not None else now) if ended is not None else None,
            "total": _span(received, finish),
        }

    def as_list(self) -> list[dict[str, Any]]:
        return [{"at": m.at, "kind": m.kind, "data": dict(m.data)} for m in self.moments]

    @classmethod
    def from_list(cls, phase: str, moments: list[dict[str, Any]]) -> Timeline:
        return cls(
            Phase(phase), [Moment(float(m["at"]), m["kind"], dict(m.get("data", {}))) for m in moments]
        )


def _span(start: float | None, end: float | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, end - start)
