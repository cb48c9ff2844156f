"""The `parley` command. Each slice adds its sub-commands here."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from parley import __version__
from parley.accounts.cli import accounts_service
from parley.accounts.cli import app as users_app
from parley.allowlists.cli import app as access_app
from parley.platform import migrate
from parley.platform.cli_support import fail, run_unit_of_work, settings_or_exit
from parley.scripts.cli import Wiring as ScriptsWiring
from parley.scripts.cli import app as scripts_app
from parley.staffing.cli import staffing as staffing_command
from parley.staffing.simulate_cli import simulate as simulate_command

app = typer.Typer(
    help="Parley: an open-source contact center built around conversation scripts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
config_app = typer.Typer(help="Inspect the configuration.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)


@app.callback()
def _wire(ctx: typer.Context) -> None:
    # What each slice's commands get from other slices, as app.py gives the API its services.
    from parley.desk.fields_store import field_names

    ctx.obj = ScriptsWiring(customer_fields=field_names)


app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")
app.add_typer(users_app, name="users")
app.add_typer(access_app, name="access")
app.add_typer(demo_app, name="demo")
app.add_typer(scripts_app, name="scripts")
app.command("staffing")(staffing_command)
app.command("simulate")(simulate_command)


@app.command()
def version() -> None:
    """Print Parley's version."""
    typer.echo(__version__)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default PARLEY_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PARLEY_PORT)")] = None,
    certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM): serve HTTPS")] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM)")] = None,
) -> None:
    """Serve Parley (API and web UI)."""
    import uvicorn

    from parley.app import create_app
    from parley.platform.logging import configure_logging

    settings = settings_or_exit()
    if (certfile is None) != (keyfile is None):
        fail("--certfile and --keyfile go together")
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            fail(f"no such file: {path}")
    configure_logging(settings.log_format, settings.log_level)
    host, port = host or settings.host, port or settings.port
    scheme = "https" if certfile else "http"
    typer.echo(f"Parley {__version__} serving on {scheme}://{host}:{port}  (Ctrl+C stops)")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        timeout_graceful_shutdown=10,
        # uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 (its forwarded_allow_ips default)
        # and hand the app the address it names: the app reads that header itself, from the proxies listed
        # in PARLEY_TRUSTED_PROXIES only.
        proxy_headers=False,
        ws="websockets-sansio",
        ws_max_size=1_000_000,
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply migrations (creates the SQLite file if needed)."""
    settings = settings_or_exit()
    try:
        migrate.upgrade(settings.database_url, revision)
    except OSError as error:
        fail(f"cannot reach the database: {error}")
    typer.echo(f"database at {migrate.head_revision() if revision == 'head' else revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's migration revision."""
    settings = settings_or_exit()
    typer.echo(asyncio.run(migrate.current_revision(settings.database_url)) or "empty")


@config_app.command("show")
def config_show() -> None:
    """Print the effective settings, secrets masked."""
    settings = settings_or_exit()
    typer.echo(json.dumps(settings.masked(), indent=2, default=str))


@demo_app.command("load")
def demo_load() -> None:
    """Load demo users and data (idempotent) and print the demo logins."""
    from parley.demo import DEMO_LOGINS, copy_demo_attachments, load_demo
    from parley.desk.fields_store import field_names
    from parley.platform.clock import system_clock
    from parley.scripts.service import Scripts

    scripts = Scripts(system_clock, customer_fields=field_names)
    created = run_unit_of_work(lambda db: load_demo(db, accounts_service(), scripts))
    folder = settings_or_exit().attachments_dir
    if folder is not None:
        created += copy_demo_attachments(folder)
    typer.echo("demo data: " + (", ".join(created) if created else "already loaded, nothing changed"))
    typer.echo("demo logins:")
    for login in DEMO_LOGINS:
        typer.echo(f"  {login.role.value:<11} {login.username:<12} password: {login.password}")


@app.command()
def openapi(output: Annotated[Path | None, typer.Option("--output", "-o")] = None) -> None:
    """Print (or write) the OpenAPI document."""
    from parley.app import create_app

    document = json.dumps(create_app(settings_or_exit()).openapi(), indent=2, sort_keys=True) + "\n"
    if output:
        output.write_text(document, encoding="utf-8")
    else:
        typer.echo(document, nl=False)


def main() -> None:
    app()
