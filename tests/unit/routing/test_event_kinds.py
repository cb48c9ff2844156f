"""Routing's events are a closed set of kinds, and each place that re-maps them names every kind: the agent's
messages (fan-out) and the desk's timeline. The serialized values stay those the event log already holds."""

from __future__ import annotations

from typing import get_args

import pytest

from parley.desk.interaction import INTERACTION_EVENTS, MOVES, InteractionEvent
from parley.desk.service import FROM_ROUTING, interaction_event
from parley.routing.fanout import TO_AGENT, agent_message
from parley.routing.model import ROUTING_EVENT_KINDS, RoutingEventKind

OFFER_ENDINGS = ("rescinded", "missed", "declined")


def test_the_kinds_are_the_strings_the_event_log_and_the_websocket_carry() -> None:
    assert set(get_args(RoutingEventKind)) == ROUTING_EVENT_KINDS
    assert all(type(kind) is str for kind in ROUTING_EVENT_KINDS)
    assert {
        "entered",
        "offered",
        "accepted",
        "completed",
        "wrap-up-ended",
        "agent-state",
    } <= ROUTING_EVENT_KINDS
    assert len(ROUTING_EVENT_KINDS) == len(get_args(RoutingEventKind))  # no kind named twice


def test_the_agent_is_told_of_every_kind() -> None:
    assert set(TO_AGENT) == ROUTING_EVENT_KINDS
    assert TO_AGENT["offered"] == "offer"
    assert TO_AGENT["agent-state"] == "agent-state"
    assert {kind for kind, message in TO_AGENT.items() if message == "offer-withdrawn"} == set(OFFER_ENDINGS)
    others = ROUTING_EVENT_KINDS - {"offered", "agent-state", *OFFER_ENDINGS}
    assert {TO_AGENT[kind] for kind in others} == {"contact"}


@pytest.mark.parametrize("kind", sorted(ROUTING_EVENT_KINDS))
def test_the_mappings_are_total_and_land_in_the_timelines_vocabulary(kind: RoutingEventKind) -> None:
    assert agent_message(kind) == TO_AGENT[kind]
    moved = interaction_event(kind)
    assert moved == FROM_ROUTING[kind]
    assert moved is None or moved in MOVES


def test_the_desk_maps_every_kind_as_before() -> None:
    assert set(FROM_ROUTING) == ROUTING_EVENT_KINDS
    recorded = {kind: moved for kind, moved in FROM_ROUTING.items() if moved is not None}
    assert recorded == {
        "entered": "queued",
        "callback-due": "queued",
        "refused": "refused",
        "offered": "offered",
        "rescinded": "offer-withdrawn",
        "missed": "offer-withdrawn",
        "declined": "offer-withdrawn",
        "accepted": "answered",
        "completed": "ended",
        "wrap-up-ended": "wrap-up-ended",
        "abandoned": "abandoned",
        "transfer-started": "transfer-started",
        "transfer-answered": "transfer-answered",
        "transfer-cancelled": "transfer-cancelled",
        "transferred": "transferred",
        "cancelled": "cancelled",
        "callback-cancelled": "cancelled",
        "callback-failed": "cancelled",
    }


def test_the_timeline_knows_a_move_for_each_of_its_events() -> None:
    assert set(MOVES) == INTERACTION_EVENTS == set(get_args(InteractionEvent))
