"""Fails when frontend/openapi.json (the contract the typed client is generated from) is out of date."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from parley.app import create_app
from parley.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as data_dir:
        document = create_app(Settings(data_dir=Path(data_dir))).openapi()
    expected = json.dumps(document, indent=2, sort_keys=True) + "\n"
    committed = (ROOT / "frontend" / "openapi.json").read_text(encoding="utf-8")
    if committed != expected:
        print(
            "frontend/openapi.json is out of date: run `make openapi` and commit the result", file=sys.stderr
        )
        return 1
    print("openapi.json is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
