"""Routing: decisions per second and latency per decision with 10,000 agents, 500 queues and 100,000 waiting
contacts, beside a naive scan-everything matcher over the same world, in the same run.

Targets (requirement): p99 under 100 µs per decision and over 20,000 decisions/s in-process.

A decision is one engine command that makes the engine choose, timed alone with `perf_counter_ns`:
- an agent becomes free (`end_wrap_up`, or `set_presence(READY)` of a not-ready agent) while 100,000 contacts
  wait: the engine picks the best contact across the agent's queues;
- a contact arrives (`add_contact`) while agents of its queue are free: the engine picks one by strategy.
What keeps the world steady (accepting and completing the offer, a new contact for each one taken, ending
other agents' wrap-ups) runs outside the timed region. The naive matcher picks without changing anything;
it is timed the same way just before the engine's call, on the same state, and must pick the same.
"""

from __future__ import annotations

import gc
import random
import time
from dataclasses import dataclass, field

from bench.report import write_section
from parley.routing.engine import Engine
from parley.routing.model import (
    AgentProfile,
    Arrival,
    Channel,
    ContactState,
    Escalation,
    Membership,
    Presence,
    QueueConfig,
    Strategy,
)
from parley.routing.state import OFFERED, Agent, Contact

SEED = 20_261_124
STEP = 0.001  # simulated seconds between two decisions
ARRIVAL_SPAN = 300.0  # the waiting contacts arrived over the five minutes before the run
ESCALATE_AFTER = 240.0  # so those of the first minute, in queues that escalate, have escalated
ESCALATING_SHARE = 0.3  # of queues: after ESCALATE_AFTER, tier-2 members may take it, with a lower level
EXTRA_SKILL_SHARE = 0.25  # of contacts: they need a language on top of the queue's skills
TIER_2_SHARE = 0.2  # of memberships (never an agent's first)
MEETS_LEVEL_SHARE = 0.75  # of an agent's other memberships: it has the queue's skill levels
STRATEGIES = (
    Strategy.LONGEST_IDLE,
    Strategy.FEWEST_HANDLED,
    Strategy.ROUND_ROBIN,
    Strategy.BEST_SKILL,
    Strategy.RANDOM,
)
STRATEGY_WEIGHTS = (5, 2, 1, 1, 1)  # ring-all is left out: it offers to every free agent at once
P99_TARGET_US = 100.0
RATE_TARGET = 20_000.0


@dataclass(frozen=True)
class Sizes:
    queues: int = 500
    quiet_queues: int = 50  # of the queues, start with no line: arrivals find free agents there
    agents: int = 10_000
    quiet_agents: int = 1_000  # of the agents, members of quiet queues only
    contacts: int = 100_000  # waiting in the other queues
    skills: int = 50
    languages: int = 10  # of the skills; contacts' extra requirements
    agent_decisions: int = 20_000
    arrival_decisions: int = 20_000
    warmup: int = 1_000  # decisions of each kind before the measured ones
    naive_every: int = 10  # the naive matcher runs on one measured decision in this many
    quiet_free_share: float = 0.5  # of quiet agents, free at any time during arrivals


FULL = Sizes()
TINY = Sizes(
    queues=20,
    quiet_queues=4,
    agents=200,
    quiet_agents=40,
    contacts=2_000,
    agent_decisions=150,
    arrival_decisions=150,
    warmup=20,
    naive_every=2,
)


# ---------------------------------------------------------------------------------------------- the world


