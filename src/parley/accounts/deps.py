"""What the accounts slice provides endpoints, its own and other slices' (filled by app.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.accounts.service import Accounts
from parley.accounts.twofactor import TwoFactor
from parley.platform.sign_in_ends import SignInEnds
from parley.platform.wiring import Provided

accounts = Provided[Accounts]("accounts")
two_factor = Provided[TwoFactor]("two_factor")
sign_in_ends = Provided[SignInEnds]("sign_in_ends")

AccountsDep = Annotated[Accounts, Depends(accounts)]
TwoFactorDep = Annotated[TwoFactor, Depends(two_factor)]
SignInEndsDep = Annotated[SignInEnds, Depends(sign_in_ends)]
