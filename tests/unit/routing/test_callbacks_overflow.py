"""Overflow after the maximum wait, and callbacks: requested, scheduled, cancelled, due, dialled."""

from __future__ import annotations

import pytest

from parley.routing.engine import Engine
from parley.routing.errors import CallbackNotPossible, IllegalTransition
from parley.routing.model import (
    CallbackResult,
    Channel,
    ContactState,
    Escalation,
    OpeningHours,
    Overflow,
    Presence,
)
from tests.unit.routing.builders import T0, agent, at, build, contact, events, offered_to, pairs, queue

#: Open Monday to Friday, 09:00-17:00 UTC.
OFFICE = OpeningHours("UTC", dict.fromkeys(range(5), ((9 * 60, 17 * 60),)))

# ------------------------------------------------------------------------------------------------ overflow


def test_overflow_to_another_queue_keeps_the_original_time_in_line() -> None:
    engine = build(
        [queue("backup", priority=1), queue("main", overflow=Overflow(60, "backup"))],
        [agent("a1", "backup")],
        ready=False,
    )
    engine.add_contact(contact("m1", "main"), T0)
    engine.add_contact(contact("b1", "backup"), T0 + 30)
    engine.add_contact(contact("b2", "backup"), T0 + 40)
    engine.advance(T0 + 59)
    assert engine.contacts["m1"].queue_id == "main"
    engine.advance(T0 + 60)
    found = events(engine, "overflowed", "entered")
    assert [(e.kind, e.contact_id, e.queue_id, e.data) for e in found][-2:] == [
        ("overflowed", "m1", "main", {"to": "backup"}),
        ("entered", "m1", "backup", {"priority": 1}),
    ]
    m1 = engine.contacts["m1"]
    assert (m1.queue_id, m1.line_at, m1.queued_at, m1.priority) == ("backup", T0, T0 + 60, 1)
    assert [c.id for c in engine.waiting("backup")] == ["m1", "b1", "b2"]
    assert engine.waiting("main") == []
    engine.set_presence("a1", Presence.READY, T0 + 61)
    assert pairs(events(engine)) == [("m1", "a1")]
    stats = engine.queue_stats("main", T0 + 61)
    assert (stats["overflowed"], stats["waiting"]) == (1, 0)


def test_overflow_counts_from_entering_the_queue_and_restarts_in_the_next() -> None:
    engine = build(
        [
            queue("last"),
            queue("second", overflow=Overflow(100, "last")),
            queue("first", overflow=Overflow(30, "second")),
        ],
    )
    engine.add_contact(contact("c1", "first"), T0)
    engine.advance(T0 + 129)
    assert engine.contacts["c1"].queue_id == "second"
    engine.advance(T0 + 130)
    assert engine.contacts["c1"].queue_id == "last"
    assert [e.data["to"] for e in events(engine, "overflowed")] == ["second", "last"]


def test_a_ringing_contact_overflows_only_if_its_offer_ends_unanswered() -> None:
    engine = build(
        [queue("backup"), queue("main", overflow=Overflow(30, "backup"), offer_timeout_seconds=60)],
        [agent("a1", "main")],
        reoffer_pause=60,
    )
    engine.add_contact(contact("c1", "main"), T0 + 20)  # offered at once, until T0 + 80
    engine.add_contact(contact("c2", "main"), T0 + 21)  # waits behind it
    engine.advance(T0 + 50)  # c1 is due to overflow but rings: it stays; c2 is not due yet
    assert engine.contacts["c1"].state is ContactState.OFFERED
    engine.advance(T0 + 51)  # c2 overflows
    assert engine.contacts["c2"].queue_id == "backup"
    engine.advance(T0 + 79)
    assert engine.contacts["c1"].queue_id == "main"
    engine.advance(T0 + 80)  # c1's offer times out: back in line, and over its time: it overflows
    assert engine.contacts["c1"].queue_id == "backup"
    assert [(e.contact_id, e.at) for e in events(engine, "overflowed")] == [("c2", T0 + 51), ("c1", T0 + 80)]
    assert [c.id for c in engine.waiting("backup")] == ["c1", "c2"]


