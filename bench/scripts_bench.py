"""Scripts: validate a generated 5,000-step script; run 100,000 steps through the pure runtime.

Targets (issue #3): validation under 200 ms; one step under 50 µs in-process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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


TARGET_MS = 200
COLD_RUNS = 5


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, perf_counter
    cpu: float  # seconds, process_time: what this process itself used, whatever else the machine runs


def _measure(work: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def _best(timings: list[Timing]) -> Timing:
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def _median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def cold_once() -> None:
    """In a fresh process: the first validation, which pays for every cache, lazy import and catalog load."""
    source = generated_script(STEPS)
    timing = _measure(lambda: validate_text(source))
    print(json.dumps({"wall": timing.wall, "cpu": timing.cpu}))


def _cold_in_fresh_processes(runs: int) -> list[Timing]:
    timings = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-m", "bench.scripts_bench", "--cold-once"],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        timings.append(Timing(figures["wall"], figures["cpu"]))
    return timings


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _verdict(label: str, timing: Timing) -> str:
    """Whether `timing` meets the target, judged on wall-clock time and on CPU time separately."""
    wall_ok, cpu_ok = timing.wall * 1000 < TARGET_MS, timing.cpu * 1000 < TARGET_MS
    if wall_ok and cpu_ok:
        return f"{label}: **met** ({_ms(timing.wall)} wall, {_ms(timing.cpu)} CPU)."
    if cpu_ok:
        return (
            f"{label}: **met on CPU time** ({_ms(timing.cpu)}), **not on wall-clock time** "
            f"({_ms(timing.wall)}): the process had the CPU {timing.cpu / timing.wall:.0%} of the time."
        )
    if wall_ok:  # only with threads running beside the validation
        return f"{label}: met on wall-clock time ({_ms(timing.wall)}), not on CPU ({_ms(timing.cpu)})."
    return f"{label}: **not met** ({_ms(timing.wall)} wall, {_ms(timing.cpu)} CPU)."


def main() -> None:
    source = generated_script(STEPS)
    first = _measure(lambda: validate_text(source))  # the first validation in this process: no warm caches
    cold = _cold_in_fresh_processes(COLD_RUNS)
    timings = []
    for _ in range(5):
        timings.append(_measure(lambda: validate_text(source)))
    script, diagnostics = validate_text(source)
    assert script is not None
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics[:3]
    parse_only = _best([_measure(lambda: load_script(source)) for _ in range(5)])
    semantic_only = _best([_measure(lambda: validate_script(script)) for _ in range(5)])
    cold_median, warm = _median(cold), _best(timings)

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
    runtime_verdict = "meets" if mean < 50 else "does **not** meet"

    cold_label = f"validate a {STEPS:,}-step script cold, first time in a new process: median of {COLD_RUNS}"

    def row(measure: str, timing: Timing, target: str = "") -> str:
        return f"| {measure} | {_ms(timing.wall)} | {_ms(timing.cpu)} | {target} |"

    body = f"""
| measure | wall | CPU | target |
|---|---|---|---|
{row(cold_label, cold_median, f"< {TARGET_MS} ms")}
{row(f"cold, best of the {COLD_RUNS} fresh processes", _best(cold))}
{row("cold, first validation in the benchmark's own process", first)}
{row("validate it again, as the designer does (best of 5)", warm, f"< {TARGET_MS} ms")}
{row("of which loading (YAML parse with line numbers + model), best of 5", parse_only)}
{row("of which semantic checks and etiquette lint, best of 5", semantic_only)}
| one runtime step (answer + automatic branches), mean over {RUN_STEPS:,} | {mean:.1f} µs | | < 50 µs |
| one runtime step, p50 / p99 | {p50:.1f} / {p99:.1f} µs | | |

Run with `make bench` (`python -m bench`). The generated script mixes closed questions, typed number
fields, expression branches and statements with placeholders; the run answers each as an operator would.
Wall is `perf_counter`; CPU is `process_time`, the time this process itself ran. CPU time leaves out the
time spent waiting for a processor on a busy machine, but not a processor slowed down by its neighbours
(shared caches and cores, a virtual machine's host): on a shared machine both can be well above a quiet
one's, so compare figures within one run rather than across runs.

- {_verdict("Cold validation (target < 200 ms)", cold_median)}
- {_verdict("Warm re-validation (target < 200 ms)", warm)}
- One runtime step: {mean:.1f} µs, which {runtime_verdict} its target of 50 µs.

Where the cold time goes (cProfile and `process_time` per stage in fresh processes, 2026-11-27): reading the
YAML with a line for every value (`yaml_subset`) is the largest part, then building the model (steps are
made through a plain twin of the frozen dataclass: a frozen dataclass sets each field through
`object.__setattr__`), the semantic checks (each distinct condition is parsed and checked once per
validation, placeholder names resolved once), compiling the etiquette catalog (its large phrase regex is
compiled only when some text passes the quick ASCII prefilter), and the etiquette lint, which folds only
texts that may hold a catalog phrase.
"""
    write_section("Scripts: validation and runtime", body)
    print(body)


if __name__ == "__main__":
    if sys.argv[1:] == ["--cold-once"]:
        cold_once()
    else:
        main()