@dataclass
class World:
    engine: Engine
    sizes: Sizes
    rng: random.Random
    languages: list[str]
    backlog_queues: list[str] = field(default_factory=list)
    quiet_queues: list[str] = field(default_factory=list)
    backlog_agents: list[str] = field(default_factory=list)
    quiet_agents: list[str] = field(default_factory=list)
    wrapping: dict[str, str] = field(default_factory=dict)  # agent -> contact in wrap-up, oldest first
    now: float = 0.0
    made: int = 0
    setup: dict[str, Watch] = field(default_factory=dict)
    naive: Naive | None = None

    def new_contact(self, queue_id: str) -> Arrival:
        self.made += 1
        rng = self.rng
        skills = (
            {rng.choice(self.languages): rng.choice((1, 1, 2))} if rng.random() < EXTRA_SKILL_SHARE else {}
        )
        priority = rng.choices((0, 1, 5), (7, 2, 1))[0]
        return Arrival(f"c{self.made:07d}", Channel.VOICE, queue_id, priority, skills)

    def tick(self) -> float:
        """The clock moves on; due timers fire first, as the routing service does before each command."""
        self.now += STEP
        self.engine.advance(self.now)
        assert not self.collect(), "a timer made an offer; the loops do not expect one"
        return self.now

    def collect(self) -> list[tuple[str, str]]:
        """Drain the engine; keep the naive matcher's per-queue lists in step; return the new offers."""
        out = self.engine.drain()
        offers: list[tuple[str, str]] = []
        for event in out.events:
            if event.kind == "offered":
                agent_id, queue_id = event.agent_id or "", event.queue_id or ""
                offers.append((event.contact_id or "", agent_id))
                if self.naive is not None:
                    self.naive.last_offer[queue_id][agent_id] = event.data["offer"]
        if self.naive is not None:
            for contact in out.contacts.values():
                self.naive.track(contact)
        return offers

    def serve(self, offers: list[tuple[str, str]], busy: dict[str, str]) -> None:
        """Agents accept their offers and finish talking at once; they stay in wrap-up until told."""
        while offers:
            for contact_id, agent_id in offers:
                self.engine.accept(contact_id, agent_id, self.now)
                self.engine.complete(contact_id, self.now)
                busy[agent_id] = contact_id
            offers = self.collect()


def build_world(sizes: Sizes = FULL, seed: int = SEED) -> World:
    rng = random.Random(seed)
    core = [f"s{n:02d}" for n in range(sizes.skills - sizes.languages)]
    languages = [f"lang{n}" for n in range(sizes.languages)]
    world = World(Engine(seed=seed), sizes, rng, languages)
    engine = world.engine

    with world.setup.setdefault("queues and agents", Watch()):
        _staff(world, core)

    with world.setup.setdefault("contacts", Watch()):
        for n in range(sizes.contacts):
            engine.add_contact(
                world.new_contact(rng.choice(world.backlog_queues)), n * ARRIVAL_SPAN / sizes.contacts
            )
            if n % 1_000 == 999:
                engine.drain()
        engine.drain()

    with world.setup.setdefault("escalations", Watch()):
        world.now = ARRIVAL_SPAN
        engine.advance(world.now)  # the escalations of contacts that waited long enough
        engine.drain()
    world.naive = Naive(engine)
    return world


def _staff(world: World, core: list[str]) -> None:
    engine, sizes, rng = world.engine, world.sizes, world.rng
    for index in range(sizes.queues):
        engine.set_queue(_queue_config(f"q{index:03d}", rng, core), 0.0)
    world.quiet_queues = list(engine.queues)[: sizes.quiet_queues]
    world.backlog_queues = list(engine.queues)[sizes.quiet_queues :]
    for index in range(sizes.agents):
        quiet = index < sizes.quiet_agents
        group = world.quiet_queues if quiet else world.backlog_queues
        profile = _agent_profile(f"a{index:05d}", rng, engine.queues, group, core, world.languages)
        engine.set_agent(profile, 0.0)
        engine.set_presence(profile.id, Presence.NOT_READY, 0.0)
        (world.quiet_agents if quiet else world.backlog_agents).append(profile.id)
    engine.drain()


