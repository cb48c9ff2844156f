"""A discrete-event simulation of one queue that drives the real routing engine on a virtual clock.

Contacts arrive as a Poisson process, are routed by `parley.routing.engine.Engine` (the same code that routes
live contacts), are answered the moment an agent is offered them, talk for an exponential or log-normal handle
time, and, when a mean patience is given, hang up after an exponential patience if nobody answered first.
The figures it measures are the ones Erlang C / Erlang A predict, so the two can be put side by side; the
wait estimate each contact hears on arrival (`Engine.position`) is compared with the wait it then had.

Definitions (docs/simulator.md): only contacts arriving in the measured window [warm-up, end) count. Arrivals
stop at the end, and the run goes on until every counted contact has been answered or has hung up, so no long
wait is left out.

- service_level: answered within `target_seconds` / counted contacts (answered + abandoned). A contact that
  hangs up counts as not answered in time, whenever it hangs up: Erlang C's P(W <= T) without patience,
  Erlang A's service level with it.
- asa: mean wait of the answered counted contacts, seconds.
- abandon_rate: abandoned / counted contacts.
- occupancy: busy agent-seconds inside the window / (agents × window length).
- ewt_mae: mean |estimated wait at arrival − actual wait| over answered counted contacts, seconds (a contact
  answered at once heard 0 s). ewt_mae_queued: the same over those that had to queue.

Pure: standard library and the routing package only. Deterministic for a given seed.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass
from enum import StrEnum

from parley.routing.engine import Engine
from parley.routing.model import (
    AgentProfile,
    Arrival,
    Channel,
    ContactState,
    Membership,
    Presence,
    QueueConfig,
    Strategy,
)

MAX_AGENTS = 5_000
MAX_CALLS_PER_HOUR = 100_000.0
MAX_HOURS = 10_000.0
MAX_SECONDS = 86_400.0
#: Runs expected to simulate more contacts than this are refused unless the caller raises the limit
#: (`max_contacts`, `parley simulate --max-contacts`): one of about five million took 465 s and 2.35 GB.
MAX_CONTACTS = 1_000_000
MAX_HANDLE_CV = 10.0
#: Warm-up: the first 5 % of the run, at most an hour, is simulated but not counted.
WARMUP_FRACTION = 0.05
WARMUP_MAX_SECONDS = 3_600.0

_QUEUE = "sim"
#: Offers and talks never time out in the simulation (agents answer at once, talks end by themselves).
_NEVER = 1e12
_ARRIVAL, _END, _ABANDON = 0, 1, 2


class HandleDistribution(StrEnum):
    EXPONENTIAL = "exponential"
    LOGNORMAL = "lognormal"


class SimulationInputError(ValueError):
    """An input out of range; `field` names the parameter (agents, calls_per_hour, aht, ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class TooManyContacts(SimulationInputError):
    """The run would simulate more contacts than the limit; the message says which inputs to lower."""

    def __init__(self, estimate: float, limit: int, calls_per_hour: float, hours: float) -> None:
        super().__init__(
            "max_contacts",
            f"this run would simulate about {estimate:,.0f} contacts ({calls_per_hour:g} calls per hour for "
            f"{hours:g} hours), more than the limit of {limit:,}; ask for fewer with a lower --hours or "
            f"--calls-per-hour, or raise the limit with --max-contacts",
        )
        self.estimate = estimate
        self.limit = limit


def expected_contacts(calls_per_hour: float, hours: float) -> float:
    """The contacts a run is expected to create: the arrival rate times the simulated hours."""
    return calls_per_hour * hours


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """What one run measured; fractions in 0..1, durations in seconds. None: no counted contact to measure."""

    contacts: int  # counted arrivals (those in the measured window)
    answered: int
    abandoned: int
    service_level: float | None
    asa: float | None
    abandon_rate: float | None
    occupancy: float
    ewt_mae: float | None  # over answered counted contacts
    ewt_mae_queued: float | None  # over answered counted contacts that had to queue
    ewt_bias_queued: float | None  # mean (estimate − actual) over the same: > 0 means the estimate was long
    mean_wait_queued: float | None  # mean actual wait of those, for scale
    queued: int  # answered counted contacts that had to queue
    arrivals: int  # all arrivals, warm-up included
    warmup_seconds: float
    measured_seconds: float
    realized_calls_per_hour: float  # counted arrivals per measured hour: the input, as it came out
    realized_aht: float | None  # mean handle time drawn for the counted contacts


def lognormal_parameters(mean: float, cv: float) -> tuple[float, float]:
    """(mu, sigma) of a log-normal with this mean and coefficient of variation (sd / mean)."""
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def input_streams(seed: int) -> tuple[random.Random, random.Random, random.Random]:
    """The random streams of a run: inter-arrival times, handle times, patiences, drawn in arrival order.

    One stream per source, so that e.g. adding patience or changing the strategy leaves the arrivals and
    handle times unchanged (common random numbers when comparing runs)."""
    return (
        random.Random(f"{seed}/arrivals"),  # noqa: S311 - simulation, not secrecy
        random.Random(f"{seed}/handle"),  # noqa: S311
        random.Random(f"{seed}/patience"),  # noqa: S311
    )


def validate(
    agents: int,
    calls_per_hour: float,
    aht: float,
    *,
    patience: float | None = None,
    hours: float = 8.0,
    target_seconds: float = 20.0,
    handle_cv: float = 1.0,
    max_contacts: int = MAX_CONTACTS,
) -> None:
    """Raise SimulationInputError naming the first parameter out of range, or TooManyContacts when the run
    is expected to create more than `max_contacts` contacts."""
    if not 1 <= agents <= MAX_AGENTS:
        raise SimulationInputError("agents", f"agents must be between 1 and {MAX_AGENTS}, got {agents}")
    _positive("calls_per_hour", "calls per hour", calls_per_hour, MAX_CALLS_PER_HOUR)
    _positive("aht", "the average handle time (s)", aht, MAX_SECONDS)
    if patience is not None:
        _positive("patience", "the mean patience (s)", patience, MAX_SECONDS)
    _positive("hours", "the simulated hours", hours, MAX_HOURS)
    if not (math.isfinite(target_seconds) and 0.0 <= target_seconds <= MAX_SECONDS):
        raise SimulationInputError(
            "target_seconds",
            f"the target time (s) must be at least 0 and at most {MAX_SECONDS:g}, got {target_seconds:g}",
        )
    _positive("handle_cv", "the handle-time coefficient of variation", handle_cv, MAX_HANDLE_CV)
    if max_contacts < 1:
        raise SimulationInputError(
            "max_contacts", f"the contact limit must be at least 1, got {max_contacts}"
        )
    estimate = expected_contacts(calls_per_hour, hours)
    if estimate > max_contacts:
        raise TooManyContacts(estimate, max_contacts, calls_per_hour, hours)


def _positive(field: str, label: str, value: float, high: float) -> None:
    if not (math.isfinite(value) and 0.0 < value <= high):
        raise SimulationInputError(field, f"{label} must be more than 0 and at most {high:g}, got {value:g}")


def simulate(
    agents: int,
    calls_per_hour: float,
    aht: float,
    *,
    patience: float | None = None,
    hours: float = 8.0,
    seed: int = 1,
    strategy: Strategy = Strategy.LONGEST_IDLE,
    target_seconds: float = 20.0,
    handle: HandleDistribution = HandleDistribution.EXPONENTIAL,
    handle_cv: float = 1.0,
    warmup_seconds: float | None = None,
    max_contacts: int = MAX_CONTACTS,
) -> SimulationResult:
    """Simulate `hours` of one queue served by `agents` agents; see the module docstring for the figures.

    `handle_cv` is the coefficient of variation of log-normal handle times (exponential ones have 1).
    `warmup_seconds` defaults to 5 % of the run, at most an hour. Raises SimulationInputError on bad input,
    TooManyContacts before any work when more than `max_contacts` contacts are expected.
    """
    validate(
        agents,
        calls_per_hour,
        aht,
        patience=patience,
        hours=hours,
        target_seconds=target_seconds,
        handle_cv=handle_cv,
        max_contacts=max_contacts,
    )
    horizon = hours * 3600.0
    warmup = min(WARMUP_MAX_SECONDS, WARMUP_FRACTION * horizon) if warmup_seconds is None else warmup_seconds
    if not (math.isfinite(warmup) and 0.0 <= warmup < horizon):
        raise SimulationInputError(
            "warmup_seconds", "the warm-up must be at least 0 and shorter than the run"
        )
    return _Run(
        agents,
        calls_per_hour,
        aht,
        patience,
        horizon,
        warmup,
        seed,
        strategy,
        target_seconds,
        handle,
        handle_cv,
    ).run()


@dataclass(slots=True)
class _Waiting:
    """A contact not answered yet: what the run needs to know when it is answered or hangs up."""

    arrived_at: float
    handle: float
    estimate: float | None  # the expected wait it heard on arrival
    queued: bool  # it had to queue (nobody was free on arrival)


class _Run:
    """One simulation: the engine, the external event heap and the running totals.

    Memory stays bounded by the contacts in the system, not by the length of the run."""

    def __init__(
        self,
        agents: int,
        calls_per_hour: float,
        aht: float,
        patience: float | None,
        horizon: float,
        warmup: float,
        seed: int,
        strategy: Strategy,
        target: float,
        handle: HandleDistribution,
        handle_cv: float,
    ) -> None:
        self.agents = agents
        self.rate = calls_per_hour / 3600.0
        self.aht = aht
        self.patience = patience
        self.horizon = horizon
        self.warmup = warmup
        self.target = target
        self.lognormal = (
            lognormal_parameters(aht, handle_cv) if handle is HandleDistribution.LOGNORMAL else None
        )
        self.arrival_random, self.handle_random, self.patience_random = input_streams(seed)
        self.engine = Engine(seed=seed, reoffer_pause=0.0)
        self.engine.set_queue(
            QueueConfig(
                id=_QUEUE,
                name="simulated queue",
                strategy=strategy,
                sl_seconds=target,
                wrap_up_seconds=0.0,
                offer_timeout_seconds=_NEVER,
                max_handle_seconds=_NEVER,
                default_aht_seconds=aht,
            ),
            0.0,
        )
        for n in range(agents):
            agent_id = f"a{n}"
            self.engine.set_agent(AgentProfile(agent_id, memberships=(Membership(_QUEUE),)), 0.0)
            self.engine.set_presence(agent_id, Presence.READY, 0.0)
        self.engine.drain()
        self.events: list[tuple[float, int, int]] = []  # (time, kind, contact number): numbers are unique
        self.waiting: dict[int, _Waiting] = {}
        self.arrivals = 0
        self.arrivals_done = False
        # Totals over counted contacts (those arriving in the measured window).
        self.counted = self.answered = self.abandoned = self.in_target = self.queued = self.ewt_samples = 0
        self.wait_total = self.busy = self.handle_total = 0.0
        self.ewt_error_total = self.ewt_error_queued = self.ewt_signed_queued = self.wait_queued = 0.0

    # ------------------------------------------------------------------ the loop

    def run(self) -> SimulationResult:
        self._schedule_arrival(0.0)
        engine, events = self.engine, self.events
        while events and not (self.arrivals_done and not self.waiting):
            at = events[0][0]
            due = engine.next_due()
            if due is not None and due <= at:  # an engine timer first (none fire with this configuration)
                engine.advance(due)
                self._answer_offers()
                continue
            _, kind, number = heapq.heappop(events)
            engine.advance(at)
            if kind == _ARRIVAL:
                self._arrive(number, at)
            elif kind == _END:
                engine.complete(f"c{number}", at)
            elif number in self.waiting:  # _ABANDON, and nobody answered yet
                self._abandon(number, at)
            self._answer_offers()
        return self._result()

    def _schedule_arrival(self, after: float) -> None:
        at = after + self.arrival_random.expovariate(self.rate)
        if at >= self.horizon:
            self.arrivals_done = True
            return
        heapq.heappush(self.events, (at, _ARRIVAL, self.arrivals))
        self.arrivals += 1

    def _arrive(self, number: int, at: float) -> None:
        contact_id = f"c{number}"
        if self.lognormal is None:
            handle = self.handle_random.expovariate(1.0 / self.aht)
        else:
            handle = self.handle_random.lognormvariate(*self.lognormal)
        if at >= self.warmup:
            self.counted += 1
            self.handle_total += handle
        self.engine.add_contact(Arrival(contact_id, Channel.VOICE, _QUEUE), at)
        place, estimate = self.engine.position(contact_id)  # what the customer would be told now
        self.waiting[number] = _Waiting(at, handle, estimate, place is not None)
        if self.patience is not None:
            gives_up = at + self.patience_random.expovariate(1.0 / self.patience)
            heapq.heappush(self.events, (gives_up, _ABANDON, number))
        self._schedule_arrival(at)

    def _answer_offers(self) -> None:
        """Every agent offered a contact accepts it at once (and ring-all's first offer wins)."""
        engine = self.engine
        while True:
            events = engine.drain().events
            if not events:
                return
            for event in events:
                if event.kind != "offered" or event.contact_id is None or event.agent_id is None:
                    continue
                contact = engine.contacts.get(event.contact_id)
                if contact is None or contact.state is not ContactState.OFFERED:
                    continue  # ring-all: another agent took it already
                if event.agent_id not in contact.offers:
                    continue
                engine.accept(event.contact_id, event.agent_id, event.at)
                self._answered(int(event.contact_id[1:]), event.at)

    def _answered(self, number: int, at: float) -> None:
        contact = self.waiting.pop(number)
        ends = at + contact.handle
        heapq.heappush(self.events, (ends, _END, number))
        self.busy += max(0.0, min(ends, self.horizon) - max(at, self.warmup))
        if contact.arrived_at < self.warmup:
            return
        wait = at - contact.arrived_at
        self.answered += 1
        self.wait_total += wait
        if wait <= self.target:
            self.in_target += 1
        if contact.estimate is None:
            return
        error = contact.estimate - wait
        self.ewt_samples += 1
        self.ewt_error_total += abs(error)
        if contact.queued:
            self.queued += 1
            self.ewt_error_queued += abs(error)
            self.ewt_signed_queued += error
            self.wait_queued += wait

    def _abandon(self, number: int, at: float) -> None:
        contact = self.waiting.pop(number)
        self.engine.abandon(f"c{number}", at)
        if contact.arrived_at >= self.warmup:
            self.abandoned += 1

    def _result(self) -> SimulationResult:
        counted, answered, queued = self.counted, self.answered, self.queued
        measured = self.horizon - self.warmup
        return SimulationResult(
            contacts=counted,
            answered=answered,
            abandoned=self.abandoned,
            service_level=self.in_target / counted if counted else None,
            asa=self.wait_total / answered if answered else None,
            abandon_rate=self.abandoned / counted if counted else None,
            occupancy=self.busy / (self.agents * measured),
            ewt_mae=self.ewt_error_total / self.ewt_samples if self.ewt_samples else None,
            ewt_mae_queued=self.ewt_error_queued / queued if queued else None,
            ewt_bias_queued=self.ewt_signed_queued / queued if queued else None,
            mean_wait_queued=self.wait_queued / queued if queued else None,
            queued=queued,
            arrivals=self.arrivals,
            warmup_seconds=self.warmup,
            measured_seconds=measured,
            realized_calls_per_hour=counted * 3600.0 / measured,
            realized_aht=self.handle_total / counted if counted else None,
        )


__all__ = [
    "HandleDistribution",
    "SimulationInputError",
    "SimulationResult",
    "input_streams",
    "lognormal_parameters",
    "simulate",
    "validate",
]
