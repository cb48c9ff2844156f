"""The interaction state machine: once closed, only a supervisor's correction is recorded."""

from __future__ import annotations

import pytest

from parley.desk.interaction import MOVES, IllegalMove, Phase, Timeline


def _closed() -> Timeline:
    timeline = Timeline.started(0.0)
    for at, kind in enumerate(["queued", "offered", "answered", "ended", "wrap-up-ended"], start=1):
        timeline.apply(kind, float(at))
    assert timeline.phase is Phase.CLOSED
    return timeline


@pytest.mark.parametrize("kind", sorted(set(MOVES) - {"corrected"}))
def test_nothing_but_a_correction_happens_to_a_closed_interaction(kind: str) -> None:
    timeline = _closed()
    assert not timeline.can(kind)
    with pytest.raises(IllegalMove) as caught:
        timeline.apply(kind, 10.0)
    assert caught.value.code == "illegal-interaction-move"
    assert timeline.phase is Phase.CLOSED
    assert len(timeline.moments) == 6


def test_a_correction_is_recorded_on_a_closed_interaction_and_keeps_it_closed() -> None:
    timeline = _closed()
    changes = {"outcome": {"from": "confirmed", "to": "lost"}}
    timeline.apply("corrected", 10.0, by="supervisor", reason="call review", changes=changes)
    assert timeline.phase is Phase.CLOSED
    assert timeline.moments[-1].kind == "corrected"
    assert timeline.moments[-1].data == {"by": "supervisor", "reason": "call review", "changes": changes}
    again = Timeline.from_list(timeline.phase.value, timeline.as_list())
    assert again.moments[-1].data["changes"] == changes


@pytest.mark.parametrize("phase", [p for p in Phase if p is not Phase.CLOSED])
def test_only_a_closed_interaction_is_corrected(phase: Phase) -> None:
    timeline = Timeline(phase)
    with pytest.raises(IllegalMove):
        timeline.apply("corrected", 1.0, reason="too early")
