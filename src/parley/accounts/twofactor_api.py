"""HTTP edge of two-factor sign-in: the second step of a sign-in, the caller's own factor, and the
administrator's policy (roles that require it) and reset."""

from __future__ import annotations

import segno
from fastapi import APIRouter, Response, status

from parley.accounts.api import SecureCookies, UserAgent, start_session
from parley.accounts.deps import TwoFactorDep
from parley.accounts.model import AccountDisabled, AccountLocked
from parley.accounts.schemas import (
    ChallengeIn,
    EnrollmentOut,
    LoginOut,
    RecoveryCodesOut,
    SecondStepIn,
    SignInOut,
    SignInRefusal,
    TwoFactorCodeIn,
    TwoFactorDisableIn,
    TwoFactorPolicy,
    TwoFactorStatusOut,
)
from parley.accounts.twofactor import Enrollment, SignInExpired, WrongTwoFactorCode
from parley.platform.bounds import DbId
from parley.platform.deps import DB, PUBLIC, Admin, AnyUser, ClientIp
from parley.platform.errors import TooManyRequests
from parley.platform.openapi_problems import also_refuses
from parley.platform.problems import params_of

second_step = APIRouter(prefix="/api/auth", tags=["auth"])
own = APIRouter(prefix="/api/auth/two-factor", tags=["auth"])
admin = APIRouter(tags=["users"])


def _enrollment_out(enrollment: Enrollment) -> EnrollmentOut:
    qr = segno.make(enrollment.uri, error="m")
    return EnrollmentOut(
        secret=enrollment.secret,
        otpauth_uri=enrollment.uri,
        qr_svg=qr.svg_data_uri(scale=4, border=2, dark="#000", light="#fff"),
    )


@second_step.post("/login/second-step", dependencies=[PUBLIC], responses=also_refuses(401, 423, 429))
async def login_second_step(
    body: SecondStepIn,
    response: Response,
    db: DB,
    two_factor: TwoFactorDep,
    ip: ClientIp,
    agent: UserAgent,
    secure: SecureCookies,
) -> LoginOut:
    """Finish a sign-in that answered `second_step`: a code from the app or a recovery code (for an
    enrollment, the first code from the new secret, and the answer carries the recovery codes)."""
    done = await two_factor.complete(db, body.challenge, body.code, ip, agent)
    return start_session(
        response,
        done.login,
        now=two_factor.accounts.clock(),
        secure=secure,
        recovery_codes=done.recovery_codes,
    )


@second_step.post("/session/second-step", dependencies=[PUBLIC])
async def sign_in_second_step(
    body: SecondStepIn,
    response: Response,
    db: DB,
    two_factor: TwoFactorDep,
    ip: ClientIp,
    agent: UserAgent,
    secure: SecureCookies,
) -> SignInOut:
    """The sign-in form's code step: as `/login/second-step`, with refusals answered as 200 and their code."""
    try:
        done = await login_second_step(body, response, db, two_factor, ip, agent, secure)
    except (
        WrongTwoFactorCode,
        SignInExpired,
        AccountLocked,
        AccountDisabled,
        TooManyRequests,
    ) as refused:
        return SignInOut(
            signed_in=False, refused=SignInRefusal(code=refused.code, params=params_of(refused.extra))
        )
    return SignInOut(
        signed_in=True,
        user=done.user,
        csrf_token=done.csrf_token,
        expires_at=done.expires_at,
        recovery_codes=done.recovery_codes,
    )


@second_step.post("/login/second-step/enrollment", dependencies=[PUBLIC], responses=also_refuses(401))
async def sign_in_enrollment(body: ChallengeIn, db: DB, two_factor: TwoFactorDep) -> EnrollmentOut:
    """For a sign-in whose role requires a second factor the user has not set up: its new secret. The
    sign-in opens nothing else until a code from it comes back to `/login/second-step`."""
    return _enrollment_out(await two_factor.enrollment_for(db, body.challenge))


@own.get("")
async def my_two_factor(me: AnyUser, db: DB, two_factor: TwoFactorDep) -> TwoFactorStatusOut:
    found = await two_factor.status(db, await two_factor.accounts.get_user(db, me.user_id))
    return TwoFactorStatusOut(**found.__dict__)


@own.post("/enrollment")
async def start_enrollment(me: AnyUser, db: DB, two_factor: TwoFactorDep) -> EnrollmentOut:
    return _enrollment_out(await two_factor.start(db, await two_factor.accounts.get_user(db, me.user_id)))


@own.post("/enrollment/confirm")
async def confirm_enrollment(
    body: TwoFactorCodeIn, me: AnyUser, db: DB, two_factor: TwoFactorDep
) -> RecoveryCodesOut:
    user = await two_factor.accounts.get_user(db, me.user_id)
    return RecoveryCodesOut(recovery_codes=await two_factor.confirm(db, user, body.code))


@own.post("/disable", status_code=status.HTTP_204_NO_CONTENT)
async def disable_two_factor(body: TwoFactorDisableIn, me: AnyUser, db: DB, two_factor: TwoFactorDep) -> None:
    await two_factor.disable(db, me, body.password, body.code)


@own.post("/recovery-codes")
async def renew_recovery_codes(
    body: TwoFactorCodeIn, me: AnyUser, db: DB, two_factor: TwoFactorDep
) -> RecoveryCodesOut:
    return RecoveryCodesOut(recovery_codes=await two_factor.new_recovery_codes(db, me, body.code))


@admin.get("/api/security/two-factor")
async def two_factor_policy(_: Admin, db: DB, two_factor: TwoFactorDep) -> TwoFactorPolicy:
    return TwoFactorPolicy(required_roles=await two_factor.required_roles(db))


@admin.put("/api/security/two-factor")
async def set_two_factor_policy(
    body: TwoFactorPolicy, me: Admin, db: DB, two_factor: TwoFactorDep, ip: ClientIp
) -> TwoFactorPolicy:
    roles = await two_factor.set_required_roles(db, me, body.required_roles, ip)
    return TwoFactorPolicy(required_roles=roles)


@admin.get("/api/users/{user_id}/two-factor")
async def user_two_factor(user_id: DbId, _: Admin, db: DB, two_factor: TwoFactorDep) -> TwoFactorStatusOut:
    found = await two_factor.status(db, await two_factor.accounts.get_user(db, user_id))
    return TwoFactorStatusOut(**found.__dict__)


@admin.delete("/api/users/{user_id}/two-factor", status_code=status.HTTP_204_NO_CONTENT)
async def reset_two_factor(user_id: DbId, me: Admin, db: DB, two_factor: TwoFactorDep, ip: ClientIp) -> None:
    """Reset a user's second factor (a lost phone): they sign in with their password and, if their role
    requires it, enroll again."""
    await two_factor.reset(db, me, await two_factor.accounts.get_user(db, user_id), ip)
