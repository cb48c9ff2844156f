"""The routing slice's errors: each a `DomainError` with a stable `code` (the front end words it in English
and Vietnamese from that code; never rename one)."""

from __future__ import annotations

from parley.platform.errors import Conflict, DomainError, InvalidInput, NotFound

# --- the engine's refusals ----------------------------------------------------------------------------------


class NoSuchQueue(NotFound):
    code = "no-such-queue"


class NoSuchAgent(NotFound):
    code = "no-such-agent"


class NoSuchContact(NotFound):
    code = "no-such-contact"


class IllegalTransition(Conflict):
    code = "illegal-transition"


class NoSuchOffer(Conflict):
    code = "no-such-offer"


class AgentBusy(Conflict):
    code = "agent-busy"


class TransferRefused(Conflict):
    code = "transfer-refused"
    reasons = ("channel-not-taken", "queue-closed", "queue-full")


class BadRoutingConfig(InvalidInput):
    code = "bad-routing-config"


class CallbackNotPossible(DomainError):
    code = "callback-not-possible"
    status = 422
    title = "Callback not possible"


class CallbackOutsideHours(CallbackNotPossible):
    code = "callback-outside-hours"


class QueueNotEmpty(IllegalTransition):
    code = "queue-not-empty"


class QueueIsTarget(IllegalTransition):
    code = "queue-is-target"


class QueueHasMembers(IllegalTransition):
    code = "queue-has-members"


class StillWorking(AgentBusy):
    """Going offline with contacts (or their wrap-up) still open."""

    code = "contacts-open"


class NotConnected(IllegalTransition):
    code = "contact-not-connected"


class NotInWrapUp(IllegalTransition):
    code = "contact-not-in-wrap-up"


class ContactExists(IllegalTransition):
    code = "contact-exists"


class ChannelNotTaken(IllegalTransition):
    code = "channel-not-taken"


class CannotAbandon(IllegalTransition):
    code = "cannot-abandon"


class CallbackTooLate(IllegalTransition):
    code = "callback-too-late"


class CallbackTimeOutOfRange(InvalidInput):
    """A callback time more than a day past or more than a year ahead (see CALLBACK_HORIZON_S)."""

    code = "callback-time-out-of-range"


class NoPendingCallback(IllegalTransition):
    code = "no-pending-callback"


class NotYourCallback(IllegalTransition):
    code = "not-your-callback"


class TransferUnderWay(IllegalTransition):
    code = "transfer-under-way"


class NoTransferUnderWay(IllegalTransition):
    code = "no-transfer-under-way"


class UnknownTimeZone(BadRoutingConfig):
    code = "unknown-time-zone"


class BadOpeningHours(BadRoutingConfig):
    """Opening hours that cannot be read; `reason` says why (a code of the error catalog's reasons)."""

    code = "bad-opening-hours"
    reasons = ("unknown-day", "hours-overlap", "hours-not-a-range", "hours-reversed")


# --- refusals of the service and the API --------------------------------------------------------------------


class NoQueueForRequest(InvalidInput):
    code = "no-queue-for-request-type"


class NoSuchSkill(NotFound):
    code = "no-such-skill"


class SkillInUse(Conflict):
    code = "skill-in-use"


class QueueExists(Conflict):
    code = "queue-exists"


class SkillExists(Conflict):
    code = "skill-exists"


class NoRoutingProfile(NotFound):
    code = "no-routing-profile"
