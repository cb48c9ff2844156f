"""Which queue a demo contact goes to, and in which language its caller speaks."""

from __future__ import annotations

from parley.channels.demo.model import DEMO_CALLERS, DEMO_CUSTOMERS, QueueChoice, pick_demo_queue

LANGUAGES = {"order-enquiry": "en", "xac-nhan-don-hang": "vi", "handle-complaint": "en"}
LAN = [
    QueueChoice("vi-orders", 1, "xac-nhan-don-hang"),
    QueueChoice("orders", 1, "order-enquiry"),
    QueueChoice("complaints", 2, "handle-complaint"),
]


def test_a_vietnamese_agent_gets_her_vietnamese_queue_even_when_it_is_not_listed_first() -> None:
    assert pick_demo_queue(LAN, LANGUAGES, "vi") == ("vi-orders", "vi")
    assert pick_demo_queue(LAN[::-1], LANGUAGES, "vi") == ("vi-orders", "vi")


def test_the_first_queue_answered_first_when_no_script_is_in_the_agents_language() -> None:
    assert pick_demo_queue(LAN, LANGUAGES, "fr") == ("vi-orders", "vi")
    escalation_only = [QueueChoice("complaints", 2, "handle-complaint"), QueueChoice("orders", 1, None)]
    assert pick_demo_queue(escalation_only, LANGUAGES, "en") == ("orders", "en")  # tier 1 before tier 2


def test_callers_speak_english_for_a_script_in_a_language_the_demo_has_no_callers_for() -> None:
    assert pick_demo_queue([QueueChoice("de", 1, "bestellung")], {"bestellung": "de"}, "de") == ("de", "en")
    assert pick_demo_queue([], LANGUAGES, "en") is None


def test_every_demo_caller_is_a_demo_customer() -> None:
    callers = {caller for calls in DEMO_CALLERS.values() for caller, _ in calls}
    assert callers <= set(DEMO_CUSTOMERS)
    assert set(DEMO_CALLERS) == {"en", "vi"}
