"""Placeholders as the operator reads them."""

from __future__ import annotations

from typing import get_type_hints

import pytest

from parley.scripts.context import (
    AGENT_ATTRIBUTES,
    CONTACT_ATTRIBUTES,
    CUSTOMER_ATTRIBUTES,
    AgentValues,
    ContactValues,
)
from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.placeholders import CONTEXT_ATTRIBUTES, spoken_date, unknown_name_problem
from parley.scripts.runtime import Runner
from parley.scripts.validate import customer_fields_named, validate_text
from tests.unit.scripts.sample import SAMPLE, clock


def test_a_date_is_read_out_in_the_scripts_language() -> None:
    assert spoken_date("2026-12-24", "vi") == "24/12/2026"
    assert spoken_date("2026-12-24", "en") == "24 December 2026"
    assert spoken_date("2026-02-30", "en") == "2026-02-30"  # not a date: as it is
    assert spoken_date("tomorrow", "vi") == "tomorrow"
    assert spoken_date(42, "vi") == 42


@pytest.mark.parametrize(
    ("placeholder", "attribute", "known"),
    [
        # what the data calls waited_seconds; `to` and the extension no data carries at all
        ("contact.wait_seconds", "wait_seconds", "waited_seconds"),
        ("contact.to", "to", "received_at"),
        ("agent.phone_extension", "phone_extension", "username"),
    ],
)
def test_a_placeholder_no_data_fills_is_a_validation_error(
    placeholder: str, attribute: str, known: str
) -> None:
    source = SAMPLE.replace("{{ agent.name }}", "{{ " + placeholder + " }}", 1)
    assert source != SAMPLE
    [diagnostic] = [d for d in validate_text(source)[1] if d.severity == "error"]
    assert diagnostic.code == "unknown-placeholder"
    assert diagnostic.params["reason"] == "unknown-attribute"
    assert diagnostic.params["attribute"] == attribute
    assert known in str(diagnostic.params["known"]).split(", ")


def test_the_names_validation_accepts_are_those_of_the_run_context() -> None:
    assert CONTEXT_ATTRIBUTES["contact"] == frozenset(get_type_hints(ContactValues))
    assert CONTEXT_ATTRIBUTES["agent"] == frozenset(get_type_hints(AgentValues))
    for head, names in (("contact", CONTACT_ATTRIBUTES), ("agent", AGENT_ATTRIBUTES)):
        for name in names:
            assert unknown_name_problem(f"{head}.{name}", {}) is None


def test_with_the_custom_fields_known_customer_names_only_the_card_and_those() -> None:
    custom = {"address", "orders_count"}
    for name in (*CUSTOMER_ATTRIBUTES, *custom):
        assert unknown_name_problem(f"customer.{name}", {}, custom) is None
    problem = unknown_name_problem("customer.adress", {}, custom)
    assert problem is not None
    assert problem.reason == "unknown-attribute"
    assert "address" in problem.params["known"]
    assert unknown_name_problem("customer.adress", {}) is None  # custom fields unknown: any attribute


def test_today_is_filled_in_the_scripts_language() -> None:
    source = SAMPLE.replace("{{ agent.name }}", "{{ today }}", 1)
    runner = Runner(MemoryLibrary([load_script(source).script]), clock)
    text = runner.view(runner.start("sample-order", {"company": "Shop"})).text
    assert spoken_date(clock().date().isoformat(), "en") in text
    assert "[today]" not in text


def test_the_custom_fields_a_script_names_are_found_in_texts_emails_and_conditions() -> None:
    """What refuses deleting a custom field a script reads (#13 point 11): the names under `customer` that are
    not the card's own, wherever the script names them."""
    source = SAMPLE.replace(
        "An offer for {{ customer.name }}", "An offer for {{ customer.name }} in {{ customer.city }}"
    ).replace("Hello {{ customer.name }}", "Hello {{ customer.title }} {{ customer.name }}")
    script = load_script(source).script
    assert script is not None
    assert customer_fields_named(script) == {
        "orders_count",
        "city",
        "title",
    }  # the sample's condition reads one
