"""Differences between two versions of a script: steps added, removed and changed (with the changed keys)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

from parley.scripts.model import Script, Step

SECTIONS = ("fields", "outcomes", "emails", "kb")
SCRIPT_KEYS = ("name", "language", "direction", "description", "start", "tags", "objections", "notes")


@dataclass
class StepChange:
    step: str
    changed: list[str]
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass
class ScriptDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[StepChange] = field(default_factory=list)
    script: list[str] = field(default_factory=list)  # script-level keys that changed
    sections: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # fields/outcomes/...: added etc.

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.script or self.sections)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _step_data(step: Step) -> dict[str, Any]:
    skipped = ("line", "key_lines", "broken", "_targets")
    data = {f.name: getattr(step, f.name) for f in fields(step) if f.name not in skipped}
    data["options"] = [asdict(option) for option in step.options]
    data["branch"] = [asdict(rule) for rule in step.branch]
    data["transfer"] = asdict(step.transfer) if step.transfer else None
    for option in data["options"]:
        option.pop("line")
    for rule in data["branch"]:
        rule.pop("line")
    return {k: v for k, v in data.items() if v not in (None, "", (), [])}


def _without_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in ("line", "key_lines")}
    if isinstance(value, list | tuple):
        return [_without_lines(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _script_data(script: Script) -> dict[str, Any]:
    """Script-level keys and sections as plain data (not the steps: asdict would copy their line map)."""
    return {key: _plain(getattr(script, key)) for key in (*SCRIPT_KEYS, *SECTIONS)}


def diff_scripts(before: Script, after: Script) -> ScriptDiff:
    result = ScriptDiff()
    result.added = [s for s in after.steps if s not in before.steps]
    result.removed = [s for s in before.steps if s not in after.steps]
    for step_id, step in after.steps.items():
        old = before.steps.get(step_id)
        if old is None:
            continue
        a, b = _step_data(old), _step_data(step)
        keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        if keys:
            result.changed.append(
                StepChange(step_id, keys, {k: a.get(k) for k in keys}, {k: b.get(k) for k in keys})
            )
    old_script, new_script = _script_data(before), _script_data(after)
    result.script = [k for k in SCRIPT_KEYS if _without_lines(old_script[k]) != _without_lines(new_script[k])]
    for section in SECTIONS:
        old_items, new_items = _without_lines(old_script[section]), _without_lines(new_script[section])
        change = {
            "added": sorted(k for k in new_items if k not in old_items),
            "removed": sorted(k for k in old_items if k not in new_items),
            "changed": sorted(k for k in new_items if k in old_items and new_items[k] != old_items[k]),
        }
        if any(change.values()):
            result.sections[section] = change
    return result
