"""The links the designer draws: every way a script can go on, each with its kind, label and exit."""

from __future__ import annotations

from parley.scripts.fileformat import load_script
from parley.scripts.graph import Link, links
from parley.scripts.library import EXAMPLES_DIR, load_directory
from parley.scripts.model import Script
from tests.unit.scripts.sample import SAMPLE

WITH_SUBSCRIPT = """\
slug: caller
name: Caller
start: gatekeeper
outcomes:
  done: {label: Done}
nodes:
  gatekeeper:
    script: get-past-secretary
    next: pitch
    on: {refused: bye, callback: bye}
  pitch: {text: Hello, next: bye}
  bye: {text: Bye, end: done}
"""


def load(source: str) -> Script:
    script = load_script(source).script
    assert script is not None
    return script


def test_every_kind_of_link_is_reported_with_its_label_and_position() -> None:
    found = links(load(SAMPLE))
    assert Link("greet", "can_talk", "next") in found
    assert Link("can_talk", "ask_date", "answer", "Yes", 0) in found
    assert Link("can_talk", "bye_later", "answer", "Other", 2) in found
    condition = "rating >= 4 and customer.orders_count > 0"
    assert Link("check", "offer", "condition", condition, 0) in found
    assert Link("check", "closing", "otherwise", "else", 1) in found
    assert Link("", "price", "objection", "Too expensive", 0) in found
    assert Link("price", "return", "return") in found
    assert not [link for link in found if link.source == "bye"]  # an end leads nowhere


def test_sub_script_outcomes_and_the_fallback_next_are_links() -> None:
    found = links(load(WITH_SUBSCRIPT))
    assert [link for link in found if link.source == "gatekeeper"] == [
        Link("gatekeeper", "bye", "outcome", "refused", 0),
        Link("gatekeeper", "bye", "outcome", "callback", 1),
        Link("gatekeeper", "pitch", "next"),
    ]


def test_links_to_missing_steps_are_kept_and_links_without_a_target_left_out() -> None:
    source = SAMPLE.replace("next: can_talk", "next: nowhere").replace("{else: closing}", "{else: ''}")
    found = links(load(source))
    assert Link("greet", "nowhere", "next") in found
    assert not [link for link in found if link.kind == "otherwise"]


def test_every_branch_of_the_shipped_examples_leads_on() -> None:
    """The designer drew branches of the examples as dead ends: each rule is a link of its own."""
    for script in load_directory(EXAMPLES_DIR):
        found = links(script)
        for step in script.steps.values():
            leaving = [link for link in found if link.source == step.id]
            exits = len(step.options) + len(step.branch) + len(step.on_outcome) + bool(step.next)
            assert len(leaving) == exits
            for index, rule in enumerate(step.branch):
                expected = rule.condition if rule.condition is not None else "else"
                assert Link(step.id, rule.next, leaving[index].kind, expected, index) in leaving
        assert sum(link.kind == "objection" for link in found) == len(script.objections)
