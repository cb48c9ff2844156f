"""The web channel's refusals, each with a stable code (texts in frontend/src/shared/i18n/errors.*.json)."""

from __future__ import annotations

from parley.platform.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests


class WebSiteNotFound(NotFound):
    code = "web-site-not-found"
    title = "No such web site"


class WebSiteNameTaken(Conflict):
    code = "web-site-name-taken"
    title = "Site name in use"


class BadOrigin(InvalidInput):
    """Not `scheme://host[:port]`: a path, query, credentials, wildcard or bad host or port."""

    code = "web-bad-origin"
    title = "Not an origin"


class InsecureOrigin(InvalidInput):
    """http:// for a host other than localhost: only https is allowed on the internet."""

    code = "web-insecure-origin"
    title = "Origin must use https"


class RepeatedOrigin(InvalidInput):
    code = "web-repeated-origin"
    title = "Origin listed twice"


class WrongCount(InvalidInput):
    """A list (origins, topics) holds too few or too many items."""

    code = "web-wrong-count"
    title = "Wrong number of items"


class BadText(InvalidInput):
    """A name, label or text is empty, too long, or holds control characters."""

    code = "web-bad-text"
    title = "Text not valid"


class RepeatedTopic(InvalidInput):
    code = "web-repeated-topic"
    title = "Topic listed twice"


class UnknownQueue(InvalidInput):
    code = "web-unknown-queue"
    title = "No such queue"


class CallButtonUnavailable(InvalidInput):
    """The "Call now" button needs the voice channel, which does not exist yet."""

    code = "web-call-button-unavailable"
    title = "Call button not available"


class NoButton(InvalidInput):
    code = "web-no-button"
    title = "No button shown"


class BadColour(InvalidInput):
    code = "web-bad-colour"
    title = "Not a colour"


class WidgetSiteUnknown(NotFound):
    """No site has this key, or the site is disabled: the same answer for both."""

    code = "widget-site-unknown"
    title = "No such site"


class WidgetOriginRefused(Forbidden):
    """The page's origin (the `Origin` header) is not one of the site's allowed origins, or is missing."""

    code = "widget-origin-refused"
    title = "Origin not allowed"


class WidgetRateLimited(TooManyRequests):
    code = "widget-rate-limited"
    title = "Too many requests"
