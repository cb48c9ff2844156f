"""Why an email offer is refused."""

from __future__ import annotations

from parley.platform.errors import Conflict, InvalidInput, NotFound


class NoConsent(Conflict):
    code = "no-email-consent"


class AttachmentMissing(InvalidInput):
    code = "attachment-missing"


class NoSuchEmail(NotFound):
    code = "no-such-email"


class UnfilledPlaceholder(InvalidInput):
    code = "unfilled-placeholder"
