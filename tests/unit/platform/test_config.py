"""Settings: environment, file, validation messages naming the setting, secret handling."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from parley.config import ConfigError, ensure_secret_key, load_settings


def test_defaults_put_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path.as_posix()}/parley.db"
    assert settings.is_sqlite


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_PORT", "9001")
    monkeypatch.setenv("PARLEY_DATABASE_URL", "postgresql+asyncpg://u:pw@db/parley")
    settings = load_settings()
    assert settings.port == 9001
    assert not settings.is_sqlite


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("PARLEY_PORT", "eighty", "PARLEY_PORT"),
        ("PARLEY_PORT", "70000", "PARLEY_PORT"),
        ("PARLEY_DATABASE_URL", "mysql://x", "PARLEY_DATABASE_URL"),
        ("PARLEY_REDIS_URL", "http://x", "PARLEY_REDIS_URL"),
        ("PARLEY_SECRET_KEY", "short", "PARLEY_SECRET_KEY"),
        ("PARLEY_COOKIE_SECURE", "sometimes", "PARLEY_COOKIE_SECURE"),
        ("PARLEY_NO_SUCH_SETTING", "1", None),
    ],
)
def test_a_wrong_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, named: str | None
) -> None:
    monkeypatch.setenv(name, value)
    if named is None:  # unknown PARLEY_* variables are ignored by the environment source
        load_settings()
        return
    with pytest.raises(ConfigError, match=named):
        load_settings()


def test_config_file_is_read_and_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('port = 8100\ncompany_name = "Acme Shoes"\n', encoding="utf-8")
    monkeypatch.setenv("PARLEY_CONFIG_FILE", str(config))
    monkeypatch.setenv("PARLEY_PORT", "8200")
    settings = load_settings()
    assert settings.company_name == "Acme Shoes"
    assert settings.port == 8200


def test_a_broken_config_file_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("port = = 1\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_CONFIG_FILE", str(config))
    with pytest.raises(ConfigError):
        load_settings()


def test_unknown_key_in_config_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("prot = 1\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_CONFIG_FILE", str(config))
    with pytest.raises(ConfigError, match="PROT"):
        load_settings()


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = ensure_secret_key(load_settings(data_dir=tmp_path))
    second = ensure_secret_key(load_settings(data_dir=tmp_path))
    assert first.secret() == second.secret()
    assert len(first.secret()) >= 32
    mode = (tmp_path / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_masked_settings_hide_secrets(tmp_path: Path) -> None:
    settings = ensure_secret_key(
        load_settings(
            data_dir=tmp_path,
            database_url="postgresql+asyncpg://parley:hunter2@db/parley",
            smtp_password="mail-secret",
        )
    )
    shown = str(settings.masked())
    assert "hunter2" not in shown
    assert "mail-secret" not in shown
    assert settings.secret() not in shown
    assert "parley:********@db/parley" in shown
