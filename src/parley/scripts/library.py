"""Script libraries for the runtime: in memory, for tests and rehearsal (runs.py loads from the database)."""

from __future__ import annotations

from pathlib import Path

from parley.platform.errors import NotFound
from parley.scripts.fileformat import load_script
from parley.scripts.model import Script

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"


class NoSuchScript(NotFound):
    code = "no-such-script"
    title = "No such script"


class MemoryLibrary:
    """Versions kept in memory: `add` publishes the next version of a script."""

    def __init__(self, scripts: list[Script] | None = None) -> None:
        self.versions: dict[str, list[Script]] = {}
        for script in scripts or []:
            self.add(script)

    def add(self, script: Script) -> int:
        self.versions.setdefault(script.slug, []).append(script)
        return len(self.versions[script.slug])

    def get(self, slug: str, version: int | None = None) -> tuple[Script, int]:
        versions = self.versions.get(slug)
        if not versions:
            raise NoSuchScript(f"no published script {slug!r}", script=slug)
        number = version or len(versions)
        if not 1 <= number <= len(versions):
            raise NoSuchScript(f"script {slug!r} has no version {number}", script=slug)
        return versions[number - 1], number

    def find(self, slug: str) -> Script | None:
        versions = self.versions.get(slug)
        return versions[-1] if versions else None


def load_directory(directory: Path) -> list[Script]:
    """Every script in a folder that loads (validity is checked separately)."""
    scripts = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml"), *directory.glob("*.json")]):
        loaded = load_script(path.read_text(encoding="utf-8"))
        if loaded.script is not None and loaded.script.slug:
            scripts.append(loaded.script)
    return scripts
