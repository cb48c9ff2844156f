from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.accounts.model import LockoutPolicy, Role, check_password, check_username, common_passwords
from parley.accounts.passwords import digest, hash_password, verify_password
from parley.demo import DEMO_LOGINS
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


def test_the_common_password_list_is_bundled_lower_cased() -> None:
    common = common_passwords()
    assert len(common) == 10_000
    assert {"password", "123456", "iloveyou", "qwertyuiop"} <= common
    assert all(word == word.lower() and not word.startswith("#") for word in common)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("qwertyuiop", "password-too-simple"),  # also common: the keyboard row is named
        ("1qaz2wsx3edc", "password-too-common"),
        ("PASSWORD1234", "password-too-common"),  # case does not help
        ("Sunshine2024!", "password-too-common"),  # nor digits and symbols around a common one
        ("!!iloveyou!!", "password-too-common"),
        ("aaaaaaaaaaaa", "password-too-simple"),
        ("abababababab", "password-too-simple"),
        ("abcabcabcabc", "password-too-simple"),
        ("abcdefghijkl", "password-too-simple"),
        ("9876543210", "password-too-simple"),
        ("7890123456", "password-too-simple"),
    ],
)
def test_common_and_trivial_passwords_are_refused(password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_password(password, "lan")
    assert refused.value.code == code
    assert refused.value.extra["field"] == "password"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("minh.tran2024", "password-is-username"),
        ("Minh.Tran!!!!", "password-is-username"),
        ("minh.tranpassword", "password-is-username"),
        ("minh.tranminh.tran", "password-is-username"),
        ("tranminh@example.com", "password-is-email"),
        ("tranminh_1990", "password-is-email"),
    ],
)
def test_the_username_or_email_with_decorations_is_refused(password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_password(password, "minh.tran", "TranMinh@example.com")
    assert refused.value.code == code


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "minh.tran-sings-loudly", "7395-1846-2093x", "Đà Lạt mùa hoa 2024"],
)
def test_uncommon_passwords_pass(password: str) -> None:
    assert check_password(password, "minh.tran", "tranminh@example.com") == password


def test_the_demo_logins_pass_the_policy() -> None:
    for login in DEMO_LOGINS:
        assert check_password(login.password, login.username) == login.password
