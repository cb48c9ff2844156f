"""Demo data for `make run`: idempotent, so a second load changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import store as accounts_store
from parley.accounts.service import Accounts
from parley.platform.identity import Role
from parley.scripts import store as scripts_store
from parley.scripts.diagnostics import has_errors
from parley.scripts.library import EXAMPLES_DIR
from parley.scripts.service import Scripts


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    display_name: str
    language: str = "en"


DEMO_LOGINS = (
    DemoLogin("admin", "admin-parley", Role.ADMIN, "Ada Admin"),
    DemoLogin("supervisor", "supervisor-parley", Role.SUPERVISOR, "Sam Supervisor"),
    DemoLogin("agent", "agent-parley", Role.AGENT, "Alex Agent"),
    DemoLogin("lan", "agent-parley", Role.AGENT, "Nguyễn Thị Lan", "vi"),
)


async def load_demo(db: AsyncSession, accounts: Accounts, scripts: Scripts) -> list[str]:
    """Create what is missing; returns what was created."""
    created = await _demo_users(db, accounts)
    created += await _demo_scripts(db, scripts)
    return created


async def _demo_scripts(db: AsyncSession, scripts: Scripts) -> list[str]:
    """The shipped example scripts, published. Sub-scripts must be published before their callers, so this
    keeps trying the ones left until a round publishes nothing more."""
    created: list[str] = []
    pending = sorted(EXAMPLES_DIR.glob("*.yaml"))
    while pending:
        left = []
        for path in pending:
            source = path.read_text(encoding="utf-8")
            slug = path.stem
            row = await scripts_store.script_by_slug(db, slug)
            if row is not None and row.published_version is not None:
                continue
            if has_errors((await scripts.check(db, source)).diagnostics):
                left.append(path)  # e.g. its sub-script is not published yet
                continue
            if row is None:
                await scripts.create(db, source, "demo")
            await scripts.publish(db, slug, "demo example", "demo")
            created.append(f"script {slug}")
        if len(left) == len(pending):
            break
        pending = left
    return created


async def _demo_users(db: AsyncSession, accounts: Accounts) -> list[str]:
    created = []
    for login in DEMO_LOGINS:
        if await accounts_store.user_by_name(db, login.username) is None:
            await accounts.create_user(
                db,
                "demo",
                username=login.username,
                password=login.password,
                role=login.role,
                display_name=login.display_name,
                language=login.language,
            )
            created.append(f"user {login.username}")
    return created
