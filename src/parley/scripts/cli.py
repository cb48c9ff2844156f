"""`parley scripts ...`: validate files, rehearse a script in the terminal, import and export."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from parley.etiquette.catalog import load_catalog
from parley.platform.errors import DomainError
from parley.scripts.diagnostics import Diagnostic, has_errors
from parley.scripts.library import EXAMPLES_DIR, MemoryLibrary, load_directory
from parley.scripts.model import Script
from parley.scripts.runtime import Runner, RunState, StepView
from parley.scripts.validate import validate_text

if TYPE_CHECKING:
    from parley.scripts.service import CustomerFields

app = typer.Typer(help="Conversation scripts: validate, rehearse, import, export.", no_args_is_help=True)


@dataclass(frozen=True)
class Wiring:
    """What these commands get from other slices, given by the `parley` command as `ctx.obj` (as app.py gives
    the API its services): the customers' custom fields are the desk's, and scripts know no desk."""

    customer_fields: CustomerFields


def _wiring(ctx: typer.Context) -> Wiring:
    wiring = ctx.find_object(Wiring)
    if wiring is None:
        raise RuntimeError("the scripts commands run under the `parley` command, which wires them")
    return wiring


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"{path}: error: cannot read: {error}", err=True)
        raise typer.Exit(1) from None


def _neighbours(paths: list[Path]) -> MemoryLibrary:
    """Scripts a file may call as sub-scripts: its folder's, the other files', and the shipped examples."""
    library = MemoryLibrary()
    folders = {EXAMPLES_DIR, *(p.parent for p in paths)}
    for folder in sorted(folders):
        if folder.is_dir():
            for script in load_directory(folder):
                library.add(script)
    return library


def _check(
    path: Path,
    library: MemoryLibrary,
    catalogs: list[Path] | None = None,
    customer_fields: Collection[str] | None = None,
) -> tuple[Script | None, list[Diagnostic]]:
    catalog = None
    if catalogs:
        try:
            catalog = load_catalog(catalogs)
        except DomainError as error:
            typer.echo(f"error: {error.detail}", err=True)
            raise typer.Exit(2) from None
    return validate_text(_read(path), resolve=library.find, catalog=catalog, customer_fields=customer_fields)


def _database_fields(read: CustomerFields) -> list[str]:
    """The customers' custom fields defined in the configured database (PARLEY_DATABASE_URL)."""
    from parley.platform.cli_support import run_unit_of_work

    async def work(db: AsyncSession) -> list[str]:
        return list(await read(db))

    return run_unit_of_work(work)


def _customer_fields(
    ctx: typer.Context, names: list[str] | None, from_database: bool
) -> Collection[str] | None:
    """What `customer.*` may name besides the card's own attributes; None (offline, not said): anything."""
    listed = [name.strip() for text in names or [] for name in text.split(",") if name.strip()]
    if from_database:
        return [*listed, *_database_fields(_wiring(ctx).customer_fields)]
    if names is not None:
        return listed
    typer.echo(
        "note: customer.* placeholders are not checked against the customers' custom fields offline; "
        "name them with --fields, or check against the server's with --from-database",
        err=True,
    )
    return None


@app.command()
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Script files (YAML or JSON)")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too")] = False,
    catalog: Annotated[
        list[Path] | None,
        typer.Option("--catalog", help="An organization's etiquette catalog (YAML), repeatable"),
    ] = None,
    fields: Annotated[
        list[str] | None,
        typer.Option(
            "--fields",
            help="The customers' custom fields customer.* may name (comma-separated, repeatable); "
            "without it or --from-database, customer.* is not checked",
        ),
    ] = None,
    from_database: Annotated[
        bool,
        typer.Option(
            "--from-database",
            help="Check customer.* against the custom fields defined in the configured database",
        ),
    ] = False,
) -> None:
    """Check scripts: prints FILE:LINE: error|warning: message; exit 1 on errors (and warnings: --strict)."""
    library = _neighbours(files)
    customer_fields = _customer_fields(ctx, fields, from_database)
    failed = False
    for path in files:
        _, diagnostics = _check(path, library, catalog, customer_fields)
        for diagnostic in diagnostics:
            typer.echo(diagnostic.format(str(path)))
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        failed = failed or errors > 0 or (strict and warnings > 0)
        typer.echo(f"{path}: {errors} error(s), {warnings} warning(s)", err=True)
    raise typer.Exit(1 if failed else 0)


