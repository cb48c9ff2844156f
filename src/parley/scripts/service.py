"""Use cases of scripts: drafts, validation, publishing versions, diff, roll back, export."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from parley.etiquette.catalog import Catalog
from parley.platform.clock import Clock
from parley.scripts import rehearsal, store
from parley.scripts.diagnostics import Diagnostic, has_errors
from parley.scripts.diff import ScriptDiff, diff_scripts
from parley.scripts.errors import (
    DraftConflict,
    DraftHasErrors,
    NoSuchVersion,
    NothingToPublish,
    ScriptExists,
    ScriptInvalid,
    ScriptTooLong,
    ScriptUnreadable,
    SlugChanged,
)
from parley.scripts.fileformat import load_script
from parley.scripts.library import NoSuchScript
from parley.scripts.model import Script
from parley.scripts.runtime import RunState, StepView
from parley.scripts.tables import ScriptRow, ScriptVersionRow
from parley.scripts.validate import customer_fields_named, validate_text

MAX_SOURCE_CHARS = 2_000_000


@dataclass
class Checked:
    script: Script | None
    diagnostics: list[Diagnostic]


def to_yaml(source: str) -> str:
    """Exports are YAML: a YAML source is kept as written (comments and all); JSON is converted."""
    if not source.lstrip().startswith("{"):
        return source
    return yaml.safe_dump(json.loads(source), sort_keys=False, allow_unicode=True, width=110)


#: The customers' custom fields defined in the database, which `{{ customer.<name> }}` may name. The desk
#: defines them (scripts know no desk): whoever builds `Scripts` (app.py, the command line) gives the reader.
CustomerFields = Callable[[AsyncSession], Awaitable[Collection[str]]]


class Scripts:
    def __init__(
        self, clock: Clock, catalog: Catalog | None = None, *, customer_fields: CustomerFields
    ) -> None:
        self.clock = clock
        self.catalog = catalog  # None: the built-in etiquette catalog
        self.customer_fields = customer_fields

    async def resolver(self, db: AsyncSession) -> dict[str, Script]:
        """Published scripts by slug, for sub-script checks."""
        found: dict[str, Script] = {}
        for row in await store.scripts(db, published_only=True):
            version = await store.version(db, row.id, row.published_version or 0)
            loaded = load_script(version.source).script if version else None
            if loaded is not None:
                found[row.slug] = loaded
        return found

    async def check(self, db: AsyncSession, source: str, own: Script | None = None) -> Checked:
        if len(source) > MAX_SOURCE_CHARS:
            raise ScriptTooLong(
                f"the script is longer than {MAX_SOURCE_CHARS} characters", max=MAX_SOURCE_CHARS
            )
        published = await self.resolver(db)
        script, diagnostics = validate_text(
            source,
            resolve=lambda slug: own if own and own.slug == slug else published.get(slug),
            catalog=self.catalog,
            customer_fields=await self.customer_fields(db),
        )
        return Checked(script, diagnostics)

    async def using_customer_field(self, db: AsyncSession, name: str) -> list[str]:
        """The slugs of the scripts whose draft or published version names `{{ customer.<name> }}`."""
        found: list[str] = []
        for row in await store.scripts(db):
            sources = [row.draft_source]
            if row.published_version is not None:
                version = await store.version(db, row.id, row.published_version)
                sources += [version.source] if version is not None else []
            for source in sources:
                loaded = load_script(source).script
                if loaded is not None and name in customer_fields_named(loaded):
                    found.append(row.slug)
                    break
        return found

    def _loadable(self, checked: Checked) -> Script:
        if checked.script is None or not checked.script.slug:
            first = checked.diagnostics[0] if checked.diagnostics else None
            detail = f"line {first.line}: {first.message}" if first else "the script has no slug"
            raise ScriptUnreadable(detail, diagnostics=[d.as_dict() for d in checked.diagnostics])
        return checked.script

    async def get(self, db: AsyncSession, slug: str, *, lock: bool = False) -> ScriptRow:
        row = await store.script_by_slug(db, slug, lock=lock)
        if row is None or row.archived:
            raise NoSuchScript(f"no script {slug!r}", script=slug)
        return row

    async def list(self, db: AsyncSession, *, published_only: bool = False) -> Sequence[ScriptRow]:
        return await store.scripts(db, published_only=published_only)

    async def create(self, db: AsyncSession, source: str, actor: str) -> tuple[ScriptRow, Checked]:
        checked = await self.check(db, source)
        script = self._loadable(checked)
        if await store.script_by_slug(db, script.slug) is not None:
            raise ScriptExists(f"a script {script.slug!r} exists already", field="slug", slug=script.slug)
        now = self.clock()
        row = ScriptRow(
            slug=script.slug,
            name=script.name,
            language=script.language,
            direction=script.direction,
            draft_source=source,
            draft_revision=1,
            draft_updated_at=now,
            draft_updated_by=actor,
            archived=False,
            created_at=now,
            created_by=actor,
        )
        db.add(row)
        await db.flush()
        return row, checked

    async def update(
        self, db: AsyncSession, slug: str, source: str, revision: int, actor: str
    ) -> tuple[ScriptRow, Checked]:
        row = await self.get(db, slug, lock=True)
        if revision != row.draft_revision:
            raise DraftConflict(
                f"{row.draft_updated_by} saved this draft at {row.draft_updated_at.isoformat()} "
                f"(revision {row.draft_revision}); reload it before saving",
                current_revision=row.draft_revision,
                updated_by=row.draft_updated_by,
                current_source=row.draft_source,
            )
        checked = await self.check(db, source)
        script = self._loadable(checked)
        if script.slug != slug:
            raise SlugChanged(
                f"the slug cannot change (draft {slug!r}, source {script.slug!r})",
                field="slug",
                slug=slug,
                new_slug=script.slug,
            )
        row.draft_source, row.draft_revision = source, row.draft_revision + 1
        row.draft_updated_at, row.draft_updated_by = self.clock(), actor
        row.name, row.language, row.direction = script.name, script.language, script.direction
        return row, checked

    async def delete(self, db: AsyncSession, slug: str) -> None:
        """A never-published script is removed; a published one is archived (its runs keep their history)."""
        row = await self.get(db, slug, lock=True)
        if row.published_version is None and await store.count_runs(db, slug) == 0:
            await db.delete(row)
        else:
            row.archived = True

    async def publish(self, db: AsyncSession, slug: str, note: str, actor: str) -> ScriptVersionRow:
        row = await self.get(db, slug, lock=True)
        checked = await self.check(db, row.draft_source)
        if checked.script is None or has_errors(checked.diagnostics):
            errors = [d for d in checked.diagnostics if d.severity == "error"]
            raise ScriptInvalid(
                f"{len(errors)} error(s) block publishing; first: line {errors[0].line}: {errors[0].message}"
                if errors
                else "the script cannot be read",
                diagnostics=[d.as_dict() for d in errors],
                count=len(errors),
            )
        number = await store.latest_version_number(db, row.id)
        if number:
            latest = await store.version(db, row.id, number)
            if latest is not None and latest.source == row.draft_source:
                raise NothingToPublish(f"the draft is the same as version {number}", version=number)
        version = ScriptVersionRow(
            script_id=row.id,
            number=number + 1,
            name=checked.script.name,
            source=row.draft_source,
            note=note,
            author=actor,
            published_at=self.clock(),
        )
        db.add(version)
        row.published_version = number + 1
        await db.flush()
        return version

    async def versions(self, db: AsyncSession, slug: str) -> Sequence[ScriptVersionRow]:
        return await store.versions(db, (await self.get(db, slug)).id)

    async def version(self, db: AsyncSession, slug: str, number: int) -> ScriptVersionRow:
        found = await store.version(db, (await self.get(db, slug)).id, number)
        if found is None:
            raise NoSuchVersion(f"script {slug!r} has no version {number}", script=slug, version=number)
        return found

    async def changed_since_publish(self, db: AsyncSession, row: ScriptRow) -> bool:
        """Whether the draft differs from the published version (always, when nothing is published)."""
        if row.published_version is None:
            return True
        published = await store.version(db, row.id, row.published_version)
        return published is None or published.source != row.draft_source

    async def rehearse(
        self,
        db: AsyncSession,
        source: str,
        action: rehearsal.Action,
        *,
        context: Mapping[str, Any],
        state: Mapping[str, Any] | None = None,
        answer: str | None = None,
        at: str | None = None,
    ) -> tuple[RunState, StepView]:
        """Walk a draft as the operator will, against the published scripts; nothing is stored (the client
        keeps the state and sends it back with each action). Refused while the draft has errors."""
        checked = await self.check(db, source)
        if checked.script is None or has_errors(checked.diagnostics):
            first = next((d for d in checked.diagnostics if d.severity == "error"), None)
            raise DraftHasErrors(
                f"fix the errors first (line {first.line}: {first.message})"
                if first
                else "the draft cannot be read",
                diagnostics=[first.as_dict()] if first else [],
            )
        return rehearsal.rehearse(
            checked.script,
            await self.resolver(db),
            self.clock,
            action,
            context=context,
            state=state,
            answer=answer,
            at=at,
        )

    async def source(self, db: AsyncSession, slug: str, number: int | None) -> str:
        """The draft's source (number None) or a version's."""
        if number is None:
            return (await self.get(db, slug)).draft_source
        return (await self.version(db, slug, number)).source

    async def diff(self, db: AsyncSession, slug: str, before: int | None, after: int | None) -> ScriptDiff:
        """Versions by number; None means the current draft."""
        scripts = []
        for number in (before, after):
            loaded = load_script(await self.source(db, slug, number)).script
            if loaded is None:
                raise ScriptUnreadable(
                    f"{'the draft' if number is None else f'version {number}'} cannot be read"
                )
            scripts.append(loaded)
        return diff_scripts(scripts[0], scripts[1])

    async def restore(
        self, db: AsyncSession, slug: str, number: int, note: str, actor: str, publish: bool
    ) -> tuple[ScriptRow, ScriptVersionRow | None]:
        """Roll back: the old version becomes the draft and (by default) is published again as new."""
        old = await self.version(db, slug, number)
        row = await self.get(db, slug, lock=True)
        row.draft_source, row.draft_revision = old.source, row.draft_revision + 1
        row.draft_updated_at, row.draft_updated_by = self.clock(), actor
        if not publish:
            return row, None
        return row, await self.publish(db, slug, note or f"restored version {number}", actor)
