"""Writes one benchmark's section of docs/performance.md, keeping the other sections."""

from __future__ import annotations

import os
import platform
import re
import time
from datetime import UTC, datetime
from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
HEADER = """# Performance

Figures from `make bench`, each section written by its benchmark with the machine and the date. These
machines are shared and noisy: compare figures within one run (ratios), not across runs.
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


#: The CPU check on a quiet day of the 2-core CI machine (2026-11-27 morning runs of the desk bench).
QUIET_CPU_CHECK_MS = 29.0


def cpu_check() -> float:
    """Milliseconds for a fixed piece of pure Python (best of three): how fast the shared machine's CPU is
    right now, to compare runs (other tenants of the host slow it without showing in /proc)."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for n in range(1_000_000):
            total += n
        best = min(best, time.perf_counter() - started)
    return best * 1000


def write_section(name: str, body: str) -> None:
    text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.exists() else HEADER
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    check = cpu_check()
    speed = (
        f"CPU check {check:.0f} ms, {check / QUIET_CPU_CHECK_MS:.1f}× the {QUIET_CPU_CHECK_MS:.0f} ms of a "
        "quiet day: figures scale with it"
    )
    section = (
        f"<!-- bench:{name} -->\n## {name}\n\n_{stamp} on {machine()}; {speed}_\n\n{body.strip()}\n"
        f"<!-- /bench:{name} -->"
    )
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    text = (
        pattern.sub(lambda _: section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section + "\n"
    )
    PERFORMANCE.write_text(text, encoding="utf-8")
