"""Invariants of the routing engine under random sequences of commands over a small world (hypothesis).

A world is 2-3 queues sharing 3-6 agents with random skills, tiers, penalties and capacities; the commands
are arrivals, presence changes, accepts, declines, completes, wrap-up ends, abandons, callback requests and
results, transfers (blind, whisper, consult, conference; hand-overs and cancels), time advancing through
`advance`, and restarts (snapshot -> JSON -> restore). After every step:

1. an offered contact has exactly one open offer (any number in a ring-all queue), and it is in exactly
   the offered agents' work;
2. no agent is over capacity, and `agent.used` is the sum of the units of its work;
3. the engine is settled (no waiting contact and available eligible agent left unmatched), and at the
   moment of every offer no older eligible contact of equal or higher priority waited for that agent;
4. no contact is lost: each one ever added is live in a non-terminal state, or emitted exactly one
   terminal event; restarts keep every live contact;
5. each waiting contact is in exactly one line bucket, and a line is as long as its queue's waiting contacts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from parley.platform.errors import DomainError
from parley.routing import restore as restart
from parley.routing.engine import Engine
from parley.routing.model import (
    ROUTING_EVENT_KINDS,
    AgentProfile,
    CallbackResult,
    Channel,
    ClosedBehaviour,
    ContactState,
    Escalation,
    Membership,
    OpeningHours,
    Overflow,
    Presence,
    QueueConfig,
    RoutingEvent,
    Strategy,
    TransferMode,
)
from parley.routing.pools import BucketKey
from parley.routing.state import Agent, Contact
from tests.unit.routing.builders import T0, agent, contact, queue

SKILLS = ("en", "de", "billing")
TERMINAL_EVENTS = frozenset(
    {"wrap-up-ended", "abandoned", "refused", "callback-cancelled", "callback-failed", "cancelled"}
)
#: Open the first half of every hour, every day: time advances cross openings and closings.
HALF_HOURS = OpeningHours("UTC", {day: tuple((m, m + 30) for m in range(0, 1440, 60)) for day in range(7)})
CHANNEL_SETS = (
    (Channel.VOICE,),
    (Channel.CHAT,),
    (Channel.VOICE, Channel.CHAT),
    (Channel.VOICE, Channel.CHAT, Channel.CALLBACK),
    (Channel.CALLBACK, Channel.VOICE),
)


# ------------------------------------------------------------------------------------------------ the world


class World:
    def __init__(
        self, queues: list[QueueConfig], agents: list[AgentProfile], options: dict[str, Any]
    ) -> None:
        self.queues, self.agents, self.options = queues, agents, options

    def __repr__(self) -> str:  # the drawn world, readable in a failure report
        return repr((self.queues, self.agents, self.options)).replace(repr(HALF_HOURS), "HALF_HOURS")


@st.composite
def worlds(draw: st.DrawFn) -> World:
    ids = [f"q{i}" for i in range(draw(st.integers(2, 3)))]
    queues = []
    for queue_id in ids:
        others = [q for q in ids if q != queue_id]
        skills = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 2), max_size=1))
        escalations: list[Escalation] = []
        if draw(st.booleans()):
            relaxed = {name: draw(st.integers(0, level - 1)) for name, level in skills.items()}
            escalations.append(Escalation(draw(st.sampled_from([10.0, 40.0])), max_tier=2, skills=relaxed))
            if draw(st.booleans()):
                escalations.append(Escalation(90.0, max_tier=3, skills=dict.fromkeys(skills, 0)))
        overflow = None
        if draw(st.booleans()):
            overflow = Overflow(draw(st.sampled_from([30.0, 120.0])), draw(st.sampled_from([None, *others])))
        hours = HALF_HOURS if draw(st.integers(0, 3)) == 0 else None
        queues.append(
            queue(
                queue_id,
                channels=draw(st.sampled_from(CHANNEL_SETS)),
                priority=draw(st.integers(0, 1)),
                skills=skills,
                strategy=draw(st.sampled_from(list(Strategy))),
                max_size=draw(st.sampled_from([None, None, 2, 4])),
                overflow=overflow,
                hours=hours,
                closed_behaviour=draw(st.sampled_from(list(ClosedBehaviour))),
                closed_queue=draw(st.sampled_from(others)),
                wrap_up_seconds=draw(st.sampled_from([0.0, 10.0, 30.0])),
                offer_timeout_seconds=draw(st.sampled_from([8.0, 20.0])),
                escalations=tuple(escalations),
                callback_attempts=draw(st.integers(1, 3)),
                callback_interval_seconds=draw(st.sampled_from([60.0, 300.0])),
            )
        )
    agents = []
    for index in range(draw(st.integers(3, 6))):
        member_of = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
        agents.append(
            agent(
                f"a{index}",
                *(
                    Membership(q, tier=draw(st.integers(1, 3)), penalty=draw(st.integers(0, 1)))
                    for q in member_of
                ),
                skills=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), max_size=3)),
                capacity=draw(st.sampled_from([100, 100, 66, 150])),
            )
        )
    options = {
        "max_missed_offers": draw(st.integers(1, 3)),
        "reoffer_pause": draw(st.sampled_from([0.0, 5.0])),
        "seed": draw(st.integers(0, 3)),
    }
    return World(queues, agents, options)


INDEX = st.integers(0, 20)
ARRIVE = st.tuples(
    st.just("arrive"), INDEX, INDEX, st.integers(0, 2), st.sampled_from([None, None, None, *SKILLS])
)
ACCEPT = st.tuples(st.just("accept"), INDEX)
COMPLETE = st.tuples(st.just("complete"), INDEX)
ADVANCE = st.tuples(st.just("advance"), st.sampled_from([0.5, 3.0, 9.0, 21.0, 45.0, 130.0, 700.0, 1900.0]))
CALLBACK_RESULT = st.tuples(st.just("callback_result"), INDEX, st.sampled_from(list(CallbackResult)))
TRANSFER = st.tuples(st.just("transfer"), INDEX, INDEX, st.sampled_from(list(TransferMode)))
#: The common steps (arrivals, accepts, completes, time passing) and the rare ones that need a dialled
#: callback are listed more than once.
OPERATIONS = st.one_of(
    ARRIVE,
    ARRIVE,
    ARRIVE,
    ACCEPT,
    ACCEPT,
    ACCEPT,
    COMPLETE,
    COMPLETE,
    ADVANCE,
    ADVANCE,
    ADVANCE,
    st.tuples(st.just("presence"), INDEX, st.sampled_from(list(Presence))),
    st.tuples(st.just("decline"), INDEX),
    st.tuples(st.just("end_wrap_up"), INDEX),
    st.tuples(st.just("abandon"), INDEX),
    st.tuples(st.just("request_callback"), INDEX, st.sampled_from([None, 60.0, 1200.0, 5400.0])),
    st.tuples(st.just("cancel_callback"), INDEX),
    CALLBACK_RESULT,
    CALLBACK_RESULT,
    TRANSFER,
    TRANSFER,
    TRANSFER,
    st.tuples(st.just("hand_over"), INDEX),
    st.tuples(st.just("hand_over"), INDEX),
    st.tuples(st.just("cancel_transfer"), INDEX),
    st.tuples(st.just("restart")),
)


# ------------------------------------------------------------------------------------------ the reference


def requirement(config: QueueConfig, contact_: Contact) -> tuple[int, dict[str, int]]:
    """The highest tier and the skills a contact needs now, computed from the queue config alone."""
    tier, skills = 1, {**config.skills, **contact_.skills}
    for step in config.escalations[: contact_.stage]:
        tier = step.max_tier if step.max_tier is not None else tier
        skills.update(step.skills)
    return tier, {name: level for name, level in skills.items() if level > 0}


def eligible(engine: Engine, agent_: Agent, contact_: Contact) -> bool:
    config = engine.queues[contact_.queue_id]
    membership = next((m for m in agent_.profile.memberships if m.queue_id == config.id), None)
    if membership is None:
        return False
    tier, skills = requirement(config, contact_)
    return (
        membership.tier <= tier
        and all(agent_.profile.skills.get(name, 0) >= level for name, level in skills.items())
        and agent_.profile.capacity - agent_.used >= engine.units[contact_.channel]
    )


def available(engine: Engine, agent_: Agent) -> bool:
    return (
        agent_.presence is Presence.READY
        and engine.now >= agent_.paused_until
        and "offered" not in agent_.work.values()
    )


def check_offer(engine: Engine, offered: Contact, agents: list[Agent]) -> None:
    """An offer starts: a waiting contact goes to one agent, or to several in a ring-all queue."""
    config = engine.queues[offered.queue_id]
    assert offered.state is ContactState.WAITING, offered
    assert agents
    assert len(agents) == 1 or config.strategy is Strategy.RING_ALL, (offered.id, [a.id for a in agents])


def check_ring(engine: Engine, offered: Contact, agent_: Agent) -> None:
    """Invariant 3, second half: when an agent is offered a contact, nobody older it could take waited."""
    assert available(engine, agent_), (agent_.id, agent_.presence, agent_.work)
    assert eligible(engine, agent_, offered), (agent_.id, offered.id)
    for other in engine.contacts.values():
        if other is not offered and other.state is ContactState.WAITING:
            assert not (eligible(engine, agent_, other) and other.order < offered.order), (
                f"{agent_.id} offered {offered.id} {offered.order} while {other.id} {other.order} waited"
            )


def check(engine: Engine, model: Model) -> None:
    contacts, agents = engine.contacts, engine.agents
    # 1. offers
    for contact_ in contacts.values():
        if contact_.state is ContactState.OFFERED:
            assert contact_.offers, contact_
            if engine.queues[contact_.queue_id].strategy is not Strategy.RING_ALL:
                assert len(contact_.offers) == 1, contact_
            holders = {a.id for a in agents.values() if a.work.get(contact_.id) == "offered"}
            assert holders == set(contact_.offers), (contact_.id, holders, contact_.offers)
            assert contact_.offer_expires is not None
            assert contact_.offer_expires > engine.now
        else:
            assert not contact_.offers, contact_
        if contact_.state in (ContactState.CONNECTED, ContactState.WRAP_UP):
            phase = "connected" if contact_.state is ContactState.CONNECTED else "wrap-up"
            holders = {a.id for a in agents.values() if contact_.id in a.work}
            assert holders == {contact_.agent_id}, (contact_.id, holders)
            assert agents[contact_.agent_id or ""].work[contact_.id] == phase
        assert contact_.state not in (
            ContactState.COMPLETED,
            ContactState.ABANDONED,
            ContactState.REFUSED,
            ContactState.CANCELLED,
            ContactState.FAILED,
        ), contact_
        assert contact_.channel in engine.queues[contact_.queue_id].channels, contact_
    # 2. capacity, and the state shown follows presence and work
    for agent_ in agents.values():
        for contact_id, phase in agent_.work.items():
            assert contact_id in contacts, (agent_.id, contact_id)
            if phase == "offered":
                assert agent_.id in contacts[contact_id].offers
        used = sum(engine.units[contacts[c].channel] for c in agent_.work)
        assert agent_.used == used, (agent_.id, agent_.used, used)
        assert used <= agent_.profile.capacity, agent_
        assert agent_.state is agent_.derived_state(), agent_
        assert model.shown.get(agent_.id, "offline") == agent_.state.value, (agent_.id, model.shown)
    # 3. settled: nobody waits while someone free could take them, and a ring-all contact rings everyone
    for contact_ in contacts.values():
        config = engine.queues[contact_.queue_id]
        ringing = (  # a ring-all contact that started ringing now rings everyone free for it
            contact_.state is ContactState.OFFERED
            and config.strategy is Strategy.RING_ALL
            and contact_.offer_expires == engine.now + config.offer_timeout_seconds
        )
        if contact_.state is ContactState.WAITING or ringing:
            for agent_ in agents.values():
                assert not (available(engine, agent_) and eligible(engine, agent_, contact_)), (
                    f"{contact_.id} is {contact_.state.value} while {agent_.id} is free for it"
                )
    # 4. nothing lost
    for contact_id in model.added:
        ends = model.terminal[contact_id]
        if contact_id in contacts:
            assert ends == 0, (contact_id, ends)
        else:
            assert ends == 1, (contact_id, ends)
    assert set(contacts) <= model.added
    # 5. lines
    for queue_id, line in engine.lines.items():
        seen: list[str] = []
        for bucket, entries in line._buckets.items():
            assert entries, bucket
            for entry in entries:
                contact_ = contacts[entry[3]]
                assert (contact_.state, contact_.queue_id) == (ContactState.WAITING, queue_id), contact_
                assert engine._bucket_of(contact_) == bucket
                assert contact_.order == entry
                seen.append(contact_.id)
        waiting = [
            c.id for c in contacts.values() if c.state is ContactState.WAITING and c.queue_id == queue_id
        ]
        assert sorted(seen) == sorted(waiting), (queue_id, seen, waiting)
        assert len(line) == len(waiting)


# ------------------------------------------------------------------------------------------------ running


@dataclass
class Model:
    added: set[str] = field(default_factory=set)
    terminal: Counter[str] = field(default_factory=Counter)
    shown: dict[str, str] = field(default_factory=dict)
    last_at: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)

    def take(self, engine: Engine) -> list[RoutingEvent]:
        found = engine.drain().events
        for event in found:
            assert self.last_at <= event.at <= engine.now, (self.last_at, event, engine.now)
            assert event.kind in ROUTING_EVENT_KINDS, event  # the closed set of kinds (model.py)
            self.last_at = event.at
            if event.kind in TERMINAL_EVENTS:
                assert event.contact_id is not None
                self.terminal[event.contact_id] += 1
            elif event.kind == "agent-state":
                assert event.agent_id is not None
                self.shown[event.agent_id] = event.data["state"]
        return found


def pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


def apply(engine: Engine, model: Model, operation: tuple[Any, ...], serial: int) -> Engine:
    kind, *args = operation
    now = engine.now
    contacts = sorted(engine.contacts.values(), key=lambda c: c.seq)
    if kind == "advance":
        engine.advance(now + args[0])
        return engine
    if kind == "restart":
        return restart_engine(engine, model)
    try:
        if kind == "arrive":
            config = pick(sorted(engine.queues.values(), key=lambda q: q.id), args[0])
            channel = pick(list(config.channels), args[1])
            skills = {args[3]: 1} if args[3] else {}
            model.added.add(f"c{serial}")
            engine.add_contact(contact(f"c{serial}", config.id, channel, args[2], skills), now)
        elif kind == "presence":
            engine.set_presence(pick(sorted(engine.agents), args[0]), args[1], now)
        elif kind in ("accept", "decline"):
            offers = [(c.id, a) for c in contacts for a in sorted(c.offers)]
            if offers:
                contact_id, agent_id = pick(offers, args[0])
                getattr(engine, kind)(contact_id, agent_id, now)
        elif kind == "complete":
            connected = [c.id for c in contacts if c.state is ContactState.CONNECTED]
            if connected:
                engine.complete(pick(connected, args[0]), now)
        elif kind == "end_wrap_up":
            wrapping = [c for c in contacts if c.state is ContactState.WRAP_UP]
            if wrapping:
                chosen = pick(wrapping, args[0])
                engine.end_wrap_up(chosen.id, chosen.agent_id, now)
        elif kind == "abandon":
            live = [c.id for c in contacts if c.state in (ContactState.WAITING, ContactState.OFFERED)]
            if live:
                engine.abandon(pick(live, args[0]), now)
        elif kind == "request_callback":
            live = [c.id for c in contacts if c.state in (ContactState.WAITING, ContactState.SCHEDULED)]
            if live:
                engine.request_callback(pick(live, args[0]), now, None if args[1] is None else now + args[1])
        elif kind == "cancel_callback":
            live = [c.id for c in contacts if c.callback]
            if live:
                engine.cancel_callback(pick(live, args[0]), now)
        elif kind == "callback_result":
            # An agent dials a callback (accepting it first when it is still ringing) and tells the result.
            ringing = [(c.id, a) for c in contacts if c.callback for a in sorted(c.offers)]
            dialling = [
                (c.id, c.agent_id) for c in contacts if c.callback and c.state is ContactState.CONNECTED
            ]
            if dialling or ringing:
                contact_id, agent_id = pick(dialling or ringing, args[0])
                if not dialling:
                    engine.accept(contact_id, agent_id, now)
                engine.callback_result(contact_id, agent_id, args[1], now)
        elif kind == "transfer":
            # An agent transfers a call (answering it first when it is still ringing).
            connected = [c for c in contacts if c.state is ContactState.CONNECTED]
            ringing = [(c, a) for c in contacts for a in sorted(c.offers)]
            if not connected and ringing:
                offered, agent_id = pick(ringing, args[0])
                connected = [engine.accept(offered.id, agent_id, now)]
            if connected:
                chosen = pick(connected, args[0])
                target = pick(sorted(engine.queues), args[1])
                engine.transfer(chosen.id, chosen.agent_id or "", f"c{serial}", target, args[2], now)
                model.added.add(f"c{serial}")  # only once it is in: a refused transfer creates nothing
        elif kind in ("hand_over", "cancel_transfer"):
            consulting = [c for c in contacts if "transfer_to" in c.detail]
            if consulting:
                chosen = pick(consulting, args[0])
                getattr(engine, kind)(chosen.id, chosen.agent_id or "", now)
    except DomainError:
        pass  # refused commands are part of the game (going offline while busy, a chat callback, ...)
    return engine


def restart_engine(engine: Engine, model: Model) -> Engine:
    model.take(engine)
    before = {c.id: c.as_dict() for c in engine.contacts.values()}
    lines = {q: [e[3] for e in line.entries()] for q, line in engine.lines.items()}
    data = json.loads(json.dumps(restart.snapshot(engine)))
    fresh = restart.restore(data, engine.now, **model.options)
    touched = {e.contact_id for e in model.take(fresh) if e.kind not in ("offered", "agent-state")}
    assert set(before) == set(fresh.contacts) | {c for c in touched if c not in fresh.contacts}
    for contact_id, old in before.items():
        if contact_id in touched:
            continue
        new = fresh.contacts[contact_id]
        if old["state"] in ("waiting", "offered"):
            assert new.state in (ContactState.WAITING, ContactState.OFFERED), new
            assert new.order == (-old["priority"], old["line_at"], old["seq"], contact_id)
        else:
            assert new.as_dict() == old
    for queue_id, order in lines.items():
        still = [e[3] for e in fresh.lines[queue_id].entries()]
        assert [c for c in still if c in order] == [c for c in order if c in still], (queue_id, order, still)
    return fresh


def _regression_queue(
    queue_id: str, channels: tuple[Channel, ...], skills: dict[str, int], other: str
) -> QueueConfig:
    return QueueConfig(
        queue_id, queue_id.upper(), channels=channels, skills=skills, hours=HALF_HOURS, wrap_up_seconds=0.0,
        closed_queue=other, offer_timeout_seconds=8.0, callback_attempts=1, callback_interval_seconds=60.0,
    )  # fmt: skip


#: Found by this test: an agent freed by its own blind transfer (capacity for chats left, so still in the
#: pool) was offered the transferred chat while an older call it could now take waited.
FREED_BY_TRANSFER = World(
    [
        _regression_queue("q0", (Channel.VOICE, Channel.CHAT), {"en": 1}, "q1"),
        _regression_queue("q1", (Channel.VOICE,), {}, "q0"),
    ],
    [agent(f"a{i}", "q0") for i in range(3)] + [agent("a3", "q0", "q1", skills={"en": 1})],
    {"max_missed_offers": 1, "reoffer_pause": 0.0, "seed": 0},
)


@settings(max_examples=300, deadline=None)
@given(worlds(), st.lists(OPERATIONS, min_size=10, max_size=80))
@example(
    FREED_BY_TRANSFER,
    [("arrive", 0, 1, 0, None), ("arrive", 0, 0, 0, None), ("arrive", 0, 0, 0, None),
     ("arrive", 0, 0, 1, None), ("arrive", 0, 1, 0, None), ("accept", 0), ("accept", 0),
     ("arrive", 0, 0, 0, None), ("complete", 0), ("transfer", 0, 0, TransferMode.BLIND)],
)  # fmt: skip
def test_routing_invariants_hold_under_random_commands(
    world: World, operations: list[tuple[Any, ...]]
) -> None:
    offer, ring = Engine._offer, Engine._ring

    def checked_offer(
        self: Engine, offered: Contact, agents: list[Agent], bucket: BucketKey | None = None
    ) -> None:
        check_offer(self, offered, agents)
        assert bucket is None or bucket == self._bucket_of(offered), (offered.id, bucket)
        offer(self, offered, agents, bucket)

    def checked_ring(self: Engine, offered: Contact, agent_: Agent) -> None:
        check_ring(self, offered, agent_)
        ring(self, offered, agent_)

    model = Model(last_at=T0, options=world.options)
    with mock.patch.object(Engine, "_offer", checked_offer), mock.patch.object(Engine, "_ring", checked_ring):
        engine = Engine(**world.options)
        for config in world.queues:  # first without cross-references, then as drawn
            engine.set_queue(
                QueueConfig(config.id, config.name, channels=config.channels, hours=config.hours), T0
            )
        for config in world.queues:
            engine.set_queue(config, T0)
        for profile in world.agents:
            engine.set_agent(profile, T0)
            engine.set_presence(profile.id, Presence.READY, T0)
        model.take(engine)
        check(engine, model)
        for serial, operation in enumerate(operations):
            engine = apply(engine, model, operation, serial)
            model.take(engine)
            check(engine, model)
