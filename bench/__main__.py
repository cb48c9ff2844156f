"""`python -m bench`: run every benchmark; each writes its section of docs/performance.md."""

from __future__ import annotations

from bench import designer_bench, scripts_bench

if __name__ == "__main__":
    scripts_bench.main()
    designer_bench.main()
