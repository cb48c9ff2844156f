"""Demo data for `make run`: idempotent, so a second load changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import store as accounts_store
from parley.accounts.service import Accounts
from parley.platform.identity import Role


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


async def load_demo(db: AsyncSession, accounts: Accounts) -> list[str]:
    """Create what is missing; returns what was created."""
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
