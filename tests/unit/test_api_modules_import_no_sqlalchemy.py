"""The API modules are thin edges (#14): their queries live in the slice's `store` (or service), so no
`*api*.py` module under src/parley imports SQLAlchemy, at the top or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "parley"

#: API modules whose queries have not moved to a store yet. This list only shrinks: convert a module and take
#: it off (the second test fails while a converted module is still listed); never add one. Empty since the
#: desk got its store and routing/api.py went through routing's (#14).
NOT_YET_CONVERTED: set[str] = set()


def _imports_sqlalchemy(path: Path) -> list[str]:
    """The SQLAlchemy imports of a module, as `line: module`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{node.lineno}: {name}" for name in names if name.split(".")[0] == "sqlalchemy"]
    return found


def _api_modules() -> dict[str, Path]:
    return {path.relative_to(SRC).as_posix(): path for path in sorted(SRC.rglob("*api*.py"))}


def test_api_modules_import_no_sqlalchemy() -> None:
    modules = _api_modules()
    assert "desk/api.py" in modules  # the walk finds them
    assert "desk/panel_api.py" in modules
    offending = {
        name: imports
        for name, path in modules.items()
        if name not in NOT_YET_CONVERTED and (imports := _imports_sqlalchemy(path))
    }
    assert offending == {}, "move these queries into the slice's store.py (functions taking the session)"


def test_the_allowlist_names_only_modules_that_still_import_sqlalchemy() -> None:
    modules = _api_modules()
    stale = {
        name for name in NOT_YET_CONVERTED if name not in modules or not _imports_sqlalchemy(modules[name])
    }
    assert stale == set(), "converted (or gone): take them off NOT_YET_CONVERTED"


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "some_api.py"
    module.write_text("def f():\n    from sqlalchemy.ext.asyncio import AsyncSession\n    import json\n")
    assert _imports_sqlalchemy(module) == ["2: sqlalchemy.ext.asyncio"]
