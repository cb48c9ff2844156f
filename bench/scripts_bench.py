"""Scripts: validate a generated 5,000-step script; run 100,000 steps through the pure runtime.

Targets (issue #3): validation under 200 ms; one step under 50 µs in-process.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from bench.report import write_section
from parley.scripts.fileformat import load_script
from parley.scripts.library import MemoryLibrary
from parley.scripts.runtime import Runner
from parley.scripts.validate import validate_script, validate_text

STEPS = 5_000
RUN_STEPS = 100_000


def generated_script(steps: int) -> str:
    """A chain of question, input, branch and statement steps, looping back to the start so that a run can
    go on for as long as the benchmark wants."""
    lines = [
        "slug: generated",
        "name: Generated",
        "language: en",
        "start: s0",
        "fields:",
        "  amount: {type: number, label: Amount, min: 0, max: 1000}",
        "  note: {type: text, label: Note}",
        "outcomes:",
        "  done: {label: Done, success: true}",
        "nodes:",
    ]
    for index in range(steps):
        nxt = f"s{index + 1}" if index + 1 < steps - 1 else "s0"
        kind = index % 4
        if index == steps - 1:
            lines.append(f"  s{index}: {{text: Goodbye, end: done}}")
        elif kind == 0:
            lines += [
                f"  s{index}:",
                f"    text: Question {index}?",
                "    options:",
                f"      - {{answer: 'Yes', next: {nxt}}}",
                f"      - {{answer: 'No', next: s{steps - 1}}}",
            ]
        elif kind == 1:
            lines += [
                f"  s{index}:",
                f"    text: How much, {index}?",
                "    field: amount",
                f"    next: {nxt}",
            ]
        elif kind == 2:
            lines += [
                f"  s{index}:",
                "    branch:",
                f"      - {{if: 'amount > 500 and note == null', next: {nxt}}}",
                f"      - {{else: {nxt}}}",
            ]
        else:
            lines += [
                f"  s{index}:",
                f"    text: Statement {index} for {{{{ customer.name }}}}.",
                f"    next: {nxt}",
            ]
    return "\n".join(lines) + "\n"


def main() -> None:
    source = generated_script(STEPS)
    started = time.perf_counter()
    validate_text(source)
    cold = time.perf_counter() - started  # first validation in this process: no warm caches
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        script, diagnostics = validate_text(source)
        timings.append(time.perf_counter() - started)
    assert script is not None
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics[:3]
    parse_only = min(_timed(lambda: load_script(source)) for _ in range(5))
    semantic_only = min(_timed(lambda: validate_script(script)) for _ in range(5))

    runner = Runner(MemoryLibrary([script]), lambda: datetime(2026, 11, 24, tzinfo=UTC))
    state = runner.start("generated", {"customer": {"name": "Anna"}})
    answers = {"question": "Yes", "input": "700", "statement": None}
    per_step: list[float] = []
    done = 0
    while done < RUN_STEPS:
        view_kind = runner.view(state).kind
        started = time.perf_counter()
        runner.answer(state, answers[view_kind])
        per_step.append(time.perf_counter() - started)
        done += 1
        if len(state.history) > 200:  # keep the undo history of a long run bounded, as the desk would
            del state.history[:100]
            del state.transcript[:300]
    per_step.sort()
    mean = statistics.fmean(per_step) * 1e6
    p50, p99 = per_step[len(per_step) // 2] * 1e6, per_step[int(len(per_step) * 0.99)] * 1e6
    body = f"""
| measure | figure | target |
|---|---|---|
| validate a {STEPS:,}-step script, first time (cold caches) | {cold * 1000:.0f} ms | < 200 ms |
| validate it again, as the designer does (best of 5) | {min(timings) * 1000:.0f} ms | < 200 ms |
| of which loading (YAML parse with line numbers + model) | {parse_only * 1000:.0f} ms | |
| of which semantic checks and etiquette lint | {semantic_only * 1000:.0f} ms | |
| one runtime step (answer + automatic branches), mean over {RUN_STEPS:,} | {mean:.1f} µs | < 50 µs |
| one runtime step, p50 / p99 | {p50:.1f} / {p99:.1f} µs | |

Run with `make bench` (`python -m bench`). The generated script mixes closed questions, typed number
fields, expression branches and statements with placeholders; the run answers each as an operator would.
**Validation meets its target only when warm.** Re-validating, as the designer does while an author types,
takes under 200 ms (conditions and folded texts are cached, bounded). The first validation in a fresh
process does not: most of it is reading the YAML with a line number for every value. libyaml produces the
events in about 40 ms; turning them into data with line numbers takes Python most of the rest, then the model
is built. Ways forward: a compiled reader, or re-checking only changed steps. The runtime meets its target.
"""
    write_section("Scripts: validation and runtime", body)
    print(body)


def _timed(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
