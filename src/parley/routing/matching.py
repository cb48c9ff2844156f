"""Matching: which waiting contact a free agent gets and which free agent an arriving contact gets, by
the queue's strategy, fairly across queues that share agents. Pure; the hot path of routing."""

from __future__ import annotations

from typing import Any

from parley.routing.core import Requirement
from parley.routing.flow import Flow
from parley.routing.model import (
    AgentProfile,
    Channel,
    ContactState,
    Presence,
    QueueConfig,
    Strategy,
)
from parley.routing.pools import BucketKey
from parley.routing.state import OFFERED, Agent, Contact


class Matching(Flow):
    def _settle(self) -> None:
        """Match until no waiting contact and free agent who fit remain: contacts in line order first."""
        pending_contacts, pending_agents = self._pending_contacts, self._pending_agents
        while pending_contacts or pending_agents:
            if pending_contacts:
                contacts = [self.contacts[c] for c in pending_contacts if c in self.contacts]
                pending_contacts.clear()
                if len(contacts) > 1:
                    contacts.sort(key=_line_order)
                for contact in contacts:
                    if contact.state is ContactState.WAITING:
                        self._match_contact(contact)
            if pending_agents:
                agents = [self.agents[a] for a in pending_agents if a in self.agents]
                pending_agents.clear()
                if len(agents) > 1:
                    agents.sort(key=_agent_seq)
                for agent in agents:
                    self._match_agent(agent)

    def _match_contact(self, contact: Contact) -> None:
        queue = self.queues[contact.queue_id]
        pool = self.pools[queue.id]
        if not pool:
            return
        bucket = self._bucket_of(contact)
        max_tier, needed = self._requirement(queue, bucket)
        units = self.units[contact.channel]
        members, agents = self.members[queue.id], self.agents
        fits = self._fits[queue.id].get(bucket)
        if fits is None:
            fits = self._fits[queue.id][bucket] = {}
        strategy = queue.strategy
        randomly = strategy is Strategy.RANDOM
        several = randomly or strategy is Strategy.RING_ALL
        chosen: list[Agent] = []
        lowest_penalty = 0
        for agent_id in pool.in_order():
            if chosen and randomly and members[agent_id][1] > lowest_penalty:
                break
            fit = fits.get(agent_id)
            if fit is None:
                fit = fits[agent_id] = members[agent_id][0] <= max_tier and _has_skills(
                    agents[agent_id], needed
                )
            if not fit:
                continue
            agent = agents[agent_id]
            if agent.profile.capacity - agent.used < units:
                continue
            if not chosen:
                lowest_penalty = members[agent_id][1]
            chosen.append(agent)
            if not several:
                break
        if strategy is Strategy.RANDOM and chosen:
            # A fresh draw for every contact: a key drawn once when the agent entered the pool would
            # keep losing agents behind the ones that just came back with a new draw.
            chosen = [self._random.choice(chosen)]
        if chosen:
            self._offer(contact, chosen, bucket)
            for agent in chosen:
                self._unpool(agent)

    def _match_agent(self, agent: Agent) -> None:
        """An agent's state changed: take the best contact it may have, or (re)enter the pools."""
        self._unpool(agent)
        self._update_state(agent)
        if not self._available(agent):
            return
        best: tuple[int, float, int, str] | None = None
        best_bucket: BucketKey | None = None
        profile = agent.profile
        free = profile.capacity - agent.used
        skills = profile.skills
        units, lines, requirements = self.units, self.lines, self._requirements
        for membership in profile.memberships:
            queue_id = membership.queue_id
            heads = lines[queue_id].heads
            if not heads or (best is not None and heads[0][0] >= best):
                continue
            known = requirements[queue_id]
            tier = membership.tier
            for entry, bucket in heads:
                if best is not None and entry >= best:
                    break  # heads come best first: nothing further in this line beats the best so far
                if units[bucket[2]] > free:  # type: ignore[index]  # a StrEnum key is found by its value
                    continue
                requirement = known.get(bucket) or self._requirement(self.queues[queue_id], bucket)
                if tier > requirement[0]:
                    continue
                for name, level in requirement[1]:
                    if skills.get(name, 0) < level:
                        break
                else:
                    best, best_bucket = entry, bucket
                    break
        if best is not None:
            contact = self.contacts[best[3]]
            if self.queues[contact.queue_id].strategy is Strategy.RING_ALL:
                self._pool(agent, free)
                self._match_contact(contact)  # ring everyone free, this agent included
                self._update_state(agent)
                return
            self._offer(contact, [agent], best_bucket)
            self._update_state(agent)
            # Offered, so not available: matching it again (as the offer marked it to be) would change
            # nothing; nothing else touches this agent before that would happen.
            self._pending_agents.discard(agent.id)
            return
        ringing = self._ringing_for(agent, free)
        if ringing is not None:
            self._ring(ringing, agent)
            self._update_state(agent)
            return
        self._pool(agent, free)

    def _ringing_for(self, agent: Agent, free: int) -> Contact | None:
        """The oldest ring-all contact that started ringing at this very moment and this agent may take.

        A ring-all contact rings every eligible agent free when it starts, also those freed at the same
        moment but matched after it (an accept frees the other ringers at once, pauses end together, a
        restart frees everyone). An agent free later waits for the next ring: a short ring would count
        as a missed offer."""
        started, ids = self._ring_started
        if started != self.now:
            return None
        tiers = {
            m.queue_id: m.tier
            for m in agent.profile.memberships
            if self.queues[m.queue_id].strategy is Strategy.RING_ALL
        }
        if not tiers:
            return None
        best: Contact | None = None
        for contact_id in ids:
            contact = self.contacts.get(contact_id)
            if contact is None or (
                contact.state is not ContactState.OFFERED
                or contact.queue_id not in tiers
                or self.units[contact.channel] > free
                or (best is not None and contact.order >= best.order)
            ):
                continue
            queue = self.queues[contact.queue_id]
            if contact.offer_expires != self.now + queue.offer_timeout_seconds:
                continue  # it started ringing before now
            max_tier, skills = self._requirement(queue, self._bucket_of(contact))
            if tiers[contact.queue_id] <= max_tier and _has_skills(agent, skills):
                best = contact
        return best

    def _pool(self, agent: Agent, free: int) -> None:
        for membership in agent.profile.memberships:
            queue = self.queues[membership.queue_id]
            if min(self.units[c] for c in queue.channels) <= free:
                self.pools[queue.id].add(agent.id, self._pool_key(agent, queue, membership.penalty))
                agent.pooled.add(queue.id)

    def _available(self, agent: Agent) -> bool:
        return (
            agent.presence is Presence.READY
            and self.now >= agent.paused_until
            and OFFERED not in agent.work.values()
            and agent.used < agent.profile.capacity
        )

    def _pool_key(self, agent: Agent, queue: QueueConfig, penalty: int) -> tuple[Any, ...]:
        strategy = queue.strategy
        if strategy is Strategy.FEWEST_HANDLED:
            handled = agent.handled_today if agent.handled_day == self._day(self.now) else 0
            return (penalty, handled, agent.idle_since, agent.seq)
        if strategy is Strategy.ROUND_ROBIN:
            return (penalty, self._rr[queue.id].get(agent.id, 0), agent.seq)
        if strategy is Strategy.BEST_SKILL:
            score = sum(agent.profile.skills.get(skill, 0) for skill in queue.skills)
            return (penalty, -score, agent.idle_since, agent.seq)
        if strategy is Strategy.RANDOM:
            return (penalty, self._random.random(), agent.seq)
        return (penalty, agent.idle_since, agent.seq)

    def _requirement(self, queue: QueueConfig, bucket: BucketKey) -> Requirement:
        """The highest member tier and the skills a contact of this bucket needs at its escalation stage."""
        known = self._requirements[queue.id]
        found = known.get(bucket)
        if found is None:
            stage, extra, _ = bucket
            skills = {**queue.skills, **dict(extra)}
            max_tier = 1
            for step in queue.escalations[:stage]:
                max_tier = step.max_tier if step.max_tier is not None else max_tier
                skills.update(step.skills)
            found = known[bucket] = (max_tier, tuple((k, v) for k, v in skills.items() if v > 0))
        return found

    def _slots(self, queue_id: str, channel: Channel) -> float:
        """Concurrent contacts of this channel that the queue's staffed agents can take."""
        units = self.units[channel]
        slots = 0
        for agent_id in self.members[queue_id]:
            agent = self.agents[agent_id]
            if agent.presence is Presence.READY or (agent.presence is not Presence.OFFLINE and agent.work):
                slots += agent.profile.capacity // units
        return float(slots)

    def _forget_fits(self, profile: AgentProfile) -> None:
        """The agent's skills or tiers change: what was known of who fits its queues' contacts is stale."""
        for membership in profile.memberships:
            if membership.queue_id in self._fits:
                self._fits[membership.queue_id] = {}

    def _tick(self, now: float) -> None:
        if now > self.now:  # time never goes back
            days = self.days
            day = days.day(self.now)
            self.now = now
            if days.day(now) != day:
                self._new_day()

    def _new_day(self) -> None:
        """Fewest-handled counts today's contacts: re-rank the agents waiting in those pools at midnight."""
        for queue in self.queues.values():
            if queue.strategy is Strategy.FEWEST_HANDLED:
                pool, members = self.pools[queue.id], self.members[queue.id]
                for agent_id in list(pool.in_order()):
                    pool.add(agent_id, self._pool_key(self.agents[agent_id], queue, members[agent_id][1]))


def _has_skills(agent: Agent, needed: tuple[tuple[str, int], ...]) -> bool:
    skills = agent.profile.skills
    for name, level in needed:  # noqa: SIM110 - a plain loop: all() of a generator costs twice as much here
        if skills.get(name, 0) < level:
            return False
    return True


def _line_order(contact: Contact) -> tuple[int, float, int, str]:
    return contact.order


def _agent_seq(agent: Agent) -> int:
    return agent.seq


__all__ = ["Matching"]
