"""The scripts slice's refusals, each with a stable code: drafts, versions, rehearsals and stored runs.

(The runtime's refusals, met while a run is walked, stay beside it in `runtime.py`.)
"""

from __future__ import annotations

from parley.platform.errors import Conflict, DomainError, InvalidInput, NotFound


class ScriptExists(Conflict):
    code = "script-exists"
    title = "A script with this slug exists"


class DraftConflict(Conflict):
    code = "draft-conflict"
    title = "Someone else saved this draft meanwhile"


class ScriptInvalid(DomainError):
    code = "script-invalid"
    status = 422
    title = "The script has errors"


class ScriptUnreadable(InvalidInput):
    code = "script-unreadable"
    title = "The script cannot be read"


class ScriptTooLong(ScriptUnreadable):
    code = "script-too-long"


class SlugChanged(InvalidInput):
    code = "slug-changed"


class NothingToPublish(Conflict):
    code = "nothing-to-publish"
    title = "Nothing to publish"


class NoSuchVersion(NotFound):
    code = "no-such-version"
    title = "No such version"


class DraftNotRunnable(InvalidInput):
    code = "draft-not-runnable"
    title = "The draft cannot be rehearsed"


class DraftHasErrors(DraftNotRunnable):
    code = "draft-has-errors"


class NoSuchRun(NotFound):
    code = "no-such-run"
    title = "No such run"


class ScriptNotPublished(NotFound):
    code = "script-not-published"
    title = "Script not published"
