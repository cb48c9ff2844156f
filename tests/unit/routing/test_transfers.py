"""Transfers: a connected contact handed to another queue, blind or attended (consult, conference)."""

from __future__ import annotations

import json

import pytest

from parley.routing import restore
from parley.routing.engine import Engine
from parley.routing.errors import IllegalTransition, TransferRefused
from parley.routing.model import (
    AgentState,
    Channel,
    ClosedBehaviour,
    ContactState,
    OpeningHours,
    Presence,
    TransferMode,
)
from tests.unit.routing.builders import T0, agent, build, contact, events, pairs, queue


def connected(wrap_up: float = 30.0) -> Engine:
    """c1 connected to a1 in q1; a2 is ready in the experts queue (q2); a3 in q2 is not ready."""
    engine = build(
        [queue("q1", wrap_up_seconds=wrap_up), queue("q2", wrap_up_seconds=wrap_up)],
        [agent("a1", "q1"), agent("a2", "q2"), agent("a3", "q2")],
        ready=False,
    )
    engine.set_presence("a1", Presence.READY, T0)
    engine.add_contact(contact("c1", data={"from": "+84901234567", "subject": "Order 1001"}), T0 + 1)
    engine.accept("c1", "a1", T0 + 2)
    engine.drain()
    return engine


def test_a_blind_transfer_sends_the_agent_to_wrap_up_and_the_customer_to_the_target_queue() -> None:
    engine = connected()
    leg = engine.transfer("c1", "a1", "c1-t", "q2", TransferMode.BLIND, T0 + 60, note="wants a refund")

    found = events(engine)
    assert [(e.kind, e.contact_id) for e in found if e.kind != "agent-state"] == [
        ("entered", "c1-t"),
        ("transferred", "c1"),
        ("completed", "c1"),
    ]
    transferred = next(e for e in found if e.kind == "transferred")
    assert transferred.data == {"to": "q2", "mode": "blind", "leg": "c1-t", "note": "wants a refund"}
    assert next(e for e in found if e.kind == "completed").data["reason"] == "transferred"
    assert engine.contacts["c1"].state is ContactState.WRAP_UP
    assert engine.agents["a1"].state is AgentState.WRAP_UP
    assert leg.state is ContactState.WAITING
    assert leg.data == {
        "from": "+84901234567",
        "subject": "Order 1001",
        "transfer": {
            "from": "c1",
            "initial": "c1",
            "from_agent": "a1",
            "from_agent_name": "A1",
            "from_queue": "q1",
            "mode": "blind",
            "note": "wants a refund",
        },
    }
    # ahead of a new arrival of the same queue priority
    engine.add_contact(contact("c2", "q2"), T0 + 61)
    assert [c.id for c in engine.waiting("q2")] == ["c1-t", "c2"]
    engine.set_presence("a2", Presence.READY, T0 + 62)
    assert pairs(events(engine)) == [("c1-t", "a2")]


def test_a_transfer_of_a_transfer_keeps_the_first_contact_as_initial() -> None:
    engine = connected()
    engine.set_presence("a2", Presence.READY, T0 + 5)
    engine.transfer("c1", "a1", "leg1", "q2", TransferMode.BLIND, T0 + 10)
    engine.accept("leg1", "a2", T0 + 11)
    leg2 = engine.transfer("leg1", "a2", "leg2", "q1", TransferMode.WHISPER, T0 + 20, note="back to sales")
    assert leg2.data["transfer"]["from"] == "leg1"
    assert leg2.data["transfer"]["initial"] == "c1"
    assert leg2.data["transfer"]["mode"] == "whisper"


def test_a_consult_keeps_the_agent_on_the_call_until_they_hand_over() -> None:
    engine = connected()
    engine.transfer("c1", "a1", "leg", "q2", TransferMode.CONSULT, T0 + 30)
    found = events(engine)
    assert [e.kind for e in found if e.contact_id == "c1"] == ["transfer-started"]
    assert engine.contacts["c1"].state is ContactState.CONNECTED
    assert engine.agents["a1"].state is AgentState.BUSY
    with pytest.raises(IllegalTransition, match="under way"):
        engine.transfer("c1", "a1", "leg-b", "q2", TransferMode.BLIND, T0 + 31)

    engine.set_presence("a2", Presence.READY, T0 + 35)
    engine.accept("leg", "a2", T0 + 36)
    answered = [e for e in events(engine) if e.kind == "transfer-answered"]
    assert [(e.contact_id, e.agent_id, e.data) for e in answered] == [
        ("c1", "a1", {"leg": "leg", "by": "a2"})
    ]
    assert engine.contacts["c1"].detail["transfer_answered_by"] == "a2"

    engine.hand_over("c1", "a1", T0 + 50)
    found = events(engine)
    assert [e.kind for e in found if e.contact_id == "c1"] == ["transferred", "completed"]
    assert engine.contacts["c1"].state is ContactState.WRAP_UP
    assert engine.contacts["leg"].state is ContactState.CONNECTED
    assert engine.contacts["leg"].agent_id == "a2"
    assert "transfer_to" not in engine.contacts["c1"].detail


