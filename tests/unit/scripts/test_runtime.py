"""The pure runtime: answers, typed fields, branches, objections, sub-scripts, back, resume."""

from __future__ import annotations

import dataclasses
import json

import pytest

from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.model import Script
from parley.scripts.placeholders import SayPart, say_parts
from parley.scripts.runtime import (
    InvalidAnswer,
    NoSuchObjection,
    NothingToUndo,
    RunFinished,
    Runner,
    RunState,
)
from tests.unit.scripts.sample import SAMPLE, clock

CONTEXT = {"company": "Shoe Shop", "agent": {"name": "Alex"}, "customer": {"name": "Anna", "orders_count": 2}}


def load(source: str) -> Script:
    script = load_script(source).script
    assert script is not None
    return script


@pytest.fixture
def runner() -> Runner:
    return Runner(MemoryLibrary([load(SAMPLE)]), clock)


def test_start_renders_placeholders(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    view = runner.view(state)
    assert view.step == "greet"
    assert view.text == "Good afternoon, this is Alex from Shoe Shop."
    assert view.parts == [SayPart(text="Good afternoon, this is Alex from Shoe Shop.")]
    assert view.objections == ["Too expensive"]


def test_a_placeholder_without_a_value_is_a_prompt_to_ask_not_words_to_say(runner: Runner) -> None:
    state = runner.start("sample-order", {**CONTEXT, "agent": {"name": ""}})
    view = runner.view(state)
    assert view.text == "Good afternoon, this is [agent.name] from Shoe Shop."  # the transcript's form
    assert view.parts == [
        SayPart(text="Good afternoon, this is "),
        SayPart(ask="agent.name"),
        SayPart(text=" from Shoe Shop."),
    ]


def test_say_parts_label_script_fields_and_keep_ill_formed_placeholders_as_written() -> None:
    values = {"customer": {"name": "Anna", "address": ""}, "company": "Shoe Shop"}
    labels = {"delivery_date": "Delivery date"}
    assert say_parts("{{ customer.address }}", values, labels) == [SayPart(ask="customer.address")]
    assert say_parts("On {{delivery_date}}, {{ customer.name }}? {{ x.__class__ }}", values, labels) == [
        SayPart(text="On "),
        SayPart(ask="delivery_date", label="Delivery date"),
        SayPart(text=", Anna? {{ x.__class__ }}"),
    ]
    assert say_parts("", values, labels) == []


def test_walk_to_success_through_branch_and_email(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.answer(state, "yes")  # labels are case-insensitive
    assert runner.view(state).field == {
        "name": "delivery_date",
        "type": "date",
        "label": "Delivery date",
        "required": True,
        "min": None,
        "max": None,
        "choices": [],
    }
    runner.answer(state, "24/12/2026")
    runner.answer(state, "5")
    view = runner.view(state)
    assert view.step == "offer"
    assert view.email is not None
    assert view.email["subject"] == "An offer for Anna"
    runner.proceed(state)
    assert runner.view(state).step == "closing"
    runner.proceed(state)
    final = runner.view(state)
    assert final.finished
    assert final.outcome == "confirmed"
    assert final.success is True
    assert state.fields == {"delivery_date": "2026-12-24", "rating": 5}
    assert state.transcript[-1]["event"] == "ended"
    assert all(entry["at"] == "2026-11-24T10:00:00+00:00" for entry in state.transcript)


def test_branch_takes_else_for_a_new_customer() -> None:
    runner = Runner(MemoryLibrary([load(SAMPLE)]), clock)
    state = runner.start("sample-order", {**CONTEXT, "customer": {"name": "Bo", "orders_count": 0}})
    for answer in (None, "1", "2026-12-24", "5"):
        runner.answer(state, answer)
    assert runner.view(state).step == "closing"


def test_numbered_answers_and_other_with_free_text(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.answer(state, "3: busy driving")
    assert state.fields["reason"] == "busy driving"
    assert state.outcome == "callback"


@pytest.mark.parametrize(
    ("answer", "message"), [("Maybe", "not an answer here"), ("Other", "needs the customer")]
)
def test_bad_option_is_refused_and_nothing_changes(runner: Runner, answer: str, message: str) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    before = json.dumps(state.to_dict())
    with pytest.raises(InvalidAnswer, match=message):
        runner.answer(state, answer)
    assert json.dumps(state.to_dict()) == before


@pytest.mark.parametrize(("value", "message"), [("yesterday", "not a date"), ("", "required")])
def test_typed_field_is_validated(runner: Runner, value: str, message: str) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.answer(state, "Yes")
    with pytest.raises(InvalidAnswer, match=message):
        runner.answer(state, value)


def test_number_bounds(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    for answer in (None, "Yes", "2026-12-24"):
        runner.answer(state, answer)
    with pytest.raises(InvalidAnswer, match="at most 5"):
        runner.answer(state, "6")


def test_back_restores_fields_and_step(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    for answer in (None, "Yes", "2026-12-24"):
        runner.answer(state, answer)
    assert state.fields == {"delivery_date": "2026-12-24"}
    runner.back(state)
    assert runner.view(state).step == "ask_date"
    assert state.fields == {}
    runner.back(state)
    runner.back(state)
    assert runner.view(state).step == "greet"
    with pytest.raises(NothingToUndo):
        runner.back(state)


def test_objection_returns_where_the_run_was(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.objection(state, "too expensive")
    assert runner.view(state).step == "price"
    runner.proceed(state)
    assert runner.view(state).step == "can_talk"
    with pytest.raises(NoSuchObjection):
        runner.objection(state, "Too slow")


def test_a_finished_run_refuses_more_answers(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.answer(state, "No")
    with pytest.raises(RunFinished):
        runner.answer(state, "Yes")


def test_state_round_trips_through_json_and_resumes(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.objection(state, "1")
    restored = RunState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert restored == state
    runner.proceed(restored)
    assert runner.view(restored).step == "can_talk"


def test_to_dict_is_asdict_without_the_copying_and_from_dict_never_changes_its_data(runner: Runner) -> None:
    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    runner.objection(state, "1")
    assert state.stack  # inside the objection handler
    assert state.transcript
    assert state.to_dict() == dataclasses.asdict(state)
    data = json.loads(json.dumps(state.to_dict()))
    kept = json.dumps(data, sort_keys=True)
    restored = RunState.from_dict(data)
    runner.answer(restored, "Yes")
    runner.back(restored)
    runner.answer(restored, "Yes")
    assert json.dumps(data, sort_keys=True) == kept  # the stored row's data was not changed in place
    assert restored.to_dict() == dataclasses.asdict(restored)


GATE = """\
slug: gate
name: Gate
start: ask
outcomes: {through: {label: Through}, refused: {label: Refused}}
nodes:
  ask:
    text: May I speak to the director?
    options:
      - {answer: "Yes", next: ok}
      - {answer: "No", next: no}
  ok: {end: through}
  no: {end: refused}
"""
MAIN = """\
slug: main
name: Main
start: gate
outcomes: {won: {label: Won, success: true}, lost: {label: Lost}}
nodes:
  gate: {script: gate, next: pitch, on: {refused: lost}}
  pitch: {text: Our pitch., next: won}
  won: {end: won}
  lost: {text: Goodbye., end: lost}
"""


@pytest.mark.parametrize(("answer", "step", "outcome"), [("Yes", "pitch", None), ("No", None, "lost")])
def test_sub_script_returns_by_its_outcome(answer: str, step: str | None, outcome: str | None) -> None:
    runner = Runner(MemoryLibrary([load(GATE), load(MAIN)]), clock)
    state = runner.start("main", {})
    assert runner.view(state).slug == "gate"
    runner.answer(state, answer)
    if step:
        assert runner.view(state).step == step
        assert runner.view(state).slug == "main"
    else:
        assert state.outcome == outcome
        assert state.outcome_slug == "main"
    entered = [e["event"] for e in state.transcript]
    assert "entered" in entered
    assert "left" in entered


def test_undo_history_is_bounded_on_long_runs(runner: Runner) -> None:
    from parley.scripts.runtime import MAX_UNDO

    state = runner.start("sample-order", CONTEXT)
    runner.proceed(state)
    for _ in range(MAX_UNDO + 50):
        runner.objection(state, "1")
        runner.proceed(state)
    assert len(state.history) == MAX_UNDO
    runner.back(state)
    assert runner.view(state).step == "price"


def test_the_view_names_each_field_by_its_label(runner: Runner) -> None:
    """The desk shows what was captured under the script's labels (in the script's language), not its keys."""
    view = runner.view(runner.start("sample-order", CONTEXT))
    assert view.labels == {
        "delivery_date": "Delivery date",
        "rating": "Rating",
        "reason": "Reason",
        "email": "Email",
    }


@pytest.mark.parametrize(
    ("language", "said"), [("vi", "Giao ngày 24/12/2026."), ("en", "Giao ngày 24 December 2026.")]
)
def test_a_date_field_is_read_out_in_the_scripts_language(language: str, said: str) -> None:
    script = load(
        f"""
slug: dates
name: Dates
language: {language}
start: ask
fields:
  day: {{type: date, label: Day}}
nodes:
  ask: {{text: "Which day?", field: day, next: say}}
  say: {{text: "Giao ngày {{{{ day }}}}.", next: done}}
  done: {{end: done}}
outcomes:
  done: {{label: Done}}
"""
    )
    runner = Runner(MemoryLibrary([script]), clock)
    state = runner.answer(runner.start("dates", CONTEXT), "2026-12-24")
    assert runner.view(state).text == said
    assert state.fields["day"] == "2026-12-24"  # stored as data; only the words change
