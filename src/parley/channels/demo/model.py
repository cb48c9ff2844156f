"""The demo's pretend callers and which queue a demo contact goes to: pure data and choices, so that the demo
tells one story (the callers are the demo customers; a Vietnamese agent gets a Vietnamese call)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    name: str
    phone: str
    #: None for every demo customer today: the scripts' email offers then ask for the address and write it
    #: on the card, which is part of what the demo shows.
    email: str | None
    #: What the demo's scripts read from the card: the delivery address (empty: the script asks for it)
    #: and how many orders the customer has placed (more than one: the script thanks a returning customer).
    address: str
    orders_count: int


AN = DemoCustomer(
    "Nguyễn Văn An",
    "+84 90 123 4567",
    None,
    "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM",
    2,
)
BINH = DemoCustomer("Trần Thị Bình", "+84 91 555 0101", None, "45 Hàng Bông, Quận Hoàn Kiếm, Hà Nội", 1)
NAM = DemoCustomer("Lê Hoàng Nam", "+84 93 444 0202", None, "", 1)
JANE = DemoCustomer("Jane Miller", "+1 415 555 0123", None, "", 1)
DEMO_CUSTOMERS = (AN, BINH, NAM, JANE)

#: language -> (caller, why they call), in the words of the queue's script language.
DEMO_CALLERS: Mapping[str, Sequence[tuple[DemoCustomer, str]]] = {
    "en": (
        (AN, "Order 1001: when will it arrive?"),
        (BINH, "Order 1002: change the delivery address"),
        (JANE, "Order 1003: paid, not delivered yet"),
    ),
    "vi": (
        (AN, "Đơn hàng 1001: khi nào được giao?"),
        (BINH, "Đơn hàng 1002: đổi địa chỉ nhận hàng"),
        (NAM, "Đơn hàng 1004: đã thanh toán, muốn hẹn ngày giao"),
    ),
}


@dataclass(frozen=True, slots=True)
class QueueChoice:
    queue_id: str
    tier: int
    script: str | None


def pick_demo_queue(
    candidates: Sequence[QueueChoice], script_languages: Mapping[str, str], agent_language: str
) -> tuple[str, str] | None:
    """The queue a demo contact for this agent goes to, and the language its callers speak: among the queues
    the agent answers first (the lowest tier), in the agent's order, the first whose script is in the agent's
    language, else the first. None when there is no queue."""
    if not candidates:
        return None
    first_tier = min(choice.tier for choice in candidates)
    answered_first = [choice for choice in candidates if choice.tier == first_tier]

    def language(choice: QueueChoice) -> str | None:
        return script_languages.get(choice.script) if choice.script else None

    chosen = next((c for c in answered_first if language(c) == agent_language), answered_first[0])
    spoken = language(chosen) or agent_language
    return chosen.queue_id, spoken if spoken in DEMO_CALLERS else "en"
