"""Invariants of the runtime under random operator behaviour (hypothesis)."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.platform.errors import DomainError
from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.placeholders import render, say_parts
from parley.scripts.runtime import Runner, RunState
from tests.unit.scripts.sample import SAMPLE, clock

SCRIPT = load_script(SAMPLE).script
assert SCRIPT is not None
ACTION = st.one_of(
    st.tuples(
        st.just("answer"),
        st.one_of(
            st.none(),
            st.sampled_from(["Yes", "No", "1", "2", "3", "Other: x", "2026-12-24", "4", "5", "0", "x"]),
            st.text(max_size=20),
        ),
    ),
    st.tuples(st.just("back"), st.none()),
    st.tuples(st.just("objection"), st.sampled_from(["1", "Too expensive", "nope"])),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(ACTION, max_size=25))
def test_refused_actions_change_nothing_and_state_always_serialises(
    actions: list[tuple[str, str | None]],
) -> None:
    runner = Runner(MemoryLibrary([SCRIPT]), clock)
    state = runner.start("sample-order", {"company": "Shop", "customer": {"name": "A", "orders_count": 1}})
    for action, argument in actions:
        before = json.dumps(state.to_dict(), sort_keys=True)
        try:
            if action == "answer":
                runner.answer(state, argument)
            elif action == "back":
                runner.back(state)
            else:
                runner.objection(state, argument or "")
        except DomainError:
            assert json.dumps(state.to_dict(), sort_keys=True) == before
        snapshot = json.loads(json.dumps(state.to_dict()))
        assert RunState.from_dict(snapshot) == state
        view = runner.view(state)
        assert view.step in SCRIPT.steps
        assert view.finished == (state.outcome is not None)
        if view.finished:
            assert state.outcome in SCRIPT.outcomes


PIECE = st.one_of(
    st.text(alphabet="ab {}.,", max_size=6),
    st.sampled_from(
        ["{{ customer.name }}", "{{ customer.address }}", "{{company}}", "{{ x.__y }}", "{{ 1bad }}", "{{"]
    ),
)


@given(st.lists(PIECE, max_size=8), st.sampled_from(["", "Anna"]), st.sampled_from(["", "Shop"]))
def test_say_parts_are_the_rendered_text_with_each_gap_as_a_prompt(
    pieces: list[str], name: str, company: str
) -> None:
    text = "".join(pieces)
    values = {"customer": {"name": name}, "company": company}
    parts = say_parts(text, values, {})
    assert "".join(f"[{p.ask}]" if p.ask else p.text for p in parts) == render(text, values)
    assert all(bool(p.ask) != bool(p.text) for p in parts)  # a part is words or a prompt, never empty
    assert all(a.ask or b.ask for a, b in itertools.pairwise(parts))  # words are never split in two