def _queue_config(queue_id: str, rng: random.Random, core: list[str]) -> QueueConfig:
    required = rng.sample(core, rng.choice((1, 2)))
    skills = {name: rng.randint(1, 3) for name in required}
    escalations: tuple[Escalation, ...] = ()
    if rng.random() < ESCALATING_SHARE:
        escalations = (Escalation(ESCALATE_AFTER, max_tier=2, skills={required[0]: 1}),)
    return QueueConfig(
        id=queue_id,
        name=f"Queue {queue_id}",
        priority=rng.choice((0, 0, 0, 1)),
        skills=skills,
        strategy=rng.choices(STRATEGIES, STRATEGY_WEIGHTS)[0],
        escalations=escalations,
        wrap_up_seconds=3_600.0,  # wrap-up ends when the benchmark says, never by a timer during the run
        offer_timeout_seconds=60.0,
    )


def _agent_profile(
    agent_id: str,
    rng: random.Random,
    queues: dict[str, QueueConfig],
    group: list[str],
    core: list[str],
    languages: list[str],
) -> AgentProfile:
    """Member of 3 to 7 queues; has the skill levels of the first and of most others, one or two languages
    and a few skills besides."""
    memberships = []
    skills: dict[str, int] = {}
    for position, queue_id in enumerate(rng.sample(group, min(len(group), rng.randint(3, 7)))):
        tier = 2 if position > 0 and rng.random() < TIER_2_SHARE else 1
        memberships.append(Membership(queue_id, tier, rng.choice((0, 0, 0, 1, 2, 3))))
        meets = position == 0 or rng.random() < MEETS_LEVEL_SHARE
        for name, level in queues[queue_id].skills.items():
            have = min(5, level + rng.randint(0, 2)) if meets else level - 1
            if have > skills.get(name, 0):
                skills[name] = have
    for name in rng.sample(languages, rng.choice((1, 1, 2))):
        skills[name] = rng.randint(1, 3)
    for name in rng.sample(core, rng.randint(0, 3)):
        skills.setdefault(name, rng.randint(1, 5))
    return AgentProfile(agent_id, skills=skills, memberships=tuple(memberships))


# ---------------------------------------------------------------------------------------------- naive


