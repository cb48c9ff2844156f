"""Demo data for `make run`: idempotent, so a second load changes nothing."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import store as accounts_store
from parley.accounts.service import Accounts
from parley.channels.demo.model import DEMO_CUSTOMERS
from parley.desk.service import Desk
from parley.desk.tables import CustomerFieldRow, CustomerRow, QueueScriptRow
from parley.platform.db import utcnow
from parley.platform.identity import Role
from parley.routing.model import (
    AgentProfile,
    Channel,
    Escalation,
    Membership,
    Overflow,
    QueueConfig,
    Strategy,
)
from parley.routing.restore import queue_as_dict
from parley.routing.state import Agent
from parley.routing.tables import AgentRow, QueueRow, SkillRow
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


DEMO_ATTACHMENTS = Path(__file__).resolve().parent / "desk" / "demo_attachments"


def copy_demo_attachments(folder: Path) -> list[str]:
    """The files the example email templates attach (the insoles leaflet), into the attachments folder."""
    copied = []
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(DEMO_ATTACHMENTS.iterdir()):
        target = folder / source.name
        if not target.exists():
            shutil.copyfile(source, target)
            copied.append(f"attachment {source.name}")
    return copied


async def load_demo(db: AsyncSession, accounts: Accounts, scripts: Scripts) -> list[str]:
    """Create what is missing; returns what was created."""
    created = await _demo_users(db, accounts)
    created += await load_demo_customer_fields(db)  # before the scripts, whose placeholders name them
    created += await _demo_scripts(db, scripts)
    created += await _demo_routing(db)
    created += await _demo_customers(db)
    return created


DEMO_SKILLS = {
    "english": "English",
    "vietnamese": "Vietnamese",
    "billing": "Billing and refunds",
    "complaints": "Handling complaints",
}
DEMO_QUEUES = (
    QueueConfig(
        id="orders",
        name="Orders and delivery",
        request_types=("order-confirmation", "delivery"),
        channels=(Channel.VOICE, Channel.WEBCALL, Channel.CALLBACK, Channel.CHAT),
        strategy=Strategy.LONGEST_IDLE,
        max_size=50,
        overflow=Overflow(after_seconds=300),
        wrap_up_seconds=20,
    ),
    QueueConfig(
        id="vi-orders",
        name="Đơn hàng (tiếng Việt)",
        request_types=("order-confirmation-vi", "delivery-vi"),
        channels=(Channel.VOICE, Channel.WEBCALL, Channel.CALLBACK, Channel.CHAT),
        skills={"vietnamese": 5},
        strategy=Strategy.LONGEST_IDLE,
        max_size=50,
        wrap_up_seconds=20,
    ),
    QueueConfig(
        id="complaints",
        name="Complaints",
        request_types=("complaint", "refund"),
        channels=(Channel.VOICE, Channel.CHAT, Channel.EMAIL),
        priority=5,
        skills={"complaints": 3},
        strategy=Strategy.BEST_SKILL,
        escalations=(Escalation(after_seconds=60, max_tier=2, skills={"complaints": 0}),),
        wrap_up_seconds=60,
    ),
    QueueConfig(
        id="experts",
        name="Refund specialists",
        request_types=("refund-escalation",),
        channels=(Channel.VOICE, Channel.CHAT, Channel.EMAIL),
        priority=5,
        skills={"billing": 3},
        strategy=Strategy.BEST_SKILL,
        wrap_up_seconds=60,
    ),
)
#: queue id -> the script the desk opens for its contacts (the desk's binding, not routing's).
DEMO_QUEUE_SCRIPTS = {
    "orders": "order-enquiry",
    "vi-orders": "xac-nhan-don-hang",
    "complaints": "handle-complaint",
}
#: username -> (skills, memberships). Lan answers the Vietnamese orders first (her demo contacts come from
#: there, see channels/demo/model.py), the English orders too, and refunds as a specialist.
DEMO_AGENTS = {
    "agent": ({"english": 8, "complaints": 5}, (Membership("orders"), Membership("complaints"))),
    "lan": (
        {"vietnamese": 10, "english": 6, "billing": 4},
        (
            Membership("vi-orders"),
            Membership("orders"),
            Membership("complaints", tier=2),
            Membership("experts"),
        ),
    ),
}


#: name -> (label, the label in the UI languages, type)
DEMO_CUSTOMER_FIELDS = {
    "address": ("Delivery address", {"vi": "Địa chỉ giao hàng"}, "text"),
    "orders_count": ("Orders", {"vi": "Số đơn hàng"}, "number"),
}


async def load_demo_customer_fields(db: AsyncSession) -> list[str]:
    """The customers' custom fields the demo scripts read (`{{ customer.address }}`)."""
    created: list[str] = []
    for name, (label, labels, kind) in DEMO_CUSTOMER_FIELDS.items():
        field = await db.get(CustomerFieldRow, name)
        if field is None:
            db.add(CustomerFieldRow(name=name, label=label, labels=labels, type=kind))
            created.append(f"customer field {name}")
        elif not field.labels and field.label == label:  # loaded before fields had labels, left as it was
            field.labels = labels
            created.append(f"customer field {name}: labels")
    await db.flush()
    return created


async def _demo_routing(db: AsyncSession) -> list[str]:
    """Skills, three queues and the demo agents' memberships, written before the server loads routing."""
    created: list[str] = []
    for name, label in DEMO_SKILLS.items():
        if await db.get(SkillRow, name) is None:
            db.add(SkillRow(name=name, label=label))
            created.append(f"skill {name}")
    for queue in DEMO_QUEUES:
        if await db.get(QueueRow, queue.id) is None:
            db.add(QueueRow(id=queue.id, name=queue.name, config=queue_as_dict(queue)))
            if queue.id in DEMO_QUEUE_SCRIPTS:
                db.add(QueueScriptRow(queue_id=queue.id, script=DEMO_QUEUE_SCRIPTS[queue.id]))
            created.append(f"queue {queue.id}")
    for seq, (username, (skills, memberships)) in enumerate(DEMO_AGENTS.items(), start=1):
        user = await accounts_store.user_by_name(db, username)
        if user is None or await db.get(AgentRow, user.id) is not None:
            continue
        profile = AgentProfile(str(user.id), user.display_name, skills, memberships)
        now = utcnow().timestamp()
        db.add(
            AgentRow(user_id=user.id, engine=Agent(profile, seq, state_since=now, idle_since=now).as_dict())
        )
        created.append(f"routing profile of {username}")
    await db.flush()
    return created


async def _demo_customers(db: AsyncSession) -> list[str]:
    """The demo callers' customer cards, with what the demo scripts read from them (address, orders)."""
    created: list[str] = []
    desk = Desk(utcnow)
    for person in DEMO_CUSTOMERS:
        if await desk.match(db, person.phone) is not None:
            continue
        fields: dict[str, object] = {"orders_count": person.orders_count}
        if person.address:
            fields["address"] = person.address
        values = {
            "name": person.name,
            "phones": [person.phone],
            "emails": [person.email] if person.email else [],
            "fields": fields,
            "tags": ["demo"],
        }
        await desk.save_customer(db, CustomerRow(created_at=utcnow(), consent={}), values)
        created.append(f"customer {person.name}")
    await db.flush()
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
