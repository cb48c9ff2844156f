"""The routing benchmark at a tiny size, so that it keeps working as the engine changes."""

from __future__ import annotations

from bench import routing_bench

from parley.routing.model import AgentState, ContactState


def test_world_starts_with_contacts_waiting_and_nobody_free() -> None:
    sizes = routing_bench.TINY
    world = routing_bench.build_world(sizes)
    engine = world.engine
    assert len(engine.queues) == sizes.queues
    assert len(engine.agents) == sizes.agents
    assert sum(len(line) for line in engine.lines.values()) == sizes.contacts
    assert all(len(engine.lines[q]) == 0 for q in world.quiet_queues)
    assert {agent.state for agent in engine.agents.values()} == {AgentState.NOT_READY}
    assert any(c.stage for c in engine.contacts.values()), "some contacts have escalated"
    assert any(c.skills for c in engine.contacts.values()), "some contacts need extra skills"


def test_a_few_decisions_of_each_kind_agree_with_the_naive_matcher() -> None:
    result = routing_bench.run(routing_bench.TINY)
    for phase, count in (
        (result.agents, routing_bench.TINY.agent_decisions),
        (result.arrivals, routing_bench.TINY.arrival_decisions),
    ):
        assert len(phase.engine) == len(phase.engine_cpu) == count
        assert phase.naive
        assert phase.checked > 0
        assert phase.mismatches == []
    assert set(result.agents.kinds) == {"ready", "end of wrap-up"}
    waiting = [c for c in result.world.engine.contacts.values() if c.state is ContactState.WAITING]
    assert len(waiting) >= routing_bench.TINY.contacts  # the line keeps its size
    body = routing_bench.render(result)
    assert "decisions/s" in body
    assert "Targets" in body
