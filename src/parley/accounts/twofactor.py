"""Use cases of two-factor sign-in: enroll, confirm, disable and reset a TOTP factor; the second step of a
sign-in (a code, a recovery code, or an enrollment the user's role requires); the roles that require it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import twofactor_store as store
from parley.accounts.model import AccountDisabled, AccountLocked, WrongCurrentPassword
from parley.accounts.passwords import digest, new_token
from parley.accounts.service import Accounts, LoginResult
from parley.accounts.tables import SignInChallengeRow, TwoFactorRow, UserRow
from parley.accounts.totp import (
    SealBroken,
    matching_step,
    new_recovery_codes,
    new_secret,
    otpauth_uri,
    recovery_digest,
    seal,
    unseal,
)
from parley.platform.errors import Conflict, DomainError
from parley.platform.identity import Principal, Role

log = structlog.get_logger(__name__)

ChallengeKind = Literal["code", "enroll"]


class WrongTwoFactorCode(DomainError):
    keeps_changes = True
    code = "wrong-two-factor-code"
    status = 401
    title = "Wrong code"


class SignInExpired(DomainError):
    keeps_changes = True
    code = "sign-in-expired"
    status = 401
    title = "Sign-in expired"


class TwoFactorAlreadyEnabled(Conflict):
    code = "two-factor-enabled"
    title = "Two-factor sign-in is already on"


class TwoFactorNotEnabled(Conflict):
    code = "two-factor-not-enabled"
    title = "Two-factor sign-in is off"


class TwoFactorNotStarted(Conflict):
    code = "two-factor-not-started"
    title = "No two-factor enrollment under way"


class TwoFactorRequired(Conflict):
    code = "two-factor-required"
    title = "Two-factor sign-in is required for this role"


@dataclass(frozen=True)
class SecondStep:
    """The password was right; the sign-in goes on with `challenge` (a code, or an enrollment first)."""

    user: UserRow
    challenge: str
    kind: ChallengeKind
    expires_at: datetime


@dataclass(frozen=True)
class Enrollment:
    secret: str
    uri: str


@dataclass(frozen=True)
class Status:
    enabled: bool
    pending: bool
    required: bool
    recovery_codes_left: int


@dataclass(frozen=True)
class Completed:
    login: LoginResult
    #: New recovery codes when the second step was an enrollment (shown once), else None.
    recovery_codes: list[str] | None


class TwoFactor:
    CODE_TTL = timedelta(minutes=5)
    ENROLL_TTL = timedelta(minutes=15)
    #: Wrong codes a challenge takes before it is void (each also counts toward the account's lockout).
    MAX_FAILURES = 5

    def __init__(self, accounts: Accounts, seal_key: str, issuer: str = "Parley") -> None:
        self.accounts = accounts
        self.seal_key = seal_key
        self.issuer = issuer

    # The policy -----------------------------------------------------------------------------------------

    async def required_roles(self, db: AsyncSession) -> list[Role]:
        return sorted((Role(r) for r in await store.required_roles(db)), key=list(Role).index)

    async def set_required_roles(
        self, db: AsyncSession, actor: Principal, roles: list[Role], ip: str | None
    ) -> list[Role]:
        """Set the roles that require a second factor. Users of a newly required role who have none are
        signed out (all their sessions but the acting admin's own): they enroll at their next sign-in."""
        before = await self.required_roles(db)
        await store.set_required_roles(db, {r.value for r in roles}, self.accounts.clock())
        after = sorted(set(roles), key=list(Role).index)
        added = {r.value for r in after} - {r.value for r in before}
        signed_out = []
        for user in await store.users_without_factor(db, added) if added else []:
            keep = actor.session_hash if user.id == actor.user_id else None
            await self.accounts.end_sessions(db, user.id, keep=keep)
            signed_out.append(user.username)
        if after != before:
            await self.accounts.audit(
                db,
                actor,
                "two-factor.roles-set",
                ip=ip,
                roles=[r.value for r in after],
                signed_out=sorted(signed_out),
            )
        return after

    async def status(self, db: AsyncSession, user: UserRow) -> Status:
        factor = await store.factor_of(db, user.id)
        return Status(
            enabled=factor is not None and factor.enabled_at is not None,
            pending=factor is not None and factor.enabled_at is None,
            required=user.role in await store.required_roles(db),
            recovery_codes_left=await store.count_unused_recovery_codes(db, user.id),
        )

    # The user's own factor ------------------------------------------------------------------------------

    async def start(self, db: AsyncSession, user: UserRow) -> Enrollment:
        """A new secret, pending until a code from it confirms it (a pending one is replaced)."""
        factor = await store.factor_of(db, user.id)
        if factor is not None and factor.enabled_at is not None:
            raise TwoFactorAlreadyEnabled("two-factor sign-in is already on; turn it off first")
        secret = new_secret()
        if factor is None:
            db.add(TwoFactorRow(user_id=user.id, secret_sealed=seal(secret, self.seal_key)))
        else:
            factor.secret_sealed, factor.last_step = seal(secret, self.seal_key), None
        await db.flush()
        await self.accounts.audit(db, user.username, "two-factor.enrollment-started", target=user.username)
        return Enrollment(secret=secret, uri=otpauth_uri(secret, user.username, self.issuer))

    async def confirm(self, db: AsyncSession, user: UserRow, code: str) -> list[str]:
        """Turn the pending factor on with a code from it; returns the recovery codes, shown this once."""
        factor = await store.factor_of(db, user.id)
        if factor is None or factor.enabled_at is not None:
            raise TwoFactorNotStarted("start the enrollment first")
        step = self._matching_step(factor, code)
        if step is None:
            raise WrongTwoFactorCode("the code does not match", field="code")
        factor.last_step, factor.enabled_at = step, self.accounts.clock()
        codes = new_recovery_codes()
        await store.replace_recovery_codes(db, user.id, [recovery_digest(c) for c in codes])
        await self.accounts.audit(db, user.username, "two-factor.enabled", target=user.username)
        return codes

    async def disable(self, db: AsyncSession, me: Principal, password: str, code: str) -> None:
        user = await self.accounts.get_user(db, me.user_id)
        factor = await self._enabled(db, user)
        if user.role in await store.required_roles(db):
            raise TwoFactorRequired("your role requires two-factor sign-in", role=user.role)
        if not await self.accounts.passwords.verify(user.password_hash, password):
            raise WrongCurrentPassword("the password is wrong", field="password")
        if not await self._accepts(db, factor, code):
            raise WrongTwoFactorCode("the code does not match", field="code")
        await store.delete_factor(db, user.id)
        await self.accounts.audit(db, me, "two-factor.disabled", target=user.username)

    async def new_recovery_codes(self, db: AsyncSession, me: Principal, code: str) -> list[str]:
        user = await self.accounts.get_user(db, me.user_id)
        factor = await self._enabled(db, user)
        if not await self._accepts(db, factor, code):
            raise WrongTwoFactorCode("the code does not match", field="code")
        codes = new_recovery_codes()
        await store.replace_recovery_codes(db, user.id, [recovery_digest(c) for c in codes])
        await self.accounts.audit(db, me, "two-factor.recovery-codes-renewed", target=user.username)
        return codes

    async def reset(self, db: AsyncSession, actor: Principal | str, user: UserRow, ip: str | None) -> None:
        """An administrator's reset (a lost phone): the factor, its recovery codes and challenges go."""
        await store.delete_factor(db, user.id)
        await self.accounts.audit(db, actor, "two-factor.reset", target=user.username, ip=ip)

    # The second step of a sign-in ------------------------------------------------------------------------

    async def challenge_for(
        self, db: AsyncSession, user: UserRow, ip: str | None, user_agent: str | None
    ) -> SecondStep | None:
        factor = await store.factor_of(db, user.id)
        kind: ChallengeKind
        if factor is not None and factor.enabled_at is not None:
            kind = "code"
        elif user.role in await store.required_roles(db):
            kind = "enroll"
        else:
            return None
        now = self.accounts.clock()
        await store.delete_expired_challenges(db, now)
        token = new_token()
        expires = now + (self.CODE_TTL if kind == "code" else self.ENROLL_TTL)
        db.add(
            SignInChallengeRow(
                token_hash=digest(token),
                user_id=user.id,
                kind=kind,
                created_at=now,
                expires_at=expires,
                failures=0,
                ip=ip,
                user_agent=(user_agent or "")[:300] or None,
            )
        )
        await self.accounts.audit(
            db, user.username, "login.second-step", target=user.username, ip=ip, kind=kind
        )
        return SecondStep(user=user, challenge=token, kind=kind, expires_at=expires)

    async def enrollment_for(self, db: AsyncSession, token: str) -> Enrollment:
        """The secret of a sign-in's enrollment (a role that requires a second factor, none set up yet)."""
        challenge, user = await self._challenge(db, token)
        if challenge.kind != "enroll":
            raise TwoFactorAlreadyEnabled("this sign-in asks for a code, not an enrollment")
        return await self.start(db, user)

    async def complete(
        self, db: AsyncSession, token: str, code: str, ip: str | None, user_agent: str | None
    ) -> Completed:
        """Finish a sign-in with a code (or a recovery code); for an enrollment, the code confirms it."""
        challenge, user = await self._challenge(db, token)
        accounts, now = self.accounts, self.accounts.clock()
        await accounts.guard.admit(user.username, ip)  # codes share the sign-in limits of passwords
        if accounts.lockout.is_locked(user.locked_until, now):
            await store.delete_challenge(db, challenge.token_hash)
            await accounts.audit(db, user.username, "login.refused-locked", target=user.username, ip=ip)
            raise AccountLocked("too many failed attempts; try again later", retry_after=user.locked_until)
        recovery_codes: list[str] | None = None
        method = "totp"
        try:
            if challenge.kind == "enroll":
                recovery_codes = await self.confirm(db, user, code)
            else:
                factor = await self._enabled(db, user)
                method = await self._accepts_as(db, factor, code)
        except (WrongTwoFactorCode, TwoFactorNotStarted, TwoFactorNotEnabled):
            await self._failed(db, challenge, user, ip)
            raise
        await store.delete_challenge(db, challenge.token_hash)
        login = await accounts.open_session(db, user, ip, user_agent, second_factor=method)
        return Completed(login=login, recovery_codes=recovery_codes)

    # Helpers -----------------------------------------------------------------------------------------------

    def _now(self) -> float:
        return self.accounts.clock().timestamp()

    def _matching_step(self, factor: TwoFactorRow, code: str) -> int | None:
        try:
            secret = unseal(factor.secret_sealed, self.seal_key)
        except SealBroken:
            # Sealed under another secret key: no code can match; recovery codes (digests) still work.
            log.warning("two-factor key unreadable; was the secret key changed?", user_id=factor.user_id)
            return None
        return matching_step(secret, code, self._now(), factor.last_step)

    async def _enabled(self, db: AsyncSession, user: UserRow) -> TwoFactorRow:
        factor = await store.factor_of(db, user.id)
        if factor is None or factor.enabled_at is None:
            raise TwoFactorNotEnabled("two-factor sign-in is off")
        return factor

    async def _accepts(self, db: AsyncSession, factor: TwoFactorRow, code: str) -> bool:
        try:
            await self._accepts_as(db, factor, code)
        except WrongTwoFactorCode:
            return False
        return True

    async def _accepts_as(self, db: AsyncSession, factor: TwoFactorRow, code: str) -> str:
        """Which kind of code `code` is ("totp" or "recovery-code"), using it up; refused if neither."""
        step = self._matching_step(factor, code)
        if step is not None:
            factor.last_step = step
            return "totp"
        recovery = await store.unused_recovery_code(db, factor.user_id, recovery_digest(code))
        if recovery is not None:
            recovery.used_at = self.accounts.clock()
            return "recovery-code"
        raise WrongTwoFactorCode("the code does not match", field="code")

    async def _challenge(self, db: AsyncSession, token: str) -> tuple[SignInChallengeRow, UserRow]:
        challenge = await store.challenge(db, digest(token))
        if challenge is None or challenge.expires_at <= self.accounts.clock():
            raise SignInExpired("this sign-in has expired; sign in again")
        user = await self.accounts.get_user(db, challenge.user_id)
        if user.disabled:
            await store.delete_challenge(db, challenge.token_hash)
            raise AccountDisabled("this account is disabled")
        return challenge, user

    async def _failed(
        self, db: AsyncSession, challenge: SignInChallengeRow, user: UserRow, ip: str | None
    ) -> None:
        """A wrong code counts toward the account's lockout, as a wrong password does; a challenge given
        too many wrong codes is void (the password is asked again)."""
        accounts, now = self.accounts, self.accounts.clock()
        challenge.failures += 1
        await accounts.guard.failed(user.username, ip)
        user.failed_logins, locked_until = accounts.lockout.after_failure(user.failed_logins, now)
        await accounts.audit(db, user.username, "login.two-factor-failed", target=user.username, ip=ip)
        if locked_until is not None:
            user.locked_until = locked_until
            await accounts.audit(db, user.username, "account.locked", target=user.username, ip=ip)
        if locked_until is not None or challenge.failures >= self.MAX_FAILURES:
            await store.delete_challenge(db, challenge.token_hash)