class Naive:
    """Scan everything: per queue, its waiting contacts (unordered) and its members; nothing cached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.waiting: dict[str, dict[str, Contact]] = {queue_id: {} for queue_id in engine.queues}
        self.last_offer: dict[str, dict[str, int]] = {queue_id: {} for queue_id in engine.queues}
        self.random = random.Random(0)
        for contact in engine.contacts.values():
            self.track(contact)

    def track(self, contact: Contact) -> None:
        if contact.state is ContactState.WAITING:
            self.waiting[contact.queue_id][contact.id] = contact
        else:
            self.waiting[contact.queue_id].pop(contact.id, None)

    @staticmethod
    def requirement(queue: QueueConfig, stage: int, extra: dict[str, int]) -> tuple[int, dict[str, int]]:
        skills = {**queue.skills, **extra}
        max_tier = 1
        for step in queue.escalations[:stage]:
            if step.max_tier is not None:
                max_tier = step.max_tier
            skills.update(step.skills)
        return max_tier, {name: level for name, level in skills.items() if level > 0}

    def best_contact(self, agent: Agent) -> str | None:
        """What the agent should take once free: every waiting contact of every one of its queues."""
        engine = self.engine
        free = agent.profile.capacity  # it has no work once its wrap-up ends
        best: str | None = None
        best_order: tuple[int, float, int, str] | None = None
        for membership in agent.profile.memberships:
            queue = engine.queues[membership.queue_id]
            for contact in self.waiting[queue.id].values():
                order = contact.order
                if best_order is not None and order >= best_order:
                    continue
                if engine.units[contact.channel] > free:
                    continue
                max_tier, skills = self.requirement(queue, contact.stage, contact.skills)
                if membership.tier <= max_tier and _has(agent.profile.skills, skills):
                    best, best_order = contact.id, order
        return best

    def best_agent(self, new: Arrival, now: float) -> str | None:
        """Whom an arriving contact should be offered to: every member of its queue."""
        engine = self.engine
        queue = engine.queues[new.queue_id]
        max_tier, skills = self.requirement(queue, 0, new.skills)
        units = engine.units[new.channel]
        best: str | None = None
        best_key: tuple[float, ...] | None = None
        for agent_id, (tier, penalty) in engine.members[queue.id].items():
            agent = engine.agents[agent_id]
            if (
                agent.presence is not Presence.READY
                or now < agent.paused_until
                or OFFERED in agent.work.values()
                or agent.profile.capacity - agent.used < units
                or tier > max_tier
                or not _has(agent.profile.skills, skills)
            ):
                continue
            key = self.key(queue, agent, penalty, now)
            if best_key is None or key < best_key:
                best, best_key = agent_id, key
        return best

    def key(self, queue: QueueConfig, agent: Agent, penalty: int, now: float) -> tuple[float, ...]:
        strategy = queue.strategy
        if strategy is Strategy.FEWEST_HANDLED:
            handled = agent.handled_today if agent.handled_day == int(now // 86_400) else 0
            return (penalty, handled, agent.idle_since, agent.seq)
        if strategy is Strategy.ROUND_ROBIN:
            return (penalty, self.last_offer[queue.id].get(agent.id, 0), agent.seq)
        if strategy is Strategy.BEST_SKILL:
            score = sum(agent.profile.skills.get(name, 0) for name in queue.skills)
            return (penalty, -score, agent.idle_since, agent.seq)
        if strategy is Strategy.RANDOM:
            return (penalty, self.random.random(), agent.seq)
        return (penalty, agent.idle_since, agent.seq)


def _has(skills: dict[str, int], needed: dict[str, int]) -> bool:
    return all(skills.get(name, 0) >= level for name, level in needed.items())


# ---------------------------------------------------------------------------------------------- runs


@dataclass
class Watch:
    """Wall and CPU time of a stretch of work, and what the garbage collector took of it."""

    wall: float = 0.0  # seconds
    cpu: float = 0.0  # of which this process had the CPU (the machines are shared)
    collections: int = 0  # full ones (generation 2)
    collecting: float = 0.0  # seconds in collections of any generation
    longest: float = 0.0  # the longest full collection, seconds
    _started: tuple[float, float] = (0.0, 0.0)
    _collection: float = 0.0

    def __enter__(self) -> Watch:
        gc.callbacks.append(self._collected)
        self._started = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._collected)
        self.wall = time.perf_counter() - self._started[0]
        self.cpu = time.process_time() - self._started[1]

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._collection = time.perf_counter()
            return
        took = time.perf_counter() - self._collection
        self.collecting += took
        if info["generation"] == 2:
            self.collections += 1
            self.longest = max(self.longest, took)


@dataclass
class Phase:
    engine: list[int] = field(default_factory=list)  # ns per decision
    engine_cpu: list[int] = field(default_factory=list)  # ns of this thread's CPU time per decision
    naive: list[int] = field(default_factory=list)
    kinds: dict[str, list[int]] = field(default_factory=dict)
    checked: int = 0
    unchecked: int = 0  # random-strategy queues: the naive draw differs from the engine's
    mismatches: list[str] = field(default_factory=list)
    nothing: int = 0  # decisions that found no match (the agent stays free, the contact waits)
    enqueue: list[int] = field(default_factory=list)  # ns: a contact arrives and nobody can take it
    watch: Watch = field(default_factory=Watch)  # the whole loop, untimed work included


def agents_become_free(world: World, count: int, warmup: int, naive_every: int) -> Phase:
    """Random agents of the backlogged queues come free (end of wrap-up, or ready after not-ready)."""
    engine, rng, naive, clock, cpu = (
        world.engine,
        world.rng,
        world.naive,
        time.perf_counter_ns,
        time.thread_time_ns,
    )
    assert naive is not None
    phase = Phase()
    with phase.watch:
        for index in range(warmup + count):
            agent_id = rng.choice(world.backlog_agents)
            now = world.tick()
            measured = index >= warmup
            expected = None
            if measured and index % naive_every == 0:
                started = clock()
                expected = naive.best_contact(engine.agents[agent_id])
                phase.naive.append(clock() - started)
            contact_id = world.wrapping.pop(agent_id, None)
            kind = "ready" if contact_id is None else "end of wrap-up"
            cpu_started = cpu()
            started = clock()
            if contact_id is None:
                engine.set_presence(agent_id, Presence.READY, now)
            else:
                engine.end_wrap_up(contact_id, agent_id, now)
            took = clock() - started
            cpu_took = cpu() - cpu_started
            offers = world.collect()
            got = next((contact for contact, agent in offers if agent == agent_id), None)
            if measured:
                phase.engine.append(took)
                phase.engine_cpu.append(cpu_took)
                phase.kinds.setdefault(kind, []).append(took)
                if index % naive_every == 0:
                    phase.checked += 1
                    if expected != got:
                        phase.mismatches.append(f"agent {agent_id}: naive {expected}, engine {got}")
            world.serve(offers, world.wrapping)
            if got is None:  # nothing it may take: back to not-ready, so no backlog agent is ever free
                phase.nothing += measured
                engine.set_presence(agent_id, Presence.NOT_READY, now)
                world.collect()
            else:  # one taken, one arrives: the line stays at its size
                new = world.new_contact(rng.choice(world.backlog_queues))
                started = clock()
                engine.add_contact(new, now)
                took = clock() - started
                if measured:
                    phase.enqueue.append(took)
                assert not world.collect(), "a backlog agent was free"
    return phase


def contacts_arrive(world: World, count: int, warmup: int, naive_every: int, free_share: float) -> Phase:
    """Contacts arrive in the quiet queues, where some agents are free; those who took one stay in wrap-up
    until enough others are busy, then the longest in wrap-up comes free again (untimed)."""
    engine, rng, naive, clock, cpu = (
        world.engine,
        world.rng,
        world.naive,
        time.perf_counter_ns,
        time.thread_time_ns,
    )
    assert naive is not None
    busy: dict[str, str] = {}
    for agent_id in world.quiet_agents:
        engine.set_presence(agent_id, Presence.READY, world.now)
    world.serve(world.collect(), busy)
    keep_busy = int(len(world.quiet_agents) * (1 - free_share))
    phase = Phase()
    with phase.watch:
        for index in range(warmup + count):
            now = world.tick()
            new = world.new_contact(rng.choice(world.quiet_queues))
            measured = index >= warmup
            check = measured and index % naive_every == 0
            expected = None
            if check:
                started = clock()
                expected = naive.best_agent(new, now)
                phase.naive.append(clock() - started)
            cpu_started = cpu()
            started = clock()
            engine.add_contact(new, now)
            took = clock() - started
            cpu_took = cpu() - cpu_started
            offers = world.collect()
            got = next((agent for contact, agent in offers if contact == new.id), None)
            if measured:
                phase.engine.append(took)
                phase.engine_cpu.append(cpu_took)
                phase.nothing += got is None
                if check and engine.queues[new.queue_id].strategy is Strategy.RANDOM:
                    phase.unchecked += 1
                elif check:
                    phase.checked += 1
                    if expected != got:
                        phase.mismatches.append(f"contact {new.id}: naive {expected}, engine {got}")
            world.serve(offers, busy)
            while len(busy) > keep_busy:
                agent_id = next(iter(busy))
                engine.end_wrap_up(busy.pop(agent_id), agent_id, now)
                world.serve(world.collect(), busy)
    return phase


@dataclass
class Result:
    sizes: Sizes
    world: World
    agents: Phase
    arrivals: Phase
    seconds: float


def run(sizes: Sizes = FULL, seed: int = SEED) -> Result:
    started = time.perf_counter()
    world = build_world(sizes, seed)
    gc.collect()
    agents = agents_become_free(world, sizes.agent_decisions, sizes.warmup, sizes.naive_every)
    arrivals = contacts_arrive(
        world, sizes.arrival_decisions, sizes.warmup, sizes.naive_every, sizes.quiet_free_share
    )
    return Result(sizes, world, agents, arrivals, time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Figures:
    count: int
    rate: float  # decisions per second of engine time
    mean_us: float
    p50_us: float
    p99_us: float
    max_us: float


def figures(samples: list[int]) -> Figures:
    ordered = sorted(samples)
    count = len(ordered)
    total = sum(ordered)
    return Figures(
        count=count,
        rate=count / (total / 1e9) if total else 0.0,
        mean_us=total / count / 1e3,
        p50_us=ordered[count // 2] / 1e3,
        p99_us=ordered[min(count - 1, int(count * 0.99))] / 1e3,
        max_us=ordered[-1] / 1e3,
    )


def meets(found: Figures) -> bool:
    return found.p99_us < P99_TARGET_US and found.rate > RATE_TARGET


def render(result: Result) -> str:
    sizes, world, engine = result.sizes, result.world, result.world.engine
    agents, arrivals = figures(result.agents.engine), figures(result.arrivals.engine)
    both = figures(result.agents.engine + result.arrivals.engine)
    agents_cpu, arrivals_cpu = figures(result.agents.engine_cpu), figures(result.arrivals.engine_cpu)
    both_cpu = figures(result.agents.engine_cpu + result.arrivals.engine_cpu)
    naive_agents, naive_arrivals = figures(result.agents.naive), figures(result.arrivals.naive)
    naive_both = figures(result.agents.naive + result.arrivals.naive)
    by_kind = "; ".join(
        f"{len(v):,} {kind}: p50 {figures(v).p50_us:,.0f} µs, p99 {figures(v).p99_us:,.0f} µs"
        for kind, v in sorted(result.agents.kinds.items())
    )
    enqueue = figures(result.agents.enqueue)
    checked = result.agents.checked + result.arrivals.checked
    agreed = checked - len(result.agents.mismatches) - len(result.arrivals.mismatches)
    waiting = [c for c in engine.contacts.values() if c.state is ContactState.WAITING]
    escalated = sum(1 for c in waiting if c.stage)
    buckets = {queue_id: len(engine.lines[queue_id]._buckets) for queue_id in world.backlog_queues}
    heads = sum(
        buckets[m.queue_id] for a in world.backlog_agents for m in engine.agents[a].profile.memberships
    ) / len(world.backlog_agents)
    setup = world.setup
    loops = [result.agents.watch, result.arrivals.watch]
    share = sum(w.cpu for w in loops) / sum(w.wall for w in loops)
    collections, longest = sum(w.collections for w in loops), max(w.longest for w in loops)
    collected = (
        f"made {collections} full collections (the longest {longest * 1e3:,.0f} ms)"
        if collections
        else "made no full collection"
    )

    def row(label: str, found: Figures, cpu: Figures, naive: Figures) -> str:
        return (
            f"| {label} | {found.rate:,.0f} "
            f"| {found.p50_us:,.0f} / {found.p99_us:,.0f} / {found.max_us:,.0f} "
            f"| {cpu.p50_us:,.0f} / {cpu.p99_us:,.0f} | {naive.rate:,.0f} "
            f"| {naive.p50_us:,.0f} / {naive.p99_us:,.0f} "
            f"| {naive.mean_us / found.mean_us:,.1f}× (p50 {naive.p50_us / found.p50_us:,.1f}×) |"
        )

    def verdict(found: Figures) -> str:
        rate = "over" if found.rate > RATE_TARGET else "**under**"
        p99 = "under" if found.p99_us < P99_TARGET_US else "**over**"
        return f"{found.rate:,.0f}/s, {rate} {RATE_TARGET:,.0f}; p99 {found.p99_us:,.0f} µs, {p99} 100"

    def built(name: str) -> str:
        watch = setup[name]
        return f"{watch.wall:.1f} s (of which collecting garbage {watch.collecting:.1f} s)"

    met = "met" if meets(agents) and meets(arrivals) else "not met"
    cpu_met = "met" if meets(agents_cpu) and meets(arrivals_cpu) else "not met either"
    return f"""
