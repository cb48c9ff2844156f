from __future__ import annotations

import pytest

from parley.platform.errors import InvalidInput
from parley.scripts.fileformat import load_script
from parley.scripts.questions import insert_into_nodes, parse_questions, questions_to_yaml
from tests.unit.scripts.sample import SAMPLE

PASTED = """\
Is it convenient for you to talk now?
  - Yes
  - No
When may I call you back?
How do you rate us?
1. Poor
2. "Good", really
"""


def test_questions_and_answers_are_recognised() -> None:
    questions = parse_questions(PASTED)
    assert [q.text for q in questions] == [
        "Is it convenient for you to talk now?",
        "When may I call you back?",
        "How do you rate us?",
    ]
    assert questions[0].answers == ["Yes", "No"]
    assert questions[1].answers == []
    assert questions[2].answers == ["Poor", '"Good", really']


def test_steps_are_added_to_the_nodes_block_and_load() -> None:
    loaded = load_script(SAMPLE).script
    assert loaded is not None
    taken = set(loaded.steps)
    source = insert_into_nodes(SAMPLE, questions_to_yaml(parse_questions(PASTED), taken))
    script = load_script(source).script
    assert script is not None
    assert [o.answer for o in script.steps["q1"].options] == ["Yes", "No"]
    assert [o.next for o in script.steps["q1"].options] == ["q2", "q2"]
    assert script.steps["q2"].next == "q3"
    assert script.steps["q3"].options[1].answer == '"Good", really'
    assert source.startswith(SAMPLE.rstrip("\n"))


def test_the_nodes_block_need_not_be_last() -> None:
    source = "slug: x\nnodes:\n  a: {end: done}\n\noutcomes:\n  done: {label: Done}\n"
    merged = insert_into_nodes(source, questions_to_yaml(parse_questions("Hello?"), {"a"}))
    script = load_script(merged).script
    assert script is not None
    assert set(script.steps) == {"a", "q1"}
    assert "done" in script.outcomes


@pytest.mark.parametrize(
    ("text", "message"),
    [("  - Yes\nQuestion?", "before any question"), ("", "at least one"), ("Q?\n - Yes\n - yes", "twice")],
)
def test_bad_lists_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_questions(text)
