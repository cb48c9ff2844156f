"""A closed question's `field`: the chosen answer is stored in a text or choice field (read, checked, run)."""

from __future__ import annotations

import json

import pytest

from parley.scripts.diagnostics import Diagnostic
from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.model import Script, StepKind
from parley.scripts.runtime import InvalidAnswer, Runner, ScriptBroken
from parley.scripts.validate import validate_text
from tests.unit.scripts.sample import clock

SCRIPT = """\
slug: delivery-survey
name: Delivery survey
language: en
start: how
fields:
  delivery_way: {type: choice, label: Delivery, choices: [Courier, Pickup point], customer_field: delivery}
  heard_from: {type: text, label: Heard from}
  other_way: {type: text, label: Other way}
  rating: {type: number, label: Rating}
outcomes:
  done: {label: Done, success: true}
nodes:
  how:
    text: How would you like your parcels delivered?
    field: delivery_way
    options:
      - {answer: courier, next: heard}
      - {answer: Pickup point, next: heard}
      - {answer: Something else, field: other_way, next: heard}
  heard:
    text: Where did you hear of us?
    field: heard_from
    options:
      - {answer: A friend, next: bye}
      - {answer: Other, field: other_way, next: bye}
  bye: {text: "Thank you, goodbye!", end: done}
"""


def load(source: str) -> Script:
    script = load_script(source).script
    assert script is not None
    return script


def errors(source: str) -> list[Diagnostic]:
    return [d for d in validate_text(source)[1] if d.severity == "error"]


def test_a_closed_question_with_a_field_reads_as_a_question_that_stores_its_answer() -> None:
    step = load(SCRIPT).step("how")
    assert step.kind is StepKind.QUESTION
    assert step.field == "delivery_way"
    assert [option.answer for option in step.options] == ["courier", "Pickup point", "Something else"]
    assert errors(SCRIPT) == []


def test_a_field_beside_another_kind_is_still_two_kinds() -> None:
    broken = SCRIPT.replace("    field: delivery_way\n", "    field: delivery_way\n    end: done\n")
    [problem] = errors(broken)
    assert (problem.code, problem.step, problem.params) == ("two-kinds", "how", {"kinds": "options, end"})


def test_the_field_must_exist() -> None:
    [problem] = errors(SCRIPT.replace("    field: delivery_way\n", "    field: delivery\n"))
    assert (problem.code, problem.params, problem.line) == ("unknown-field", {"field": "delivery"}, 15)


def test_the_field_must_be_text_or_choice() -> None:
    [problem] = errors(SCRIPT.replace("    field: heard_from\n", "    field: rating\n"))
    assert problem.code == "question-field-type"
    assert (problem.params, problem.step, problem.line) == (
        {"field": "rating", "type": "number"},
        "heard",
        22,
    )


def test_every_answer_but_an_other_answer_must_be_a_choice_of_a_choice_field() -> None:
    broken = SCRIPT.replace("{answer: Pickup point, next: heard}", "{answer: Post office, next: heard}")
    [problem] = errors(broken)
    assert problem.code == "option-not-a-choice"
    assert (problem.params, problem.step, problem.line) == (
        {"answer": "Post office", "field": "delivery_way"},
        "how",
        18,
    )
    # "Something else" is not a choice either, but its words go to its own field: no diagnostic for it.


def runner() -> Runner:
    return Runner(MemoryLibrary([load(SCRIPT)]), clock)


def test_the_chosen_answer_is_stored_as_the_field_declares_it() -> None:
    run = runner()
    state = run.start("delivery-survey", {})
    run.answer(state, "1")
    assert state.fields == {"delivery_way": "Courier"}  # the choice as declared, not the option's spelling
    run.answer(state, "A friend")
    assert state.fields == {"delivery_way": "Courier", "heard_from": "A friend"}
    assert state.outcome == "done"
    answered = [event for event in state.transcript if event["event"] == "answered"]
    assert [event.get("field") for event in answered] == ["delivery_way", "heard_from"]


def test_an_other_answer_stores_its_words_in_its_field_and_its_label_where_the_field_takes_it() -> None:
    run = runner()
    state = run.start("delivery-survey", {})
    run.answer(state, "Something else: a locker near work")
    # a choice field without that choice is left empty: the words are in the option's own field
    assert state.fields == {"other_way": "a locker near work", "delivery_way": None}
    run.answer(state, "Other: a podcast")
    assert state.fields["heard_from"] == "Other"  # a text field takes the label
    assert state.fields["other_way"] == "a podcast"


def test_taking_the_answer_back_takes_the_field_back() -> None:
    run = runner()
    state = run.start("delivery-survey", {})
    run.answer(state, "Pickup point")
    run.back(state)
    assert state.fields == {}
    assert run.view(state).step == "how"
    run.answer(state, "courier")
    run.answer(state, "A friend")
    assert state.fields == {"delivery_way": "Courier", "heard_from": "A friend"}


def test_a_refused_answer_changes_nothing() -> None:
    run = runner()
    state = run.start("delivery-survey", {})
    before = json.dumps(state.to_dict())
    with pytest.raises(InvalidAnswer):
        run.answer(state, "Something else")  # an "other" answer needs the customer's words
    assert json.dumps(state.to_dict()) == before


def test_an_unvalidated_script_whose_answer_does_not_fit_is_a_broken_script() -> None:
    broken = SCRIPT.replace("{answer: Pickup point, next: heard}", "{answer: Post office, next: heard}")
    run = Runner(MemoryLibrary([load(broken)]), clock)
    state = run.start("delivery-survey", {})
    with pytest.raises(ScriptBroken, match="does not fit field 'delivery_way'"):
        run.answer(state, "Post office")
