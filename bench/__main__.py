"""`python -m bench [name ...]`: run every benchmark, or the named ones; each writes its section of
docs/performance.md."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "scripts": "bench.scripts_bench",
    "designer": "bench.designer_bench",
    "routing": "bench.routing_bench",
    "routing-e2e": "bench.routing_e2e_bench",
    "desk": "bench.desk_bench",
    "login-storm": "bench.login_storm",
}


def main(names: list[str]) -> None:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    for name in names or BENCHMARKS:
        importlib.import_module(BENCHMARKS[name]).main()


if __name__ == "__main__":
    main(sys.argv[1:])
