"""Request and response bodies of the accounts API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parley.accounts.model import UserChanges
from parley.platform.identity import Role, Scope

Language = Literal["en", "vi"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    language: Language
    disabled: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime


class MeOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    language: Language
    csrf_token: str | None = Field(description="Send it back in X-CSRF-Token on writes (cookie sessions)")


class SessionOut(BaseModel):
    signed_in: bool
    user: MeOut | None = Field(description="Who is signed in; null when nobody is")


class LoginOut(BaseModel):
    user: MeOut
    csrf_token: str
    expires_at: datetime
    recovery_codes: list[str] | None = Field(
        default=None,
        description="When the sign-in enrolled a second factor: its recovery codes, shown this once",
    )


class SecondStepOut(BaseModel):
    """The password was right; the sign-in goes on with a code (`code`), or, for a role that requires a
    second factor the user has not set up, with its enrollment first (`enroll`)."""

    challenge: str = Field(description="Send it back with the code; valid until expires_at, once")
    kind: Literal["code", "enroll"]
    expires_at: datetime


class LoginSecondStepOut(BaseModel):
    second_step: SecondStepOut


class SecondStepIn(Strict):
    challenge: str = Field(min_length=1, max_length=128)
    code: str = Field(
        min_length=1, max_length=32, description="A 6-digit code from the app, or a recovery code"
    )


class ChallengeIn(Strict):
    challenge: str = Field(min_length=1, max_length=128)


class SignInRefusal(BaseModel):
    code: str = Field(
        description="invalid-credentials, account-locked, account-disabled, too-many-requests, sign-in-busy, "
        "wrong-two-factor-code or sign-in-expired"
    )
    params: dict[str, str | int | float] = Field(default_factory=dict)


class SignInOut(BaseModel):
    """The sign-in form's answer: signed in, or refused with the refusal's code and parameters."""

    signed_in: bool
    user: MeOut | None = None
    csrf_token: str | None = None
    expires_at: datetime | None = None
    refused: SignInRefusal | None = None
    second_step: SecondStepOut | None = Field(default=None, description="A code (or an enrollment) is owed")
    recovery_codes: list[str] | None = Field(
        default=None, description="When the sign-in enrolled a second factor: shown this once"
    )


class MeUpdate(Strict):
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    language: Language | None = None

    def changes(self) -> UserChanges:
        changes = UserChanges()
        if self.display_name is not None:
            changes["display_name"] = self.display_name
        if self.language is not None:
            changes["language"] = self.language
        return changes


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class UserCreate(Strict):
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: Role
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    language: Language = "en"


class UserUpdate(Strict):
    """A partial update: a field left out keeps its value; `email: null` removes the email. The other
    fields have no empty value, so null for them is refused."""

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    role: Role | None = None
    language: Language | None = None
    disabled: bool | None = None

    @model_validator(mode="after")
    def _only_email_empties(self) -> UserUpdate:
        for name in sorted(self.model_fields_set - {"email"}):
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null (leave it out to keep it)")
        return self

    def changes(self) -> UserChanges:
        given = self.model_fields_set
        changes = UserChanges()
        if "email" in given:
            changes["email"] = self.email
        if self.display_name is not None:
            changes["display_name"] = self.display_name
        if self.role is not None:
            changes["role"] = self.role
        if self.language is not None:
            changes["language"] = self.language
        if self.disabled is not None:
            changes["disabled"] = self.disabled
        return changes


class PasswordReset(Strict):
    password: str = Field(min_length=1, max_length=256)


class TokenCreate(Strict):
    name: str = Field(min_length=1, max_length=100)
    expires_days: int | None = Field(default=None, ge=1, le=3650)


class UserTokenCreate(TokenCreate):
    """A token an administrator makes for a user (an integration's account, say)."""

    scopes: list[Scope] = Field(
        default_factory=list,
        max_length=len(Scope),
        description="Rights on top of the user's role: contacts:create lets the token put contacts in line",
    )


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    scopes: list[Scope] = Field(description="Rights on top of the user's role")


class TokenCreated(TokenOut):
    token: str = Field(description="Shown once; store it now")


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    target: str | None
    ip: str | None
    details: dict[str, Any]


class EnrollmentOut(BaseModel):
    secret: str = Field(description="The base32 key, for typing into an app; never shown again")
    otpauth_uri: str
    qr_svg: str = Field(description="The URI as a QR code: an SVG image as a data: URI")


class TwoFactorStatusOut(BaseModel):
    enabled: bool
    pending: bool = Field(description="An enrollment was started and awaits its first code")
    required: bool = Field(description="The user's role requires a second factor")
    recovery_codes_left: int


class TwoFactorCodeIn(Strict):
    code: str = Field(min_length=1, max_length=32)


class TwoFactorDisableIn(Strict):
    password: str = Field(min_length=1, max_length=256)
    code: str = Field(min_length=1, max_length=32, description="A code from the app, or a recovery code")


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] = Field(description="Single-use codes, shown this once")


class TwoFactorPolicy(Strict):
    required_roles: list[Role] = Field(
        max_length=len(Role), description="Roles whose users must sign in with a second factor"
    )
