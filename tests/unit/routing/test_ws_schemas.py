"""The `/api/events` messages the fan-out builds (as plain dictionaries, on the hot path) are those the
schemas in `routing/ws_schemas.py` declare: a real engine goes through every kind of routing event, the
fan-out sends what it did over a real hub, and every message on the wire validates against its schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from parley.platform.identity import Role
from parley.platform.openapi_extra import install_extra_schemas
from parley.platform.realtime import Connection, Hub
from parley.routing.engine import Engine
from parley.routing.events import RoutingChanged
from parley.routing.fanout import Fanout
from parley.routing.model import (
    ROUTING_EVENT_KINDS,
    CallbackResult,
    Channel,
    Escalation,
    OpeningHours,
    Overflow,
    Presence,
    TransferMode,
)
from parley.routing.ws_schemas import EVENT_MESSAGE, EventMessage, StatusMessage
from tests.unit.routing.builders import T0, agent, build, contact, queue

SUPERVISOR = 99
CONTACTS = ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9")


async def _send(_: str) -> None:
    """The connections' outboxes are read directly; nothing is sent."""


class Wire:
    """A real hub with a supervisor, agents 1 to 3 and a customer watching each contact; what the fan-out
    pushes is read back from the connections' outboxes, as the sockets would send it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.now = T0
        self.hub = Hub()
        self.fanout = Fanout(self.hub, lambda: self.now, lambda: self.engine)
        self.connections = [Connection(_send, user_id=SUPERVISOR, role=Role.SUPERVISOR)]
        self.connections += [Connection(_send, user_id=user, role=Role.AGENT) for user in (1, 2, 3)]
        self.connections += [Connection(_send, contact_id=contact_id) for contact_id in CONTACTS]
        for connection in self.connections:
            self.hub.add(connection)
        self.sent: list[dict[str, Any]] = []

    def do(self, at: float, command: Callable[[float], object]) -> None:
        """Run a command at `at`, publish what it did, push statistics and places in line."""
        self.now = at
        command(at)
        drained = self.engine.drain()
        self.fanout.publish(RoutingChanged(drained.events, drained.contacts, drained.agents))
        self.fanout.push_live(self.engine, set(self.engine.queues))
        for connection in self.connections:
            while not connection.outbox.empty():
                text = connection.outbox.get_nowait()
                assert text is not None, "no connection is closed here"
                self.sent.append(json.loads(text))


def _queues() -> Engine:
    closed = OpeningHours(week={})  # never open
    return build(
        [
            queue("q1", escalations=(Escalation(30, skills={}),), callback_attempts=2),
            queue("q2", channels=(Channel.VOICE,)),
            queue("q3", overflow=Overflow(10, "q2")),
            queue("q4", hours=closed),
        ],
        [agent("1", "q1"), agent("2", "q1"), agent("3", "q2")],
        ready=False,
    )


def _everything() -> Wire:
    """One day of a contact centre in which routing emits every kind of event it has."""
    wire = Wire(_queues())
    engine = wire.engine

    def ready(agent_id: str) -> Callable[[float], object]:
        return lambda now: engine.set_presence(agent_id, Presence.READY, now)

    wire.do(T0 + 1, ready("1"))
    wire.do(T0 + 2, lambda now: engine.add_contact(contact("c1", data={"subject": "Order 1"}), now))
    wire.do(T0 + 3, lambda now: engine.decline("c1", "1", now))  # declined
    wire.do(T0 + 4, ready("2"))
    wire.do(T0 + 60, engine.advance)  # missed offers, escalation
    wire.do(T0 + 61, ready("1"))
    wire.do(T0 + 62, ready("2"))
    offered = sorted(engine.contacts["c1"].offers)

    def not_ready(agent_id: str) -> Callable[[float], object]:
        return lambda now: engine.set_presence(agent_id, Presence.NOT_READY, now, "break")

    for other in offered[1:]:
        wire.do(T0 + 63, not_ready(other))
    wire.do(T0 + 64, lambda now: engine.accept("c1", offered[0], now))
    wire.do(T0 + 65, ready("3"))
    wire.do(
        T0 + 66,
        lambda now: engine.transfer("c1", offered[0], "c1-t", "q2", TransferMode.CONSULT, now, note="refund"),
    )
    wire.do(T0 + 67, lambda now: engine.accept("c1-t", "3", now))  # transfer-answered
    wire.do(T0 + 68, lambda now: engine.cancel_transfer("c1", offered[0], now))
    wire.do(
        T0 + 69,
        lambda now: engine.transfer("c1", offered[0], "c1-u", "q2", TransferMode.CONSULT, now),
    )
    wire.do(T0 + 70, lambda now: engine.cancel_transfer("c1", offered[0], now))  # the leg is cancelled
    wire.do(T0 + 71, lambda now: engine.transfer("c1", offered[0], "c1-v", "q2", TransferMode.BLIND, now))
    wire.do(T0 + 200, engine.advance)  # wrap-up ends
    wire.do(T0 + 201, lambda now: engine.set_presence("1", Presence.OFFLINE, now))
    wire.do(T0 + 201, lambda now: engine.set_presence("2", Presence.OFFLINE, now))
    wire.do(T0 + 202, lambda now: engine.add_contact(contact("c2", "q3", Channel.CHAT), now))
    wire.do(T0 + 220, engine.advance)  # overflow skipped: q2 takes no chat
    wire.do(T0 + 221, lambda now: engine.add_contact(contact("c3", "q3"), now))
    wire.do(T0 + 240, engine.advance)  # overflowed to q2
    wire.do(T0 + 241, lambda now: engine.add_contact(contact("c4", "q4"), now))  # refused: closed
    wire.do(T0 + 242, lambda now: engine.add_contact(contact("c5"), now))
    wire.do(T0 + 243, lambda now: engine.abandon("c5", now))
    wire.do(T0 + 244, lambda now: engine.add_contact(contact("c6"), now))
    wire.do(T0 + 245, lambda now: engine.request_callback("c6", now, now + 600))  # scheduled
    wire.do(T0 + 246, lambda now: engine.cancel_callback("c6", now))
    wire.do(T0 + 247, lambda now: engine.add_contact(contact("c7"), now))
    wire.do(T0 + 248, lambda now: engine.request_callback("c7", now))  # keeps its place in line
    wire.do(T0 + 250, ready("1"))
    wire.do(T0 + 251, lambda now: engine.accept("c7", "1", now))
    wire.do(T0 + 252, lambda now: engine.callback_result("c7", "1", CallbackResult.NO_ANSWER, now))
    wire.do(T0 + 853, engine.advance)  # the callback is due again, offered to 1
    wire.do(T0 + 854, lambda now: engine.accept("c7", "1", now))
    wire.do(T0 + 855, lambda now: engine.callback_result("c7", "1", CallbackResult.BUSY, now))  # failed
    wire.do(T0 + 2003, lambda now: engine.add_contact(contact("c8"), now))
    wire.do(T0 + 2004, lambda now: engine.set_presence("1", Presence.NOT_READY, now, "lunch"))  # rescinded
    return wire


@pytest.fixture
async def sent() -> list[dict[str, Any]]:
    return _everything().sent


async def test_every_message_the_fan_out_sends_validates_against_its_schema(
    sent: list[dict[str, Any]],
) -> None:
    for message in sent:
        try:
            EVENT_MESSAGE.validate_python(message)
        except ValidationError as error:  # pragma: no cover - the message that does not fit, for the reader
            pytest.fail(f"{message} does not fit its schema: {error}")


async def test_the_day_covers_every_routing_event_and_every_message_the_fan_out_builds(
    sent: list[dict[str, Any]],
) -> None:
    kinds = {m["kind"] for m in sent if m["type"] in ("routing-event", "agent-state")}
    assert kinds == ROUTING_EVENT_KINDS
    contact_events = {m["event"] for m in sent if m["type"] == "contact"}
    assert {"accepted", "completed", "transfer-answered", "callback-attempt"} <= contact_events
    why = {m["why"] for m in sent if m["type"] == "offer-withdrawn"}
    assert {"declined", "missed", "not-ready"} <= why
    types = {m["type"] for m in sent}
    fanned_out = {
        "agent-state",
        "routing-event",
        "offer",
        "offer-withdrawn",
        "contact",
        "status",
        "queue-stats",
    }
    assert types == fanned_out
    ended = [m for m in sent if m["type"] == "status" and "position" not in m]
    assert ended, "the end of a contact reaches its customer"
    placed = [m for m in sent if m["type"] == "status" and m.get("position") is not None]
    assert placed, "so does a place in line"


def test_what_the_socket_itself_sends_fits_too() -> None:
    """stream.py's hello and pong, routing's queues-changed: built there, as these."""
    for message in (
        {"type": "hello", "user_id": 3, "contact": None},
        {"type": "hello", "user_id": None, "contact": "c1"},
        {"type": "pong"},
        {"type": "queues-changed", "queues": ["q1", "q2"]},
    ):
        EVENT_MESSAGE.validate_python(message)


@pytest.mark.parametrize(
    "message",
    [
        {"type": "shout"},
        {"type": "status", "state": "waiting", "position": 1, "expected_wait": 3.0, "mood": "calm"},
        {"type": "status", "state": "bored"},
        {"type": "pong", "extra": 1},
        {"type": "offer", "why": "offered", "contact": {"id": "c1"}, "offer": 1, "expires": None},
    ],
)
def test_a_message_unlike_its_schema_is_refused(message: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        EVENT_MESSAGE.validate_python(message)


def test_the_openapi_document_holds_the_union_of_every_message_told_apart_by_type() -> None:
    app = FastAPI()
    install_extra_schemas(app, {"EventMessage": EventMessage})
    schemas = app.openapi()["components"]["schemas"]
    union = schemas["EventMessage"]
    assert union["discriminator"]["propertyName"] == "type"
    members = [ref["$ref"].rsplit("/", 1)[1] for ref in union["oneOf"]]
    mapping = union["discriminator"]["mapping"]
    assert sorted(mapping.values()) == sorted(f"#/components/schemas/{name}" for name in members)
    for tag, ref in mapping.items():
        assert schemas[ref.rsplit("/", 1)[1]]["properties"]["type"]["const"] == tag
    assert set(mapping) == {
        "hello",
        "pong",
        "agent-state",
        "routing-event",
        "offer",
        "offer-withdrawn",
        "contact",
        "status",
        "queue-stats",
        "queues-changed",
    }
    assert set(get_args(get_args(EventMessage)[0])) >= {StatusMessage}
    assert "4401" in union["description"]  # the close codes are documented with the messages


def test_the_application_document_holds_the_messages(tmp_path: Path) -> None:
    from parley.app import create_app  # the whole application: only here
    from parley.config import Settings

    document = create_app(Settings(data_dir=tmp_path)).openapi()
    assert document["components"]["schemas"]["EventMessage"]["discriminator"]["propertyName"] == "type"


def test_a_name_already_taken_by_another_schema_fails_the_document() -> None:
    with pytest.raises(ValueError, match="StatusMessage"):
        install_extra_schemas(FastAPI(), {"EventMessage": EventMessage, "StatusMessage": int})