def test_an_answered_contact_never_overflows() -> None:
    engine = build([queue("backup"), queue("main", overflow=Overflow(30, "backup"))], [agent("a1", "main")])
    engine.add_contact(contact("c1", "main"), T0)
    engine.accept("c1", "a1", T0 + 5)
    engine.advance(T0 + 100)
    assert events(engine, "overflowed") == []
    assert engine.contacts["c1"].queue_id == "main"


def test_overflow_to_a_queue_that_cannot_take_it_is_skipped() -> None:
    engine = build(
        [
            queue("voice-only", channels=(Channel.VOICE,)),
            queue("full", max_size=1),
            queue("chats", overflow=Overflow(10, "voice-only")),
            queue("calls", overflow=Overflow(10, "full")),
        ]
    )
    engine.add_contact(contact("f1", "full"), T0)
    engine.add_contact(contact("chat", "chats", channel=Channel.CHAT), T0)
    engine.add_contact(contact("call", "calls"), T0)
    engine.advance(T0 + 10)
    skipped = events(engine, "overflow-skipped")
    assert [(e.contact_id, e.data) for e in skipped] == [
        ("chat", {"to": "voice-only", "why": "channel"}),
        ("call", {"to": "full", "why": "full"}),
    ]
    assert (engine.contacts["chat"].queue_id, engine.contacts["call"].queue_id) == ("chats", "calls")
    # A full target is tried again every 30 s; once it has room, the contact moves.
    engine.advance(T0 + 40)
    assert [e.contact_id for e in events(engine, "overflow-skipped")] == ["call"]
    engine.abandon("f1", T0 + 45)
    engine.advance(T0 + 70)
    assert [(e.contact_id, e.data["to"]) for e in events(engine, "overflowed")] == [("call", "full")]
    assert engine.contacts["call"].queue_id == "full"
    assert engine.contacts["chat"].queue_id == "chats"  # a channel the target never takes: not retried


def test_overflow_to_a_callback_keeps_the_place_in_line() -> None:
    engine = build([queue(overflow=Overflow(60))], [agent("a1")], ready=False)
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 10)
    engine.add_contact(contact("chat", channel=Channel.CHAT), T0 + 20)
    engine.advance(T0 + 100)
    found = events(engine, "overflowed")
    assert [(e.contact_id, e.data) for e in found] == [("c1", {"to": "callback"}), ("c2", {"to": "callback"})]
    assert engine.contacts["c1"].callback
    assert engine.contacts["c2"].callback
    assert not engine.contacts["chat"].callback  # a chat cannot be called back: it keeps waiting
    assert [c.id for c in engine.waiting("q1")] == ["c1", "c2", "chat"]
    with pytest.raises(IllegalTransition):
        engine.abandon("c1", T0 + 101)  # the customer is not on the line any more
    engine.set_presence("a1", Presence.READY, T0 + 102)
    assert pairs(events(engine)) == [("c1", "a1")]


# ------------------------------------------------------------------------------------------------ callbacks


def test_a_callback_requested_now_keeps_its_place() -> None:
    engine = build([queue(default_aht_seconds=120)], [agent("a1")])
    engine.add_contact(contact("talking"), T0)
    engine.accept("talking", "a1", T0)  # a1 works: the estimate has one slot
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 10)
    engine.add_contact(contact("c3"), T0 + 20)
    requested, expected_at = engine.request_callback("c2", T0 + 30)
    assert requested.callback
    assert requested.state is ContactState.WAITING
    assert expected_at == T0 + 30 + 2 * 120
    assert [c.id for c in engine.waiting("q1")] == ["c1", "c2", "c3"]
    found = events(engine, "callback-requested")
    assert [(e.contact_id, e.at) for e in found] == [("c2", T0 + 30)]


