"""Email templates: validation checks the sender, the links and the attachments; the run fills the subject and
the body (values made literal in the markup) and leaves a gap as `{{ name }}` for the operator to fill."""

from __future__ import annotations

import pytest

from parley.scripts.diagnostics import Diagnostic
from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.runtime import Runner
from parley.scripts.validate import validate_text
from tests.unit.scripts.sample import SAMPLE, clock

TEMPLATE = """  offer:
    subject: "An offer for {{ customer.name }}"
    body: "Hello {{ customer.name }}, here is our offer from {{ company }}."
"""


def with_template(template: str) -> str:
    assert TEMPLATE in SAMPLE
    return SAMPLE.replace(TEMPLATE, template)


def errors(source: str) -> list[Diagnostic]:
    return [d for d in validate_text(source)[1] if d.severity == "error"]


@pytest.mark.parametrize(
    "sender",
    ["offers@shop.example", "Shoe Shop <offers@shop.example>", '"Shop, Inc." <offers@shop.example>'],
)
def test_a_good_sender_passes(sender: str) -> None:
    source = with_template(TEMPLATE + f"    sender: '{sender}'\n")
    assert errors(source) == []


@pytest.mark.parametrize(
    "sender",
    [
        "offers",
        "offers@",
        "Shoe Shop offers@shop.example",
        "offers@shop.example, other@shop.example",
        "{{ agent.email }}",
        "Shop <offers@shop>",
    ],
)
def test_a_bad_sender_is_an_error_on_its_line(sender: str) -> None:
    source = with_template(TEMPLATE + f"    sender: '{sender}'\n")
    [diagnostic] = errors(source)
    assert diagnostic.code == "invalid-sender"
    assert diagnostic.params == {"email": "offer", "sender": sender}
    assert diagnostic.line == source.splitlines().index(f"    sender: '{sender}'") + 1


def test_an_unsafe_link_in_the_body_is_an_error_on_its_line() -> None:
    template = (
        "  offer:\n"
        "    subject: Our offer\n"
        "    body: |\n"
        "      Hello,\n"
        "      see [our stores](https://shop.example/stores)\n"
        "      and [track it](https://shop.example/t/{{ customer.id }}).\n"
        "      Or [click here](javascript:alert(1)).\n"
    )
    source = with_template(template)
    [diagnostic] = errors(source)
    assert diagnostic.code == "unsafe-link"
    assert diagnostic.params == {"email": "offer", "link": "javascript:alert(1)"}
    assert diagnostic.line == source.splitlines().index("      Or [click here](javascript:alert(1)).") + 1


def test_an_attachment_with_a_folder_is_an_error() -> None:
    source = with_template(TEMPLATE + "    attachments: [leaflet.pdf, ../secret.txt]\n")
    [diagnostic] = errors(source)
    assert diagnostic.code == "invalid-attachment"
    assert diagnostic.params == {"email": "offer", "attachment": "../secret.txt"}


def runner_for(template: str) -> Runner:
    script = load_script(with_template(template)).script
    assert script is not None
    return Runner(MemoryLibrary([script]), clock)


def at_offer(runner: Runner, customer: dict[str, object]) -> dict[str, object]:
    context = {"company": "Shoe Shop", "agent": {"name": "Alex"}, "customer": customer}
    state = runner.start("sample-order", context, at="offer")
    email = runner.view(state).email
    assert email is not None
    return email


def test_the_subject_and_body_are_filled_and_values_cannot_add_markup() -> None:
    runner = runner_for(
        '  offer:\n    subject: "{{ customer.name }}, your offer"\n'
        '    body: "Hello **{{ customer.name }}**, from {{ company }}."\n'
    )
    email = at_offer(runner, {"name": "Anna *[x](javascript:1)*"})
    assert email["subject"] == "Anna *[x](javascript:1)*, your offer"  # a subject is plain text
    assert email["body"] == r"Hello **Anna \*\[x\]\(javascript:1\)\***, from Shoe Shop."
    assert email["missing"] == []


def test_a_missing_value_stays_a_placeholder_and_is_named() -> None:
    runner = runner_for(TEMPLATE)
    email = at_offer(runner, {"name": ""})
    assert email["subject"] == "An offer for {{ customer.name }}"
    assert email["body"] == "Hello {{ customer.name }}, here is our offer from Shoe Shop."
    assert email["missing"] == ["customer.name"]


@pytest.mark.parametrize("mark", ["\\u2028", "\\u2029", "\\x85", "\\v", "\\f", "\\t", "\\n"])
def test_a_subject_of_more_than_one_line_is_an_error_on_its_line(mark: str) -> None:
    """A subject is one header line: a line break of any kind in it would end the header (or split it)."""
    subject = f'    subject: "An offer{mark}for {{{{ customer.name }}}}"'
    source = with_template(TEMPLATE.replace('    subject: "An offer for {{ customer.name }}"', subject))
    [diagnostic] = errors(source)
    assert diagnostic.code == "invalid-subject"
    assert diagnostic.params == {"email": "offer"}
    assert diagnostic.line == source.splitlines().index(subject) + 1
