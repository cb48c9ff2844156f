"""What the desk refuses, each with a stable code (problem+json `code`; texts in the front end's catalogs)."""

from __future__ import annotations

from parley.platform.addresses import several_addresses
from parley.platform.errors import Conflict, InvalidInput, NotFound, NotYours

__all__ = [
    "BadEmail",
    "BadPhone",
    "CustomFieldExists",
    "CustomFieldInUse",
    "HoldNeedsConfirmation",
    "IdentityTaken",
    "InteractionClosed",
    "MergeIntoItself",
    "NoScriptRun",
    "NoSuchCustomField",
    "NoSuchCustomer",
    "NoSuchInteraction",
    "NotClosed",
    "NotInWrapUp",
    "NotYours",
    "NothingToCorrect",
    "SeveralEmails",
    "refuse_email",
]

# ------------------------------------------------------------------------------- customers and cards


class NoSuchCustomer(NotFound):
    code = "no-such-customer"


class IdentityTaken(Conflict):
    code = "identity-taken"


class BadPhone(InvalidInput):
    code = "bad-phone"


class BadEmail(InvalidInput):
    code = "bad-email"


class SeveralEmails(BadEmail):
    """A list where one address belongs (`x,victim@example`): it would reach more than one recipient."""

    code = "several-email-addresses"


def refuse_email(raw: str, field: str) -> BadEmail:
    """The error for `raw`, which is not one address: a list is named as such."""
    if several_addresses(raw):
        return SeveralEmails(f"{raw!r} holds more than one address; enter one", field=field, value=raw)
    return BadEmail(f"{raw!r} is not an email address", field=field, value=raw)


class MergeIntoItself(InvalidInput):
    code = "merge-into-itself"


class CustomFieldExists(Conflict):
    code = "customer-field-exists"


class NoSuchCustomField(NotFound):
    code = "no-such-customer-field"


class CustomFieldInUse(Conflict):
    code = "customer-field-in-use"


# ------------------------------------------------------------------------------------------ interactions


class NoSuchInteraction(NotFound):
    code = "no-such-interaction"


class InteractionClosed(Conflict):
    code = "interaction-closed"


class HoldNeedsConfirmation(Conflict):
    code = "hold-confirm-needed"


class NotInWrapUp(Conflict):
    code = "not-in-wrap-up"


class NotClosed(Conflict):
    code = "interaction-not-closed"


class NothingToCorrect(InvalidInput):
    code = "nothing-to-correct"


# ------------------------------------------------------------------------------------------ script panel


class NoScriptRun(Conflict):
    code = "no-script-run"
