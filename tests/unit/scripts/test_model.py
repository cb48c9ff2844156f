"""The loader's fast constructors build the same frozen objects as the dataclasses themselves."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from parley.scripts.fileformat import load_script
from parley.scripts.model import Option, Rule, Step, StepKind, new_option, new_rule, new_step
from tests.unit.scripts.sample import SAMPLE


def test_fast_constructors_build_equal_frozen_objects() -> None:
    option = new_option("Yes", "bye", None, 3)
    rule = new_rule("rating >= 4", "thanks", 7)
    step = new_step(
        "ask",
        StepKind.QUESTION,
        "Ready?",
        "a hint",
        ("kb1",),
        None,
        (option,),
        None,
        (),
        None,
        None,
        None,
        (("won", "bye"),),
        None,
        2,
        {},
        False,
    )
    expected = Step(
        id="ask",
        kind=StepKind.QUESTION,
        text="Ready?",
        hint="a hint",
        kb=("kb1",),
        options=(Option("Yes", "bye", None, 3),),
        on_outcome=(("won", "bye"),),
        line=2,
    )
    assert type(step) is Step
    assert type(option) is Option
    assert type(rule) is Rule
    assert step == expected
    assert hash(step) == hash(expected)
    assert repr(step) == repr(expected)
    assert step.targets() == expected.targets() == ("bye", "bye")
    assert rule == Rule("rating >= 4", "thanks", 7)
    for built in (step, option, rule):
        with pytest.raises(dataclasses.FrozenInstanceError):
            built.line = 1  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(built)) == built == copy.deepcopy(built)


def test_loaded_steps_equal_steps_built_field_by_field() -> None:
    script = load_script(SAMPLE).script
    assert script is not None
    for step in script.steps.values():
        fields = {f.name: getattr(step, f.name) for f in dataclasses.fields(Step) if f.name != "_targets"}
        rebuilt = Step(**fields)
        assert rebuilt == step
        assert rebuilt.targets() == step.targets()
