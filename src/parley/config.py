"""Settings: one typed object read from PARLEY_* environment variables and an optional TOML file."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from parley.platform import networks
from parley.platform.proxies import parse_networks

CONFIG_FILE_ENV = "PARLEY_CONFIG_FILE"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(Exception):
    """Raised when the configuration cannot be used; the message names the offending setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLEY_", extra="forbid", validate_default=True)

    data_dir: Path = Field(default=Path("var"), description="Where the embedded database and secrets live")
    database_url: str = Field(default="", description="SQLAlchemy async URL; empty = SQLite in data_dir")
    redis_url: str | None = Field(default=None, description="Redis for events and shared state")
    secret_key: SecretStr | None = Field(default=None, description="Signs tokens; generated when empty")
    database_busy_timeout_ms: int = Field(
        default=5000,
        ge=1,
        le=600_000,
        description="How long a write waits for a lock (SQLite busy_timeout, PostgreSQL lock_timeout) before "
        "the request fails with 503 database-busy",
    )
    database_connect_timeout_seconds: float = Field(
        default=3.0,
        gt=0,
        le=120,
        description="PostgreSQL only: how long opening a connection (or checking a pooled one is alive) may "
        "take before the request fails with 503 database-unavailable",
    )
    database_statement_timeout_ms: int = Field(
        default=15_000,
        ge=0,
        le=3_600_000,
        description="PostgreSQL only: the longest a statement may run (the server's statement_timeout; the "
        "client gives up 1 s later when the server does not answer) before the request fails with 503; 0 = "
        "no limit",
    )
    database_pool_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="PostgreSQL only: how long a request waits for a free pooled connection before it fails "
        "with 503 database-busy",
    )

    sqlite_driver: Literal["inline", "thread"] = Field(
        default="inline",
        description="SQLite only: run statements on the event loop's thread (inline: fastest, a long query "
        "holds up the server meanwhile) or in a thread per connection (thread)",
    )
    auth_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="How long the server trusts a session or API token it has resolved before reading it "
        "again; changes made through the server apply at once, changes from the command line within this "
        "time; 0 reads it on every request",
    )

    presence_grace_seconds: float = Field(
        default=90.0,
        ge=0,
        le=86_400,
        description="An agent left Ready whose every desk connection closed is set Not ready (reason "
        "'disconnected') after this many seconds without reconnecting; 0 turns this off",
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    cookie_secure: Literal["auto", "always", "never"] = "auto"
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    max_body_bytes: int = Field(default=1_000_000, ge=1024, le=200_000_000)
    login_max_failures: int = Field(default=5, ge=1, le=1000)
    login_lockout_seconds: int = Field(default=900, ge=1)
    login_ip_failures_per_minute: int = Field(
        default=30, ge=1, le=1000, description="Failed sign-ins per client address (IPv6: per /64) a minute"
    )
    login_account_failures: int = Field(
        default=50,
        ge=1,
        le=1000,
        description="Failed sign-ins per account, from any address, within the lockout window; beyond it an "
        "address that failed on the account (and has not signed in to it lately) waits",
    )
    login_hash_workers: int = Field(
        default=0, ge=0, le=64, description="Threads checking passwords (argon2) at once; 0 = one per CPU"
    )
    login_hash_queue: int = Field(
        default=16,
        ge=0,
        le=10_000,
        description="Password checks that may wait for a thread; beyond it a sign-in is refused at once with "
        "503 sign-in-busy",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or CIDR blocks of the reverse proxies in front of the server (comma-separated "
        "or a JSON list): X-Forwarded-For is believed only from them; empty = from no one (not 127.0.0.1)",
    )
    staff_allowlist: str = Field(
        default="",
        description="Networks (CIDR, comma- or space-separated) staff may sign in from; when set it "
        "overrides the list admins keep in the database (which the API and `parley access clear` then "
        "cannot change); empty = the database's list, itself empty = every address",
    )
    api_allowlist: str = Field(
        default="",
        description="Networks (CIDR) that may use the staff API and WebSocket; overrides the database's list "
        "as PARLEY_STAFF_ALLOWLIST does; the public customer endpoints are never restricted",
    )
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    frontend_dir: Path | None = Field(default=None, description="Built front end; default frontend/dist")
    company_name: str = Field(default="Parley Demo Store", min_length=1, max_length=200)
    timezone: str = Field(
        default="UTC",
        max_length=64,
        description="The contact center's time zone (e.g. Asia/Ho_Chi_Minh): 'today' in queue statistics and "
        "in the fewest-handled strategy starts at its midnight",
    )
    phone_region: str = Field(
        default="VN",
        pattern=r"^[A-Z]{2}$",
        description="Country of national phone numbers (ISO 3166, e.g. VN)",
    )
    etiquette_catalogs: list[Path] = Field(
        default_factory=list, description="Organization phrase catalogs (YAML) added to the built-in one"
    )

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_sender: str = "Parley <no-reply@localhost>"
    smtp_timeout_seconds: float = Field(default=15, gt=0, le=120)
    dev_mailbox: bool = Field(
        default=False,
        description="Development only: with no PARLEY_SMTP_HOST, keep the mail the server sends in its "
        "database and show it on the admin page Mailbox instead of failing (make run turns it on); a "
        "configured SMTP host always wins",
    )
    attachments_dir: Path | None = Field(
        default=None, description="Files email templates attach, by name; empty = data_dir/attachments"
    )
    demo_contacts: bool = Field(
        default=False, description="Show a 'demo contact' button on the desk (make run turns it on)"
    )

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if value and not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else [p for p in text.split(",") if p.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: list[str]) -> list[str]:
        return [str(network) for network in parse_networks(value)]

    @field_validator("staff_allowlist", "api_allowlist")
    @classmethod
    def _allowlist(cls, value: str) -> str:
        try:
            return ", ".join(networks.as_text(networks.parse_networks(networks.split_setting(value))))
        except networks.BadNetwork as error:
            raise ValueError(str(error)) from None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (use a name such as Asia/Ho_Chi_Minh)") from error
        return value

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(f"must be at least {MIN_SECRET_KEY_LENGTH} characters")
        return value

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{(self.data_dir / 'parley.db').as_posix()}"
        if self.attachments_dir is None:
            self.attachments_dir = self.data_dir / "attachments"
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get(CONFIG_FILE_ENV)
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config_file)))
        return tuple(sources)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def secret(self) -> str:
        if self.secret_key is None:
            raise ConfigError("secret_key is not set; call ensure_secret_key() at start-up")
        return self.secret_key.get_secret_value()

    def masked(self) -> dict[str, Any]:
        """The effective settings with every secret replaced by asterisks, for `parley config show`."""
        shown: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr):
                shown[name] = "********"
            elif name.endswith("_url") and isinstance(value, str) and "@" in value:
                shown[name] = _mask_url_password(value)
            elif isinstance(value, Path):
                shown[name] = str(value)
            else:
                shown[name] = value
        return shown


def _mask_url_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:********@{host}" if ":" in credentials else url


def ensure_secret_key(settings: Settings) -> Settings:
    """Give the settings a secret key: the configured one, or one generated once and kept in data_dir."""
    if settings.secret_key is not None:
        return settings
    path = settings.data_dir / SECRET_KEY_FILE
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(f"secret key in {path} is shorter than {MIN_SECRET_KEY_LENGTH} characters")
    return settings.model_copy(update={"secret_key": SecretStr(key)})


def load_settings(**overrides: Any) -> Settings:
    """Read and validate the settings; a wrong value raises ConfigError naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]) or "settings"
            problems.append(f"PARLEY_{name.upper()}: {error['msg']}")
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems)) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}") from None