def test_a_callback_at_a_time_is_scheduled_and_offered_when_due() -> None:
    engine = build([queue(hours=OFFICE)], [agent("a1")], ready=False, now=at(10))
    engine.add_contact(contact("c1"), at(10))
    engine.add_contact(contact("c2"), at(10) + 60)
    requested, when = engine.request_callback("c1", at(10) + 120, at=at(14))
    assert when == at(14)
    assert (requested.state, requested.callback_at) == (ContactState.SCHEDULED, at(14))
    assert [c.id for c in engine.waiting("q1")] == ["c2"]
    assert engine.position("c1") == (None, None)
    found = events(engine, "callback-scheduled")
    assert [(e.contact_id, e.data) for e in found] == [("c1", {"at": at(14)})]

    engine.set_presence("a1", Presence.READY, at(13))
    engine.accept("c2", "a1", at(13))
    engine.complete("c2", at(13) + 60)
    engine.end_wrap_up("c2", "a1", at(13) + 61)
    engine.advance(at(14) - 1)
    assert engine.contacts["c1"].state is ContactState.SCHEDULED
    engine.advance(at(14))
    found = events(engine, "callback-due", "offered")
    assert [(e.kind, e.contact_id, e.agent_id, e.at) for e in found] == [
        ("offered", "c2", "a1", at(13)),
        ("callback-due", "c1", None, at(14)),
        ("offered", "c1", "a1", at(14)),
    ]
    assert engine.contacts["c1"].line_at == at(14)  # in line from the time it fell due


def test_a_due_callback_lines_up_by_its_due_time() -> None:
    engine = build([queue()], [agent("a1")], ready=False)
    engine.add_contact(contact("cb"), T0)
    engine.request_callback("cb", T0 + 1, at=T0 + 600)
    engine.add_contact(contact("early"), T0 + 300)
    engine.advance(T0 + 600)
    engine.add_contact(contact("late"), T0 + 700)
    assert [c.id for c in engine.waiting("q1")] == ["early", "cb", "late"]


def test_a_callback_outside_opening_hours_is_not_possible() -> None:
    engine = build([queue(hours=OFFICE)], ready=False, now=at(10))
    engine.add_contact(contact("c1"), at(10))
    with pytest.raises(CallbackNotPossible) as refused:
        engine.request_callback("c1", at(10), at=at(18))
    assert refused.value.extra == {"next_opening": at(9, day=1)}
    with pytest.raises(CallbackNotPossible):
        engine.request_callback("c1", at(10), at=at(12, day=5))  # Saturday
    assert engine.contacts["c1"].state is ContactState.WAITING
    assert not engine.contacts["c1"].callback


def test_a_chat_cannot_be_called_back() -> None:
    engine = build([queue()], ready=False)
    engine.add_contact(contact("chat", channel=Channel.CHAT), T0)
    with pytest.raises(CallbackNotPossible):
        engine.request_callback("chat", T0 + 1)


def test_a_callback_can_be_moved_to_another_time_or_to_now() -> None:
    engine = build([queue(escalations=(Escalation(60, max_tier=2),))], [agent("a1")], ready=False)
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0 + 100)
    engine.request_callback("c1", T0 + 10, at=T0 + 3600)
    engine.request_callback("c1", T0 + 20, at=T0 + 7200)
    assert engine.contacts["c1"].callback_at == T0 + 7200
    engine.request_callback("c1", T0 + 500)  # call me now: it is due now
    c1 = engine.contacts["c1"]
    assert (c1.state, c1.callback_at, c1.line_at, c1.stage) == (ContactState.WAITING, None, T0 + 500, 0)
    assert [c.id for c in engine.waiting("q1")] == ["c2", "c1"]
    engine.advance(T0 + 559)
    assert c1.stage == 0  # its escalation counts from now, not from its first arrival
    engine.advance(T0 + 560)
    assert c1.stage == 1
    engine.advance(T0 + 7200)
    assert events(engine, "callback-due") == []  # the earlier times are gone


def test_a_callback_can_be_cancelled_while_waiting_or_scheduled() -> None:
    engine = build([queue()], ready=False)
    engine.add_contact(contact("c1"), T0)
    engine.add_contact(contact("c2"), T0)
    engine.add_contact(contact("c3"), T0)
    with pytest.raises(IllegalTransition):
        engine.cancel_callback("c1", T0 + 1)  # no callback asked for
    engine.request_callback("c1", T0 + 1)
    engine.request_callback("c2", T0 + 1, at=T0 + 3600)
    engine.cancel_callback("c1", T0 + 2)
    engine.cancel_callback("c2", T0 + 3)
    found = events(engine, "callback-cancelled")
    assert [(e.contact_id, e.at) for e in found] == [("c1", T0 + 2), ("c2", T0 + 3)]
    assert set(engine.contacts) == {"c3"}
    assert [c.id for c in engine.waiting("q1")] == ["c3"]
    assert engine.next_due() is None