def test_cancelling_a_consult_before_it_is_answered_withdraws_the_leg() -> None:
    engine = connected()
    engine.set_presence("a2", Presence.READY, T0 + 3)
    engine.transfer("c1", "a1", "leg", "q2", TransferMode.CONSULT, T0 + 30)
    assert pairs(events(engine)) == [("leg", "a2")]
    engine.cancel_transfer("c1", "a1", T0 + 35)
    found = events(engine)
    assert ("rescinded", "leg") in [(e.kind, e.contact_id) for e in found]
    assert ("cancelled", "leg") in [(e.kind, e.contact_id) for e in found]
    cancelled = next(e for e in found if e.kind == "transfer-cancelled")
    assert (cancelled.contact_id, cancelled.data) == ("c1", {"leg": "leg", "why": "cancelled"})
    assert "leg" not in engine.contacts
    assert engine.agents["a2"].state is AgentState.READY
    assert engine.contacts["c1"].state is ContactState.CONNECTED
    with pytest.raises(IllegalTransition, match="no transfer"):
        engine.hand_over("c1", "a1", T0 + 36)


def test_cancelling_an_answered_consult_sends_the_target_to_wrap_up_and_keeps_the_customer() -> None:
    engine = connected()
    engine.set_presence("a2", Presence.READY, T0 + 3)
    engine.transfer("c1", "a1", "leg", "q2", TransferMode.CONFERENCE, T0 + 30)
    engine.accept("leg", "a2", T0 + 31)
    engine.cancel_transfer("c1", "a1", T0 + 40)
    assert engine.contacts["leg"].state is ContactState.WRAP_UP
    assert engine.agents["a2"].state is AgentState.WRAP_UP
    assert engine.contacts["c1"].state is ContactState.CONNECTED


def test_ending_the_call_during_a_consult_hands_over_when_answered_and_cancels_otherwise() -> None:
    engine = connected()
    engine.set_presence("a2", Presence.READY, T0 + 3)
    engine.transfer("c1", "a1", "leg", "q2", TransferMode.CONSULT, T0 + 30)
    engine.accept("leg", "a2", T0 + 31)
    engine.complete("c1", T0 + 40, "a1")
    kinds = [(e.kind, e.contact_id) for e in events(engine)]
    assert kinds.index(("transferred", "c1")) < kinds.index(("completed", "c1"))
    assert engine.contacts["leg"].state is ContactState.CONNECTED

    engine = connected()
    engine.transfer("c1", "a1", "leg", "q2", TransferMode.CONSULT, T0 + 30)
    engine.complete("c1", T0 + 40, "a1")  # the customer hung up while nobody had answered
    kinds = [(e.kind, e.contact_id) for e in events(engine)]
    assert ("transfer-cancelled", "c1") in kinds
    assert ("cancelled", "leg") in kinds
    assert "leg" not in engine.contacts


def test_a_transfer_is_refused_when_the_target_cannot_take_it() -> None:
    engine = build(
        [
            queue("q1"),
            queue("chat-only", channels=(Channel.CHAT,)),
            queue("full", max_size=1),
            queue("closed", hours=OpeningHours("UTC", {}), closed_behaviour=ClosedBehaviour.REFUSE),
        ],
        [agent("a1", "q1")],
    )
    engine.add_contact(contact("c0", "full"), T0)
    engine.add_contact(contact("c1"), T0 + 1)
    engine.accept("c1", "a1", T0 + 2)
    engine.drain()
    for target, why in (("chat-only", "does not take voice"), ("full", "is full"), ("closed", "is closed")):
        with pytest.raises(TransferRefused, match=why):
            engine.transfer("c1", "a1", f"leg-{target}", target, TransferMode.BLIND, T0 + 3)
    assert engine.contacts["c1"].state is ContactState.CONNECTED
    assert events(engine) == []
    with pytest.raises(IllegalTransition, match="not connected to you"):
        engine.transfer("c1", "a2", "leg", "q1", TransferMode.BLIND, T0 + 4)
    with pytest.raises(IllegalTransition, match="exists already"):
        engine.transfer("c1", "a1", "c0", "q1", TransferMode.BLIND, T0 + 4)


def test_a_consult_under_way_survives_a_restart() -> None:
    engine = connected()
    engine.set_presence("a2", Presence.READY, T0 + 3)
    engine.transfer("c1", "a1", "leg", "q2", TransferMode.CONSULT, T0 + 30)
    engine.accept("leg", "a2", T0 + 31)
    engine.drain()
    fresh = restore.restore(json.loads(json.dumps(restore.snapshot(engine))), T0 + 40)
    fresh.drain()
    fresh.hand_over("c1", "a1", T0 + 41)
    assert fresh.contacts["c1"].state is ContactState.WRAP_UP
    assert fresh.contacts["leg"].state is ContactState.CONNECTED
    assert fresh.contacts["leg"].data["transfer"]["from"] == "c1"
