"""The interaction state machine: every move of its table, legal or not; the documented life; random lives
(hypothesis) keep its promises. Once closed, only a supervisor's correction is recorded."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from parley.desk.interaction import MOVES, IllegalMove, Moment, Phase, Timeline


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


# ------------------------------------------------------------------ every move of the table, legal or not

#: Phases no event leaves: the interaction is over (a closed one is only ever corrected, in place).
TERMINAL = frozenset({Phase.CLOSED, Phase.ABANDONED, Phase.REFUSED, Phase.CANCELLED})

EVERY_MOVE = [(phase, kind) for phase in Phase for kind in sorted(MOVES)]


def _legal(phase: Phase, kind: str) -> bool:
    allowed, _ = MOVES[kind]
    return phase in allowed


@pytest.mark.parametrize(("phase", "kind"), [(p, k) for p, k in EVERY_MOVE if _legal(p, k)], ids=str)
def test_a_legal_move_is_recorded_and_lands_in_its_phase(phase: Phase, kind: str) -> None:
    timeline = Timeline(phase, [Moment(5.0, "received")])
    _, after = MOVES[kind]
    assert timeline.can(kind)
    timeline.apply(kind, 7.0, by="someone")
    assert timeline.phase is (after if after is not None else phase)
    assert timeline.moments[-1] == Moment(7.0, kind, {"by": "someone"})
    assert len(timeline.moments) == 2


@pytest.mark.parametrize(("phase", "kind"), [(p, k) for p, k in EVERY_MOVE if not _legal(p, k)], ids=str)
def test_an_illegal_move_is_refused_with_its_code_and_changes_nothing(phase: Phase, kind: str) -> None:
    timeline = Timeline(phase, [Moment(5.0, "received")])
    assert not timeline.can(kind)
    with pytest.raises(IllegalMove) as caught:
        timeline.apply(kind, 7.0)
    assert caught.value.code == "illegal-interaction-move"
    assert caught.value.status == 409
    assert dict(caught.value.extra) == {"event": kind, "phase": phase.value}
    assert timeline.phase is phase
    assert timeline.moments == [Moment(5.0, "received")]


@pytest.mark.parametrize("phase", list(Phase))
def test_an_unknown_event_is_refused_in_every_phase(phase: Phase) -> None:
    timeline = Timeline(phase, [Moment(5.0, "received")])
    with pytest.raises(IllegalMove) as caught:
        timeline.apply("teleported", 7.0)
    assert caught.value.code == "illegal-interaction-move"
    assert dict(caught.value.extra) == {"event": "teleported"}
    assert (timeline.phase, len(timeline.moments)) == (phase, 1)


# The life drawn in the module's docstring, written out independently of the table: the table must allow each
# of these moves and land where the drawing says.
DOCUMENTED = [
    (Phase.RECEIVED, "queued", Phase.QUEUED),
    (Phase.QUEUED, "offered", Phase.OFFERED),
    (Phase.OFFERED, "offer-withdrawn", Phase.QUEUED),
    (Phase.OFFERED, "queued", Phase.QUEUED),
    (Phase.OFFERED, "answered", Phase.TALKING),
    (Phase.QUEUED, "answered", Phase.TALKING),
    (Phase.TALKING, "hold", Phase.ON_HOLD),
    (Phase.ON_HOLD, "resume", Phase.TALKING),
    (Phase.TALKING, "ended", Phase.WRAP_UP),
    (Phase.ON_HOLD, "ended", Phase.WRAP_UP),
    (Phase.WRAP_UP, "wrap-up-ended", Phase.CLOSED),
    (Phase.QUEUED, "abandoned", Phase.ABANDONED),
    (Phase.OFFERED, "abandoned", Phase.ABANDONED),
    (Phase.RECEIVED, "refused", Phase.REFUSED),
    (Phase.QUEUED, "cancelled", Phase.CANCELLED),
    # a transfer and a consult are recorded without changing the phase
    (Phase.RECEIVED, "transferred-in", Phase.RECEIVED),
    (Phase.TALKING, "transfer-started", Phase.TALKING),
    (Phase.ON_HOLD, "transfer-answered", Phase.ON_HOLD),
    (Phase.TALKING, "transfer-cancelled", Phase.TALKING),
    (Phase.TALKING, "transferred", Phase.TALKING),
    (Phase.CLOSED, "corrected", Phase.CLOSED),
]


@pytest.mark.parametrize(("phase", "kind", "lands"), DOCUMENTED, ids=str)
def test_the_documented_life_is_what_the_table_allows(phase: Phase, kind: str, lands: Phase) -> None:
    timeline = Timeline(phase, [Moment(0.0, "received")])
    timeline.apply(kind, 1.0)
    assert timeline.phase is lands


def test_every_phase_is_reached_from_received_and_only_the_ends_are_left_by_nothing() -> None:
    reached = {Phase.RECEIVED}
    grown = True
    while grown:
        before = len(reached)
        reached |= {after for allowed, after in MOVES.values() if after is not None and allowed & reached}
        grown = len(reached) > before
    assert reached == set(Phase)
    leaving = {phase for allowed, after in MOVES.values() if after is not None for phase in allowed}
    assert leaving == set(Phase) - TERMINAL


# ------------------------------------------------------------------ random lives (hypothesis)

KINDS = sorted(MOVES)
GIVE_UP = TERMINAL - {Phase.CLOSED}


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_event_sequences_keep_the_machine_s_promises(data: st.DataObject) -> None:
    timeline = Timeline.started(100.0)
    ended_in: Phase | None = None
    for _ in range(data.draw(st.integers(0, 40), label="steps")):
        legal = [kind for kind in KINDS if timeline.can(kind)]
        assert (
            legal
        )  # no phase is a dead end: a note, or a closed interaction's correction, is always allowed
        onward = [kind for kind in legal if MOVES[kind][1] not in GIVE_UP]  # so that many lives get far
        kind = data.draw(
            st.sampled_from(onward) | st.sampled_from(onward) | st.sampled_from([*KINDS, "teleported"]),
            label="kind",
        )
        at = timeline.moments[-1].at + data.draw(st.floats(-50.0, 500.0), label="step")
        before = (timeline.phase, list(timeline.moments))
        if kind in MOVES and timeline.can(kind):
            timeline.apply(kind, at)
            _, after = MOVES[kind]
            assert timeline.phase is (after if after is not None else before[0])
            assert timeline.moments[:-1] == before[1]
            assert timeline.moments[-1].kind == kind
            assert timeline.moments[-1].at == max(at, before[1][-1].at)  # a clock never runs backwards here
        else:
            with pytest.raises(IllegalMove) as caught:
                timeline.apply(kind, at)
            assert caught.value.code == "illegal-interaction-move"
            assert (timeline.phase, timeline.moments) == before
        if ended_in is not None:
            assert timeline.phase is ended_in  # the ends are terminal
        elif timeline.phase in TERMINAL:
            ended_in = timeline.phase
        if timeline.phase is Phase.CLOSED:
            assert [k for k in KINDS if timeline.can(k)] == ["corrected"]

    times = [m.at for m in timeline.moments]
    assert times == sorted(times)
    assert timeline.moments[0].kind == "received"
    assert timeline.count("answered") <= 1
    assert timeline.count("ended") <= 1
    assert timeline.count("wrap-up-ended") <= 1
    again = Timeline.from_list(timeline.phase.value, timeline.as_list())
    assert (again.phase, again.moments) == (timeline.phase, timeline.moments)

    event(f"ends {timeline.phase.value}")
    now = times[-1] + 10.0
    spans = timeline.durations(now)
    assert all(value is None or value >= 0 for value in spans.values())
    assert spans["total"] is not None
    assert spans["wait"] is not None
    assert (spans["talk"] is None) == (timeline.first("answered") is None)
    if timeline.phase is Phase.CLOSED:
        # a closed interaction's time is all accounted for: waiting, talking, on hold, wrapping up
        closed = timeline.durations()
        parts = [closed["wait"], closed["talk"], closed["hold"], closed["wrap_up"]]
        assert None not in parts
        assert closed["total"] == pytest.approx(sum(p for p in parts if p is not None))
