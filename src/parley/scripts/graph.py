"""Graph questions about a script: walk order, reachability, which steps can still reach an end, and the
links the designer draws."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from parley.scripts.model import RETURN, Script, StepKind


def walk(script: Script, roots: Iterable[str]) -> list[str]:
    """Step ids reachable from `roots`, breadth first, in the order the script leads to them."""
    steps = script.steps
    order: list[str] = []
    seen: set[str] = set()
    queue = deque(r for r in roots if r in steps)
    pop, push = queue.popleft, queue.append
    while queue:
        step_id = pop()
        if step_id in seen:
            continue
        seen.add(step_id)
        order.append(step_id)
        for target in steps[step_id].targets():
            if target not in seen and target in steps:
                push(target)
    return order


def can_finish(script: Script) -> set[str]:
    """Steps from which an end (or the `return` of an objection handler) can be reached."""
    steps = script.steps
    incoming: dict[str, list[str]] = {step_id: [] for step_id in steps}
    finished: set[str] = set()
    end = StepKind.END
    for step_id, step in steps.items():
        done = step.kind is end or step.broken
        for target in step.targets():
            if target in incoming:
                incoming[target].append(step_id)
                done = done or target == RETURN
            else:  # `return`, or a dangling target: reported as unknown-step ("" as missing), so not stuck
                done = True
        if done:
            finished.add(step_id)
    queue = deque(finished)
    while queue:
        for source in incoming[queue.popleft()]:
            if source not in finished:
                finished.add(source)
                queue.append(source)
    return finished


def stuck_loops(script: Script, stuck: list[str]) -> list[str]:
    """Where runs get stuck: the first step (in `stuck`'s order) of each strongly connected group of stuck
    steps that leads nowhere else; steps that merely lead into such a group are not the problem."""
    members = set(stuck)
    edges = {s: [t for t in script.steps[s].targets() if t in members] for s in stuck}
    component = _components(stuck, edges)
    sinks: dict[int, str] = {}
    leaves = set(component.values())
    for source, targets in edges.items():
        if any(component[t] != component[source] for t in targets):
            leaves.discard(component[source])
    for step_id in stuck:
        if component[step_id] in leaves:
            sinks.setdefault(component[step_id], step_id)
    return list(sinks.values())


def _components(nodes: list[str], edges: dict[str, list[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components, iterative (scripts may have thousands of steps)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: dict[str, int] = {}
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    result[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


LinkKind = Literal["next", "answer", "condition", "otherwise", "outcome", "objection", "return"]


@dataclass(frozen=True, slots=True)
class Link:
    """One way a script can go on, as the designer draws it.

    `source` is "" for an objection (raised from any step); `target` is a step id, `return` (an objection
    handler going back), or a step that does not exist (reported by validation, still drawn). `index` is the
    position of the answer, rule or `on` entry within its step, so the link leaves by the right exit.
    """

    source: str
    target: str
    kind: LinkKind
    label: str = ""
    index: int | None = None


def links(script: Script) -> list[Link]:
    """Every link of the script: answers, branch rules (the condition as label) and the `else` rule,
    `next`, sub-script outcomes, objections and their returns. Links without a target are left out: they
    lead nowhere yet and validation reports them."""
    found: list[Link] = []
    for step in script.steps.values():
        source = step.id
        found += [
            Link(source, option.next, "answer", option.answer, index)
            for index, option in enumerate(step.options)
            if option.next
        ]
        found += [
            Link(source, rule.next, "otherwise", "else", index)
            if rule.condition is None
            else Link(source, rule.next, "condition", rule.condition, index)
            for index, rule in enumerate(step.branch)
            if rule.next
        ]
        found += [
            Link(source, target, "outcome", outcome, index)
            for index, (outcome, target) in enumerate(step.on_outcome)
            if target
        ]
        if step.next:
            found.append(Link(source, step.next, "return" if step.next == RETURN else "next"))
    found += [
        Link("", objection.goto, "objection", objection.label, index)
        for index, objection in enumerate(script.objections)
    ]
    return found
