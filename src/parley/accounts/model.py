"""Pure rules of accounts: roles and their order, username and password policy, login lockout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from parley.platform.errors import DomainError, InvalidInput
from parley.platform.identity import Role

__all__ = ["Role"]

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
LANGUAGES = ("en", "vi")


class InvalidCredentials(DomainError):
    keeps_changes = True
    code = "invalid-credentials"
    status = 401
    title = "Wrong username or password"


class AccountLocked(DomainError):
    keeps_changes = True
    code = "account-locked"
    status = 423
    title = "Account locked"


class AccountDisabled(DomainError):
    keeps_changes = True
    code = "account-disabled"
    status = 403
    title = "Account disabled"


class UsernameTaken(DomainError):
    code = "username-taken"
    status = 409
    title = "Username taken"


class NoSuchUser(DomainError):
    code = "no-such-user"
    status = 404
    title = "No such user"


class NoSuchToken(DomainError):
    code = "no-such-token"
    status = 404
    title = "No such API token"


class LastAdmin(DomainError):
    code = "last-admin"
    status = 409
    title = "Last administrator"


class WrongCurrentPassword(InvalidCredentials):
    """Changing one's password: the current password given is wrong (the session stays valid)."""

    code = "wrong-current-password"


class BadUsername(InvalidInput):
    code = "bad-username"


class PasswordTooShort(InvalidInput):
    code = "password-too-short"


class PasswordTooLong(InvalidInput):
    code = "password-too-long"


class PasswordIsUsername(InvalidInput):
    code = "password-is-username"


class UnknownLanguage(InvalidInput):
    code = "unknown-language"


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.fullmatch(username):
        raise BadUsername(
            "username must be 2-64 characters: lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            field="username",
        )
    return username


def check_password(password: str, username: str = "") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters",
            field="password",
            min=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordTooLong(
            f"password must be at most {MAX_PASSWORD_LENGTH} characters",
            field="password",
            max=MAX_PASSWORD_LENGTH,
        )
    if username and password.lower() == username.lower():
        raise PasswordIsUsername("password must not be the username", field="password")
    return password


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    lockout: timedelta

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and locked_until > now

    def after_failure(self, failures: int, now: datetime) -> tuple[int, datetime | None]:
        """The new failure count and, once the limit is reached, until when the account is locked."""
        failures += 1
        if failures >= self.max_failures:
            return 0, now + self.lockout
        return failures, None
