"""Pure rules of accounts: roles and their order, username and password policy, login lockout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import TypedDict

from parley.platform.errors import DomainError, InvalidInput
from parley.platform.identity import Role

__all__ = ["Role"]

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
LANGUAGES = ("en", "vi")


class UserChanges(TypedDict, total=False):
    """What an update changes in a user; a key left out keeps its value (`email` None removes the email)."""

    display_name: str
    email: str | None
    role: Role
    language: str
    disabled: bool


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


class SignInBusy(DomainError):
    """More password checks are waiting than the server takes soon (a sign-in storm): try again shortly."""

    code = "sign-in-busy"
    status = 503
    title = "Sign-in busy"


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


class PasswordIsEmail(InvalidInput):
    code = "password-is-email"


class PasswordTooCommon(InvalidInput):
    """One of the most common passwords (or one with only digits or symbols around it): guessed first."""

    code = "password-too-common"


class PasswordTooSimple(InvalidInput):
    """One character or a short pattern repeated, or a run of the alphabet, the digits or a keyboard row."""

    code = "password-too-simple"


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


def check_password(password: str, username: str = "", email: str | None = None) -> str:
    """The password, if it is long enough, not one that is guessed first (a common password, the username or
    email with a few digits or symbols added, one character repeated, a run like `abcdefghij`)."""
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
    lowered = password.lower()
    if username and _only_decorates(lowered, username.lower()):
        raise PasswordIsUsername(
            "password must not be the username, alone or with digits or symbols added", field="password"
        )
    if email and any(_only_decorates(lowered, part) for part in _email_parts(email.lower())):
        raise PasswordIsEmail(
            "password must not be the email address, alone or with digits or symbols added", field="password"
        )
    if _too_simple(lowered):
        raise PasswordTooSimple(
            "password must not be one character or a short pattern repeated, nor a run such as abcdefghij",
            field="password",
        )
    if _is_common(lowered):
        raise PasswordTooCommon("password is one of the most common passwords", field="password")
    return password


#: Runs a person types without thinking: the alphabet, digits (0 follows 9), keyboard rows.
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "01234567890123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm")
#: What people put around a word to pass a length or "must have a digit" rule.
_DECORATION = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$")


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords, lower-cased (accounts/common_passwords.txt, shipped with Parley)."""
    text = (files("parley.accounts") / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _is_common(lowered: str) -> bool:
    """A common password, or a common one with only digits and symbols before or after it (`monkey2024!`)."""
    word = _DECORATION.fullmatch(lowered)
    core = word.group(1) if word else lowered
    return lowered in common_passwords() or (len(core) >= 4 and core in common_passwords())


def _too_simple(lowered: str) -> bool:
    for period in (1, 2, 3):  # `aaaaaaaaaa`, `abababababab`, `abcabcabcabc`
        if len(lowered) > period and lowered == (lowered[:period] * len(lowered))[: len(lowered)]:
            return True
    return any(lowered in run or lowered in run[::-1] for run in _RUNS)


def _only_decorates(lowered: str, name: str) -> bool:
    """Whether a password is the name (a username, an email) with nothing but digits, symbols, repetitions of
    the name or a common password added: what is left without the name says nothing new."""
    if len(name) < 3 or name not in lowered:
        return False
    rest = lowered.replace(name, "")
    return not re.search(r"[^\W\d_]", rest) or _is_common(rest) or _too_simple(rest)


def _email_parts(email: str) -> list[str]:
    local, _, _domain = email.partition("@")
    return [email, local]


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
