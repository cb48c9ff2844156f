"""HTTP edge of accounts: login/logout, the caller's own profile and tokens, user admin, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from parley.accounts.deps import AccountsDep
from parley.accounts.model import AccountDisabled, AccountLocked, InvalidCredentials, SignInBusy
from parley.accounts.schemas import (
    AuditOut,
    LoginIn,
    LoginOut,
    LoginSecondStepOut,
    MeOut,
    MeUpdate,
    PasswordChange,
    PasswordReset,
    SecondStepOut,
    SessionOut,
    SignInOut,
    SignInRefusal,
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserTokenCreate,
    UserUpdate,
)
from parley.accounts.service import LoginResult
from parley.accounts.tables import UserRow
from parley.accounts.twofactor import SecondStep
from parley.platform.bounds import INT32_MAX, DbId
from parley.platform.deps import (
    CSRF_COOKIE,
    DB,
    PUBLIC,
    SESSION_COOKIE,
    Admin,
    AnyUser,
    ClientIp,
    MaybeSignedIn,
    SettingsDep,
)
from parley.platform.errors import TooManyRequests
from parley.platform.identity import Principal
from parley.platform.openapi_problems import also_refuses
from parley.platform.problems import params_of

auth = APIRouter(prefix="/api/auth", tags=["auth"])
users = APIRouter(prefix="/api/users", tags=["users"])
audit = APIRouter(prefix="/api/audit", tags=["audit"])


def _me(user: UserRow | Principal, csrf: str | None) -> MeOut:
    user_id = user.user_id if isinstance(user, Principal) else user.id
    return MeOut(
        id=user_id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        language=user.language,
        csrf_token=csrf,
    )


async def secure_cookies(request: Request, settings: SettingsDep) -> bool:
    """Whether the session cookies are marked `Secure`: always, never, or ("auto") when the request came
    over HTTPS."""
    setting = settings.cookie_secure
    return setting == "always" or (setting == "auto" and request.url.scheme == "https")


SecureCookies = Annotated[bool, Depends(secure_cookies)]


async def user_agent(request: Request) -> str | None:
    return request.headers.get("user-agent")


#: The caller's `User-Agent`, kept with a session (read from the request, not declared as a parameter).
UserAgent = Annotated[str | None, Depends(user_agent)]


@auth.post("/login", dependencies=[PUBLIC], responses=also_refuses(401, 403, 423, 429))
async def login(
    body: LoginIn,
    response: Response,
    db: DB,
    accounts: AccountsDep,
    ip: ClientIp,
    agent: UserAgent,
    secure: SecureCookies,
) -> LoginOut | LoginSecondStepOut:
    """Sign in with a password. A user with a second factor (or whose role requires one) gets a
    `second_step` instead of a session: POST its challenge and a code to `/api/auth/login/second-step`."""
    result = await accounts.login(db, body.username, body.password, ip, agent)
    if isinstance(result, SecondStep):
        return LoginSecondStepOut(second_step=second_step_out(result))
    return start_session(response, result, now=accounts.clock(), secure=secure)


def second_step_out(step: SecondStep) -> SecondStepOut:
    return SecondStepOut(challenge=step.challenge, kind=step.kind, expires_at=step.expires_at)


def start_session(
    response: Response,
    result: LoginResult,
    *,
    now: datetime,
    secure: bool,
    recovery_codes: list[str] | None = None,
) -> LoginOut:
    """Set the session and CSRF cookies of a finished sign-in."""
    max_age = int((result.expires_at - now).total_seconds())
    response.set_cookie(
        SESSION_COOKIE,
        result.session_token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        result.csrf_token,
        max_age=max_age,
        httponly=False,
        samesite="lax",
        secure=secure,
        path="/",
    )
    return LoginOut(
        user=_me(result.user, result.csrf_token),
        csrf_token=result.csrf_token,
        expires_at=result.expires_at,
        recovery_codes=recovery_codes,
    )


@auth.post("/session", dependencies=[PUBLIC])
async def sign_in(
    body: LoginIn,
    response: Response,
    db: DB,
    accounts: AccountsDep,
    ip: ClientIp,
    agent: UserAgent,
    secure: SecureCookies,
) -> SignInOut:
    """The sign-in form's login: as `POST /login`, but a refusal (wrong password, locked, disabled, too many
    attempts) is the form's normal answer, given with 200 and its code, so that the browser does not log a
    failed request; it counts toward lockout and is audited all the same. Scripts use `/login`."""
    try:
        done = await login(body, response, db, accounts, ip, agent, secure)
    except (InvalidCredentials, AccountLocked, AccountDisabled, TooManyRequests, SignInBusy) as refused:
        return SignInOut(
            signed_in=False, refused=SignInRefusal(code=refused.code, params=params_of(refused.extra))
        )
    if isinstance(done, LoginSecondStepOut):
        return SignInOut(signed_in=False, second_step=done.second_step)
    return SignInOut(signed_in=True, user=done.user, csrf_token=done.csrf_token, expires_at=done.expires_at)


@auth.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(me: AnyUser, response: Response, db: DB, accounts: AccountsDep, ip: ClientIp) -> None:
    await accounts.logout(db, me, ip)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@auth.get("/me")
async def who_am_i(me: AnyUser) -> MeOut:
    return _me(me, me.csrf_token)


@auth.get("/session")
async def current_session(me: MaybeSignedIn) -> SessionOut:
    """Whether the caller is signed in, and as whom. Answers 200 either way: a page asks this before sign-in,
    where "not signed in" is the normal answer, not an error (`/me` refuses anonymous callers with 401)."""
    return SessionOut(signed_in=me is not None, user=None if me is None else _me(me, me.csrf_token))


@auth.patch("/me")
async def update_me(body: MeUpdate, me: AnyUser, db: DB, accounts: AccountsDep) -> MeOut:
    user = await accounts.get_user(db, me.user_id)
    await accounts.update_user(db, me, user, body.changes())
    return _me(user, me.csrf_token)


@auth.put("/me/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    body: PasswordChange, me: AnyUser, db: DB, accounts: AccountsDep, ip: ClientIp
) -> None:
    await accounts.change_own_password(db, me, body.current_password, body.new_password, ip)


@auth.get("/tokens")
async def list_tokens(me: AnyUser, db: DB, accounts: AccountsDep) -> list[TokenOut]:
    return [TokenOut.model_validate(t) for t in await accounts.list_tokens(db, me.user_id)]


@auth.post("/tokens", status_code=status.HTTP_201_CREATED)
async def create_token(body: TokenCreate, me: AnyUser, db: DB, accounts: AccountsDep) -> TokenCreated:
    row, token = await accounts.create_token(db, me, body.name, body.expires_days)
    return TokenCreated(token=token, **TokenOut.model_validate(row).model_dump())


@auth.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_token(token_id: DbId, me: AnyUser, db: DB, accounts: AccountsDep) -> None:
    await accounts.revoke_token(db, me, token_id, me.user_id)


@users.get("")
async def list_users(_: Admin, db: DB, accounts: AccountsDep) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in await accounts.list_users(db)]


@users.post("", status_code=status.HTTP_201_CREATED)
async def create_user(body: UserCreate, me: Admin, db: DB, accounts: AccountsDep) -> UserOut:
    user = await accounts.create_user(db, me, **body.model_dump())
    return UserOut.model_validate(user)


@users.get("/{user_id}")
async def get_user(user_id: DbId, _: Admin, db: DB, accounts: AccountsDep) -> UserOut:
    return UserOut.model_validate(await accounts.get_user(db, user_id))


@users.patch("/{user_id}")
async def update_user(user_id: DbId, body: UserUpdate, me: Admin, db: DB, accounts: AccountsDep) -> UserOut:
    user = await accounts.update_user(db, me, await accounts.get_user(db, user_id), body.changes())
    return UserOut.model_validate(user)


@users.put("/{user_id}/password", status_code=status.HTTP_204_NO_CONTENT)
async def reset_password(
    user_id: DbId, body: PasswordReset, me: Admin, db: DB, accounts: AccountsDep
) -> None:
    await accounts.set_password(db, me, await accounts.get_user(db, user_id), body.password)


@users.get("/{user_id}/tokens")
async def list_user_tokens(user_id: DbId, _: Admin, db: DB, accounts: AccountsDep) -> list[TokenOut]:
    user = await accounts.get_user(db, user_id)
    return [TokenOut.model_validate(t) for t in await accounts.list_tokens(db, user.id)]


@users.post("/{user_id}/tokens", status_code=status.HTTP_201_CREATED)
async def create_user_token(
    user_id: DbId, body: UserTokenCreate, me: Admin, db: DB, accounts: AccountsDep
) -> TokenCreated:
    """A token for a user, with rights beyond their role if given (only administrators give rights)."""
    user = await accounts.get_user(db, user_id)
    row, token = await accounts.create_token(
        db, me, body.name, body.expires_days, user=user, scopes=body.scopes
    )
    return TokenCreated(token=token, **TokenOut.model_validate(row).model_dump())


@users.delete("/{user_id}/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_user_token(user_id: DbId, token_id: DbId, me: Admin, db: DB, accounts: AccountsDep) -> None:
    await accounts.revoke_token(db, me, token_id, user_id)


@audit.get("")
async def list_audit(
    _: Admin,
    db: DB,
    accounts: AccountsDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before: Annotated[
        int | None, Query(ge=1, le=INT32_MAX, description="Entries with an id below this")
    ] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
) -> list[AuditOut]:
    rows = await accounts.audit_log(db, limit=limit, before_id=before, action=action, actor=actor)
    return [AuditOut.model_validate(r) for r in rows]
