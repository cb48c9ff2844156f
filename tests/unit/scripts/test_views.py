"""How a run is shown: the API's schemas carry exactly what the runtime built, in the same JSON shape."""

from __future__ import annotations

import dataclasses
import json

import pytest
from pydantic import TypeAdapter, ValidationError

from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.runtime import Runner, RunState, TranscriptEntry
from parley.scripts.schemas import RehearseOut, TranscriptEntryOut
from parley.scripts.views import rehearsal_out, step_view_out, transcript_out
from tests.unit.scripts.sample import SAMPLE, clock

TRANSCRIPT = TypeAdapter(list[TranscriptEntryOut])
CONTEXT = {"company": "Shoe Shop", "agent": {"name": "Alex"}, "customer": {"name": "Anna", "orders_count": 2}}


def walked() -> tuple[Runner, RunState]:
    """A run that has met every kind of view and transcript entry the sample has: an "other" answer's
    words, a typed field with a knowledge-base link, a branch, an email, an objection and the end."""
    script = load_script(SAMPLE).script
    assert script is not None
    runner = Runner(MemoryLibrary([script]), clock)
    state = runner.start("sample-order", CONTEXT)
    return runner, state


def as_json(value: object) -> object:
    return json.loads(json.dumps(value))


def test_each_view_is_the_runtimes_view_as_json() -> None:
    runner, state = walked()
    seen = set()
    for answer in (None, "Yes", "24/12/2026", "5", None, None):
        view = runner.view(state)
        seen |= {key for key in ("field", "email", "kb") if getattr(view, key)}
        assert step_view_out(view).model_dump(mode="json") == as_json(dataclasses.asdict(view))
        runner.answer(state, answer)
    assert seen == {"field", "email", "kb"}
    assert step_view_out(runner.view(state)).model_dump(mode="json") == as_json(
        dataclasses.asdict(runner.view(state))
    )


def shown(transcript: list[TranscriptEntry]) -> object:
    """The transcript as the API writes it out."""
    return json.loads(TRANSCRIPT.dump_json(TRANSCRIPT.validate_python(transcript_out(transcript))))


def test_transcript_entries_keep_exactly_their_own_keys() -> None:
    runner, state = walked()
    runner.proceed(state)
    runner.objection(state, "1")
    runner.proceed(state)  # back where the objection was raised
    runner.answer(state, "Other: busy driving")
    entries = shown(state.transcript)
    assert entries == as_json(state.transcript)
    assert isinstance(entries, list)
    answered = next(entry for entry in entries if entry["event"] == "answered")
    assert answered["value"] == "busy driving"
    assert "version" not in answered
    assert "text" not in answered
    assert "value" not in next(entry for entry in entries if entry["event"] == "shown")


def test_a_plain_answer_keeps_its_null_value() -> None:
    runner, state = walked()
    runner.proceed(state)
    runner.answer(state, "Yes")
    entries = shown(state.transcript)
    assert isinstance(entries, list)
    [answered] = [entry for entry in entries if entry["event"] == "answered"]
    assert answered == as_json(state.transcript[-2])
    assert "value" in answered
    assert answered["value"] is None


def test_an_entry_of_another_shape_is_refused() -> None:
    with pytest.raises(ValidationError):
        TRANSCRIPT.validate_python([{"at": "now", "event": "sung", "script": "s"}])


def test_a_rehearsals_state_is_the_runs_plain_data_and_resumes() -> None:
    runner, state = walked()
    for answer in (None, "Yes", "24/12/2026"):
        runner.answer(state, answer)
    runner.objection(state, "1")
    body = rehearsal_out(state, runner.view(state)).model_dump(mode="json")
    assert body["state"] == as_json(state.to_dict())
    assert body["transcript"] == as_json(state.transcript)
    RehearseOut.model_validate(body)  # what the browser gets it can read back
    resumed = RunState.from_dict(body["state"])
    runner.proceed(resumed)  # the objection handler returns
    runner.back(resumed)
    assert resumed.step == state.step