def _parse_vars(pairs: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    context: dict[str, Any] = {
        "company": "Parley Demo Store",
        "agent": {"name": "Alex"},
        "customer": {},
        "contact": {},
    }
    fields: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            typer.echo(f"error: --var takes key=value, got {pair!r}", err=True)
            raise typer.Exit(2)
        head, _, rest = key.partition(".")
        if rest and head in ("customer", "contact", "agent"):
            context[head][rest] = int(value) if value.isdigit() else value
        elif key == "company":
            context["company"] = value
        else:
            fields[key] = value
    return context, fields


def _show(view: StepView, echo: Callable[[str], None]) -> None:
    echo(f"\n[{view.step}] {view.text}" if view.text else f"\n[{view.step}]")
    if view.hint:
        echo(f"  (hint: {view.hint})")
    for number, option in enumerate(view.options, 1):
        echo(f"  {number}. {option}")
    if view.field:
        extra = f", one of {', '.join(view.field['choices'])}" if view.field["choices"] else ""
        echo(f"  -> {view.field['label']} ({view.field['type']}{extra})")
    if view.email:
        echo(f"  email to send: {view.email['subject']}")
    if view.transfer:
        echo(f"  transfer to queue {view.transfer['queue']} ({view.transfer['mode']})")


def _interactive_command(runner: Runner, state: RunState, line: str) -> bool:
    """Terminal-only commands: :back, :objection N, :quit. True when the line was a command."""
    if line == ":back":
        runner.back(state)
    elif line.startswith(":objection"):
        runner.objection(state, line.removeprefix(":objection").strip())
    elif line == ":quit":
        raise typer.Exit(1)
    else:
        return False
    return True


@app.command()
def play(
    file: Annotated[Path, typer.Argument(help="Script file to rehearse")],
    var: Annotated[
        list[str] | None, typer.Option("--var", help="key=value: customer.name=Anna, company=…")
    ] = None,
) -> None:
    """Rehearse a script: answers come one per line on stdin; ends with `outcome:` and `fields:` lines."""
    library = _neighbours([file])
    script, diagnostics = _check(file, library)
    if script is None or has_errors(diagnostics):
        for diagnostic in diagnostics:
            typer.echo(diagnostic.format(str(file)), err=True)
        raise typer.Exit(1)
    library.add(script)
    context, prefilled = _parse_vars(var or [])
    runner = Runner(library, lambda: datetime.now(UTC))
    terminal = sys.stdin.isatty()
    try:
        state = runner.start(script.slug, context, version=library.get(script.slug)[1])
        for name, value in prefilled.items():
            if name not in script.fields:
                typer.echo(f"error: --var {name}: no such field in {script.slug!r}", err=True)
                raise typer.Exit(2)
            state.fields[name] = value
        _loop(runner, state, terminal)
    except DomainError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"outcome: {state.outcome}")
    typer.echo(f"fields: {json.dumps(state.fields, ensure_ascii=False, sort_keys=True)}")


def _loop(runner: Runner, state: RunState, terminal: bool) -> None:
    if terminal:
        typer.echo("Answer with a number or the answer's text; :back, :objection N, :quit.")
    while not state.finished:
        view = runner.view(state)
        _show(view, typer.echo)
        waits = bool(view.options or view.field)
        if not waits and not terminal:
            runner.proceed(state)
            continue
        if terminal:
            line = typer.prompt(">", default="", show_default=False)
        else:
            raw = sys.stdin.readline()
            if not raw:
                raise _Ended(f"input ended at step {view.step!r} before the script did")
            line = raw.rstrip("\r\n")
        try:
            if not (terminal and _interactive_command(runner, state, line.strip())):
                runner.answer(state, line)
        except DomainError as error:
            if not terminal:
                raise _Ended(f"step {view.step!r}: {error.detail}") from None
            typer.echo(f"  ! {error.detail}")
    final = runner.view(state)
    typer.echo(f"\n{final.outcome_label or final.outcome}" + (" (success)" if final.success else ""))


class _Ended(DomainError):
    code = "input-ended"


@app.command("import")
def import_script(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Script file (YAML or JSON)")],
    publish: Annotated[bool, typer.Option("--publish", help="Publish it as a new version")] = False,
    note: Annotated[str, typer.Option("--note", help="Version note when publishing")] = "imported",
) -> None:
    """Create the draft (or replace it, when the slug exists) from a file; optionally publish it."""
    from parley.platform.cli_support import run_unit_of_work
    from parley.platform.clock import system_clock
    from parley.scripts import store
    from parley.scripts.service import Scripts

    source = _read(file)
    service = Scripts(system_clock, customer_fields=_wiring(ctx).customer_fields)

    async def work(db: AsyncSession) -> tuple[str, list[Diagnostic], int | None]:
        checked = await service.check(db, source)
        slug = checked.script.slug if checked.script else ""
        existing = await store.script_by_slug(db, slug) if slug else None
        if existing is None:
            row, checked = await service.create(db, source, "cli")
        else:
            row, checked = await service.update(db, slug, source, existing.draft_revision, "cli")
        version = (await service.publish(db, row.slug, note, "cli")).number if publish else None
        return row.slug, checked.diagnostics, version

    slug, diagnostics, version = run_unit_of_work(work)
    for diagnostic in diagnostics:
        typer.echo(diagnostic.format(str(file)))
    typer.echo(f"imported {slug}" + (f", published version {version}" if version else " (draft)"))


@app.command("export")
def export_script(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Script slug")],
    version: Annotated[
        int | None, typer.Option("--version", help="Version number (default: the draft)")
    ] = None,
) -> None:
    """Print a script's draft (or a version) as YAML."""
    from parley.platform.cli_support import run_unit_of_work
    from parley.platform.clock import system_clock
    from parley.scripts.service import Scripts, to_yaml

    customer_fields = _wiring(ctx).customer_fields

    async def work(db: AsyncSession) -> str:
        return await Scripts(system_clock, customer_fields=customer_fields).source(db, slug, version)

    typer.echo(to_yaml(run_unit_of_work(work)), nl=False)
