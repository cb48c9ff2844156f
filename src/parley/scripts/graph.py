"""Graph questions about a script: walk order, reachability, and which steps can still reach an end."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from parley.scripts.model import RETURN, Script, StepKind


def walk(script: Script, roots: Iterable[str]) -> list[str]:
    """Step ids reachable from `roots`, breadth first, in the order the script leads to them."""
    order: list[str] = []
    seen: set[str] = set()
    queue = deque(r for r in roots if r in script.steps)
    while queue:
        step_id = queue.popleft()
        if step_id in seen:
            continue
        seen.add(step_id)
        order.append(step_id)
        queue.extend(t for t in script.steps[step_id].targets() if t in script.steps and t not in seen)
    return order


def can_finish(script: Script) -> set[str]:
    """Steps from which an end (or the `return` of an objection handler) can be reached."""
    incoming: dict[str, list[str]] = {step_id: [] for step_id in script.steps}
    finished: set[str] = set()
    for step in script.steps.values():
        targets = step.targets()
        if step.kind == StepKind.END or RETURN in targets:
            finished.add(step.id)
        for target in targets:
            if target in incoming:
                incoming[target].append(step.id)
    queue = deque(finished)
    while queue:
        for source in incoming[queue.popleft()]:
            if source not in finished:
                finished.add(source)
                queue.append(source)
    return finished