| decision, timed one by one | decisions/s | p50 / p99 / max µs | CPU p50 / p99 µs | naive decisions/s \
| naive p50 / p99 µs | speed-up |
|---|---|---|---|---|---|---|
{row(f"an agent comes free, {sizes.contacts:,} waiting: best contact", agents, agents_cpu, naive_agents)}
{row("a contact arrives, agents free: one by strategy", arrivals, arrivals_cpu, naive_arrivals)}
{row(f"all {both.count:,} ({naive_both.count:,} naive)", both, both_cpu, naive_both)}

**Targets (p99 under {P99_TARGET_US:.0f} µs and over {RATE_TARGET:,.0f} decisions/s, in-process): {met}.** An
agent coming free: {verdict(agents)}. A contact arriving: {verdict(arrivals)}. On CPU time alone, leaving
out the waits of a shared machine, they are {cpu_met}.

Decisions/s is the count over the engine's time alone (`perf_counter_ns` around each command); speed-up is
the naive mean time over the engine's, and the ratio of the medians. CPU is the thread's time in the same
command (`thread_time_ns`, which costs about 1 µs itself). During the loops this process had the CPU
{share:.0%} of the time (the machine is shared) and the garbage collector {collected}; both show in the
wall-clock tail.

What was done for issue #5 (2026-11-27), measured against the engine before it, alternate runs in the same
half hour on this machine, 6,000 decisions of each kind after 1,000 of warm-up, CPU time p50 / mean / p99:
an agent coming free from 152–155 / 163–169 / 390–398 µs to 74–78 / 78–85 / 147–186 µs, an arrival from
138–143 / 155–162 / 370–387 µs to 76–77 / 82–86 / 145–207 µs. Python bytecodes run per decision (a count
that the machine's load does not change): from 2,510 to 1,400 and from 1,590 to 1,010; Python function calls
from 112 to 29 and from 66 to 30. The engine before measured 71 and 45 µs (CPU p50) in this benchmark at
12:34 UTC that day: the machine's speed varies about twofold from hour to hour, so compare within a run.
- A line keeps the first entry of each bucket, and the heads of all its buckets in order in a plain list.
  An agent coming free reads each of its queues' heads best first and stops at the first it may take; a
  queue whose first head comes after the best found so far is passed over: of {heads:.0f} heads across an
  agent's queues here, about 4 are checked against its skills. Offering a bucket's head needs no search.
- The buckets, the heads and the pools of free agents are plain lists kept in order with `bisect`, which
  runs in C, instead of `SortedList`, whose every call runs in Python; a bucket that grows past 2,000
  contacts becomes a `SortedList`, which stays cheap at any size.
- A bucket's requirements (highest tier, skill levels as pairs) are cached per queue, skills are checked in
  plain loops, and the engine remembers, per queue and bucket, which members' tier and skills fit, so an
  arrival passes over a free agent who does not fit with one look-up (forgotten when the queue or a
  member's profile changes).
- Bookkeeping: `RoutingEvent` is no longer a frozen dataclass (which sets each field through
  `object.__setattr__`: three times the cost of building an event, and each command builds two to four),
  an agent's state is derived without building a set, the agent just offered a contact is not matched a
  second time in the same command, the timers of a closed contact are cancelled in one call, an offer
  reuses the bucket its decision found, and enum values come from dicts instead of Python properties.
- Tried and dropped: leaving an offered agent in the pools of its other queues and skipping it when read
  measured no better than taking it out at once.

Where the time goes now (sampling of the timed commands): the interpreter more than the size of the world,
as with 10,000 contacts waiting instead of 100,000 a decision was only about 10% faster. An agent coming
free spends about a third of its time reading heads, a fifth taking the contact out of its line, the rest
in events, timers and state. An arrival spends a quarter taking the offered agent out of the pools of all
its queues (a `bisect` and a delete in each), a fifth choosing in the pool (random-strategy queues look at
every free agent of the lowest penalty: the slow tail), the rest creating the contact, its line entry,
events and timers. In those trials the machine ran about 50 ns of CPU a bytecode. What is left is spread
over many small steps: the next large cut would take fewer objects per command (events, line entries, timer
entries) or fewer pools to leave per offered agent. A full garbage
collection of this heap takes 0.3–0.8 s and lands inside one decision; `gc.freeze()` once the engine is
loaded cut it to 0.13–0.18 s (trial of an earlier session, not applied: that is the service's choice).

| building the world | time |
|---|---|
| {sizes.queues} queues, {sizes.agents:,} agents, all not ready (`set_queue`, `set_agent`, `set_presence`) \
| {built("queues and agents")} |
| {sizes.contacts:,} contacts, one `add_contact` each, nobody free: \
{setup["contacts"].wall / sizes.contacts * 1e6:.0f} µs a contact | {built("contacts")} |
| the escalations then due (`advance`) | {built("escalations")} |
| the whole benchmark: world, both loops, naive samples | {result.seconds:.0f} s |

Run with `make bench` or `python -m bench routing`; seed {SEED}.

- **World.** {sizes.queues} queues, each needing 1–2 of {sizes.skills - sizes.languages} skills at levels
  1–3, with mixed strategies (longest idle, fewest handled, round robin, best skill, random; ring-all is left
  out) and priorities; {ESCALATING_SHARE:.0%} escalate after {ESCALATE_AFTER:.0f} s to tier-2 members at a
  lower level. {sizes.agents:,} agents, each a member of 3–7 queues (a fifth of memberships tier 2,
  penalties 0–3), with the levels of their first queue and of three quarters of the others, one or two of
  {sizes.languages} languages and a few other skills. {sizes.contacts:,} voice contacts wait in
  {sizes.queues - sizes.quiet_queues} queues ({len(waiting):,} at the end, {escalated:,} of them escalated),
  a quarter also needing a language, priorities 0, 1 and 5: {min(buckets.values())}–{max(buckets.values())}
  buckets a queue, {heads:.0f} bucket heads across an agent's queues on average.
- **An agent comes free**: a random agent of those queues ends its wrap-up or becomes ready ({by_kind}).
  Untimed, it accepts and completes the offer and stays in wrap-up, and a new contact arrives for the one
  taken, so the line keeps its size and every other agent stays busy or not ready.
  {result.agents.nothing:,} found nothing they could take and went back to not-ready. A contact arriving in
  those queues, where nobody is free, only joins the line: p50 {enqueue.p50_us:,.0f} µs, p99
  {enqueue.p99_us:,.0f} µs.
- **A contact arrives.** With {sizes.contacts:,} waiting, an agent who can take one of them never stays
  free, so arrivals find free agents only in queues without a backlog: the other {sizes.quiet_queues}
  queues, whose {sizes.quiet_agents:,} agents are kept {sizes.quiet_free_share:.0%} free (after each offer,
  untimed, the agent longest in wrap-up comes free). {result.arrivals.nothing:,} arrivals found no free agent
  with the skills and waited.
- **Naive matcher**: per queue, a plain dict of its waiting contacts, and its members; it scans them all
  and only picks, changing nothing, while the engine's time is the whole command (state change, offer,
  events), so the speed-up flatters it. It ran on one measured decision in {sizes.naive_every}, just before
  the engine's call on the same state, and picked what the engine picked in {agreed:,} of {checked:,}
  (random-strategy queues not compared).
- Each loop, untimed work included: {sizes.warmup + sizes.agent_decisions:,} agent cycles in
  {result.agents.watch.wall:.1f} s, {sizes.warmup + sizes.arrival_decisions:,} arrival cycles in
  {result.arrivals.watch.wall:.1f} s; the first {sizes.warmup:,} of each are not measured.
"""


def main() -> None:
    result = run(FULL)
    body = render(result)
    write_section("Routing: decisions with 100,000 waiting", body)
    print(body)


if __name__ == "__main__":
    main()
