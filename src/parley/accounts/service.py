"""Use cases of accounts: log in and out, resolve callers, manage users and tokens, write the audit log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import store
from parley.accounts.limits import SignInGuard, SignInLimits
from parley.accounts.model import (
    LANGUAGES,
    AccountDisabled,
    AccountLocked,
    InvalidCredentials,
    LastAdmin,
    LockoutPolicy,
    NoSuchToken,
    NoSuchUser,
    Role,
    UnknownLanguage,
    UserChanges,
    UsernameTaken,
    WrongCurrentPassword,
    check_password,
    check_username,
)
from parley.accounts.passwords import CheckTicket, PasswordWork, digest, needs_rehash, new_token
from parley.accounts.tables import ApiTokenRow, AuditRow, SessionRow, UserRow
from parley.platform.clock import LOOP_TIMERS, Clock, Timers
from parley.platform.identity import Principal, Scope
from parley.platform.ratelimit import MemoryCounters
from parley.platform.realtime import ACCOUNT_DISABLED, ROLE_CHANGED, SignInsEnded

if TYPE_CHECKING:
    from parley.accounts.twofactor import SecondStep, TwoFactor

API_TOKEN_PREFIX = "pk_"  # noqa: S105 (a prefix, not a secret)


@dataclass(frozen=True)
class LoginResult:
    user: UserRow
    session_token: str
    csrf_token: str
    expires_at: datetime


def _principal(
    user: UserRow,
    via: Literal["session", "token"],
    session: SessionRow | None = None,
    token: ApiTokenRow | None = None,
) -> Principal:
    known = {scope.value for scope in Scope}
    scopes = frozenset(Scope(s) for s in (token.scopes or []) if s in known) if token else frozenset()
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        language=user.language,
        via=via,
        csrf_token=session.csrf_token if session else None,
        session_hash=session.token_hash if session else None,
        token_id=token.id if token else None,
        scopes=scopes,
        expires_at=session.expires_at if session else (token.expires_at if token else None),
    )


@dataclass(frozen=True, slots=True)
class _Resolved:
    """A session or API token resolved from the database, trusted until `until` (monotonic seconds)."""

    principal: Principal
    expires_at: datetime | None
    until: float


class Accounts:
    #: At most this many resolved sessions and tokens are remembered; beyond it the memory starts afresh.
    RESOLVED_LIMIT = 20_000

    def __init__(
        self,
        *,
        lockout: LockoutPolicy,
        session_ttl: timedelta,
        clock: Clock,
        cache_seconds: float = 0.0,
        guard: SignInGuard | None = None,
        passwords: PasswordWork | None = None,
        timers: Timers = LOOP_TIMERS,
    ) -> None:
        self.lockout = lockout
        self.session_ttl = session_ttl
        self.clock = clock
        # Sign-in limits (accounts/limits.py) and argon2 off the event loop (accounts/passwords.py).
        self.guard = guard or SignInGuard(
            SignInLimits(pair_failures=lockout.max_failures, lockout=lockout.lockout),
            MemoryCounters(clock),
            clock,
        )
        self.passwords = passwords or PasswordWork()
        # Resolving the caller is on every request: remembered for a few seconds, it costs no query. Every
        # change through this service that could end or alter a sign-in (sign-out, a user updated, disabled
        # or given a new password, a token revoked) forgets them all, once now and once more after its
        # transaction commits, so no request sees the old state after the change is answered. A change from
        # another process (the CLI) is seen within `cache_seconds`.
        self.cache_seconds = cache_seconds
        #: Whose monotonic seconds time the remembered sign-ins (a test's `ManualTimers`).
        self.timers = timers
        self._resolved: dict[str, _Resolved] = {}
        #: Two-factor sign-in (`accounts.twofactor`), wired by the app; None signs in with a password alone.
        self.two_factor: TwoFactor | None = None
        #: Told (after the change commits) of sign-ins that no longer hold, to close their WebSockets.
        self.sign_ins_ended: list[Callable[[SignInsEnded], None]] = []

    def _recall(self, key: str) -> Principal | None:
        found = self._resolved.get(key)
        if found is None:
            return None
        if found.until <= self.timers.monotonic() or (found.expires_at and found.expires_at <= self.clock()):
            del self._resolved[key]
            return None
        return found.principal

    def _remember(self, key: str, principal: Principal, expires_at: datetime | None) -> None:
        if self.cache_seconds <= 0:
            return
        if len(self._resolved) >= self.RESOLVED_LIMIT:
            self._resolved.clear()
        self._resolved[key] = _Resolved(principal, expires_at, self.timers.monotonic() + self.cache_seconds)

    def forget_sign_ins(self, db: AsyncSession | None = None) -> None:
        """Forget every resolved session and token: now, and again when `db`'s transaction commits (a
        request resolving meanwhile may have read the rows as they were before the change)."""
        self._resolved.clear()
        if db is not None:
            event.listen(db.sync_session, "after_commit", lambda _session: self._resolved.clear(), once=True)

    def _end_sign_ins(self, db: AsyncSession, ended: SignInsEnded) -> None:
        """Tell the listeners once `db`'s transaction commits (a rolled back change ends nothing)."""

        def tell(_session: object) -> None:
            for listener in self.sign_ins_ended:
                listener(ended)

        event.listen(db.sync_session, "after_commit", tell, once=True)

    async def end_sessions(self, db: AsyncSession, user_id: int, keep: str | None = None) -> None:
        """End the user's browser sessions but `keep` (their WebSockets close once this commits)."""
        self.forget_sign_ins(db)
        await store.delete_sessions_of(db, user_id, keep=keep)
        self._end_sign_ins(db, SignInsEnded(user_id, sessions=True, keep_session=keep))

    async def audit(
        self,
        db: AsyncSession,
        actor: Principal | str,
        action: str,
        target: str | None = None,
        ip: str | None = None,
        **details: Any,
    ) -> None:
        actor_id = actor.user_id if isinstance(actor, Principal) else None
        actor_name = actor.username if isinstance(actor, Principal) else actor
        await store.add_audit(
            db,
            at=self.clock(),
            actor_id=actor_id,
            actor=actor_name,
            action=action,
            target=target,
            ip=ip,
            details=details,
        )

    async def audit_log(
        self,
        db: AsyncSession,
        *,
        limit: int,
        before_id: int | None = None,
        action: str | None = None,
        actor: str | None = None,
    ) -> Sequence[AuditRow]:
        """The audit log, newest first, a page at a time (`before_id`), filtered by action and actor."""
        return await store.audit_entries(db, limit=limit, before_id=before_id, action=action, actor=actor)

    async def login(
        self, db: AsyncSession, username: str, password: str, ip: str | None, user_agent: str | None
    ) -> LoginResult | SecondStep:
        """A session, or (for a user with a second factor, or whose role requires one) the second step.

        Refused before any password is checked when the sign-in limits would refuse anyway (per address,
        per account and address, per account: accounts/limits.py) or the account is locked; the check runs
        off the event loop, or is refused with `SignInBusy` when too many wait. A wrong password counts in
        those limits only: it does not lock the account for everyone, so an attacker cannot lock its owner
        out (the account-wide lock, `locked_until`, comes from failures by someone who got past the password).
        """
        account = username.strip().lower()
        try:
            await self.guard.admit(account, ip)
        except AccountLocked:
            await self.audit(db, username[:64], "login.refused-locked", target=username[:200], ip=ip)
            raise
        ticket = self.passwords.reserve()  # refused here, before any query, when too many checks wait
        try:
            return await self._check_password(db, account, username, password, ip, user_agent, ticket)
        finally:
            ticket.release()

    async def _check_password(
        self,
        db: AsyncSession,
        account: str,
        username: str,
        password: str,
        ip: str | None,
        user_agent: str | None,
        ticket: CheckTicket,
    ) -> LoginResult | SecondStep:
        now = self.clock()
        user = await store.user_by_name(db, account)
        if user is not None and self.lockout.is_locked(user.locked_until, now):
            await self.audit(db, username[:64], "login.refused-locked", target=username[:200], ip=ip)
            raise AccountLocked("too many failed attempts; try again later", retry_after=user.locked_until)
        # End the read before the slow check: no pooled connection (nor SQLite's lock) is held meanwhile.
        await db.commit()
        if not await ticket.verify(user.password_hash if user else None, password) or user is None:
            if await self.guard.failed(account, ip):
                await self.audit(
                    db, account[:64], "account.locked", target=account[:200], ip=ip, scope="address"
                )
            await self.audit(db, username[:64], "login.failed", target=username[:200], ip=ip)
            raise InvalidCredentials("wrong username or password")
        if user.disabled:
            await self.audit(db, user.username, "login.refused-disabled", target=user.username, ip=ip)
            raise AccountDisabled("this account is disabled")
        if needs_rehash(user.password_hash):
            user.password_hash = await self.passwords.hash(password)
        if self.two_factor is not None:
            # The failure count is not reset here: wrong codes after a right password add to it.
            second_step = await self.two_factor.challenge_for(db, user, ip, user_agent)
            if second_step is not None:
                return second_step
        return await self.open_session(db, user, ip, user_agent)

    async def open_session(
        self, db: AsyncSession, user: UserRow, ip: str | None, user_agent: str | None, **details: Any
    ) -> LoginResult:
        """The end of a successful sign-in: a new browser session, the failure count cleared, audited."""
        now = self.clock()
        await self.guard.succeeded(user.username, ip)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        token, csrf = new_token(), new_token()
        expires = now + self.session_ttl
        db.add(
            SessionRow(
                token_hash=digest(token),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=expires,
                ip=ip,
                user_agent=(user_agent or "")[:300] or None,
            )
        )
        await store.delete_expired_sessions(db, now)
        await self.audit(db, user.username, "login", target=user.username, ip=ip, **details)
        return LoginResult(user=user, session_token=token, csrf_token=csrf, expires_at=expires)

    async def logout(self, db: AsyncSession, principal: Principal, ip: str | None) -> None:
        self.forget_sign_ins(db)
        if principal.session_hash:
            await store.delete_session(db, principal.session_hash)
            self._end_sign_ins(db, SignInsEnded(principal.user_id, session_hash=principal.session_hash))
        await self.audit(db, principal, "logout", target=principal.username, ip=ip)

    async def from_session(self, db: AsyncSession, token: str) -> Principal | None:
        hashed = digest(token)
        known = self._recall("s" + hashed)
        if known is not None:
            return known
        found = await store.session_with_user(db, hashed)
        if found is None:
            return None
        session, user = found
        if session.expires_at <= self.clock() or user.disabled:
            return None
        principal = _principal(user, "session", session)
        self._remember("s" + hashed, principal, session.expires_at)
        return principal

    async def from_api_token(self, db: AsyncSession, token: str) -> Principal | None:
        if not token.startswith(API_TOKEN_PREFIX):
            return None
        hashed = digest(token)
        known = self._recall("t" + hashed)
        if known is not None:
            return known
        found = await store.token_with_user(db, hashed)
        if found is None:
            return None
        row, user = found
        now = self.clock()
        if row.revoked_at is not None or user.disabled or (row.expires_at and row.expires_at <= now):
            return None
        # The last use is kept to the minute, written when the token is read from the database (so at
        # most `cache_seconds` late).
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            row.last_used_at = now
        principal = _principal(user, "token", token=row)
        self._remember("t" + hashed, principal, row.expires_at)
        return principal

    async def create_user(
        self,
        db: AsyncSession,
        actor: Principal | str,
        *,
        username: str,
        password: str,
        role: Role,
        display_name: str | None = None,
        email: str | None = None,
        language: str = "en",
    ) -> UserRow:
        check_username(username)
        check_password(password, username, email)
        _check_language(language)
        if await store.user_by_name(db, username) is not None:
            raise UsernameTaken(f"username {username!r} is taken", field="username", username=username)
        user = UserRow(
            username=username,
            display_name=display_name or username,
            email=email,
            role=role.value,
            language=language,
            password_hash=await self.passwords.hash(password),
            disabled=False,
            failed_logins=0,
            created_at=self.clock(),
            updated_at=self.clock(),
        )
        db.add(user)
        await db.flush()
        await self.audit(db, actor, "user.created", target=username, role=role.value)
        return user

    async def get_user(self, db: AsyncSession, user_id: int) -> UserRow:
        user = await store.user_by_id(db, user_id)
        if user is None:
            raise NoSuchUser(f"no user with id {user_id}")
        return user

    async def get_user_by_name(self, db: AsyncSession, username: str) -> UserRow:
        user = await store.user_by_name(db, username)
        if user is None:
            raise NoSuchUser(f"no user named {username!r}")
        return user

    async def list_users(self, db: AsyncSession) -> Sequence[UserRow]:
        return await store.users(db)

    async def update_user(
        self, db: AsyncSession, actor: Principal | str, user: UserRow, changes: UserChanges
    ) -> UserRow:
        """Change role, display name, email, language or the disabled flag; never strands the last admin."""
        if "language" in changes:
            _check_language(changes["language"])
        losing_admin = (
            user.role == Role.ADMIN
            and not user.disabled
            and (changes.get("disabled") is True or changes.get("role", Role.ADMIN) != Role.ADMIN)
        )
        if losing_admin and await store.count_active_admins(db) <= 1:
            raise LastAdmin("at least one active administrator must remain")
        changed = {k: v for k, v in changes.items() if getattr(user, k) != v}
        if changed:
            self.forget_sign_ins(db)
        for key, value in changed.items():
            setattr(user, key, value.value if isinstance(value, Role) else value)
        if changed.get("disabled") is True:
            # For good: enabling the user again does not revive their API tokens.
            revoked = await store.revoke_tokens_of(db, user.id, self.clock())
            if revoked:
                await self.audit(db, actor, "token.revoked", target=user.username, token_ids=revoked)
        if changed.get("disabled") is True or "role" in changed:
            await store.delete_sessions_of(db, user.id)
            for ended in _ended_by_change(user.id, disabled=changed.get("disabled") is True):
                self._end_sign_ins(db, ended)
        if changed.get("disabled") is False:
            user.failed_logins, user.locked_until = 0, None
        if changed:
            disabled = changed.get("disabled")
            action = "user.updated" if disabled is None else ("user.disabled" if disabled else "user.enabled")
            await self.audit(db, actor, action, target=user.username, changes=sorted(changed))
        return user

    async def set_password(
        self,
        db: AsyncSession,
        actor: Principal | str,
        user: UserRow,
        password: str,
        *,
        keep_session_hash: str | None = None,
    ) -> None:
        """Set a new password; every other session of the user ends (the caller's own may go on)."""
        check_password(password, user.username, user.email)
        self.forget_sign_ins(db)
        user.password_hash = await self.passwords.hash(password)
        user.failed_logins, user.locked_until = 0, None
        await store.delete_sessions_of(db, user.id, keep=keep_session_hash)
        self._end_sign_ins(db, SignInsEnded(user.id, sessions=True, keep_session=keep_session_hash))
        await self.audit(db, actor, "user.password-changed", target=user.username)

    async def change_own_password(
        self, db: AsyncSession, principal: Principal, current: str, new: str, ip: str | None = None
    ) -> None:
        """A wrong current password counts toward the lockout as a failed login does, and is audited: a
        stolen session cannot guess the password for long. The lock it brings ends the user's sessions."""
        user = await self.get_user(db, principal.user_id)
        now = self.clock()
        if self.lockout.is_locked(user.locked_until, now):
            await self.audit(db, principal, "password-change.refused-locked", target=user.username, ip=ip)
            raise AccountLocked("too many failed attempts; try again later", retry_after=user.locked_until)
        if not await self.passwords.verify(user.password_hash, current):
            user.failed_logins, locked_until = self.lockout.after_failure(user.failed_logins, now)
            await self.audit(db, principal, "password-change.failed", target=user.username, ip=ip)
            if locked_until is None:
                raise WrongCurrentPassword("the current password is wrong", field="current_password")
            user.locked_until = locked_until
            self.forget_sign_ins(db)
            await store.delete_sessions_of(db, user.id)
            self._end_sign_ins(db, SignInsEnded(user.id, sessions=True))
            await self.audit(db, user.username, "account.locked", target=user.username, ip=ip)
            raise AccountLocked("too many failed attempts; try again later", retry_after=locked_until)
        await self.set_password(db, principal, user, new, keep_session_hash=principal.session_hash)

    async def create_token(
        self,
        db: AsyncSession,
        actor: Principal | str,
        name: str,
        expires_days: int | None,
        *,
        user: UserRow | None = None,
        scopes: Sequence[Scope] = (),
    ) -> tuple[ApiTokenRow, str]:
        """A new API token of `user` (the actor's own by default). Rights (`scopes`) go beyond the user's
        role, so only an administrator (or the CLI) gives them: the API edge decides who calls with them."""
        owner_id = user.id if user is not None else actor.user_id if isinstance(actor, Principal) else None
        if owner_id is None:
            raise ValueError("a token made from the command line needs its user")
        now = self.clock()
        token = new_token(API_TOKEN_PREFIX)
        rights = sorted({Scope(s).value for s in scopes})
        row = ApiTokenRow(
            user_id=owner_id,
            name=name,
            prefix=token[:10],
            token_hash=digest(token),
            created_at=now,
            expires_at=now + timedelta(days=expires_days) if expires_days else None,
            scopes=rights,
        )
        db.add(row)
        await db.flush()
        details: dict[str, Any] = {"token_id": row.id, "scopes": rights}
        if user is not None:
            details["user"] = user.username
        await self.audit(db, actor, "token.created", target=name, **details)
        return row, token

    async def list_tokens(self, db: AsyncSession, user_id: int) -> Sequence[ApiTokenRow]:
        return await store.tokens_of(db, user_id)

    async def revoke_token(
        self, db: AsyncSession, actor: Principal | str, token_id: int, user_id: int
    ) -> None:
        """Revoke a token of `user_id` (the caller's own, or any user's for an administrator)."""
        row = await db.get(ApiTokenRow, token_id)
        if row is None or row.user_id != user_id:
            raise NoSuchToken(f"no API token with id {token_id}")
        if row.revoked_at is None:
            self.forget_sign_ins(db)
            row.revoked_at = self.clock()
            self._end_sign_ins(db, SignInsEnded(row.user_id, token_id=row.id))
            await self.audit(db, actor, "token.revoked", target=row.name, token_id=row.id)


def _ended_by_change(user_id: int, *, disabled: bool) -> list[SignInsEnded]:
    """A disabled user's sessions and tokens end; a new role ends the sessions (they sign in again) and asks
    the tokens' connections to reconnect, to be resolved with the new role."""
    if disabled:
        return [
            SignInsEnded(
                user_id, sessions=True, tokens=True, code=ACCOUNT_DISABLED, reason="account-disabled"
            )
        ]
    return [
        SignInsEnded(user_id, sessions=True),
        SignInsEnded(user_id, tokens=True, code=ROLE_CHANGED, reason="role-changed"),
    ]


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        allowed = ", ".join(LANGUAGES)
        raise UnknownLanguage(f"language must be one of {allowed}", field="language", allowed=allowed)
