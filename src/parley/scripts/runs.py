"""Runs of published scripts, stored so that they resume after a restart; only published versions run."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from parley.platform.clock import Clock
from parley.platform.errors import NotYours
from parley.platform.identity import Role
from parley.scripts import store
from parley.scripts.errors import NoSuchRun, ScriptNotPublished
from parley.scripts.fileformat import load_script
from parley.scripts.library import NoSuchScript
from parley.scripts.model import Script, StepKind
from parley.scripts.runtime import Runner, RunState, ScriptBroken
from parley.scripts.tables import ScriptRow, ScriptRunRow

CACHE_SIZE = 256


#: What an operator does to a run: the runner moves its state (an answer, back, an objection).
Act = Callable[[Runner, RunState], RunState]


def answer(value: str | None) -> Act:
    """Answer the run's step: an option, a field's value, or nothing to go on."""
    return lambda runner, state: runner.answer(state, value)


def back() -> Act:
    """Take the last answer back."""
    return lambda runner, state: runner.back(state)


def objection(label_or_number: str) -> Act:
    """Handle the customer's objection, then come back to the step."""
    return lambda runner, state: runner.objection(state, label_or_number)


class Actor(Protocol):
    """Who starts or opens a run: a signed-in `Principal` is one, and so is an `Operator` a service names
    (the desk starts the queue's script for the agent who answered, with no request of theirs)."""

    @property
    def user_id(self) -> int: ...

    @property
    def role(self) -> Role: ...


@dataclass(frozen=True)
class Operator:
    """An `Actor` named by a service rather than signed in."""

    user_id: int
    role: Role


