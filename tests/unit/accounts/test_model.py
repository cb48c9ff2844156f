from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.accounts.model import LockoutPolicy, Role, check_password, check_username
from parley.accounts.passwords import digest, hash_password, verify_password
from parley.platform.errors import InvalidInput

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.at_least(Role.SUPERVISOR)
    assert Role.SUPERVISOR.at_least(Role.AGENT)
    assert not Role.AGENT.at_least(Role.SUPERVISOR)


def test_lockout_after_max_failures() -> None:
    policy = LockoutPolicy(max_failures=3, lockout=timedelta(minutes=15))
    failures, locked = 0, None
    for _ in range(2):
        failures, locked = policy.after_failure(failures, NOW)
        assert locked is None
    failures, locked = policy.after_failure(failures, NOW)
    assert locked == NOW + timedelta(minutes=15)
    assert policy.is_locked(locked, NOW + timedelta(minutes=14))
    assert not policy.is_locked(locked, NOW + timedelta(minutes=16))


@pytest.mark.parametrize("name", ["a", "Bob", "bob smith", "-bob", "x" * 65, "bob!"])
def test_bad_usernames_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput):
        check_username(name)


def test_good_username() -> None:
    assert check_username("nguyen.lan-2") == "nguyen.lan-2"


def test_password_policy() -> None:
    with pytest.raises(InvalidInput, match="at least"):
        check_password("short")
    with pytest.raises(InvalidInput, match="username"):
        check_password("lan.nguyen1", "LAN.NGUYEN1")
    assert check_password("long enough passphrase")


def test_argon2_hash_verifies_and_is_salted() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second
    assert first.startswith("$argon2id$")
    assert verify_password(first, "correct horse")
    assert not verify_password(first, "wrong horse")
    assert not verify_password(None, "correct horse")
    assert not verify_password("not-a-hash", "correct horse")


def test_token_digest_is_stable_and_not_the_token() -> None:
    assert digest("abc") == digest("abc")
    assert digest("abc") != "abc"