def dial(engine: Engine, contact_id: str, agent_id: str, now: float) -> None:
    """The callback is offered to the agent: accept it (the agent dials)."""
    assert offered_to(engine, contact_id) == [agent_id]
    engine.accept(contact_id, agent_id, now)


def test_an_unanswered_callback_is_retried_until_its_attempts_are_used_up() -> None:
    engine = build([queue(callback_attempts=3, callback_interval_seconds=600)], [agent("a1")])
    engine.add_contact(contact("cb", channel=Channel.CALLBACK), T0)
    assert engine.contacts["cb"].callback
    dial(engine, "cb", "a1", T0 + 1)
    engine.callback_result("cb", "a1", CallbackResult.NO_ANSWER, T0 + 31)
    cb = engine.contacts["cb"]
    assert (cb.state, cb.callback_at, cb.attempts, cb.agent_id) == (ContactState.SCHEDULED, T0 + 631, 1, None)
    assert engine.agents["a1"].work == {}
    assert engine.agents["a1"].used == 0

    engine.advance(T0 + 631)
    dial(engine, "cb", "a1", T0 + 632)
    engine.callback_result("cb", "a1", CallbackResult.BUSY, T0 + 640)
    engine.advance(T0 + 1240)
    dial(engine, "cb", "a1", T0 + 1241)
    engine.callback_result("cb", "a1", CallbackResult.NO_ANSWER, T0 + 1250)

    found = events(engine, "callback-attempt", "callback-scheduled", "callback-failed")
    assert [(e.kind, e.at, e.data) for e in found] == [
        ("callback-attempt", T0 + 31, {"result": "no-answer", "attempt": 1}),
        ("callback-scheduled", T0 + 31, {"at": T0 + 631}),
        ("callback-attempt", T0 + 640, {"result": "busy", "attempt": 2}),
        ("callback-scheduled", T0 + 640, {"at": T0 + 1240}),
        ("callback-attempt", T0 + 1250, {"result": "no-answer", "attempt": 3}),
        ("callback-failed", T0 + 1250, {"attempts": 3}),
    ]
    assert "cb" not in engine.contacts
    assert engine.agents["a1"].used == 0


def test_a_callback_retry_waits_for_the_opening() -> None:
    engine = build([queue(hours=OFFICE, callback_interval_seconds=3600)], [agent("a1")], now=at(16, day=4))
    engine.add_contact(contact("cb", channel=Channel.CALLBACK), at(16, day=4))
    dial(engine, "cb", "a1", at(16, day=4) + 1)
    engine.callback_result("cb", "a1", CallbackResult.NO_ANSWER, at(16.5, day=4))  # Friday 16:30
    assert engine.contacts["cb"].callback_at == at(9, day=7)  # Monday 09:00


def test_an_answered_callback_goes_on_as_a_call() -> None:
    engine = build([queue(wrap_up_seconds=10)], [agent("a1")], ready=False)
    engine.add_contact(contact("c1"), T0)
    engine.request_callback("c1", T0)
    engine.set_presence("a1", Presence.READY, T0)
    dial(engine, "c1", "a1", T0 + 1)
    engine.callback_result("c1", "a1", CallbackResult.ANSWERED, T0 + 20)
    assert engine.contacts["c1"].state is ContactState.CONNECTED
    engine.complete("c1", T0 + 200)
    engine.advance(T0 + 210)
    found = events(engine, "callback-attempt", "completed", "wrap-up-ended")
    assert [(e.kind, e.at) for e in found] == [
        ("callback-attempt", T0 + 20),
        ("completed", T0 + 200),
        ("wrap-up-ended", T0 + 210),
    ]
    assert found[0].data == {"result": "answered", "attempt": 1}


def test_only_a_connected_callback_takes_a_result() -> None:
    engine = build([queue()], [agent("a1"), agent("a2")])
    engine.add_contact(contact("call"), T0)
    engine.accept("call", "a1", T0 + 1)
    with pytest.raises(IllegalTransition):
        engine.callback_result("call", "a1", CallbackResult.NO_ANSWER, T0 + 2)  # not a callback
    engine.add_contact(contact("cb", channel=Channel.CALLBACK), T0 + 3)
    with pytest.raises(IllegalTransition):
        engine.callback_result("cb", "a2", CallbackResult.NO_ANSWER, T0 + 4)  # only offered yet