class VersionCache:
    """Parsed published versions; they are immutable, so a bounded cache by (slug, number) is always right."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, int], Script] = OrderedDict()

    def get(self, key: tuple[str, int]) -> Script | None:
        script = self.items.get(key)
        if script is not None:
            self.items.move_to_end(key)
        return script

    def put(self, key: tuple[str, int], script: Script) -> None:
        self.items[key] = script
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


class LoadedLibrary:
    """The versions one request needs, loaded up front from the database (the runtime itself is sync)."""

    def __init__(self) -> None:
        self.scripts: dict[tuple[str, int], Script] = {}
        self.latest: dict[str, int] = {}

    def get(self, slug: str, version: int | None = None) -> tuple[Script, int]:
        number = version if version is not None else self.latest.get(slug)
        if number is None or (slug, number) not in self.scripts:
            raise NoSuchScript(f"script {slug!r} version {number} is not loaded", script=slug)
        return self.scripts[(slug, number)], number


class Runs:
    def __init__(self, clock: Clock, cache: VersionCache | None = None) -> None:
        self.clock = clock
        self.cache = cache or VersionCache()

    async def _load(
        self,
        db: AsyncSession,
        library: LoadedLibrary,
        slug: str,
        number: int | None,
        depth: int = 0,
        known: Mapping[str, ScriptRow] | None = None,
    ) -> None:
        row = known.get(slug) if known else None
        if row is None:
            row = await store.script_by_slug(db, slug)
        if row is None or row.published_version is None or row.archived:
            raise ScriptNotPublished(f"script {slug!r} has no published version", script=slug)
        number = number or row.published_version
        if (slug, number) in library.scripts:
            return
        library.latest.setdefault(slug, row.published_version)
        script = self.cache.get((slug, number))
        if script is None:
            version = await store.version(db, row.id, number)
            script = load_script(version.source).script if version else None
            if script is None:
                raise ScriptNotPublished(f"script {slug!r} has no readable version {number}", script=slug)
            self.cache.put((slug, number), script)
        library.scripts[(slug, number)] = script
        if depth < 10:
            for step in script.steps.values():
                if step.kind == StepKind.SUBSCRIPT and step.script:
                    await self._load(db, library, step.script, None, depth + 1, known)

    async def _library_for(
        self, db: AsyncSession, state: RunState, known: Mapping[str, ScriptRow] | None = None
    ) -> LoadedLibrary:
        library = LoadedLibrary()
        await self._load(db, library, state.slug, state.version, known=known)
        if (state.at_slug, state.at_version) not in library.scripts:
            await self._load(db, library, state.at_slug, state.at_version, known=known)
        for frame in state.stack:
            await self._load(db, library, frame.slug, frame.version, known=known)
        return library

    async def start(
        self,
        db: AsyncSession,
        actor: Actor,
        slug: str,
        version: int | None,
        context: Mapping[str, object],
    ) -> tuple[ScriptRunRow, Runner, RunState]:
        library = LoadedLibrary()
        await self._load(db, library, slug, version)
        runner = Runner(library, self.clock)
        state = runner.start(slug, context, version=version)
        now = self.clock()
        row = ScriptRunRow(
            id=str(uuid.uuid4()),
            script_slug=slug,
            version=state.version,
            state=state.to_dict(),
            started_by=actor.user_id,
            started_at=now,
            updated_at=now,
        )
        self._sync(row, state)
        db.add(row)
        await db.flush()
        return row, runner, state

    async def open(
        self, db: AsyncSession, actor: Actor, run_id: str, *, lock: bool = False
    ) -> tuple[ScriptRunRow, Runner, RunState]:
        """The run with its script loaded; only its starter (or a supervisor) may open it."""
        found = await store.run_with_script(db, run_id, lock=lock)
        if found is None:
            raise NoSuchRun(f"no run {run_id!r}")
        row, script_row = found
        if row.started_by != actor.user_id and not actor.role.at_least(Role.SUPERVISOR):
            raise NotYours("this run belongs to another operator")
        state = RunState.from_dict(row.state)
        try:
            known = {script_row.slug: script_row} if script_row is not None else None
            runner = Runner(await self._library_for(db, state, known), self.clock)
        except NoSuchScript as missing:
            raise ScriptBroken(missing.detail) from None
        return row, runner, state

    async def act(
        self, db: AsyncSession, actor: Actor, run_id: str, act: Act
    ) -> tuple[ScriptRunRow, Runner, RunState]:
        """Open the run (locked, for its starter or a supervisor), move it by `act` and save it."""
        row, runner, state = await self.open(db, actor, run_id, lock=True)
        state = act(runner, state)
        self.save(row, state)
        return row, runner, state

    async def check_published(self, db: AsyncSession, slug: str) -> None:
        """Refuse a script that cannot run: unknown, never published or archived (`field` names it)."""
        row = await store.script_by_slug(db, slug)
        if row is None or row.published_version is None or row.archived:
            raise ScriptNotPublished(
                f"script {slug!r} does not exist or is not published", field="script", script=slug
            )

    async def languages(self, db: AsyncSession, slugs: Collection[str]) -> dict[str, str]:
        """The language of each of these scripts, by slug."""
        return await store.languages(db, slugs)

    async def outcome_labels(self, db: AsyncSession) -> dict[str, str]:
        """Each outcome of the published scripts with its label (the first script's, by slug, when two
        scripts share an id); parsed versions come from the cache."""
        labels: dict[str, str] = {}
        for row in await store.scripts(db, published_only=True):
            library = LoadedLibrary()
            try:  # depth 10: the script alone, not its sub-scripts (each is listed itself)
                await self._load(db, library, row.slug, None, depth=10, known={row.slug: row})
            except ScriptNotPublished:
                continue  # archived, or a version that cannot be read: no labels from it
            script, _ = library.get(row.slug)
            for outcome in script.outcomes.values():
                labels.setdefault(outcome.id, outcome.label)
        return labels

    def save(self, row: ScriptRunRow, state: RunState) -> None:
        row.state = dict(state.to_dict())
        row.updated_at = self.clock()
        self._sync(row, state)

    def _sync(self, row: ScriptRunRow, state: RunState) -> None:
        if state.finished:
            row.outcome = state.outcome
            row.finished_at = self.clock()
