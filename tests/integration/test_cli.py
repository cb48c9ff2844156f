"""The `parley` command against a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.accounts.cli import accounts_service
from parley.cli import app
from parley.demo import load_demo_customer_fields
from parley.platform.cli_support import run_unit_of_work
from parley.platform.identity import Role, Scope

runner = CliRunner()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "db", "users", "config", "demo"):
        assert command in result.output


def test_users_create_list_disable(data_dir: Path) -> None:
    created = runner.invoke(
        app, ["users", "create", "mai", "--role", "supervisor", "--password-stdin"], input="a-long-password\n"
    )
    assert created.exit_code == 0, created.output
    listed = runner.invoke(app, ["users", "list"])
    assert "mai" in listed.output
    assert "supervisor" in listed.output
    disabled = runner.invoke(app, ["users", "disable", "mai"])
    assert disabled.exit_code == 0
    assert "disabled" in runner.invoke(app, ["users", "list"]).output


def test_users_create_refuses_bad_input_with_a_message(data_dir: Path) -> None:
    bad_role = runner.invoke(
        app, ["users", "create", "mai", "--role", "king", "--password-stdin"], input="x" * 12
    )
    assert bad_role.exit_code != 0
    weak = runner.invoke(
        app, ["users", "create", "mai", "--role", "agent", "--password-stdin"], input="short\n"
    )
    assert weak.exit_code == 1
    assert "at least 10 characters" in weak.output
    common = runner.invoke(
        app, ["users", "create", "mai", "--role", "agent", "--password-stdin"], input="iloveyou2024\n"
    )
    assert common.exit_code == 1
    assert "password-too-common" in common.output
    runner.invoke(
        app, ["users", "create", "mai", "--role", "agent", "--password-stdin"], input="long-password\n"
    )
    again = runner.invoke(
        app, ["users", "create", "mai", "--role", "agent", "--password-stdin"], input="long-password\n"
    )
    assert again.exit_code == 1
    assert "username-taken" in again.output
    missing = runner.invoke(app, ["users", "disable", "nobody"])
    assert missing.exit_code == 1
    assert "no user named" in missing.output


def test_users_token_makes_a_token_with_rights_that_works(data_dir: Path) -> None:
    runner.invoke(
        app, ["users", "create", "shop", "--role", "agent", "--password-stdin"], input="long-password\n"
    )
    made = runner.invoke(app, ["users", "token", "shop", "--name", "web shop", "--scope", "contacts:create"])
    assert made.exit_code == 0, made.output
    assert "rights: contacts:create" in made.output
    token = made.output.strip().splitlines()[-1]
    assert token.startswith("pk_")

    principal = run_unit_of_work(lambda db: accounts_service().from_api_token(db, token))
    assert principal is not None
    assert (principal.username, principal.role, principal.scopes) == (
        "shop",
        Role.AGENT,
        frozenset({Scope.CONTACTS_CREATE}),
    )
    unknown = runner.invoke(app, ["users", "token", "shop", "--name", "x", "--scope", "everything"])
    assert unknown.exit_code != 0


def test_demo_load_is_idempotent(data_dir: Path) -> None:
    first = runner.invoke(app, ["demo", "load"])
    assert "user admin" in first.output
    assert "admin-parley" in first.output
    examples = ("order-enquiry", "xac-nhan-don-hang", "get-past-secretary", "cold-call-b2b")
    for slug in examples:
        assert f"script {slug}" in first.output
    listed = runner.invoke(app, ["scripts", "export", "cold-call-b2b", "--version", "1"])
    assert listed.exit_code == 0
    assert "script: get-past-secretary" in listed.output
    for item in (
        "queue orders",
        "queue vi-orders",
        "queue complaints",
        "skill complaints",
        "routing profile of lan",
        "customer Nguyễn Văn An",
    ):
        assert item in first.output
    second = runner.invoke(app, ["demo", "load"])
    assert "nothing changed" in second.output


def test_config_show_masks_secrets(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_SMTP_PASSWORD", "mail-secret-value")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    assert "mail-secret-value" not in result.output
    assert "********" in result.output


def test_a_wrong_setting_stops_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_PORT", "not-a-port")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 2
    assert "PARLEY_PORT" in result.output


def test_serve_refuses_half_a_tls_pair(data_dir: Path) -> None:
    result = runner.invoke(app, ["serve", "--certfile", "cert.pem"])
    assert result.exit_code == 1
    assert "go together" in result.output


def test_scripts_import_and_export(data_dir: Path, tmp_path: Path) -> None:
    from tests.unit.scripts.sample import SAMPLE

    source = tmp_path / "sample.yaml"
    source.write_text(SAMPLE, encoding="utf-8")
    # The sample reads customer.orders_count: on a server without that custom field it cannot be published.
    undefined = runner.invoke(app, ["scripts", "import", str(source), "--publish"])
    assert undefined.exit_code == 1
    assert "script-invalid" in undefined.output
    run_unit_of_work(load_demo_customer_fields)
    imported = runner.invoke(app, ["scripts", "import", str(source), "--publish"])
    assert imported.exit_code == 0, imported.output
    assert "published version 1" in imported.output
    exported = runner.invoke(app, ["scripts", "export", "sample-order"])
    assert exported.output == SAMPLE
    again = runner.invoke(app, ["scripts", "import", str(source), "--publish"])
    assert again.exit_code == 1
    assert "nothing-to-publish" in again.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(SAMPLE.replace("next: can_talk", "next: nowhere"), encoding="utf-8")
    refused = runner.invoke(app, ["scripts", "import", str(broken), "--publish"])
    assert refused.exit_code == 1
    assert "script-invalid" in refused.output
    assert runner.invoke(app, ["scripts", "export", "sample-order", "--version", "1"]).output == SAMPLE


def test_scripts_validate_checks_customer_fields_against_the_database(data_dir: Path, tmp_path: Path) -> None:
    """#13 point 11: `--from-database` knows the custom fields defined there; offline, a note says
    customer.* goes unchecked."""
    from tests.unit.scripts.sample import SAMPLE

    source = tmp_path / "sample.yaml"
    source.write_text(SAMPLE, encoding="utf-8")
    undefined = runner.invoke(app, ["scripts", "validate", "--from-database", str(source)])
    assert undefined.exit_code == 1
    assert "'customer.orders_count': customer has no 'orders_count'" in undefined.output
    run_unit_of_work(load_demo_customer_fields)
    defined = runner.invoke(app, ["scripts", "validate", "--from-database", str(source)])
    assert defined.exit_code == 0, defined.output
    assert "note:" not in defined.output
    offline = runner.invoke(app, ["scripts", "validate", str(source)])
    assert offline.exit_code == 0, offline.output
    assert "not checked against the customers' custom fields" in offline.output
