"""Rehearsal: authors walk a draft (not yet published) as the operator will, from the start or any step.

Stateless on the server: the browser keeps the run's state and sends it back with each action, so rehearsing
writes nothing and needs no clean-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from parley.platform.clock import Clock
from parley.scripts.errors import DraftNotRunnable
from parley.scripts.library import MemoryLibrary
from parley.scripts.model import Script
from parley.scripts.runtime import Runner, RunState, StepView

Action = Literal["start", "answer", "back", "objection"]
SNAPSHOT_KEYS = {"step", "at_slug", "at_version", "fields", "stack"}


def rehearse(
    draft: Script,
    published: Mapping[str, Script],
    clock: Clock,
    action: Action,
    *,
    context: Mapping[str, Any],
    state: Mapping[str, Any] | None = None,
    answer: str | None = None,
    at: str | None = None,
) -> tuple[RunState, StepView]:
    library = MemoryLibrary([s for slug, s in published.items() if slug != draft.slug])
    library.add(draft)
    runner = Runner(library, clock)
    if action == "start":
        run = runner.start(draft.slug, context, at=at)
    else:
        if state is None:
            raise DraftNotRunnable("send the rehearsal's state with each action after start", field="state")
        try:
            run = RunState.from_dict(state)
        except (TypeError, KeyError, ValueError) as problem:
            raise DraftNotRunnable(f"the rehearsal state is not valid: {problem}", field="state") from None
        if run.slug != draft.slug:
            raise DraftNotRunnable("the state belongs to another script", field="state")
        _check_state(run, library)
        # The draft is always version 1 here: the state refers to it whatever was edited in between.
        try:
            if action == "answer":
                runner.answer(run, answer)
            elif action == "back":
                runner.back(run)
            else:
                runner.objection(run, answer or "")
            return run, runner.view(run)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as problem:
            # The state comes from the browser: a tampered or stale one is refused, never a server error.
            raise DraftNotRunnable(
                f"the rehearsal state does not fit this draft ({problem!r})", field="state"
            ) from None
    return run, runner.view(run)


def _check_state(run: RunState, library: MemoryLibrary) -> None:
    """The state comes from the browser: every step it points at must exist in the scripts it names."""
    places = [(run.at_slug, run.at_version, run.step)]
    places += [(frame.slug, frame.version, frame.step) for frame in run.stack]
    for snapshot in run.history:
        if not isinstance(snapshot, dict) or set(snapshot) != SNAPSHOT_KEYS:
            raise DraftNotRunnable("the rehearsal state's history is not valid", field="state")
        places.append((snapshot["at_slug"], snapshot["at_version"], snapshot["step"]))
    for slug, version, step in places:
        versions = library.versions.get(str(slug))
        if not versions or not isinstance(version, int) or not 1 <= version <= len(versions):
            raise DraftNotRunnable(f"the rehearsal state names an unknown script {slug!r}", field="state")
        if step not in versions[version - 1].steps:
            raise DraftNotRunnable(f"the rehearsal state names an unknown step {step!r}", field="state")
