"""Queries of the scripts slice."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.scripts.tables import ScriptRow, ScriptRunRow, ScriptVersionRow


async def script_by_slug(db: AsyncSession, slug: str, *, lock: bool = False) -> ScriptRow | None:
    query = select(ScriptRow).where(ScriptRow.slug == slug)
    if lock:
        query = query.with_for_update()
    return (await db.execute(query)).scalar_one_or_none()


async def scripts(db: AsyncSession, *, published_only: bool = False) -> Sequence[ScriptRow]:
    query = select(ScriptRow).where(ScriptRow.archived.is_(False)).order_by(ScriptRow.name)
    if published_only:
        query = query.where(ScriptRow.published_version.is_not(None))
    return (await db.execute(query)).scalars().all()


async def languages(db: AsyncSession, slugs: Collection[str]) -> dict[str, str]:
    """The language each of these scripts declares (its draft's), by slug; unknown slugs are left out."""
    if not slugs:
        return {}
    query = select(ScriptRow.slug, ScriptRow.language).where(ScriptRow.slug.in_(list(slugs)))
    return {row.slug: row.language for row in await db.execute(query)}


async def version(db: AsyncSession, script_id: int, number: int) -> ScriptVersionRow | None:
    query = select(ScriptVersionRow).where(
        ScriptVersionRow.script_id == script_id, ScriptVersionRow.number == number
    )
    return (await db.execute(query)).scalar_one_or_none()


async def versions(db: AsyncSession, script_id: int) -> Sequence[ScriptVersionRow]:
    query = select(ScriptVersionRow).where(ScriptVersionRow.script_id == script_id)
    return (await db.execute(query.order_by(ScriptVersionRow.number.desc()))).scalars().all()


async def latest_version_number(db: AsyncSession, script_id: int) -> int:
    query = select(func.max(ScriptVersionRow.number)).where(ScriptVersionRow.script_id == script_id)
    return int((await db.execute(query)).scalar_one() or 0)


async def count_runs(db: AsyncSession, slug: str) -> int:
    query = select(func.count()).select_from(ScriptRunRow).where(ScriptRunRow.script_slug == slug)
    return int((await db.execute(query)).scalar_one())


async def run(db: AsyncSession, run_id: str, *, lock: bool = False) -> ScriptRunRow | None:
    query = select(ScriptRunRow).where(ScriptRunRow.id == run_id)
    if lock:
        query = query.with_for_update()
    return (await db.execute(query)).scalar_one_or_none()


# Built once: a script answer opens its run every time, and building the statement cost more than running it.
_RUN_WITH_SCRIPT = (
    select(ScriptRunRow, ScriptRow)
    .outerjoin(ScriptRow, ScriptRow.slug == ScriptRunRow.script_slug)
    .where(ScriptRunRow.id == bindparam("run_id"))
)
_RUN_WITH_SCRIPT_LOCKED = _RUN_WITH_SCRIPT.with_for_update(of=ScriptRunRow)


async def run_with_script(
    db: AsyncSession, run_id: str, *, lock: bool = False
) -> tuple[ScriptRunRow, ScriptRow | None] | None:
    """A run and its script's row in one round trip (opening a run needs both); `lock` locks the run."""
    query = _RUN_WITH_SCRIPT_LOCKED if lock else _RUN_WITH_SCRIPT
    found = (await db.execute(query, {"run_id": run_id})).one_or_none()
    return (found[0], found[1]) if found is not None else None
